/**
 * A Python function environment for UDFs: its name and the package specifications installed in
 * it, in install order. The emulator installs nothing; it keeps what was asked.
 */
import type { CatalogEntry } from '../entry.js';

export class FunctionEnvironment implements CatalogEntry {
  readonly kind = 'function_environment' as const;
  readonly schema = undefined;
  defVersion = 0;

  constructor(
    public name: string,
    /** Package specifications (`numpy`, `pandas==2.2.1`) and requirement files (`-r <path>`). */
    public packages: string[],
  ) {}

  definition(): Record<string, unknown> {
    return { environment_name: this.name, packages: [...this.packages] };
  }
}

/** The distribution name a specification installs (`Pandas[extra]>=2` gives `pandas`). */
export function packageName(specification: string): string {
  return specification.trim().split(/[\s<>=!~;[@(]/, 1)[0]!.toLowerCase().replace(/_/g, '-');
}
