/**
 * Checkpoints over real HTTP (/_mock/checkpoints): a checkpoint keeps the database (every kind of
 * object, the records), the backup stores and the clock; after everything changed, a restore
 * brings all of it back as clients see it (Kinetica requests in JSON and binary, SQL, the clock
 * route), as often as asked; a reset keeps checkpoints; scheduled procedures follow the restored
 * database and clock; names are checked, unknown ones are 404 and their number is bounded; with
 * --data-dir the restored store is the one on disk.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createBackup, createStore } from '../support/backups.js';
import { buildScenario } from '../support/scenario.js';
import { createOrdersTable, insertOrders, order, readAll, type Order } from '../support/tables.js';
import { sql } from '../sql/client.js';
import { comparable, control } from '../control/support.js';
import { startMock } from '../../src/index.js';

const FIXED = '2030-01-01T00:00:00.000Z';
const HOUR = 3_600_000;

/** What clients see of the database and the stores, in one wire encoding. */
async function observed(url: string, encoding: WireEncoding) {
  const showTables = await ok(url, '/show/table', { table_name: 'app', options: { show_children: 'true' } }, encoding);
  const backups = await ok(url, '/show/backup', { backup_name: '*', datasource_name: 'backup_source', options: { show_contents: 'object_files' } }, encoding);
  const described = await sql(url, 'DESCRIBE BACKUP * DATA SOURCE = backup_source', encoding);
  return {
    showTables,
    orders: await readAll<Order>(url, 'app.orders', encoding),
    blobs: await readAll(url, 'app.blobs', 'json'),
    backups,
    described: described.rows,
    security: await ok(url, '/show/security', { names: [], options: {} }, encoding),
  };
}

