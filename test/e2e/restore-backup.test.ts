/**
 * /restore/backup over real HTTP, in JSON and in Avro binary: what comes back, the policies, the
 * schema options, ddl_only, dry_run, snapshot choice, checksums, and all-or-nothing.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, order, readAll, type Order } from '../support/tables.js';
import { createBackup, createStore } from '../support/backups.js';
import type { SqliteBackupStore } from '../../src/backup-store/sqlite.js';
import type { RestoreBackupResponse } from '../../src/generated/records.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

type RestoreResponse = RestoreBackupResponse;

for (const encoding of ENCODINGS) {
  describe(`/restore/backup (${encoding})`, () => {
    const mock = useMock({ recordsPerFile: 4 });
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const restore = (name: string, objects: Record<string, string>, options: Record<string, string> = {}) =>
      ({ backup_name: name, restore_objects_map: objects, datasource_name: 'backup_source', options });
    const ids = async (table: string) => (await readAll<Order>(mock.url, table, encoding)).map((r) => r.id);
    const exists = async (table: string) => (await ok$<{ table_exists: boolean }>('/has/table', { table_name: table, options: {} })).table_exists;
    let full = 0;
    let later = 0;

    it('sets up two tables, a full backup and an incremental', async () => {
      await createStore(mock.url, encoding);
      await ok$('/create/schema', { schema_name: 'shop', options: {} });
      await createOrdersTable(mock.url, 'shop.orders', encoding);
      await createOrdersTable(mock.url, 'shop.items', encoding);
      await insertOrders(mock.url, 'shop.orders', Array.from({ length: 10 }, (_, i) => order(i)), encoding);
      await insertOrders(mock.url, 'shop.items', [order(100)], encoding);
      full = (await createBackup(mock.url, encoding, 'shop_backup', 'full', { all: 'shop' }, { checksum: 'true' })).backup_id;
      await insertOrders(mock.url, 'shop.orders', [order(10), order(11)], encoding);
      later = (await createBackup(mock.url, encoding, 'shop_backup', 'incremental')).backup_id;
    });

    it('brings back exactly what the latest snapshot holds, following its chain', async () => {
      await ok$('/drop/schema', { schema_name: 'shop', options: { cascade: 'true' } });
      const result = await ok$<RestoreResponse>('/restore/backup', restore('shop_backup', { all: 'shop' }));
      expect(result.backup_id).toBe(later);
      expect(result.restored_objects).toEqual({ 'shop.items': 'table', 'shop.orders': 'table' });
      expect(result.restored_records).toBe(13);
      // 12 orders in files of 4 and 1 item: 4 data files, plus one definition file per table.
      expect(result.restored_files).toBe(6);
      expect(result.renamed_objects).toEqual({});
      expect(result.failed_objects).toEqual({});
      expect(await ids('shop.orders')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(await ids('shop.items')).toEqual([100]);
      const types = await ok$<{ properties: Record<string, string[]>[] }>('/show/table', { table_name: 'shop.orders', options: {} });
      expect(types.properties[0]!.id).toContain('primary_key');
    });

    it('restores an older snapshot chosen by backup_id', async () => {
      await ok$('/clear/table', { table_name: 'shop.orders', authorization: '', options: {} });
      await ok$('/restore/backup', restore('shop_backup', { table: 'shop.orders' }, { backup_id: String(full) }));
      expect(await ids('shop.orders')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const unknown = await fails$('/restore/backup', restore('shop_backup', { table: 'shop.orders' }, { backup_id: '42' }));
      expect(unknown.message).toBe(`Backup 'shop_backup' has no snapshot '42'; its snapshots are: ${full}, ${later}`);
    });

    it('fails on an existing object with the default policy, and changes nothing', async () => {
      await insertOrders(mock.url, 'shop.orders', [order(500)], encoding);
      const envelope = await fails$('/restore/backup', restore('shop_backup', { all: 'shop' }));
      expect(envelope.message).toBe(
        "Cannot restore: table 'shop.items', table 'shop.orders' already exist (use the option restore_policy=replace to overwrite, or restore_policy=rename to move the existing ones aside)",
      );
      expect(await ids('shop.orders')).toContain(500);
    });

    it('replaces existing objects with restore_policy=replace', async () => {
      await ok$('/restore/backup', restore('shop_backup', { table: 'shop.orders' }, { restore_policy: 'replace' }));
      expect(await ids('shop.orders')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });

    it('moves existing objects aside with restore_policy=rename', async () => {
      await insertOrders(mock.url, 'shop.items', [order(101)], encoding);
      const named = await ok$<RestoreResponse>('/restore/backup', restore('shop_backup', { table: 'shop.items' }, { restore_policy: 'rename', renamed_objects_schema: 'aside' }));
      expect(named.renamed_objects).toEqual({ 'shop.items': 'aside.items' });
      expect(await ids('aside.items')).toEqual([100, 101]);
      expect(await ids('shop.items')).toEqual([100]);
      const generated = await ok$<RestoreResponse>('/restore/backup', restore('shop_backup', { table: 'shop.items' }, { restore_policy: 'rename' }));
      const moved = generated.renamed_objects['shop.items']!;
      expect(moved).toMatch(/^backup_[0-9a-f]{32}\.items$/);
      expect(await exists(moved)).toBe(true);
    });

    it('puts objects into other schemas with target_schema_map, creating them unless told not to', async () => {
      const mapped = await ok$<RestoreResponse>('/restore/backup', restore('shop_backup', { all: 'shop' }, { target_schema_map: 'shop:shop_copy' }));
      expect(mapped.restored_objects).toEqual({ 'shop_copy.items': 'table', 'shop_copy.orders': 'table' });
      expect(await ids('shop_copy.orders')).toHaveLength(12);
      const refused = await fails$('/restore/backup', restore('shop_backup', { all: 'shop' }, { target_schema_map: 'shop:nowhere', create_schema_if_not_exist: 'false' }));
      expect(refused.message).toBe("Cannot restore into schema 'nowhere': it does not exist (create it, or leave create_schema_if_not_exist at true)");
      expect(await exists('nowhere.orders')).toBe(false);
      const badMap = await fails$('/restore/backup', restore('shop_backup', { all: 'shop' }, { target_schema_map: 'shop' }));
      expect(badMap.message).toContain("option 'target_schema_map' is not valid");
    });

    it('restores tables empty with ddl_only, and changes nothing with dry_run', async () => {
      const ddl = await ok$<RestoreResponse>('/restore/backup', restore('shop_backup', { table: 'shop.orders' }, { target_schema_map: 'shop:ddl', ddl_only: 'true' }));
      expect(ddl.restored_records).toBe(0);
      expect(await ids('ddl.orders')).toEqual([]);
      const dry = await ok$<RestoreResponse>('/restore/backup', restore('shop_backup', { table: 'shop.orders' }, { target_schema_map: 'shop:dry', dry_run: 'true' }));
      expect(dry).toMatchObject({ restored_records: 12, info: { dry_run: 'true' } });
      expect(await exists('dry.orders')).toBe(false);
    });

    it('refuses objects the snapshot does not hold, and an empty map', async () => {
      const missing = await fails$('/restore/backup', restore('shop_backup', { table: 'shop.absent' }));
      expect(missing.message).toBe(`Snapshot ${later} of backup 'shop_backup' holds no table 'shop.absent'`);
      const schema = await fails$('/restore/backup', restore('shop_backup', { all: 'elsewhere' }));
      expect(schema.message).toBe(`Snapshot ${later} of backup 'shop_backup' holds no schema 'elsewhere'`);
      const empty = await fails$('/restore/backup', restore('shop_backup', {}));
      expect(empty.message).toContain('restore_objects_map is empty');
      const noBackup = await fails$('/restore/backup', restore('no_such_backup', { all: 'shop' }));
      expect(noBackup.message).toContain("Backup 'no_such_backup' does not exist in this data source's store");
    });

    it('checks checksums when asked, refusing a damaged file', async () => {
      const store = mock.server.emulator.backups.store as SqliteBackupStore;
      const row = store.db.prepare("SELECT snapshot, object_key, file_index, data FROM snapshot_files WHERE object_key = 'table:shop.items'").get() as {
        snapshot: number; object_key: string; file_index: number; data: Buffer;
      };
      const damaged = Buffer.from(row.data);
      damaged[0] = damaged[0]! ^ 0xff;
      store.db.prepare('UPDATE snapshot_files SET data = ? WHERE snapshot = ? AND object_key = ? AND file_index = ?').run(damaged, row.snapshot, row.object_key, row.file_index);
      const envelope = await fails$('/restore/backup', restore('shop_backup', { table: 'shop.items' }, { checksum: 'true', target_schema_map: 'shop:checked' }));
      expect(envelope.message).toBe(`Backup 'shop_backup' snapshot ${later} is damaged: the data file 0 of table 'shop.items' does not match its checksum`);
      expect(await exists('checked.items')).toBe(false);
      store.db.prepare('UPDATE snapshot_files SET data = ? WHERE snapshot = ? AND object_key = ? AND file_index = ?').run(row.data, row.snapshot, row.object_key, row.file_index);
    });
  });
}
