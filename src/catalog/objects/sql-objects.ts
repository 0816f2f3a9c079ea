/**
 * SQL procedures and SQL-GPT contexts. Neither has a REST endpoint of its own: SQL and fixtures
 * create them through the functions in ./index.ts. Each keeps the statement text that defines it.
 */
import { displayName, type CatalogEntry } from '../entry.js';

/**
 * When and as whom a SQL procedure runs by itself (EXECUTE FOR EVERY ...), all '' when it does not:
 * /show/sql/proc's additional_info. Times are UTC, `YYYY-MM-DD HH:MM:SS[.mmm]`.
 */
export interface ProcedureSchedule {
  executeAs: string;
  /** Seconds between runs, as text; '' when not periodic. */
  executeInterval: string;
  /** The first due time: STARTING AT, or the creation time without it. */
  executeStartTime: string;
  /** No run after this time (STOP AFTER); '' when the schedule never ends. */
  executeStopTime: string;
}

export const NO_SCHEDULE: ProcedureSchedule = { executeAs: '', executeInterval: '', executeStartTime: '', executeStopTime: '' };

/** Who made a procedure and what its unqualified names meant then: the body runs with these. */
export interface ProcedureOrigin {
  /** The creator: scheduled runs act as them (definer rights) unless EXECUTE AS names another. */
  owner: string;
  /** The creator's default schema at creation, for the body's unqualified names. */
  defaultSchema: string;
  /**
   * The tables the body read or wrote that existed at creation (`schema.table`): dropping or
   * altering one drops the procedure, as Kinetica does.
   */
  tables: string[];
}

export const NO_ORIGIN: ProcedureOrigin = { owner: '', defaultSchema: '', tables: [] };

export class StoredProcedure implements CatalogEntry {
  readonly kind = 'stored_procedure' as const;
  defVersion = 0;

  constructor(
    public schema: string,
    public name: string,
    /** The statement that defines it (CREATE PROCEDURE ... BEGIN ... END), as written. */
    public text: string,
    public schedule: ProcedureSchedule,
    public origin: ProcedureOrigin = NO_ORIGIN,
  ) {}

  /**
   * When it was created (the emulator's clock), for its first due time: a schedule without
   * STARTING AT is due at that very time, which the clock may have passed by a millisecond when
   * the scheduler first sees it. Undefined for a restored or reloaded procedure (not kept).
   */
  scheduleFrom: number | undefined;

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
      owner: this.origin.owner,
      default_schema: this.origin.defaultSchema,
      tables: [...this.origin.tables],
    };
  }
}

/** A schedule time as /show/sql/proc reports it: UTC, `YYYY-MM-DD HH:MM:SS`, with `.mmm` when not whole seconds. */
export function formatScheduleTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  const text = iso.slice(0, 10) + ' ' + iso.slice(11, 23);
  return text.endsWith('.000') ? text.slice(0, -4) : text;
}

/**
 * `YYYY-MM-DD [HH:MM[:SS[.fff]]]` read as UTC (STARTING AT, STOP AFTER): epoch milliseconds, or
 * undefined when the text is not such a time.
 */
export function parseScheduleTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?Z?$/.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const value = Date.UTC(year, month - 1, day, hour, minute, second, Number(ms.padEnd(3, '0')));
  // Date.UTC rolls 2025-02-30 over into March: such a date is refused.
  return new Date(value).getUTCDate() === day ? value : undefined;
}

/** A procedure's due times: every `everyMs` from its start time, up to its stop time; undefined when not periodic. */
export function procedureRecurrence(schedule: ProcedureSchedule): { anchor: number; everyMs: number; stopAt: number | undefined } | undefined {
  if (schedule.executeInterval.trim() === '') return undefined;
  const seconds = Number(schedule.executeInterval);
  const anchor = parseScheduleTime(schedule.executeStartTime);
  if (!Number.isFinite(seconds) || seconds <= 0 || anchor === undefined) return undefined;
  const stopAt = schedule.executeStopTime.trim() === '' ? undefined : parseScheduleTime(schedule.executeStopTime);
  return { anchor, everyMs: Math.max(1, Math.round(seconds * 1000)), stopAt };
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