describe('POST /_mock/checkpoints/<name> and .../restore', () => {
  const mock = useMock();

  it('brings back the database, the backups and the clock after everything changed, as clients see them', async () => {
    await control(mock.url, 'PUT', '/clock', { fix: FIXED });
    await buildScenario(mock.url, () => mock.server.emulator.catalog);
    const state = comparable((await control(mock.url, 'GET', '/state')).body);
    const seen = { json: await observed(mock.url, 'json'), binary: await observed(mock.url, 'binary') };
    const clock = (await control(mock.url, 'GET', '/clock')).body;

    const taken = await control(mock.url, 'POST', '/checkpoints/seeded');
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({
      name: 'seeded',
      replaced: false,
      clock: { now: FIXED, fixed: true, offsetMs: 0 },
      tables: 2,
      records: 8,
      backups: 2,
      snapshots: 3,
    });
    expect(taken.body.bytes).toBeGreaterThan(0);

    // Everything changes: records, a dropped table, a new backup and snapshot, the clock.
    await insertOrders(mock.url, 'app.orders', [order(50), order(51)], 'binary');
    await ok(mock.url, '/clear/table', { table_name: 'app.blobs', authorization: '', options: {} });
    await createBackup(mock.url, 'json', 'later', 'full', { all: 'app' });
    await createBackup(mock.url, 'json', 'nightly', 'incremental');
    await ok(mock.url, '/create/user/internal', { name: 'newcomer', password: 'pw', options: {} });
    await control(mock.url, 'PUT', '/clock', { shift: 48 * HOUR });
    expect((await readAll<Order>(mock.url, 'app.orders', 'binary')).length).toBe(8);
    expect((await ok<{ table_names: string[] }>(mock.url, '/show/table', { table_name: 'app', options: { show_children: 'true' } })).table_names).not.toContain('app.blobs');

    for (let round = 1; round <= 2; round++) {
      const restored = await control(mock.url, 'POST', '/checkpoints/seeded/restore');
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ name: 'seeded', tables: 2, records: 8, backups: 2, snapshots: 3 });
      expect(await observed(mock.url, 'json')).toEqual(seen.json);
      expect(await observed(mock.url, 'binary')).toEqual(seen.binary);
      expect((await control(mock.url, 'GET', '/clock')).body).toEqual(clock);
      expect(comparable((await control(mock.url, 'GET', '/state')).body)).toEqual(state);
      // Change it again before the second round: restoring twice gives the same state twice.
      await ok(mock.url, '/delete/records', { table_name: 'app.orders', expressions: ['id > 0'], options: {} }, 'binary');
      await ok(mock.url, '/drop/backup', { backup_name: 'nightly', datasink_name: 'backup_sink', options: {} });
      await control(mock.url, 'PUT', '/clock', { fix: '2040-01-01T00:00:00Z' });
    }
  });

  it('leaves a restored database where the checkpoint was: the backup chain goes on without copying anything', async () => {
    await control(mock.url, 'POST', '/checkpoints/seeded/restore');
    // The database is the checkpoint's, change for change, so the next incremental has nothing to copy.
    const incremental = await createBackup(mock.url, 'binary', 'nightly', 'incremental');
    expect(incremental).toMatchObject({ copied_files: 0, copied_records: 0, total_number_of_records: 8 });
    await insertOrders(mock.url, 'app.orders', [order(60)], 'json');
    expect(await createBackup(mock.url, 'binary', 'nightly', 'incremental')).toMatchObject({ copied_records: 7, total_number_of_records: 9 });
    await ok(mock.url, '/drop/schema', { schema_name: 'app', options: { cascade: 'true' } });
    await ok(mock.url, '/restore/backup', { backup_name: 'nightly', restore_objects_map: { all: 'app' }, datasource_name: 'backup_source', options: { create_schema_if_not_exist: 'true' } });
    expect((await readAll<Order>(mock.url, 'app.orders', 'json')).map((row) => row.id)).toEqual([1, 3, 4, 5, 6, 7, 60]);
  });

  it('survives a reset, which keeps the checkpoints; the journal and faults are not part of a checkpoint', async () => {
    const reset = await control(mock.url, 'POST', '/reset', { backups: true });
    expect(reset.status).toBe(200);
    expect((await control(mock.url, 'GET', '/checkpoints')).body.checkpoints.map((c: { name: string }) => c.name)).toEqual(['seeded']);
    await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/status', httpStatus: 503 });
    await ok(mock.url, '/show/table', { table_name: '', options: {} });
    const journal = (await control(mock.url, 'GET', '/requests')).body.size;

    await control(mock.url, 'POST', '/checkpoints/seeded/restore');
    expect((await control(mock.url, 'GET', '/requests')).body.size).toBe(journal);
    expect((await control(mock.url, 'GET', '/faults')).body.faults).toHaveLength(1);
    expect((await readAll<Order>(mock.url, 'app.orders', 'binary')).map((row) => row.id)).toEqual([1, 3, 4, 5, 6, 7]);
  });

  it('lists the checkpoints with their sizes, replaces one of the same name, and deletes one or all', async () => {
    await control(mock.url, 'POST', '/reset', { backups: true });
    await createOrdersTable(mock.url, 'small', 'json');
    await insertOrders(mock.url, 'small', [order(1), order(2)], 'json');
    expect((await control(mock.url, 'POST', '/checkpoints/small.v1')).body).toMatchObject({ name: 'small.v1', replaced: false, tables: 1, records: 2, backups: 0, snapshots: 0 });
    await insertOrders(mock.url, 'small', [order(3)], 'json');
    const replaced = await control(mock.url, 'POST', '/checkpoints/seeded');
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ name: 'seeded', replaced: true, records: 3 });

    const list = await control(mock.url, 'GET', '/checkpoints');
    expect(list.status).toBe(200);
    expect(list.body.max).toBe(32);
    expect(list.body.checkpoints.map((c: { name: string; records: number }) => [c.name, c.records])).toEqual([['small.v1', 2], ['seeded', 3]]);
    expect(Object.keys(list.body.checkpoints[0]).sort()).toEqual(['backups', 'bytes', 'clock', 'name', 'records', 'snapshots', 'tables', 'takenAt']);

    expect(await control(mock.url, 'DELETE', '/checkpoints/small.v1')).toMatchObject({ status: 200, body: { removed: 1 } });
    expect(await control(mock.url, 'DELETE', '/checkpoints/small.v1')).toMatchObject({ status: 404, body: { error: "No checkpoint 'small.v1' (GET /_mock/checkpoints lists them)" } });
    expect(await control(mock.url, 'DELETE', '/checkpoints')).toMatchObject({ status: 200, body: { removed: 1 } });
    expect((await control(mock.url, 'GET', '/checkpoints')).body).toEqual({ max: 32, checkpoints: [] });
  });

  it('refuses bad names with 400, unknown ones with 404, and a checkpoint past 32 with the way out', async () => {
    for (const name of ['bad%20name', 'caf%C3%A9', 'a'.repeat(65), 'x'.repeat(300), 'a%2Fb']) {
      const answer = await control(mock.url, 'POST', `/checkpoints/${name}`);
      expect(answer.status, name).toBe(400);
      expect(answer.body.error).toMatch(/^Invalid checkpoint name .*: use 1 to 64 letters, digits, '_', '-' and '\.'/);
    }
    expect(await control(mock.url, 'POST', '/checkpoints')).toMatchObject({ status: 400, body: { error: 'A checkpoint needs a name: POST /_mock/checkpoints/<name>' } });
    expect((await control(mock.url, 'POST', `/checkpoints/${'a'.repeat(64)}`)).status).toBe(201);
    expect(await control(mock.url, 'POST', '/checkpoints/nowhere/restore')).toMatchObject({ status: 404, body: { error: "No checkpoint 'nowhere' (GET /_mock/checkpoints lists them)" } });
    expect((await control(mock.url, 'POST', '/checkpoints/bad%20name/restore')).status).toBe(400);
    await control(mock.url, 'DELETE', '/checkpoints');

    for (let n = 1; n <= 32; n++) expect((await control(mock.url, 'POST', `/checkpoints/c${n}`)).status).toBe(201);
    const past = await control(mock.url, 'POST', '/checkpoints/c33');
    expect(past.status).toBe(409);
    expect(past.body.error).toContain('already keeps 32 checkpoints');
    expect(past.body.error).toContain('DELETE /_mock/checkpoints/<name>');
    // Replacing one is not one more.
    expect((await control(mock.url, 'POST', '/checkpoints/c7')).body).toMatchObject({ replaced: true });
    await control(mock.url, 'DELETE', '/checkpoints/c1');
    expect((await control(mock.url, 'POST', '/checkpoints/c33')).status).toBe(201);
    expect((await control(mock.url, 'DELETE', '/checkpoints')).body).toEqual({ removed: 32 });
  });
});

