/**
 * Looking at and looking after backups: /show/backup, /drop/backup, /alter/backup and
 * /verify/backup. Backups are found by name pattern within one remote store: '' or '*' for all,
 * 'prefix*' for names starting with prefix, or an exact name.
 */
import { restoreErrors } from '../errors/restore.js';
import type { BackupRow, BackupStore, SnapshotRow, SnapshotType } from '../backup-store/store.js';
import { sha256 } from './canonical.js';
import { removeSnapshot } from './removal.js';
import { pickSnapshot } from './restore.js';
import { copiedBy, inTransaction, type SnapshotState, type StateCache } from './state.js';

/** The backups of a store a name pattern selects; none is an error unless `quiet`. */
export function matchBackups(store: BackupStore, storeKey: string, pattern: string, quiet: boolean): BackupRow[] {
  const trimmed = pattern.trim();
  const all = store.listBackups(storeKey);
  let matched: BackupRow[];
  if (trimmed === '' || trimmed === '*') matched = all;
  else if (trimmed.endsWith('*')) matched = all.filter((backup) => backup.name.startsWith(trimmed.slice(0, -1)));
  else matched = all.filter((backup) => backup.name === trimmed);
  if (matched.length === 0 && !quiet) {
    throw trimmed === '' || trimmed === '*' || trimmed.endsWith('*') ? restoreErrors.noBackupMatches(trimmed) : restoreErrors.backupNotFound(trimmed);
  }
  return matched;
}

/** `table: sales.orders, sales.customers; role: analyst` */
function describeObjects(names: { kind: string; name: string }[]): string {
  const byKind = new Map<string, string[]>();
  for (const { kind, name } of names) byKind.set(kind, [...(byKind.get(kind) ?? []), name]);
  return [...byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, list]) => `${kind}: ${list.sort().join(', ')}`)
    .join('; ');
}

function describeMap(objectsMap: string): string {
  const map = JSON.parse(objectsMap) as Record<string, string>;
  return Object.entries(map)
    .map(([kind, names]) => `${kind}: ${names.split(',').join(', ')}`)
    .join('; ');
}

// -------------------------------------------------------------------------------------------------
// show

export interface ShowOptions {
  backupId?: string;
  backupType: 'all' | SnapshotType;
  showContents: 'none' | 'object_names' | 'object_files';
}

export interface ShowResult {
  backupDescription: Record<string, string>[];
  backupIds: Record<string, string>[];
  backupContents: Record<string, string>[];
  deletedBackupIds: Record<string, string>[];
}

export function showBackups(store: BackupStore, states: StateCache, backups: BackupRow[], options: ShowOptions): ShowResult {
  const result: ShowResult = { backupDescription: [], backupIds: [], backupContents: [], deletedBackupIds: [] };
  for (const backup of backups) {
    const snapshots = store.snapshots(backup.id);
    const { copied, totals } = copiedByChain(store, snapshots);
    result.backupDescription.push({
      backup_name: backup.name,
      backup_type: snapshots[0]?.type ?? 'full',
      objects: describeMap(backup.objectsMap),
      ddl_only: String(backup.ddlOnly),
      checksum: String(backup.checksum),
      max_incremental_backups_to_keep: String(backup.maxIncremental),
      snapshots: String(snapshots.length),
      size: String(totals.size),
      files: String(totals.files),
      records: String(totals.records),
      comment: backup.comment,
    });
    let shown = snapshots;
    if (options.backupId !== undefined && options.backupId.trim() !== '') shown = [pickSnapshot(snapshots, backup.name, options.backupId)];
    else if (options.backupType !== 'all') shown = snapshots.filter((snapshot) => snapshot.type === options.backupType);
    for (const snapshot of shown) {
      const state = states.get(store, snapshot);
      const own = copied.get(snapshot.id)!;
      const baseline = snapshot.baseline === undefined ? undefined : store.snapshot(snapshot.baseline);
      result.backupIds.push({
        backup_name: backup.name,
        backup_id: String(snapshot.snapshotId),
        backup_type: snapshot.type,
        time: new Date(snapshot.createdAt).toISOString(),
        duration: String(snapshot.durationMs),
        baseline_id: baseline ? String(baseline.snapshotId) : '',
        objects: describeObjects([...state.objects.values()]),
        size: String(own.size),
        files: String(own.files),
        records: String(own.records),
        total_number_of_records: String(state.totalRecords),
        comment: snapshot.comment,
      });
      if (options.showContents !== 'none') result.backupContents.push(...contentsOf(backup, snapshot, state, options.showContents));
    }
    for (const deleted of store.deletedSnapshots(backup.id)) {
      result.deletedBackupIds.push({
        backup_name: backup.name,
        backup_id: String(deleted.snapshotId),
        backup_type: deleted.type,
        deleted_time: new Date(deleted.deletedAt).toISOString(),
        reason: deleted.reason,
      });
    }
  }
  return result;
}

