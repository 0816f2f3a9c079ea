/**
 * PUT /_mock/clock (snapshot ids and times follow the emulator's clock) and GET /_mock/endpoints
 * (every Kinetica endpoint, with whether it is emulated).
 */
import { describe, expect, it } from 'vitest';
import { call, ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { emulatedEndpointPaths } from '../../src/app.js';
import { createOrdersTable, insertOrders, order } from '../support/tables.js';
import { createBackup, createStore } from '../support/backups.js';
import { control } from '../control/support.js';
import { endpointSchemas } from '../../src/wire/schemas.js';

describe('PUT /_mock/clock', () => {
  const mock = useMock();

  it('fixes the clock, so snapshot ids are the same on every run', async () => {
    const fixed = await control(mock.url, 'PUT', '/clock', { fix: '2030-01-01T00:00:00Z' });
    expect(fixed).toMatchObject({ status: 200, body: { now: '2030-01-01T00:00:00.000Z', epochMs: 1893456000000, fixed: true, offsetMs: 0 } });
    await createStore(mock.url, 'json');
    await createOrdersTable(mock.url, 'ki_home.orders', 'json');
    const full = await createBackup(mock.url, 'json', 'nightly', 'full', { table: 'ki_home.orders' });
    expect(full.backup_id).toBe(1893456000000);

    // Shifting a fixed clock moves it by that much.
    expect((await control(mock.url, 'PUT', '/clock', { shift: 3_600_000 })).body).toMatchObject({ epochMs: 1893459600000, fixed: true });
    await insertOrders(mock.url, 'ki_home.orders', [order(1)], 'json');
    const incremental = await createBackup(mock.url, 'json', 'nightly', 'incremental');
    expect(incremental.backup_id).toBe(1893459600000);
    expect((await control(mock.url, 'GET', '/clock')).body.epochMs).toBe(1893459600000);
  });

  it('takes epoch milliseconds, shifts a running clock, and goes back to machine time', async () => {
    expect((await control(mock.url, 'PUT', '/clock', { fix: 86_400_000 })).body.now).toBe('1970-01-02T00:00:00.000Z');
    const back = await control(mock.url, 'PUT', '/clock', { reset: true });
    expect(back.body).toMatchObject({ fixed: false, offsetMs: 0 });
    expect(Math.abs(back.body.epochMs - Date.now())).toBeLessThan(5_000);
    const ahead = await control(mock.url, 'PUT', '/clock', { shift: 86_400_000 });
    expect(ahead.body).toMatchObject({ fixed: false, offsetMs: 86_400_000 });
    expect(ahead.body.epochMs - Date.now()).toBeGreaterThan(86_000_000);
    // reset, then fix, then shift, in one change.
    expect((await control(mock.url, 'PUT', '/clock', { reset: true, fix: 0, shift: 1000 })).body).toMatchObject({ epochMs: 1000, fixed: true, offsetMs: 0 });
    await control(mock.url, 'PUT', '/clock', { reset: true });
  });

  it('refuses bad changes with a message, and keeps the clock as it was', async () => {
    await control(mock.url, 'PUT', '/clock', { fix: 5_000 });
    const cases: [unknown, RegExp][] = [
      [{}, /A clock change needs 'fix' \(a time\), 'shift' \(milliseconds\) or 'reset': true/],
      [{ fix: 'tomorrow' }, /'fix' must be epoch milliseconds or an ISO 8601 date-time \(2025-01-01T00:00:00Z\), got "tomorrow"/],
      [{ fix: -1 }, /'fix' must be epoch milliseconds/],
      [{ shift: 1.5 }, /'shift' must be a whole number of milliseconds, got 1.5/],
      [{ shift: '1h' }, /'shift' must be a whole number of milliseconds/],
      [{ reset: 'yes' }, /'reset' must be true or false/],
      [{ speed: 2 }, /Unknown clock field 'speed'; the fields are: reset, fix, shift/],
      [[1], /A clock change must be a JSON object/],
    ];
    for (const [change, message] of cases) {
      const response = await control(mock.url, 'PUT', '/clock', change);
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(response.body.error, JSON.stringify(change)).toMatch(message);
    }
    expect((await control(mock.url, 'PUT', '/clock', undefined, '')).body.error).toBe('The body must be a JSON document');
    expect((await control(mock.url, 'GET', '/clock')).body).toMatchObject({ epochMs: 5_000, fixed: true });
    await control(mock.url, 'PUT', '/clock', { reset: true });
  });
});

describe('GET /_mock/endpoints', () => {
  const mock = useMock();

  it('lists every Kinetica endpoint of the schemas, sorted, with whether it is emulated', async () => {
    const { status, body } = await control(mock.url, 'GET', '/endpoints');
    expect(status).toBe(200);
    expect(body.total).toBe(endpointSchemas.size);
    expect(body.endpoints.map((each: { path: string }) => each.path)).toEqual([...endpointSchemas.keys()].sort());
    expect(body.endpoints.find((each: { path: string }) => each.path === '/create/backup')).toEqual({
      path: '/create/backup', emulated: true, request: 'create_backup_request', response: 'create_backup_response',
    });
    expect(body.emulated).toBe(body.endpoints.filter((each: { emulated: boolean }) => each.emulated).length);
  });

  it('agrees with what the server answers: emulated endpoints work, the others say they are not emulated', async () => {
    const { body } = await control(mock.url, 'GET', '/endpoints');
    expect(new Set(body.endpoints.filter((each: any) => each.emulated).map((each: any) => each.path))).toEqual(new Set(emulatedEndpointPaths()));
    for (const each of body.endpoints as { path: string; emulated: boolean }[]) {
      if (each.emulated) continue;
      const response = await fetch(`${mock.url}${each.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const envelope = (await response.json()) as { status: string; message: string };
      expect(envelope.message, each.path).toMatch(/does not emulate/);
    }
    expect((await call(mock.url, '/show/system/status', { options: {} })).status).toBe('OK');
    await ok(mock.url, '/has/schema', { schema_name: 'ki_home', options: {} });
  });
});
