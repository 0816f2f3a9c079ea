/**
 * /create/backup over real HTTP, in JSON and in Avro binary: the object map, the chain, the
 * counters of the file model, every option, and the data sink checks.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, order } from '../support/tables.js';
import { backupRequest, createBackup, createStore } from '../support/backups.js';
import type { ShowBackupResponse } from '../../src/generated/records.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

for (const encoding of ENCODINGS) {
  describe(`/create/backup (${encoding})`, () => {
    const mock = useMock({ recordsPerFile: 10_000 });
    let counter = 0;
    const fresh = () => `b${++counter}`;
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const show = (name: string, options: Record<string, string> = {}) =>
      ok$<ShowBackupResponse>('/show/backup', { backup_name: name, datasource_name: 'backup_source', options });

    it('sets up a schema, tables and a store', async () => {
      await createStore(mock.url, encoding);
      await ok$('/create/schema', { schema_name: 'sales', options: {} });
      await createOrdersTable(mock.url, 'sales.orders', encoding);
      await createOrdersTable(mock.url, 'sales.customers', encoding);
      await insertOrders(mock.url, 'sales.orders', Array.from({ length: 25_000 }, (_, i) => order(i)), encoding);
    });

    it('counts 25,000 records as 3 data files (10,000 per file) plus one definition file per table', async () => {
      const full = await createBackup(mock.url, encoding, fresh(), 'full', { table: 'sales.orders' });
      expect(full).toMatchObject({ copied_files: 4, copied_records: 25_000, total_number_of_records: 25_000 });
      expect(full.copied_bytes).toBeGreaterThan(25_000 * 10);
      const both = await createBackup(mock.url, encoding, fresh(), 'full', { all: 'sales' });
      expect(both).toMatchObject({ copied_files: 5, copied_records: 25_000, total_number_of_records: 25_000 });
    });

    it('copies only what changed: the last file after an insert, nothing when nothing changed', async () => {
      const name = fresh();
      await createBackup(mock.url, encoding, name, 'full', { table: 'sales.*' });
      const unchanged = await createBackup(mock.url, encoding, name, 'incremental');
      expect(unchanged).toMatchObject({ copied_files: 0, copied_bytes: 0, copied_records: 0, total_number_of_records: 25_000 });
      await insertOrders(mock.url, 'sales.orders', [order(25_000)], encoding);
      const incremental = await createBackup(mock.url, encoding, name, 'incremental');
      expect(incremental).toMatchObject({ copied_files: 1, copied_records: 5_001, total_number_of_records: 25_001 });
      await insertOrders(mock.url, 'sales.customers', [order(1)], encoding);
      const differential = await createBackup(mock.url, encoding, name, 'differential');
      expect(differential).toMatchObject({ copied_files: 2, copied_records: 5_002, total_number_of_records: 25_002 });
      expect(differential.backup_id).toBeGreaterThan(incremental.backup_id);
      expect(incremental.backup_id).toBeGreaterThan(unchanged.backup_id);
      const shown = await show(name);
      expect(shown.backup_ids.map((s) => s.backup_type)).toEqual(['full', 'incremental', 'incremental', 'differential']);
      expect(shown.backup_ids[3]!.baseline_id).toBe(shown.backup_ids[0]!.backup_id);
      expect(shown.backup_ids[2]!.baseline_id).toBe(shown.backup_ids[1]!.backup_id);
    });

    it('refuses a full backup over an existing one unless recreate, which starts a new chain', async () => {
      const name = fresh();
      const first = await createBackup(mock.url, encoding, name, 'full', { table: 'sales.customers' });
      const again = await fails$('/create/backup', backupRequest(name, 'full', { table: 'sales.customers' }));
      expect(again.message).toBe(
        `Backup '${name}' already exists: make an incremental or differential snapshot of it, or pass recreate=true to replace it with a new full snapshot`,
      );
      const renewed = await createBackup(mock.url, encoding, name, 'full', { table: 'sales.customers' }, { recreate: 'true' });
      const shown = await show(name);
      expect(shown.backup_ids.map((s) => Number(s.backup_id))).toEqual([renewed.backup_id]);
      expect(shown.deleted_backup_ids.map((d) => Number(d.backup_id))).toEqual([first.backup_id]);
      const notFull = await fails$('/create/backup', backupRequest(name, 'incremental', {}, { recreate: 'true' }));
      expect(notFull.message).toBe("Option 'recreate' applies only to full snapshots, not incremental");
    });

    it('needs a full backup before an incremental or differential, and an empty map for them', async () => {
      const missing = await fails$('/create/backup', backupRequest('never_made', 'incremental'));
      expect(missing.message).toBe("Backup 'never_made' does not exist in this data sink's store: create a full backup first");
      const name = fresh();
      await createBackup(mock.url, encoding, name, 'full', { table: 'sales.customers' });
      const withMap = await fails$('/create/backup', backupRequest(name, 'differential', { table: 'sales.orders' }));
      expect(withMap.message).toMatch(/^backup_objects_map must be empty for a differential snapshot of backup/);
    });

    it('refuses an empty or unknown backup_type, listing the valid ones', async () => {
      for (const type of ['', 'partial']) {
        const envelope = await fails$('/create/backup', backupRequest(fresh(), type, { all: 'sales' }));
        expect(envelope.message).toBe(`Value: '${type}' not a valid parameter. Valid values are: full, incremental, differential (U/PUh:355)`);
      }
    });

    it('checks the object map: unknown type, empty value, missing object or schema', async () => {
      const cases: [Record<string, string>, string][] = [
        [{}, "backup_objects_map is empty: a full backup"],
        [{ tables: 'sales.orders' }, "Unknown object type 'tables' in backup_objects_map; valid types are: all, catalog"],
        [{ table: '' }, "backup_objects_map entry 'table' names no objects"],
        [{ table: 'sales.nope' }, "backup_objects_map names table 'sales.nope', which does not exist"],
        [{ table: 'orders' }, "backup_objects_map names table 'ki_home.orders', which does not exist"],
        [{ all: 'nowhere' }, "backup_objects_map names schema 'nowhere' (under 'all'), which does not exist"],
        [{ role: 'ghost' }, "backup_objects_map names role 'ghost', which does not exist"],
      ];
      for (const [map, message] of cases) {
        const envelope = await fails$('/create/backup', backupRequest(fresh(), 'full', map));
        expect(envelope.message).toContain(message);
      }
    });

    it('accepts names with blanks around commas, * and schema.*', async () => {
      const listed = await createBackup(mock.url, encoding, fresh(), 'full', { table: ' sales.orders ,sales.customers ' });
      const every = await createBackup(mock.url, encoding, fresh(), 'full', { table: '*' });
      const inSchema = await createBackup(mock.url, encoding, fresh(), 'full', { table: 'sales.*' });
      expect(listed.total_number_of_records).toBe(inSchema.total_number_of_records);
      expect(every.copied_files).toBeGreaterThanOrEqual(inSchema.copied_files);
    });

    it('writes nothing on a dry run: id 0 and info.dry_run', async () => {
      const name = fresh();
      const dry = await createBackup(mock.url, encoding, name, 'full', { table: 'sales.orders' }, { dry_run: 'true' });
      expect(dry).toMatchObject({ backup_id: 0, copied_files: 4, info: { dry_run: 'true' } });
      const none = await fails$('/show/backup', { backup_name: name, datasource_name: 'backup_source', options: {} });
      expect(none.message).toContain(`Backup '${name}' does not exist`);
    });

    it('stores a comment with the snapshot', async () => {
      const name = fresh();
      await createBackup(mock.url, encoding, name, 'full', { table: 'sales.customers' }, { comment: 'before the migration' });
      expect((await show(name)).backup_ids[0]!.comment).toBe('before the migration');
    });

    it('keeps ddl_only backups to definitions, and makes no snapshot when only data changed', async () => {
      const name = fresh();
      const full = await createBackup(mock.url, encoding, name, 'full', { table: 'sales.customers' }, { ddl_only: 'true' });
      expect(full).toMatchObject({ copied_files: 1, copied_records: 0, total_number_of_records: 0 });
      await insertOrders(mock.url, 'sales.customers', [order(2)], encoding);
      const skipped = await createBackup(mock.url, encoding, name, 'incremental');
      expect(skipped.backup_id).toBe(full.backup_id);
      expect(skipped.info.warning).toBe(
        `No incremental snapshot was made: backup '${name}' is ddl_only and only table data changed since snapshot ${full.backup_id}`,
      );
      expect((await show(name)).backup_ids).toHaveLength(1);
    });

    it('keeps at most max_incremental_backups_to_keep incrementals, folding the removed ones into their successors', async () => {
      const name = fresh();
      await ok$('/create/schema', { schema_name: 'kept', options: {} });
      await createOrdersTable(mock.url, 'kept.t', encoding);
      await createBackup(mock.url, encoding, name, 'full', { all: 'kept' }, { max_incremental_backups_to_keep: '2' });
      const ids: number[] = [];
      for (let i = 1; i <= 4; i++) {
        await insertOrders(mock.url, 'kept.t', [order(i)], encoding);
        ids.push((await createBackup(mock.url, encoding, name, 'incremental')).backup_id);
      }
      const shown = await show(name);
      expect(shown.backup_ids.map((s) => s.backup_type)).toEqual(['full', 'incremental', 'incremental']);
      expect(shown.backup_ids.slice(1).map((s) => Number(s.backup_id))).toEqual([ids[2], ids[3]]);
      expect(shown.deleted_backup_ids.map((d) => Number(d.backup_id))).toEqual([ids[0], ids[1]]);
      // The oldest remaining incremental now carries the removed ones' records.
      expect(shown.backup_ids[1]!.records).toBe('3');
      expect(shown.backup_ids[2]!.total_number_of_records).toBe('4');
      const invalid = await fails$('/create/backup', backupRequest(name, 'incremental', {}, { max_incremental_backups_to_keep: '0' }));
      expect(invalid.message).toContain("'max_incremental_backups_to_keep' is not valid: use -1 (keep all) or a number of at least 1");
    });

    it('deletes the snapshots between the last full and a differential with delete_intermediate_backups', async () => {
      const name = fresh();
      await createBackup(mock.url, encoding, name, 'full', { all: 'kept' });
      await insertOrders(mock.url, 'kept.t', [order(50)], encoding);
      await createBackup(mock.url, encoding, name, 'incremental');
      await createBackup(mock.url, encoding, name, 'differential');
      const last = await createBackup(mock.url, encoding, name, 'differential', {}, { delete_intermediate_backups: 'true' });
      expect(last.info.deleted_backup_ids!.split(',')).toHaveLength(2);
      expect((await show(name)).backup_ids.map((s) => s.backup_type)).toEqual(['full', 'differential']);
      const wrongType = await fails$('/create/backup', backupRequest(name, 'incremental', {}, { delete_intermediate_backups: 'true' }));
      expect(wrongType.message).toBe("Option 'delete_intermediate_backups' applies only to differential snapshots, not incremental");
    });

    it('refuses unknown options and bad boolean values, naming them', async () => {
      const unknown = await fails$('/create/backup', backupRequest(fresh(), 'full', { all: 'sales' }, { compress: 'true' }));
      expect(unknown.message).toMatch(/^Parameter map key: 'compress' is not a valid parameter\. Valid keys are: checksum, comment, ddl_only/);
      const badBool = await fails$('/create/backup', backupRequest(fresh(), 'full', { all: 'sales' }, { checksum: 'yes' }));
      expect(badBool.message).toBe("Value: 'yes' not a valid parameter for 'checksum'. Valid values are: true, false (U/PUh:355)");
      const ok = await createBackup(mock.url, encoding, fresh(), 'full', { all: 'sales' }, { block_table_mutations: 'TRUE', checksum: 'True' });
      expect(ok.backup_id).toBeGreaterThan(0);
    });

    it('needs an existing sink on an s3, azure, gcs or hdfs store', async () => {
      const missing = await fails$('/create/backup', backupRequest(fresh(), 'full', { all: 'sales' }, {}, 'no_sink'));
      expect(missing.message).toBe("Data sink 'no_sink' does not exist: create it with /create/datasink (destination s3, azure, gcs or hdfs)");
      await ok$('/create/datasink', { name: 'events', destination: 'kafka://broker:9092', options: { kafka_topic_name: 'events' } });
      const kafka = await fails$('/create/backup', backupRequest(fresh(), 'full', { all: 'sales' }, {}, 'events'));
      expect(kafka.message).toBe("Data sink 'events' points at a kafka store; backups live only in s3, azure, gcs or hdfs stores");
      await ok$('/create/datasink', { name: 'sales.sink_in_schema', destination: 's3://kinetica-backups/prod', options: { s3_region: 'us-east-1' } });
      const name = fresh();
      await ok$('/create/backup', backupRequest(name, 'full', { all: 'sales' }, {}, 'sales.sink_in_schema'));
      // The same store as backup_sink: the backup is visible through backup_source.
      expect((await show(name)).backup_description).toHaveLength(1);
    });
  });
}
