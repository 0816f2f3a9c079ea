/**
 * /show/backup, /drop/backup, /alter/backup and /verify/backup over real HTTP, in JSON and binary.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, order, readAll, type Order } from '../support/tables.js';
import { createBackup, createStore } from '../support/backups.js';
import type { SqliteBackupStore } from '../../src/backup-store/sqlite.js';
import type { AlterBackupResponse, ShowBackupResponse, VerifyBackupResponse } from '../../src/generated/records.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

const DESCRIPTION_KEYS = ['backup_name', 'backup_type', 'objects', 'ddl_only', 'checksum', 'max_incremental_backups_to_keep', 'snapshots', 'size', 'files', 'records', 'comment'];
const SNAPSHOT_KEYS = ['backup_name', 'backup_id', 'backup_type', 'time', 'duration', 'baseline_id', 'objects', 'size', 'files', 'records', 'total_number_of_records', 'comment'];

for (const encoding of ENCODINGS) {
  describe(`show, drop, alter and verify (${encoding})`, () => {
    const mock = useMock({ recordsPerFile: 4 });
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const show = (name: string, options: Record<string, string> = {}) =>
      ok$<ShowBackupResponse>('/show/backup', { backup_name: name, datasource_name: 'backup_source', options });
    const alter = (name: string, action: string, value = '', options: Record<string, string> = {}) =>
      ({ backup_name: name, action, value, datasink_name: 'backup_sink', options });
    const verify = (name: string, options: Record<string, string> = {}) =>
      ok$<VerifyBackupResponse>('/verify/backup', { backup_name: name, datasource_name: 'backup_source', options });
    const drop = (name: string, options: Record<string, string> = {}) =>
      ({ backup_name: name, datasink_name: 'backup_sink', options });
    const snapshotIds: Record<string, number[]> = {};

    it('sets up three backups in one store', async () => {
      await createStore(mock.url, encoding);
      await ok$('/create/schema', { schema_name: 'app', options: {} });
      await createOrdersTable(mock.url, 'app.t', encoding);
      await insertOrders(mock.url, 'app.t', Array.from({ length: 6 }, (_, i) => order(i)), encoding);
      for (const name of ['nightly_a', 'nightly_b', 'weekly']) {
        snapshotIds[name] = [(await createBackup(mock.url, encoding, name, 'full', { all: 'app' }, { checksum: 'true', comment: `${name} full` })).backup_id];
      }
      await insertOrders(mock.url, 'app.t', [order(6)], encoding);
      snapshotIds.nightly_a!.push((await createBackup(mock.url, encoding, 'nightly_a', 'incremental')).backup_id);
      await insertOrders(mock.url, 'app.t', [order(7)], encoding);
      snapshotIds.nightly_a!.push((await createBackup(mock.url, encoding, 'nightly_a', 'differential')).backup_id);
    });

    it('shows every backup with "" and "*", and a prefix with "name*"', async () => {
      expect((await show('')).backup_description.map((d) => d.backup_name)).toEqual(['nightly_a', 'nightly_b', 'weekly']);
      expect((await show('*')).backup_description).toHaveLength(3);
      expect((await show('nightly*')).backup_description.map((d) => d.backup_name)).toEqual(['nightly_a', 'nightly_b']);
      const missing = await fails$('/show/backup', { backup_name: 'monthly*', datasource_name: 'backup_source', options: {} });
      expect(missing.message).toContain("No backup matches 'monthly*'");
      expect((await show('monthly', { no_error_if_not_exists: 'true' })).backup_description).toEqual([]);
    });

    it('describes backups and snapshots with the DESCRIBE BACKUP keys', async () => {
      const shown = await show('nightly_a');
      expect(Object.keys(shown.backup_description[0]!)).toEqual(DESCRIPTION_KEYS);
      expect(shown.backup_description[0]).toMatchObject({ backup_type: 'full', objects: 'all: app', checksum: 'true', snapshots: '3' });
      expect(shown.backup_ids.map((s) => Object.keys(s))).toEqual([SNAPSHOT_KEYS, SNAPSHOT_KEYS, SNAPSHOT_KEYS]);
      expect(shown.backup_ids.map((s) => Number(s.backup_id))).toEqual(snapshotIds.nightly_a);
      expect(shown.backup_ids[0]).toMatchObject({ objects: 'table: app.t', records: '6', total_number_of_records: '6', comment: 'nightly_a full' });
      expect(new Date(shown.backup_ids[0]!.time!).toISOString()).toBe(shown.backup_ids[0]!.time);
      expect(shown.backup_ids[2]).toMatchObject({ backup_type: 'differential', baseline_id: String(snapshotIds.nightly_a![0]), total_number_of_records: '8' });
      expect(shown.backup_contents).toEqual([]);
    });

    it('filters snapshots by backup_type and backup_id, and lists contents', async () => {
      expect((await show('nightly_a', { backup_type: 'incremental' })).backup_ids.map((s) => s.backup_type)).toEqual(['incremental']);
      const one = await show('nightly_a', { backup_id: String(snapshotIds.nightly_a![1]), backup_type: 'full' });
      expect(one.backup_ids.map((s) => Number(s.backup_id))).toEqual([snapshotIds.nightly_a![1]]);
      const names = await show('weekly', { show_contents: 'object_names' });
      expect(names.backup_contents).toEqual([
        { backup_name: 'weekly', backup_id: String(snapshotIds.weekly![0]), object_type: 'table', object_name: 'app.t', records: '6', size: expect.any(String) },
      ]);
      const files = await show('weekly', { show_contents: 'object_files' });
      expect(files.backup_contents[0]!.files).toBe('definition.json,data_00000.avro,data_00001.avro');
      const bad = await fails$('/show/backup', { backup_name: 'weekly', datasource_name: 'backup_source', options: { show_contents: 'everything' } });
      expect(bad.message).toBe("Value: 'everything' not a valid parameter for 'show_contents'. Valid values are: none, object_names, object_files (U/PUh:355)");
    });

    it('verifies the latest snapshot by default, every one with backup_id "", and reports damage', async () => {
      const latest = await verify('nightly*');
      expect(latest).toMatchObject({ backup_names: ['nightly_a', 'nightly_b'], backup_ids: [[snapshotIds.nightly_a![2]], [snapshotIds.nightly_b![0]]], errors: [[], []] });
      const all = await verify('nightly_a', { backup_id: '' });
      expect(all.backup_ids).toEqual([snapshotIds.nightly_a]);
      const store = mock.server.emulator.backups.store as SqliteBackupStore;
      const weekly = store.findBackup([...store.db.prepare('SELECT store_key FROM backups').pluck().all()][0] as string, 'weekly')!;
      const snapshot = store.snapshots(weekly.id)[0]!;
      store.db.prepare("UPDATE snapshot_files SET data = zeroblob(length(data)) WHERE snapshot = ? AND file_index = 1").run(snapshot.id);
      const damaged = await verify('weekly');
      expect(damaged.errors).toEqual([[`snapshot ${snapshotIds.weekly![0]}: data file 1 of table 'app.t' does not match its checksum`]]);
      store.db.prepare('DELETE FROM snapshot_files WHERE snapshot = ? AND file_index = 1').run(snapshot.id);
      const missing = await verify('weekly');
      expect(missing.errors).toEqual([[`snapshot ${snapshotIds.weekly![0]}: data file 1 of table 'app.t' is missing`]]);
    });

    it('alters ddl_only, max_incremental_backups_to_keep and the comment, refusing bad values', async () => {
      await ok$('/alter/backup', alter('nightly_b', 'ddl_only', 'true', { comment: 'definitions from now on' }));
      await ok$('/alter/backup', alter('nightly_b', 'max_incremental_backups_to_keep', '5'));
      expect((await show('nightly_b')).backup_description[0]).toMatchObject({ ddl_only: 'true', max_incremental_backups_to_keep: '5', comment: 'definitions from now on' });
      const badDdl = await fails$('/alter/backup', alter('nightly_b', 'ddl_only', 'maybe'));
      expect(badDdl.message).toBe("Value: 'maybe' is not valid for action 'ddl_only': use true or false");
      const badAction = await fails$('/alter/backup', alter('nightly_b', 'compact'));
      expect(badAction.message).toBe("Value: 'compact' not a valid parameter. Valid values are: checksum, ddl_only, max_incremental_backups_to_keep, merge, purge (U/PUh:355)");
    });

    it('computes checksums for existing files with the checksum action', async () => {
      await createBackup(mock.url, encoding, 'unsummed', 'full', { all: 'app' });
      await ok$('/alter/backup', alter('unsummed', 'checksum'));
      expect((await show('unsummed')).backup_description[0]!.checksum).toBe('true');
      expect((await verify('unsummed')).errors).toEqual([[]]);
    });

    it('purges an incremental or differential snapshot, keeping the others restorable', async () => {
      const full = await fails$('/alter/backup', alter('nightly_a', 'purge', String(snapshotIds.nightly_a![0])));
      expect(full.message).toContain('is a full snapshot: purge removes incremental or differential snapshots only');
      const purged = await ok$<AlterBackupResponse>('/alter/backup', alter('nightly_a', 'purge', String(snapshotIds.nightly_a![1])));
      expect(purged.backup_id).toBe(snapshotIds.nightly_a![2]);
      const shown = await show('nightly_a');
      expect(shown.backup_ids.map((s) => s.backup_type)).toEqual(['full', 'differential']);
      expect(shown.deleted_backup_ids.map((d) => [Number(d.backup_id), d.reason])).toEqual([[snapshotIds.nightly_a![1], 'purge']]);
      const unknown = await fails$('/alter/backup', alter('nightly_a', 'purge', '7'));
      expect(unknown.message).toContain("Backup 'nightly_a' has no snapshot '7'");
    });

    it('merges a chain into one full snapshot of its latest state', async () => {
      await createBackup(mock.url, encoding, 'merged', 'full', { all: 'app' });
      await insertOrders(mock.url, 'app.t', [order(8)], encoding);
      const last = await createBackup(mock.url, encoding, 'merged', 'incremental');
      const merged = await ok$<AlterBackupResponse>('/alter/backup', alter('merged', 'merge'));
      expect(merged).toMatchObject({ backup_id: last.backup_id, total_number_of_records: 9 });
      const shown = await show('merged');
      expect(shown.backup_ids.map((s) => [s.backup_type, Number(s.backup_id)])).toEqual([['full', last.backup_id]]);
      const single = await fails$('/alter/backup', alter('merged', 'merge'));
      expect(single.message).toBe("Backup 'merged' is a single full snapshot: there is nothing to merge");
      await ok$('/restore/backup', { backup_name: 'merged', restore_objects_map: { all: 'app' }, datasource_name: 'backup_source', options: { target_schema_map: 'app:merged_copy' } });
      expect((await readAll<Order>(mock.url, 'merged_copy.t', encoding)).map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('drops one backup, needs delete_all_backups for several, and lists them on a dry run', async () => {
      const several = await fails$('/drop/backup', drop('nightly*'));
      expect(several.message).toBe("'nightly*' matches 2 backups (nightly_a, nightly_b): set the option delete_all_backups=true to delete them all");
      const dry = await ok$<{ backup_names: string[] }>('/drop/backup', drop('nightly*', { delete_all_backups: 'true', dry_run: 'true' }));
      expect(dry.backup_names).toEqual(['nightly_a', 'nightly_b']);
      expect((await show('nightly*')).backup_description).toHaveLength(2);
      const one = await ok$<{ backup_names: string[] }>('/drop/backup', drop('weekly'));
      expect(one.backup_names).toEqual(['weekly']);
      const gone = await fails$('/drop/backup', drop('weekly'));
      expect(gone.message).toContain("Backup 'weekly' does not exist");
      expect((await ok$<{ backup_names: string[] }>('/drop/backup', drop('weekly', { no_error_if_not_exists: 'true' }))).backup_names).toEqual([]);
    });

    it('keeps backups in the store when the sink is dropped and when the database is reset', async () => {
      await ok$('/drop/datasink', { name: 'backup_sink', options: {} });
      expect((await show('nightly_a')).backup_description).toHaveLength(1);
    });
  });
}
