/**
 * The error catalogue: docs/errors.md is up to date with the factories, and no message contains a
 * string the official clients read as "the server is going away" (they would retry or fail over
 * instead of showing the message).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { errorCatalogue, renderErrorsMarkdown } from '../src/errors/catalogue.js';

const FAILOVER_STRINGS = [
  'Kinetica is exiting',
  'Kinetica is offline',
  'System is offline',
  'system-limited-fatal',
  'Connection refused',
  'Connection reset',
  'Unexpected end of file from server',
  'System shutting down',
  'Unavailable: Draining HA queue',
  'Query planner is not running',
];

describe('the error catalogue', () => {
  it('is what docs/errors.md shows (npm run gen:errors)', async () => {
    const onDisk = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(await renderErrorsMarkdown());
  });

  it('never uses a failover string, a 404 or a 5xx status', async () => {
    const entries = await errorCatalogue();
    expect(entries.length).toBeGreaterThan(200);
    for (const entry of entries) {
      for (const failover of FAILOVER_STRINGS) expect(entry.message, `${entry.family}.${entry.name}`).not.toContain(failover);
      // 408 only for a client that stalled before its request was whole (wireErrors.requestTimedOut):
      // the answer a client that never finished sending could not act on anyway.
      expect([400, 401, 405, 408], `${entry.family}.${entry.name}`).toContain(entry.status);
    }
  });
});
