import { describe, expect, it } from 'vitest';
import { Journal, MAX_LIST_ITEMS } from '../../src/emulator/journal.js';
import type { RequestOutcome } from '../../src/wire/plugin.js';

const outcome = (endpoint: string, n: number, httpStatus = 200): RequestOutcome => ({
  endpoint,
  encoding: 'json',
  request: { n },
  httpStatus,
  message: httpStatus === 200 ? '' : 'failed',
});

describe('the request journal', () => {
  it('keeps the last N entries, oldest first, with ids that keep counting after a clear', () => {
    const journal = new Journal(3);
    for (let n = 1; n <= 5; n++) journal.record(outcome('/a', n));
    expect(journal.entries().map((entry) => [entry.id, (entry.request as { n: number }).n])).toEqual([[3, 3], [4, 4], [5, 5]]);
    expect(journal.clear()).toBe(3);
    expect(journal.entries()).toEqual([]);
    journal.record(outcome('/a', 6));
    expect(journal.entries()[0]!.id).toBe(6);
  });

  it('counts the entries it dropped for newer ones, by endpoint, until it is emptied', () => {
    const journal = new Journal(2);
    journal.record(outcome('/a', 1));
    journal.record(outcome('/b', 2));
    expect(journal.dropped()).toBe(0);
    journal.record(outcome('/a', 3));
    journal.record(outcome('/a', 4));
    expect([journal.dropped(), journal.dropped('/a'), journal.dropped('/b'), journal.dropped('/c')]).toEqual([2, 1, 1, 0]);
    journal.clear();
    expect(journal.dropped()).toBe(0);
    expect(journal.dropped('/a')).toBe(0);
  });

  it('filters by endpoint and status, and limits to the latest', () => {
    const journal = new Journal(10);
    journal.record(outcome('/a', 1));
    journal.record(outcome('/b', 2, 400));
    journal.record(outcome('/a', 3, 401));
    journal.record(outcome('/a', 4));
    expect(journal.entries({ endpoint: '/a' }).map((entry) => entry.id)).toEqual([1, 3, 4]);
    expect(journal.entries({ status: 'ERROR' }).map((entry) => entry.id)).toEqual([2, 3]);
    expect(journal.entries({ endpoint: '/a', limit: 2 }).map((entry) => entry.id)).toEqual([3, 4]);
    expect(journal.entries({ limit: 0 })).toEqual([]);
  });

  it('keeps nothing with a capacity of 0', () => {
    const journal = new Journal(0);
    journal.record(outcome('/a', 1));
    expect(journal.enabled).toBe(false);
    expect(journal.entries()).toEqual([]);
  });

  it('cuts long top-level lists and says how long they were; bytes read as base64', () => {
    const journal = new Journal(2);
    const list = Array.from({ length: MAX_LIST_ITEMS + 5 }, (_item, i) => Buffer.from([i]));
    journal.record({ endpoint: '/insert/records', encoding: 'binary', request: { table_name: 't', list, options: new Map([['k', 'v']]) }, httpStatus: 200, message: '' });
    const [entry] = journal.entries();
    const request = entry!.request as { list: string[]; options: Record<string, string> };
    expect(request.list).toHaveLength(MAX_LIST_ITEMS);
    expect(request.list[1]).toBe(Buffer.from([1]).toString('base64'));
    expect(request.options).toEqual({ k: 'v' });
    expect(entry!.truncated).toEqual({ list: MAX_LIST_ITEMS + 5 });
    // The caller's record is left as it was.
    expect(list).toHaveLength(MAX_LIST_ITEMS + 5);
  });
});