describe('scheduled SQL procedures after a restore', () => {
  const mock = useMock();
  const run = (statement: string) => sql(mock.url, statement, 'binary');
  const ticks = async () => (await run('SELECT id FROM app.ticks ORDER BY id')).rows.flat();

  it('follow the restored database and clock: what ran after the checkpoint runs again, a procedure dropped since comes back', async () => {
    await mock.server.setClock({ fix: '2030-01-01T00:30:00Z' });
    await run('CREATE SCHEMA app; CREATE TABLE app.ticks (id INTEGER NOT NULL)');
    await run("CREATE PROCEDURE app.tick BEGIN INSERT INTO app.ticks VALUES (1) END EXECUTE FOR EVERY 1 HOUR STARTING AT '2030-01-01 01:00:00'");
    await control(mock.url, 'POST', '/checkpoints/scheduled');

    await control(mock.url, 'PUT', '/clock', { shift: 3 * HOUR });
    expect(await ticks()).toEqual([1, 1, 1]);
    await run('DROP PROCEDURE app.tick');
    expect(mock.server.procedures()).toEqual([]);

    await control(mock.url, 'POST', '/checkpoints/scheduled/restore');
    expect((await control(mock.url, 'GET', '/clock')).body.now).toBe('2030-01-01T00:30:00.000Z');
    expect(await ticks()).toEqual([]);
    expect(mock.server.procedures()).toMatchObject([{ name: 'app.tick', nextDue: '2030-01-01T01:00:00.000Z', lastRuns: [] }]);
    await control(mock.url, 'PUT', '/clock', { shift: 2 * HOUR });
    expect(await ticks()).toEqual([1, 1]);
    expect(mock.server.procedures()[0]!.lastRuns.map((each) => each.dueTime)).toEqual(['2030-01-01 01:00:00', '2030-01-01 02:00:00']);
  });

  it('give way to a restored database without them, and a running clock comes back running with its offset', async () => {
    await run('DROP PROCEDURE app.tick');
    await mock.server.setClock({ reset: true });
    await mock.server.setClock({ shift: -HOUR });
    mock.server.checkpoint('running');
    await run("CREATE PROCEDURE app.tock BEGIN INSERT INTO app.ticks VALUES (2) END EXECUTE FOR EVERY 1 HOUR STARTING AT '2100-01-01 00:00:00'");
    await mock.server.setClock({ fix: '2031-01-01T00:00:00Z' });
    mock.server.restoreCheckpoint('running');
    const clock = (await control(mock.url, 'GET', '/clock')).body;
    expect(clock).toMatchObject({ fixed: false, offsetMs: -HOUR });
    expect(Math.abs(clock.epochMs - (Date.now() - HOUR))).toBeLessThan(60_000);
    expect(mock.server.procedures()).toEqual([]);
  });
});

describe('checkpoints with --data-dir', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinetica-mock-checkpoints-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const mock = useMock({ dataDir });

  it('put the backup store file back, so a restart finds the restored backups', async () => {
    await createStore(mock.url, 'binary');
    await createOrdersTable(mock.url, 'orders', 'binary');
    await insertOrders(mock.url, 'orders', [1, 2, 3].map(order), 'binary');
    await createBackup(mock.url, 'binary', 'kept', 'full', { all: 'ki_home' });
    /** The names of the backups DESCRIBE BACKUP lists. */
    const backups = async (url: string) =>
      [...new Set((await sql(url, 'DESCRIBE BACKUP * DATA SOURCE = backup_source', 'binary')).rows.map((row) => row[0]))].sort();
    expect(await backups(mock.url)).toEqual(['kept']);
    mock.server.checkpoint('one-backup');

    await createBackup(mock.url, 'binary', 'dropped', 'full', { all: 'ki_home' });
    await createBackup(mock.url, 'binary', 'kept', 'incremental');
    expect(await backups(mock.url)).toEqual(['dropped', 'kept']);
    mock.server.restoreCheckpoint('one-backup');
    expect(await backups(mock.url)).toEqual(['kept']);
    const described = await sql(mock.url, 'DESCRIBE BACKUP kept DATA SOURCE = backup_source', 'json');
    expect(described.rows).toHaveLength(1);
    // Writing on after the restore lands in the same file.
    await createBackup(mock.url, 'binary', 'after', 'full', { all: 'ki_home' });

    // Another emulator on the same data folder reads the store as the restore and the write left it.
    const restarted = await startMock({ dataDir });
    try {
      await createStore(restarted.url, 'json');
      expect(await backups(restarted.url)).toEqual(['after', 'kept']);
    } finally {
      await restarted.close();
    }
  });
});
