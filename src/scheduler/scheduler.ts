/**
 * One emulator's scheduler: jobs that recur on the emulator's clock (SQL procedures with EXECUTE
 * FOR EVERY; materialized views that refresh EVERY ... will join them). It knows nothing of what a
 * job does: each job is a label, a recurrence and a `run(dueAt)`.
 *
 * Time comes from the emulator's clock, never the machine's:
 * - With the clock running, a timer wakes the scheduler at the next due time.
 * - When a test moves the clock, the mover calls catchUp(): every due time passed runs once, in
 *   order of due time across all jobs, before catchUp's promise resolves.
 * - While a run runs, the clock is pinned at the time the run was due, so what the run stamps
 *   (snapshot ids, record times) is its scheduled time.
 * Runs never overlap: they are chained one after another.
 */
import type { Clock } from '../clock.js';

/** Due times lie on a grid: anchor + k * everyMs, for whole k, up to stopAt. */
export interface Recurrence {
  anchor: number;
  everyMs: number;
  /** No run is due after this time (STOP AFTER); undefined: never ends. */
  stopAt: number | undefined;
}

export interface Job {
  /** How the job is named in order ties and messages (a procedure's qualified name). */
  readonly label: string;
  readonly recurrence: Recurrence;
  /** Runs the job once; a failure is the job's own business (it is caught here and ignored). */
  run(dueAt: number): Promise<void>;
}

/**
 * The most runs one catch-up makes. A clock move that would pass more due times is refused before
 * the clock moves (runsDue tells the mover); with the clock running, a longer backlog (the process
 * was stopped in a debugger) is skipped past, to the next due time after now.
 */
export const MAX_RUNS_PER_CATCH_UP = 10_000;

/** The first due time at or after `from`, or undefined when the recurrence has stopped by then. */
export function firstDueFrom(recurrence: Recurrence, from: number): number | undefined {
  const { anchor, everyMs, stopAt } = recurrence;
  const steps = from <= anchor ? 0 : Math.ceil((from - anchor) / everyMs);
  const due = anchor + steps * everyMs;
  return stopAt !== undefined && due > stopAt ? undefined : due;
}

interface JobState {
  job: Job;
  next: number | undefined;
}

// setTimeout takes at most a signed 32-bit count of milliseconds (about 24.8 days).
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export class Scheduler {
  private readonly jobs = new Map<object, JobState>();
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly clock: Clock) {}

  /** Starts (or restarts) a job: its first run is the first due time at or after `from` (now by default). */
  add(key: object, job: Job, from = this.clock.ownNow()): void {
    this.jobs.set(key, { job, next: firstDueFrom(job.recurrence, from) });
    this.arm();
  }

  remove(key: object): void {
    if (this.jobs.delete(key)) this.arm();
  }

  /** Stops every job (the database they belong to is gone). */
  clear(): void {
    this.jobs.clear();
    this.arm();
  }

  has(key: object): boolean {
    return this.jobs.has(key);
  }

  /** When the job runs next; undefined when it will not run again. */
  nextDue(key: object): number | undefined {
    return this.jobs.get(key)?.next;
  }

  /** How many runs are due at or before `until`, counted without running them (capped just past the limit). */
  runsDue(until: number): number {
    let count = 0;
    for (const { job, next } of this.jobs.values()) {
      if (next === undefined || next > until) continue;
      const last = Math.min(until, job.recurrence.stopAt ?? until);
      count += Math.floor((last - next) / job.recurrence.everyMs) + 1;
      if (count > MAX_RUNS_PER_CATCH_UP) return count;
    }
    return count;
  }

  /** Runs every due time passed by the clock's reading, in order; resolves once they have all run. */
  catchUp(): Promise<void> {
    this.chain = this.chain.then(() => this.drain());
    return this.chain;
  }

  close(): void {
    this.closed = true;
    this.jobs.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private earliestDue(): JobState | undefined {
    let earliest: JobState | undefined;
    for (const state of this.jobs.values()) {
      if (state.next === undefined) continue;
      if (!earliest || state.next < earliest.next! || (state.next === earliest.next && state.job.label < earliest.job.label)) earliest = state;
    }
    return earliest;
  }

  private async drain(): Promise<void> {
    let runs = 0;
    while (!this.closed) {
      const now = this.clock.ownNow();
      const state = this.earliestDue();
      if (!state || state.next! > now) break;
      if (++runs > MAX_RUNS_PER_CATCH_UP) {
        for (const each of this.jobs.values()) {
          if (each.next !== undefined && each.next <= now) each.next = firstDueFrom(each.job.recurrence, now + 1);
        }
        break;
      }
      const due = state.next!;
      state.next = firstDueFrom(state.job.recurrence, due + 1);
      this.clock.pin(due);
      try {
        await state.job.run(due);
      } catch {
        // A job reports its own failures (a procedure raises an alert); the schedule goes on.
      } finally {
        this.clock.unpin();
      }
    }
    this.arm();
  }

  /** Sets the timer for the next due time: only with the clock running, or for a run already due. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    const earliest = this.earliestDue();
    if (!earliest) return;
    const delay = earliest.next! - this.clock.ownNow();
    if (delay > 0 && this.clock.isFixed) return;
    this.timer = setTimeout(() => void this.catchUp(), Math.min(Math.max(0, delay), LONGEST_TIMER_MS));
    this.timer.unref();
  }
}
