/**
 * Checkpoints through the methods startMock() returns (checkpoint, restoreCheckpoint, checkpoints,
 * deleteCheckpoint): the same rules as the routes, errors as ControlErrors with the route's
 * status; what a restore puts back (database, stores, clock) and what it leaves (journal, faults,
 * alerts); a checkpoint is not disturbed by restoring it or by what happens after.
 */
import { describe, expect, it } from 'vitest';
import { ControlError } from '../../src/index.js';
import { useMock } from '../support/server.js';
import { ok } from '../support/client.js';
import { createBackup, createStore } from '../support/backups.js';
import { createOrdersTable, insertOrders, order, readAll, type Order } from '../support/tables.js';

function controlErrorOf(run: () => unknown): ControlError {
  try {
    run();
  } catch (error) {
    if (error instanceof ControlError) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

describe('checkpoints in process', () => {
  const mock = useMock();

  it('takes, lists, restores and deletes, answering as the routes do', async () => {
    const { server } = mock;
    await server.setClock({ fix: '2030-06-01T12:00:00Z' });
    await createStore(mock.url, 'json');
    await createOrdersTable(mock.url, 'orders', 'json');
    await insertOrders(mock.url, 'orders', [1, 2, 3].map(order), 'json');
    await createBackup(mock.url, 'json', 'nightly', 'full', { all: 'ki_home' });

    const taken = server.checkpoint('three-orders');
    expect(taken).toMatchObject({ name: 'three-orders', replaced: false, tables: 1, records: 3, backups: 1, snapshots: 1, clock: { now: '2030-06-01T12:00:00.000Z', fixed: true, offsetMs: 0 } });
    expect(new Date(taken.takenAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    await insertOrders(mock.url, 'orders', [order(4)], 'json');
    await createBackup(mock.url, 'json', 'nightly', 'incremental');
    await server.setClock({ shift: 1000 });
    server.addFault({ endpoint: '/show/system/status', message: 'down' });
    server.emulator.alerts.raise({ at: 0, type: 'sql_procedure', params: { procedure_name: 'p' } });
    const journal = server.requests().length;

    const restored = server.restoreCheckpoint('three-orders');
    const { replaced: _replaced, ...view } = taken;
    expect(restored).toEqual(view);
    expect(server.requests()).toHaveLength(journal);
    expect(server.faults()).toHaveLength(1);
    expect(server.emulator.alerts.latest(0)).toHaveLength(1);
    expect((await readAll<Order>(mock.url, 'orders', 'json')).map((row) => row.id)).toEqual([1, 2, 3]);
    expect(server.emulator.backups.count()).toEqual({ backups: 1, snapshots: 1 });
    expect(server.emulator.clock.describe()).toMatchObject({ now: Date.parse('2030-06-01T12:00:00Z'), fixed: true });

    expect(server.checkpoints().map((each) => each.name)).toEqual(['three-orders']);
    server.deleteCheckpoint('three-orders');
    expect(server.checkpoints()).toEqual([]);
    server.checkpoint('a');
    server.checkpoint('b');
    server.deleteCheckpoint();
    expect(server.checkpoints()).toEqual([]);
  });

  it('throws ControlErrors with the status the routes answer', () => {
    const { server } = mock;
    for (const name of ['', '.', '..', 'a b', 'x'.repeat(65), 'ünï']) {
      const error = controlErrorOf(() => server.checkpoint(name));
      expect(error.statusCode, name).toBe(400);
      expect(error.message).toContain('Invalid checkpoint name');
    }
    expect(server.checkpoint('.hidden-but-fine_1').name).toBe('.hidden-but-fine_1');
    expect(server.checkpoint('x'.repeat(64)).replaced).toBe(false);
    expect(controlErrorOf(() => server.restoreCheckpoint('missing'))).toMatchObject({ statusCode: 404, message: "No checkpoint 'missing' (GET /_mock/checkpoints lists them)" });
    expect(controlErrorOf(() => server.deleteCheckpoint('missing')).statusCode).toBe(404);
    for (let n = server.checkpoints().length; n < 32; n++) server.checkpoint(`fill${n}`);
    const past = controlErrorOf(() => server.checkpoint('one-too-many'));
    expect(past.statusCode).toBe(409);
    expect(past.message).toMatch(/already keeps 32 checkpoints, the most it keeps: delete one first/);
    server.deleteCheckpoint();
  });

  it('keeps a checkpoint as it was, whatever is done after it or with what it restored', async () => {
    const { server } = mock;
    server.reset({ backups: true });
    await createOrdersTable(mock.url, 'keyed', 'binary');
    await insertOrders(mock.url, 'keyed', Array.from({ length: 30 }, (_, n) => order(n + 1)), 'binary');
    server.checkpoint('thirty');
    // Write into the records the checkpoint shares: the same last file, keys, an update.
    await insertOrders(mock.url, 'keyed', [order(31)], 'binary');
    await ok(mock.url, '/update/records', { table_name: 'keyed', expressions: ['id = 1'], new_values_maps: [{ name: 'changed' }], records_to_insert: [], records_to_insert_str: [], record_encoding: 'json', options: {} });
    for (let round = 0; round < 3; round++) {
      server.restoreCheckpoint('thirty');
      const rows = await readAll<Order>(mock.url, 'keyed', 'binary');
      expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 30 }, (_, n) => n + 1));
      expect(rows[0]!.name).toBe('n1');
      // The same key as the checkpoint's records is refused; a new one is taken, in this round only.
      const duplicate = await fetch(`${mock.url}/insert/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ table_name: 'keyed', list: [], list_str: [JSON.stringify(order(5))], list_encoding: 'json', options: {} }) });
      expect(((await duplicate.json()) as { status: string }).status).toBe('ERROR');
      await insertOrders(mock.url, 'keyed', [order(100 + round)], 'binary');
      expect((await readAll<Order>(mock.url, 'keyed', 'binary')).map((row) => row.id).slice(-1)).toEqual([100 + round]);
    }
  });
});
