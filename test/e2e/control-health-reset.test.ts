/**
 * GET /_mock/health and POST /_mock/reset over HTTP: what a test harness or a container
 * orchestrator sees.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { useMock } from '../support/server.js';
import { call, fails, ok } from '../support/client.js';
import { createOrdersTable, insertOrders, order, readAll } from '../support/tables.js';
import { createBackup, createStore } from '../support/backups.js';
import { control } from '../control/support.js';

describe('GET /_mock/health', () => {
  const mock = useMock();

  it('answers 200 with the version, the Kinetica version it plays, its start time and uptime once ready', async () => {
    const { status, body, headers } = await control(mock.url, 'GET', '/health');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toMatchObject({ status: 'ready', version: '0.1.0', kineticaVersion: '7.2.3.12.20260820000000' });
    expect(Date.parse(body.startedAt)).toBeLessThanOrEqual(Date.now());
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 while starting and while stopping', async () => {
    const { app, control: plane } = buildApp({ ...defaultConfig(), logLevel: 'silent' });
    try {
      expect(plane.health().status).toBe('starting');
      await app.ready();
      expect(plane.health().status).toBe('ready');
      plane.status = 'stopping';
      const response = await app.inject({ method: 'GET', url: '/_mock/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'stopping' });
      plane.status = 'starting';
      expect((await app.inject({ method: 'GET', url: '/_mock/health' })).statusCode).toBe(503);
    } finally {
      await app.close();
    }
  });

  it('is stopping once the server begins to close', async () => {
    const { app, control: plane } = buildApp({ ...defaultConfig(), logLevel: 'silent' });
    await app.ready();
    await app.close();
    expect(plane.health().status).toBe('stopping');
  });

  it('answers unknown control routes and wrong methods with 404 JSON, not a Kinetica envelope', async () => {
    expect(await control(mock.url, 'GET', '/nothing')).toMatchObject({ status: 404, body: { error: 'Unknown control-plane route GET /_mock/nothing' } });
    expect(await control(mock.url, 'PATCH', '/health')).toMatchObject({ status: 404, body: { error: 'Unknown control-plane route PATCH /_mock/health' } });
  });
});

describe('POST /_mock/reset', () => {
  const mock = useMock();

  async function scenario(url: string) {
    await ok(url, '/create/schema', { schema_name: 'sales', options: {} });
    await createOrdersTable(url, 'sales.orders', 'json');
    await insertOrders(url, 'sales.orders', [order(1), order(2)], 'json');
    await ok(url, '/create/user/internal', { name: 'alice', password: 'pw', options: {} });
    await createStore(url, 'json');
    await createBackup(url, 'json', 'nightly', 'full', { all: 'sales' });
  }

  const backupNames = async (url: string) =>
    (await ok<{ backup_description: Record<string, string>[] }>(url, '/show/backup', { backup_name: '*', datasource_name: 'backup_source', options: { no_error_if_not_exists: 'true' } })).backup_description.map(
      (description) => description.backup_name,
    );

  it('empties the database and keeps the backups; a restore brings the data back', async () => {
    await scenario(mock.url);
    const { status, body } = await control(mock.url, 'POST', '/reset');
    expect(status).toBe(200);
    expect(body).toEqual({ reset: ['database', 'clock', 'journal', 'faults'], fixtures: 0 });

    expect((await fails(mock.url, '/show/schema', { schema_name: 'sales', options: {} })).message).toMatch(/sales/);
    expect((await fails(mock.url, '/create/user/internal', { name: 'admin', password: 'x', options: {} })).message).toMatch(/admin/);
    const security = await ok<{ types: Record<string, string> }>(mock.url, '/show/security', { names: [], options: {} });
    expect(Object.keys(security.types).sort()).toEqual(['admin', 'authenticated', 'public']);

    // The stores outlive the database: recreate the source and the backup is there.
    await createStore(mock.url, 'json');
    expect(await backupNames(mock.url)).toEqual(['nightly']);
    await ok(mock.url, '/restore/backup', { backup_name: 'nightly', restore_objects_map: { all: 'sales' }, datasource_name: 'backup_source', options: { create_schema_if_not_exist: 'true' } });
    expect(await readAll(mock.url, 'sales.orders', 'json')).toEqual([order(1), order(2)]);
  });

  it('drops the backups too when asked', async () => {
    await control(mock.url, 'POST', '/reset', { backups: true });
    await scenario(mock.url);
    const { body } = await control(mock.url, 'POST', '/reset', { backups: true });
    expect(body.reset).toEqual(['database', 'clock', 'backups', 'journal', 'faults']);
    await createStore(mock.url, 'json');
    expect(await backupNames(mock.url)).toEqual([]);
  });

  it('clears the journal, the faults and the clock by default, and keeps each when told', async () => {
    await call(mock.url, '/show/system/status', { options: {} });
    await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/properties', delayMs: 1 });
    await control(mock.url, 'PUT', '/clock', { fix: 1_000_000_000_000 });

    const kept = await control(mock.url, 'POST', '/reset', { journal: false, faults: false, clock: false });
    expect(kept.body.reset).toEqual(['database']);
    expect((await control(mock.url, 'GET', '/requests')).body.requests.length).toBeGreaterThan(0);
    expect((await control(mock.url, 'GET', '/faults')).body.faults).toHaveLength(1);
    expect((await control(mock.url, 'GET', '/clock')).body).toMatchObject({ fixed: true, epochMs: 1_000_000_000_000 });

    await control(mock.url, 'POST', '/reset', {});
    expect((await control(mock.url, 'GET', '/requests')).body.requests).toEqual([]);
    expect((await control(mock.url, 'GET', '/faults')).body.faults).toEqual([]);
    expect((await control(mock.url, 'GET', '/clock')).body).toMatchObject({ fixed: false, offsetMs: 0 });
  });

  it('refuses bad options with a message and changes nothing', async () => {
    await ok(mock.url, '/create/schema', { schema_name: 'kept', options: {} });
    const cases: [unknown, string | undefined, RegExp][] = [
      [{ everything: true }, undefined, /Unknown reset option 'everything'; the options are: backups, fixtures, journal, faults, clock/],
      [{ backups: 'yes' }, undefined, /The reset option 'backups' must be true or false, got "yes"/],
      [[true], undefined, /must be a JSON object/],
      [undefined, '{"backups": tru}', /The body is not valid JSON: expected a value, found 't' \(line 1, column 13\)/],
    ];
    for (const [body, raw, message] of cases) {
      const response = await control(mock.url, 'POST', '/reset', body, raw);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(message);
    }
    await ok(mock.url, '/show/schema', { schema_name: 'kept', options: {} });
  });
});

describe('POST /_mock/reset with start fixtures', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kinetica-mock-reset-'));
  const file = join(folder, 'base.json');
  writeFileSync(file, JSON.stringify({ schemas: ['base'], tables: [{ name: 'base.t', columns: [['id', 'int']], records: [{ id: 1 }] }] }));
  const mock = useMock({ fixtures: file });

  it('loads the start fixtures again into the emptied database, or leaves it empty when told', async () => {
    await ok(mock.url, '/insert/records', { table_name: 'base.t', list: [], list_str: ['{"id": 2}'], list_encoding: 'json', options: {} });
    expect(await control(mock.url, 'POST', '/reset')).toMatchObject({ status: 200, body: { fixtures: 1 } });
    expect(await readAll(mock.url, 'base.t', 'json')).toEqual([{ id: 1 }]);

    expect(await control(mock.url, 'POST', '/reset', { fixtures: false })).toMatchObject({ status: 200, body: { fixtures: 0 } });
    await fails(mock.url, '/show/schema', { schema_name: 'base', options: {} });
    rmSync(folder, { recursive: true, force: true });
  });
});