type Copied = ReturnType<typeof copiedBy>;

/** What each snapshot of a backup copied (by snapshot row id), and the sums over them all. */
function copiedByChain(store: BackupStore, snapshots: readonly SnapshotRow[]): { copied: Map<number, Copied>; totals: Copied } {
  const copied = new Map<number, Copied>();
  const totals = { size: 0, files: 0, records: 0 };
  for (const snapshot of snapshots) {
    const own = copiedBy(store.objectDeltas(snapshot.id), store.fileMetas(snapshot.id));
    copied.set(snapshot.id, own);
    totals.size += own.size;
    totals.files += own.files;
    totals.records += own.records;
  }
  return { copied, totals };
}

function contentsOf(backup: BackupRow, snapshot: SnapshotRow, state: SnapshotState, detail: 'object_names' | 'object_files'): Record<string, string>[] {
  return [...state.objects.values()]
    .sort((a, b) => a.objectKey.localeCompare(b.objectKey))
    .map((object) => {
      const files = [...object.files.entries()].sort(([a], [b]) => a - b);
      const row: Record<string, string> = {
        backup_name: backup.name,
        backup_id: String(snapshot.snapshotId),
        object_type: object.kind,
        object_name: object.name,
        records: String(files.reduce((sum, [, file]) => sum + file.records, 0)),
        size: String(object.defBytes + files.reduce((sum, [, file]) => sum + file.bytes, 0)),
      };
      if (detail === 'object_files') {
        row.files = ['definition.json', ...files.map(([index]) => `data_${String(index).padStart(5, '0')}.avro`)].join(',');
      }
      return row;
    });
}

// -------------------------------------------------------------------------------------------------
// drop

export function dropBackups(store: BackupStore, states: StateCache, backups: BackupRow[], dryRun: boolean): string[] {
  if (!dryRun) {
    inTransaction(store, states, () => {
      for (const backup of backups) {
        for (const snapshot of store.snapshots(backup.id)) states.forget(snapshot.id);
        // Its snapshots go with it, all in one statement (ON DELETE CASCADE), so none is left
        // naming a removed baseline.
        store.deleteBackup(backup.id);
      }
    });
  }
  return backups.map((backup) => backup.name);
}

// -------------------------------------------------------------------------------------------------
// alter

export const ALTER_ACTIONS = ['checksum', 'ddl_only', 'max_incremental_backups_to_keep', 'merge', 'purge'] as const;
export type AlterAction = (typeof ALTER_ACTIONS)[number];

export interface AlterResult {
  backupId: number;
  totalBytes: number;
  totalFiles: number;
  totalRecords: number;
  info: Record<string, string>;
}

export function alterBackup(
  store: BackupStore,
  states: StateCache,
  backup: BackupRow,
  action: AlterAction,
  value: string,
  options: { comment?: string; dryRun: boolean },
  now: number,
): AlterResult {
  const info: Record<string, string> = {};
  const apply = (fn: () => void) => {
    if (options.dryRun) info.dry_run = 'true';
    else inTransaction(store, states, fn);
  };
  switch (action) {
    case 'checksum':
      apply(() => {
        for (const snapshot of store.snapshots(backup.id)) {
          for (const file of store.fileMetas(snapshot.id)) {
            if (!file.present || file.checksum !== undefined) continue;
            const stored = store.fileData(snapshot.id, file.objectKey, file.fileIndex);
            if (stored) store.setChecksum(snapshot.id, file.objectKey, file.fileIndex, sha256(stored.data));
          }
          states.forget(snapshot.id);
        }
        store.updateBackup(backup.id, { checksum: true });
      });
      break;
    case 'ddl_only': {
      const lower = value.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw restoreErrors.badAlterValue(action, value, 'use true or false');
      apply(() => store.updateBackup(backup.id, { ddlOnly: lower === 'true' }));
      break;
    }
    case 'max_incremental_backups_to_keep': {
      const parsed = Number(value.trim());
      if (!/^-?\d+$/.test(value.trim()) || !(parsed === -1 || parsed >= 1)) {
        throw restoreErrors.badAlterValue(action, value, 'use -1 (keep all) or a number of at least 1; it applies to future snapshots');
      }
      apply(() => store.updateBackup(backup.id, { maxIncremental: parsed }));
      break;
    }
    case 'merge': {
      const snapshots = store.snapshots(backup.id);
      if (snapshots.length <= 1) throw restoreErrors.nothingToMerge(backup.name);
      apply(() => mergeChain(store, states, backup, snapshots, now));
      break;
    }
    case 'purge': {
      if (value.trim() === '') throw restoreErrors.badAlterValue(action, value, 'give the id of the snapshot to purge');
      const target = pickSnapshot(store.snapshots(backup.id), backup.name, value);
      if (target.type === 'full') throw restoreErrors.cannotPurgeFull(backup.name, target.snapshotId);
      apply(() => removeSnapshot(store, states, backup.id, target, 'purge', now));
      break;
    }
  }
  if (options.comment !== undefined && !options.dryRun) store.updateBackup(backup.id, { comment: options.comment });
  const snapshots = store.snapshots(backup.id);
  const latest = snapshots[snapshots.length - 1]!;
  const { totals } = copiedByChain(store, snapshots);
  return { backupId: latest.snapshotId, totalBytes: totals.size, totalFiles: totals.files, totalRecords: states.get(store, latest).totalRecords, info };
}

