/**
 * A UDF (a "proc"): its files, command, arguments, execution mode and options. Files are kept as
 * given, so a restore brings back the same bytes; the emulator never runs a proc.
 */
import { sortedByKey, type CatalogEntry } from '../entry.js';
import type { ObjectReference, Referring } from './references.js';

export const EXECUTION_MODES = ['distributed', 'nondistributed'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

export class Udf implements CatalogEntry, Referring {
  readonly kind = 'user_defined_function' as const;
  readonly schema = undefined;
  defVersion = 0;

  constructor(
    public name: string,
    public executionMode: ExecutionMode,
    public files: Map<string, Buffer>,
    public command: string,
    public args: string[],
    public options: Record<string, string>,
  ) {}

  /** The function environment it runs in, if any. */
  references(): ObjectReference[] {
    const environment = this.options.set_environment;
    return environment ? [{ kind: 'function_environment', schema: undefined, name: environment }] : [];
  }

  definition(): Record<string, unknown> {
    return {
      proc_name: this.name,
      execution_mode: this.executionMode,
      files: Object.fromEntries([...this.files].sort(([a], [b]) => a.localeCompare(b)).map(([name, bytes]) => [name, bytes.toString('base64')])),
      command: this.command,
      args: [...this.args],
      options: sortedByKey(this.options),
    };
  }
}
