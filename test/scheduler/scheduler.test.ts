/**
 * The scheduler on its own: due times on a grid, runs in order of due time across jobs with the
 * clock pinned at each, the count a clock move would make, stops, and the live clock's timer.
 */
import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/clock.js';
import { firstDueFrom, MAX_RUNS_PER_CATCH_UP, Scheduler, type Recurrence } from '../../src/scheduler/scheduler.js';

const every = (everyMs: number, anchor = 0, stopAt?: number): Recurrence => ({ anchor, everyMs, stopAt });

describe('the scheduler', () => {
  it('puts due times on the grid from the anchor, up to the stop', () => {
    expect(firstDueFrom(every(10, 5), 0)).toBe(5);
    expect(firstDueFrom(every(10, 5), 5)).toBe(5);
    expect(firstDueFrom(every(10, 5), 6)).toBe(15);
    expect(firstDueFrom(every(10, 5, 14), 6)).toBeUndefined();
  });

  it('runs every passed due time once, in order across jobs, with the clock reading each', async () => {
    const clock = new Clock();
    clock.fix(0);
    const scheduler = new Scheduler(clock);
    const seen: string[] = [];
    const job = (label: string, recurrence: Recurrence) => ({ label, recurrence, run: async (due: number) => void seen.push(`${label}@${due}=${clock.now()}`) });
    scheduler.add({}, job('b', every(30, 10)));
    scheduler.add({}, job('a', every(20, 10, 50)));
    expect(scheduler.runsDue(60)).toBe(5);
    clock.fix(60);
    await scheduler.catchUp();
    expect(seen).toEqual(['a@10=10', 'b@10=10', 'a@30=30', 'b@40=40', 'a@50=50']);
    expect(clock.now()).toBe(60);
    scheduler.close();
  });

  it('goes on after a failed run and counts past the limit without running', async () => {
    const clock = new Clock();
    clock.fix(0);
    const scheduler = new Scheduler(clock);
    const key = {};
    let runs = 0;
    scheduler.add(key, { label: 'x', recurrence: every(1, 1), run: async () => { runs++; throw new Error('boom'); } });
    clock.fix(3);
    await scheduler.catchUp();
    expect(runs).toBe(3);
    expect(scheduler.nextDue(key)).toBe(4);
    expect(scheduler.runsDue(4 + 2 * MAX_RUNS_PER_CATCH_UP)).toBeGreaterThan(MAX_RUNS_PER_CATCH_UP);
    scheduler.remove(key);
    expect(scheduler.has(key)).toBe(false);
    scheduler.close();
  });

  it('with the clock running, its timer runs a due job by itself', async () => {
    const clock = new Clock();
    const scheduler = new Scheduler(clock);
    const ran = new Promise<number>((resolve) => scheduler.add({}, { label: 'now', recurrence: every(60_000, clock.now()), run: async (due) => resolve(due) }));
    await expect(ran).resolves.toBeLessThanOrEqual(clock.now());
    scheduler.close();
  });
});