/**
 * Collapses a chain into one full snapshot of its latest state: the rows holding that state move
 * to a new full snapshot, which takes the latest snapshot's id; every other snapshot goes.
 */
function mergeChain(store: BackupStore, states: StateCache, backup: BackupRow, snapshots: SnapshotRow[], now: number): void {
  const latest = snapshots[snapshots.length - 1]!;
  const state = states.get(store, latest);
  const { id: _latestId, ...row } = latest;
  const merged = store.insertSnapshot({ ...row, snapshotId: -latest.snapshotId, type: 'full', baseline: undefined }, [], []);
  for (const object of state.objects.values()) {
    store.moveObjectDelta(object.holder, merged, object.objectKey);
    const definition = store.objectDefinition(merged, object.objectKey)!;
    store.replaceObjectDelta(merged, { objectKey: object.objectKey, kind: object.kind, name: object.name, definition, defHash: object.defHash, fresh: true });
    for (const [index, file] of object.files) store.moveFileDelta(file.holder, merged, object.objectKey, index);
  }
  for (const snapshot of [...snapshots].reverse()) {
    if (snapshot.id !== latest.id) store.recordDeleted(backup.id, { snapshotId: snapshot.snapshotId, type: snapshot.type, deletedAt: now, reason: 'merge' });
    store.deleteSnapshot(snapshot.id);
    states.forget(snapshot.id);
  }
  store.updateSnapshot(merged, { snapshotId: latest.snapshotId });
}

// -------------------------------------------------------------------------------------------------
// verify

export interface VerifyResult {
  backupNames: string[];
  backupIds: number[][];
  errors: string[][];
}

/**
 * Checks that every file each chosen snapshot depends on is in the store and matches its checksum.
 * backupId '-1' (the default): the latest snapshot; '': every snapshot; otherwise that one.
 */
export function verifyBackups(store: BackupStore, states: StateCache, backups: BackupRow[], backupId: string): VerifyResult {
  const result: VerifyResult = { backupNames: [], backupIds: [], errors: [] };
  for (const backup of backups) {
    const snapshots = store.snapshots(backup.id);
    const chosen =
      backupId.trim() === '' ? snapshots : backupId.trim() === '-1' ? snapshots.slice(-1) : [pickSnapshot(snapshots, backup.name, backupId)];
    const errors: string[] = [];
    for (const snapshot of chosen) {
      const state = states.get(store, snapshot);
      for (const object of state.objects.values()) {
        if (store.objectDefinition(object.holder, object.objectKey) === undefined) {
          errors.push(`snapshot ${snapshot.snapshotId}: the definition of ${object.kind} '${object.name}' is missing`);
        }
        for (const [index, file] of object.files) {
          const stored = store.fileData(file.holder, object.objectKey, index);
          if (!stored) errors.push(`snapshot ${snapshot.snapshotId}: data file ${index} of ${object.kind} '${object.name}' is missing`);
          else if (file.checksum !== undefined && sha256(stored.data) !== file.checksum) {
            errors.push(`snapshot ${snapshot.snapshotId}: data file ${index} of ${object.kind} '${object.name}' does not match its checksum`);
          }
        }
      }
    }
    result.backupNames.push(backup.name);
    result.backupIds.push(chosen.map((snapshot) => snapshot.snapshotId));
    result.errors.push(errors);
  }
  return result;
}
