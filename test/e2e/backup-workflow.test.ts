/**
 * The documented backup workflow, end to end over real HTTP in each encoding: a sink and a source
 * on one bucket, a full backup, changes, an incremental, a differential, show, drop the tables,
 * restore, read the records back, verify, purge, and drop the backup. Then the same store read by
 * a restarted emulator (a data folder).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, order, readAll, type Order } from '../support/tables.js';
import { createBackup, createStore } from '../support/backups.js';
import { startMock } from '../../src/index.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary', 'snappy'];

for (const encoding of ENCODINGS) {
  describe(`the backup workflow (${encoding})`, () => {
    const mock = useMock();

    it('runs from the first backup to the last drop', async () => {
      const url = mock.url;
      const call = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(url, path, body, encoding);
      await createStore(url, encoding);
      await call('/create/schema', { schema_name: 'sales', options: {} });
      await createOrdersTable(url, 'sales.orders', encoding);
      await createOrdersTable(url, 'sales.customers', encoding);
      await insertOrders(url, 'sales.orders', [order(1), order(2), order(3)], encoding);
      await insertOrders(url, 'sales.customers', [order(10)], encoding);

      const full = await createBackup(url, encoding, 'nightly', 'full', { all: 'sales' }, { checksum: 'true' });
      expect(full.total_number_of_records).toBe(4);

      await insertOrders(url, 'sales.orders', [order(4)], encoding);
      await call('/delete/records', { table_name: 'sales.orders', expressions: ['id = 1'], options: {} });
      const incremental = await createBackup(url, encoding, 'nightly', 'incremental');
      expect(incremental).toMatchObject({ copied_files: 1, total_number_of_records: 4 });

      await insertOrders(url, 'sales.customers', [order(11)], encoding);
      const differential = await createBackup(url, encoding, 'nightly', 'differential');
      expect(differential).toMatchObject({ copied_files: 2, total_number_of_records: 5 });

      const shown = await call<{ backup_ids: Record<string, string>[] }>('/show/backup', { backup_name: 'nightly', datasource_name: 'backup_source', options: {} });
      expect(shown.backup_ids.map((s) => s.backup_type)).toEqual(['full', 'incremental', 'differential']);

      await call('/clear/table', { table_name: 'sales.orders', authorization: '', options: {} });
      await call('/clear/table', { table_name: 'sales.customers', authorization: '', options: {} });
      const restored = await call<{ restored_records: number; restored_objects: Record<string, string> }>('/restore/backup', {
        backup_name: 'nightly',
        restore_objects_map: { all: 'sales' },
        datasource_name: 'backup_source',
        options: { checksum: 'true' },
      });
      expect(restored.restored_records).toBe(5);
      expect((await readAll<Order>(url, 'sales.orders', encoding)).map((r) => r.id)).toEqual([2, 3, 4]);
      expect((await readAll<Order>(url, 'sales.customers', encoding)).map((r) => r.id)).toEqual([10, 11]);

      const verified = await call<{ errors: string[][] }>('/verify/backup', { backup_name: 'nightly', datasource_name: 'backup_source', options: { backup_id: '' } });
      expect(verified.errors).toEqual([[]]);

      await call('/alter/backup', { backup_name: 'nightly', action: 'purge', value: String(incremental.backup_id), datasink_name: 'backup_sink', options: {} });
      const afterPurge = await call<{ backup_ids: Record<string, string>[] }>('/show/backup', { backup_name: 'nightly', datasource_name: 'backup_source', options: {} });
      expect(afterPurge.backup_ids.map((s) => s.backup_type)).toEqual(['full', 'differential']);

      const dropped = await call<{ backup_names: string[] }>('/drop/backup', { backup_name: 'nightly', datasink_name: 'backup_sink', options: {} });
      expect(dropped.backup_names).toEqual(['nightly']);
      const gone = await fails(url, '/show/backup', { backup_name: 'nightly', datasource_name: 'backup_source', options: {} }, encoding);
      expect(gone.message).toContain("Backup 'nightly' does not exist");
    });
  });
}

describe('a file-backed store across restarts', () => {
  it('keeps backups when the emulator restarts with the same data folder, and takes incrementals after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetica-mock-data-'));
    try {
      const first = await startMock({ dataDir: dir });
      await createStore(first.url, 'binary');
      await createOrdersTable(first.url, 'kept', 'binary');
      await insertOrders(first.url, 'kept', [order(1), order(2)], 'binary');
      const full = await createBackup(first.url, 'binary', 'durable', 'full', { table: 'kept' });
      await first.close();

      const second = await startMock({ dataDir: dir });
      try {
        await createStore(second.url, 'json');
        const shown = await ok<{ backup_ids: Record<string, string>[] }>(second.url, '/show/backup', { backup_name: 'durable', datasource_name: 'backup_source', options: {} });
        expect(shown.backup_ids.map((s) => Number(s.backup_id))).toEqual([full.backup_id]);
        // The new database is empty: an incremental records the table as gone.
        const incremental = await createBackup(second.url, 'json', 'durable', 'incremental');
        expect(incremental.total_number_of_records).toBe(0);
        await ok(second.url, '/restore/backup', { backup_name: 'durable', restore_objects_map: { table: 'kept' }, datasource_name: 'backup_source', options: { backup_id: String(full.backup_id) } });
        expect((await readAll<Order>(second.url, 'kept', 'json')).map((r) => r.id)).toEqual([1, 2]);
        // Restored records count as changed: the next incremental copies them again.
        const after = await createBackup(second.url, 'json', 'durable', 'incremental');
        expect(after).toMatchObject({ copied_files: 2, total_number_of_records: 2 });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
