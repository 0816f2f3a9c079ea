/**
 * The backup engine against a catalog built in process: the chain, the file model's counters,
 * retention and folding, each rule pinned by what a user would observe (counters, ids, what a
 * snapshot restores).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { BackupEngine, type CreateOptions, type SnapshotType } from '../../src/backup/engine.js';
import { readObject } from '../../src/backup/restore.js';
import { StateCache } from '../../src/backup/state.js';
import { deleteRecords, updateRecords } from '../../src/catalog/table/records.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { BackupStore } from '../../src/backup-store/store.js';
import { openSqliteStore } from '../../src/backup-store/sqlite.js';
import { Clock } from '../../src/clock.js';
import { addTable, insertItems, item, newCatalog } from '../support/catalog.js';

const STORE = 's3://bucket/backups';

describe('the backup engine', () => {
  let clock: Clock;
  let catalog: Catalog;
  let store: BackupStore;
  let states: StateCache;
  let engine: BackupEngine;

  beforeEach(() => {
    clock = new Clock();
    clock.fix(1_764_201_600_000);
    catalog = newCatalog(10_000, clock);
    store = openSqliteStore(undefined);
    states = new StateCache();
    engine = new BackupEngine(store, () => clock.now(), states);
  });

  function snap(name: string, type: SnapshotType, map: Record<string, string> = {}, options: CreateOptions = {}) {
    clock.shift(1000);
    return engine.create(catalog, { storeKey: STORE, name, type, objectsMap: map, options });
  }

  /** What the snapshot with this id restores: table name -> record ids. */
  function restored(name: string, snapshotId: number): Record<string, number[]> {
    const backup = store.findBackup(STORE, name)!;
    const row = store.snapshots(backup.id).find((s) => s.snapshotId === snapshotId)!;
    const out: Record<string, number[]> = {};
    for (const object of states.get(store, row).objects.values()) {
      const { files } = readObject(store, object, { backup: name, snapshotId }, { files: true, checksum: false });
      if (object.kind !== 'table') continue;
      const table = catalog.table(...(object.name.split('.') as [string, string]));
      const ids: number[] = [];
      for (const file of files) {
        for (let i = 0; i < file.records; i++) {
          const bytes = file.bytes.subarray(file.offsets[i]!, file.offsets[i + 1]!);
          ids.push((table!.type.decode(bytes) as { id: number }).id);
        }
      }
      out[object.name] = ids;
    }
    return out;
  }

  it('counts a full snapshot of 25,000 records in files of 10,000: 3 data files plus 1 definition file', () => {
    const table = addTable(catalog, 'sales', 'orders');
    insertItems(catalog, table, Array.from({ length: 25_000 }, (_, i) => item(i)));
    const result = snap('b', 'full', { table: 'sales.orders' });
    const dataBytes = table.data.files.reduce((sum, file) => sum + file.byteLength, 0);
    const definitionBytes = Buffer.byteLength(JSON.stringify(sortDeep(table.definition())));
    expect(table.data.files.map((f) => f.count)).toEqual([10_000, 10_000, 5_000]);
    expect(result).toMatchObject({ copiedFiles: 4, copiedRecords: 25_000, totalRecords: 25_000 });
    expect(result.copiedBytes).toBe(dataBytes + definitionBytes);
  });

  it('copies only the last file after one insert, and only the touched file after an update', () => {
    const table = addTable(catalog, 'sales', 'orders');
    insertItems(catalog, table, Array.from({ length: 25_000 }, (_, i) => item(i)));
    snap('b', 'full', { table: 'sales.orders' });
    insertItems(catalog, table, [item(25_000)]);
    const afterInsert = snap('b', 'incremental');
    expect(afterInsert).toMatchObject({ copiedFiles: 1, copiedRecords: 5_001, totalRecords: 25_001 });
    expect(afterInsert.copiedBytes).toBe(table.data.files[2]!.byteLength);
    updateRecords(catalog, table, ['id = 3'], [{ label: 'changed' }], { useExpressions: false, updateOnExistingPk: false, ignoreExistingPk: false, truncateStrings: false });
    const afterUpdate = snap('b', 'incremental');
    expect(afterUpdate).toMatchObject({ copiedFiles: 1, copiedRecords: 10_000, totalRecords: 25_001 });
    const none = snap('b', 'incremental');
    expect(none).toMatchObject({ copiedFiles: 0, copiedBytes: 0, copiedRecords: 0, totalRecords: 25_001 });
  });

  it('leaves a deleted record out of its file only, and the file smaller', () => {
    catalog = newCatalog(10, clock);
    const t = addTable(catalog, 's', 't');
    insertItems(catalog, t, Array.from({ length: 30 }, (_, i) => item(i)));
    snap('b', 'full', { all: 's' });
    deleteRecords(catalog, t, ['id = 15'], { deleteAll: false });
    const result = snap('b', 'incremental');
    expect(t.data.files.map((f) => f.count)).toEqual([10, 9, 10]);
    expect(result).toMatchObject({ copiedFiles: 1, copiedRecords: 9, totalRecords: 29 });
    expect(restored('b', result.backupId)['s.t']).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 15));
  });

  it('bases an incremental on the latest snapshot and a differential on the latest full', () => {
    const table = addTable(catalog, 's', 't');
    insertItems(catalog, table, [item(1)]);
    const full = snap('b', 'full', { all: 's' });
    insertItems(catalog, table, [item(2)]);
    const incremental = snap('b', 'incremental');
    insertItems(catalog, table, [item(3)]);
    const differential = snap('b', 'differential');
    expect(incremental.copiedRecords).toBe(2);
    expect(differential.copiedRecords).toBe(3);
    const backup = store.findBackup(STORE, 'b')!;
    const rows = store.snapshots(backup.id);
    expect(rows.map((r) => r.type)).toEqual(['full', 'incremental', 'differential']);
    expect(rows[2]!.baseline).toBe(rows[0]!.id);
    expect(rows[1]!.baseline).toBe(rows[0]!.id);
    expect(full.backupId).toBeLessThan(incremental.backupId);
    expect(restored('b', differential.backupId)['s.t']).toEqual([1, 2, 3]);
  });

  it('gives strictly increasing ids, bumping by one when the clock stands still', () => {
    addTable(catalog, 's', 't');
    const first = engine.create(catalog, { storeKey: STORE, name: 'b', type: 'full', objectsMap: { all: 's' }, options: {} });
    const second = engine.create(catalog, { storeKey: STORE, name: 'b', type: 'incremental', objectsMap: {}, options: {} });
    expect(first.backupId).toBe(clock.now());
    expect(second.backupId).toBe(first.backupId + 1);
  });

  it('records a dropped table as gone and picks up a new table the map covers', () => {
    const a = addTable(catalog, 's', 'a');
    insertItems(catalog, a, [item(1)]);
    snap('b', 'full', { table: 's.*' });
    catalog.remove(a);
    const b = addTable(catalog, 's', 'b');
    insertItems(catalog, b, [item(7), item(8)]);
    const result = snap('b', 'incremental');
    expect(result).toMatchObject({ copiedFiles: 2, copiedRecords: 2, totalRecords: 2 });
    expect(restored('b', result.backupId)).toEqual({ 's.b': [7, 8] });
  });

  it('copies the whole table again after a rename, and drops the old name', () => {
    const a = addTable(catalog, 's', 'a');
    insertItems(catalog, a, [item(1), item(2)]);
    snap('b', 'full', { all: 's' });
    catalog.rename(a, 's', 'renamed');
    const result = snap('b', 'incremental');
    expect(result).toMatchObject({ copiedFiles: 2, copiedRecords: 2, totalRecords: 2 });
    expect(restored('b', result.backupId)).toEqual({ 's.renamed': [1, 2] });
  });

  it('folds removed incrementals into their successors under max_incremental_backups_to_keep', () => {
    const table = addTable(catalog, 's', 't');
    const full = snap('b', 'full', { all: 's' }, { maxIncrementalBackupsToKeep: 2 });
    const ids: number[] = [];
    for (let i = 1; i <= 4; i++) {
      insertItems(catalog, table, [item(i)]);
      ids.push(snap('b', 'incremental').backupId);
    }
    const backup = store.findBackup(STORE, 'b')!;
    const remaining = store.snapshots(backup.id);
    expect(remaining.map((r) => r.snapshotId)).toEqual([full.backupId, ids[2], ids[3]]);
    expect(store.deletedSnapshots(backup.id).map((d) => d.snapshotId)).toEqual([ids[0], ids[1]]);
    expect(restored('b', ids[2]!)['s.t']).toEqual([1, 2, 3]);
    expect(restored('b', ids[3]!)['s.t']).toEqual([1, 2, 3, 4]);
    expect(restored('b', full.backupId)['s.t'] ?? []).toEqual([]);
  });

  it('deletes intermediate snapshots after a differential when asked, whatever the retention', () => {
    const table = addTable(catalog, 's', 't');
    snap('b', 'full', { all: 's' });
    insertItems(catalog, table, [item(1)]);
    snap('b', 'incremental');
    insertItems(catalog, table, [item(2)]);
    snap('b', 'differential');
    insertItems(catalog, table, [item(3)]);
    const last = snap('b', 'differential', {}, { deleteIntermediateBackups: true });
    const backup = store.findBackup(STORE, 'b')!;
    expect(store.snapshots(backup.id).map((r) => r.type)).toEqual(['full', 'differential']);
    expect(last.info.deleted_backup_ids!.split(',')).toHaveLength(2);
    expect(restored('b', last.backupId)['s.t']).toEqual([1, 2, 3]);
  });

  it('writes nothing on a dry run and answers id 0', () => {
    const table = addTable(catalog, 's', 't');
    insertItems(catalog, table, [item(1)]);
    const dry = snap('b', 'full', { all: 's' }, { dryRun: true });
    expect(dry).toMatchObject({ backupId: 0, copiedFiles: 2, copiedRecords: 1, info: { dry_run: 'true' } });
    expect(store.findBackup(STORE, 'b')).toBeUndefined();
  });

  it('keeps definitions only for ddl_only backups, and makes no snapshot when only data changed', () => {
    const table = addTable(catalog, 's', 't');
    insertItems(catalog, table, [item(1)]);
    const full = snap('b', 'full', { all: 's' }, { ddlOnly: true });
    expect(full).toMatchObject({ copiedFiles: 1, copiedRecords: 0, totalRecords: 0 });
    insertItems(catalog, table, [item(2)]);
    const skipped = snap('b', 'incremental');
    expect(skipped.backupId).toBe(full.backupId);
    expect(skipped.info.warning).toContain('ddl_only');
    const backup = store.findBackup(STORE, 'b')!;
    expect(store.snapshots(backup.id)).toHaveLength(1);
    addTable(catalog, 's', 'u');
    const withDdl = snap('b', 'incremental');
    expect(withDdl.backupId).toBeGreaterThan(full.backupId);
    expect(withDdl).toMatchObject({ copiedFiles: 1, copiedRecords: 0 });
  });

  it('refuses what the chain rules forbid, naming the backup and the fix', () => {
    addTable(catalog, 's', 't');
    expect(() => snap('b', 'incremental')).toThrow("Backup 'b' does not exist in this data sink's store: create a full backup first");
    expect(() => snap('b', 'full', {})).toThrow("backup_objects_map is empty: a full backup 'b' must name what it holds");
    expect(() => snap('b', 'full', { tables: 's.t' })).toThrow("Unknown object type 'tables' in backup_objects_map");
    expect(() => snap('b', 'full', { table: ' , ' })).toThrow("backup_objects_map entry 'table' names no objects");
    expect(() => snap('b', 'full', { table: 's.nope' })).toThrow("backup_objects_map names table 's.nope', which does not exist");
    expect(() => snap('b', 'full', { all: 'nowhere' })).toThrow("backup_objects_map names schema 'nowhere' (under 'all'), which does not exist");
    snap('b', 'full', { table: 's.t' });
    expect(() => snap('b', 'full', { table: 's.t' })).toThrow("Backup 'b' already exists");
    expect(() => snap('b', 'incremental', { table: 's.t' })).toThrow('backup_objects_map must be empty for a incremental snapshot');
    expect(() => snap('b', 'incremental', {}, { recreate: true })).toThrow("Option 'recreate' applies only to full snapshots, not incremental");
    expect(() => snap('b', 'incremental', {}, { deleteIntermediateBackups: true })).toThrow(
      "Option 'delete_intermediate_backups' applies only to differential snapshots, not incremental",
    );
  });

  it('starts a new chain with recreate, listing the old ids as deleted', () => {
    const table = addTable(catalog, 's', 't');
    insertItems(catalog, table, [item(1)]);
    const old = snap('b', 'full', { all: 's' });
    const renewed = snap('b', 'full', { table: 's.t' }, { recreate: true });
    const backup = store.findBackup(STORE, 'b')!;
    expect(store.snapshots(backup.id).map((r) => r.snapshotId)).toEqual([renewed.backupId]);
    expect(store.deletedSnapshots(backup.id).map((d) => d.snapshotId)).toEqual([old.backupId]);
    expect(JSON.parse(backup.objectsMap)).toEqual({ table: 's.t' });
  });
});

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]));
  }
  return value;
}

describe('restoring a table', () => {
  it('keeps the type id of a type made from a column list with no label', async () => {
    const { tableRestoreHandler } = await import('../../src/catalog/table/restore-handler.js');
    const { parseType } = await import('../../src/catalog/table/type-model.js');
    const catalog = newCatalog();
    const type = catalog.registerType(parseType(JSON.stringify([['id', 'int', 'primary_key'], ['v', 'string', 'char16']]), '', {}));
    const table = catalog.createTable('ki_home', 't', type, {});
    const restored = tableRestoreHandler.fromDefinition(JSON.parse(JSON.stringify(table.definition())), { schema: 'ki_home', name: 'copy' }, catalog) as typeof table;
    expect(restored.type.id).toBe(type.id);
    expect(restored.type.label).toBe('');
  });
});
