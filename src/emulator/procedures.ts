/**
 * The SQL procedures of one emulator as things that run: each procedure with EXECUTE FOR EVERY is
 * a job of the emulator's scheduler (src/scheduler/), started when the procedure enters the
 * catalog (CREATE PROCEDURE, a restore, fixtures, a state load) and stopped when it leaves. Every
 * run, scheduled or on demand, is recorded: in the procedure's recent runs (GET /_mock/procedures),
 * in the request journal, and, for a scheduled run that fails, as an alert (/admin/show/alerts).
 *
 * What a run does (read the body, run its statements as a user) belongs to the SQL layer, which
 * the server lends as ServerServices.runProcedure.
 */
import type { Catalog } from '../catalog/catalog.js';
import { findUser, ADMIN_USER } from '../catalog/security/security.js';
import { formatScheduleTime, procedureRecurrence, type StoredProcedure } from '../catalog/objects/index.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Clock } from '../clock.js';
import type { Alerts } from './alerts.js';
import type { Journal } from './journal.js';

/** How a run came about: its schedule, or EXECUTE PROCEDURE. */
export type RunTrigger = 'schedule' | 'execute';

export interface ProcedureRun {
  trigger: RunTrigger;
  /** The scheduled time (UTC, as /show/sql/proc writes times); null for a run on demand. */
  dueTime: string | null;
  /** The emulator's time the run began (ISO 8601). */
  startedAt: string;
  /** The user the statements ran as. */
  runAs: string;
  status: 'OK' | 'ERROR';
  /** The failing statement's error; '' for OK. */
  message: string;
  /** Statements that ran to the end. */
  statementsRun: number;
}

/** What GET /_mock/procedures shows of one procedure. */
export interface ProcedureView {
  name: string;
  /** Seconds between runs; null when the procedure runs only on demand. */
  everySeconds: number | null;
  startTime: string | null;
  stopTime: string | null;
  executeAs: string | null;
  owner: string;
  /** When it runs next (UTC, ISO 8601); null when it will not run by itself again. */
  nextDue: string | null;
  /** The latest runs, oldest first. */
  lastRuns: ProcedureRun[];
}

/** Recent runs kept per procedure. */
export const RUNS_KEPT = 20;

/** What a run reports back to the bridge. */
export interface RunResult {
  statementsRun: number;
  error?: Error;
}

/** Runs a procedure's statements as a user; provided by the SQL layer (src/api/sql.ts). */
export type ProcedureRunner = (procedure: StoredProcedure, runAs: string) => Promise<RunResult>;

