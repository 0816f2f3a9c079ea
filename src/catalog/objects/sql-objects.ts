/**
 * SQL procedures and SQL-GPT contexts. Neither has a REST endpoint of its own: SQL and fixtures
 * create them through the functions in ./index.ts. Each keeps the statement text that defines it.
 */
import { displayName, type CatalogEntry } from '../entry.js';

/** When and as whom a SQL procedure runs by itself (EXECUTE FOR EVERY ...), all '' when it does not. */
export interface ProcedureSchedule {
  executeAs: string;
  /** Seconds between runs, as text; '' when not periodic. */
  executeInterval: string;
  executeStartTime: string;
  executeStopTime: string;
}

export const NO_SCHEDULE: ProcedureSchedule = { executeAs: '', executeInterval: '', executeStartTime: '', executeStopTime: '' };

export class StoredProcedure implements CatalogEntry {
  readonly kind = 'stored_procedure' as const;
  defVersion = 0;

  constructor(
    public schema: string,
    public name: string,
    /** The statement that defines it (CREATE PROCEDURE ... BEGIN ... END), as written. */
    public text: string,
    public schedule: ProcedureSchedule,
  ) {}

  get qualifiedName(): string {
    return displayName(this);
  }

  definition(): Record<string, unknown> {
    return {
      procedure_name: this.qualifiedName,
      definition: this.text,
      execute_as: this.schedule.executeAs,
      execute_interval: this.schedule.executeInterval,
      execute_start_time: this.schedule.executeStartTime,
      execute_stop_time: this.schedule.executeStopTime,
    };
  }
}

export class SqlContext implements CatalogEntry {
  readonly kind = 'context' as const;
  defVersion = 0;

  constructor(
    public schema: string,
    public name: string,
    /** The statement that defines it (CREATE CONTEXT ...), as written. */
    public text: string,
  ) {}

  get qualifiedName(): string {
    return displayName(this);
  }

  definition(): Record<string, unknown> {
    return { context_name: this.qualifiedName, definition: this.text };
  }
}