export class ProcedureRuns {
  /** Recent runs by procedure name (lower case), while the procedure exists. */
  private readonly runs = new Map<string, ProcedureRun[]>();
  private runner: ProcedureRunner | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly journal: Journal,
    private readonly alerts: Alerts,
    private readonly catalogOf: () => Catalog,
  ) {}

  /** Gives the bridge the SQL layer's runner; scheduled runs need it. */
  attach(runner: ProcedureRunner): void {
    this.runner = runner;
  }

  /**
   * A procedure entered the catalog: a periodic one starts its schedule at its first due time at
   * or after its creation, for one just created (so EXECUTE FOR EVERY without STARTING AT runs
   * at once), else at or after now. When a whole database
   * comes back (`resumed`: a state load, a database rebuilt after a failed fixture load), the first
   * due time after now: one it had already run is not run again.
   */
  track(procedure: StoredProcedure, resumed = false): void {
    const recurrence = procedureRecurrence(procedure.schedule);
    if (!recurrence) return;
    const now = this.clock.ownNow();
    this.scheduler.add(
      procedure,
      { label: procedure.qualifiedName.toLowerCase(), recurrence, run: (dueAt) => this.runScheduled(procedure, dueAt) },
      resumed ? now + 1 : Math.min(now, procedure.scheduleFrom ?? now),
    );
  }

  /** A procedure left the catalog (dropped, replaced, its table dropped): its schedule and recent runs end. */
  untrack(procedure: StoredProcedure): void {
    this.scheduler.remove(procedure);
    this.runs.delete(procedure.qualifiedName.toLowerCase());
  }

  /** The whole database was replaced (reset, state load): every schedule and history goes. */
  forgetAll(): void {
    this.scheduler.clear();
    this.runs.clear();
  }

  /**
   * The user a run acts as: the EXECUTE AS user when that user exists; else, on demand, the
   * `invoker` (invoker rights); on schedule, the creator (definer rights), or the admin when the
   * creator is gone (Kinetica's rules).
   */
  runAs(procedure: StoredProcedure, invoker?: string): string {
    const catalog = this.catalogOf();
    const executeAs = procedure.schedule.executeAs;
    if (executeAs !== '' && findUser(catalog, executeAs)) return executeAs;
    if (invoker !== undefined) return invoker;
    if (procedure.origin.owner !== '' && findUser(catalog, procedure.origin.owner)) return procedure.origin.owner;
    return ADMIN_USER;
  }

  /** Records a finished run: recent runs, the journal, and an alert for a failed scheduled run. */
  record(procedure: StoredProcedure, run: ProcedureRun): void {
    const key = procedure.qualifiedName.toLowerCase();
    const list = this.runs.get(key) ?? [];
    list.push(run);
    if (list.length > RUNS_KEPT) list.splice(0, list.length - RUNS_KEPT);
    this.runs.set(key, list);
    this.journal.recordRun({
      procedure: procedure.qualifiedName,
      trigger: run.trigger,
      due_time: run.dueTime,
      run_as: run.runAs,
      statements_run: run.statementsRun,
      status: run.status,
      message: run.message,
    });
    if (run.trigger === 'schedule' && run.status === 'ERROR') {
      this.alerts.raise({
        at: this.clock.now(),
        type: 'sql_procedure',
        params: {
          procedure_name: procedure.qualifiedName,
          due_time: run.dueTime ?? '',
          run_as: run.runAs,
          message: run.message,
        },
      });
    }
  }

  /** Every procedure with its schedule, next due time and recent runs, by name. */
  view(): ProcedureView[] {
    return this.catalogOf()
      .list<StoredProcedure>('stored_procedure')
      .sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName))
      .map((procedure) => {
        const { schedule } = procedure;
        const periodic = procedureRecurrence(schedule) !== undefined;
        const next = this.scheduler.nextDue(procedure);
        return {
          name: procedure.qualifiedName,
          everySeconds: periodic ? Number(schedule.executeInterval) : null,
          startTime: periodic ? schedule.executeStartTime : null,
          stopTime: periodic && schedule.executeStopTime !== '' ? schedule.executeStopTime : null,
          executeAs: schedule.executeAs === '' ? null : schedule.executeAs,
          owner: procedure.origin.owner,
          nextDue: next === undefined ? null : new Date(next).toISOString(),
          lastRuns: [...(this.runs.get(procedure.qualifiedName.toLowerCase()) ?? [])],
        };
      });
  }

  private async runScheduled(procedure: StoredProcedure, dueAt: number): Promise<void> {
    const runAs = this.runAs(procedure);
    const startedAt = new Date(this.clock.now()).toISOString();
    const base = { trigger: 'schedule' as const, dueTime: formatScheduleTime(dueAt), startedAt, runAs };
    if (!this.runner) {
      this.record(procedure, { ...base, status: 'ERROR', message: 'this emulator was built without a SQL layer to run procedures', statementsRun: 0 });
      return;
    }
    const result = await this.runner(procedure, runAs);
    this.record(procedure, {
      ...base,
      status: result.error ? 'ERROR' : 'OK',
      message: result.error ? result.error.message : '',
      statementsRun: result.statementsRun,
    });
  }
}
