/**
 * The backup engine, the one face of backup/ for the rest of the emulator: full, incremental and
 * differential snapshots of the catalog into a store, with retention and the folding of removed
 * snapshots into their successors (here); restore (restore.ts); show, drop, alter and verify
 * (manage.ts); and the stores as plain data for the state document (transfer.ts). Every operation
 * on the store runs in one transaction, synchronously, so requests on a backup never interleave and
 * a failed request leaves the chain as it was.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { RestoreHandler } from '../catalog/restore-handler.js';
import { backupErrors } from '../errors/backup.js';
import type { BackupRow, BackupStore, SnapshotRow, SnapshotType } from '../backup-store/store.js';
import { computeDelta } from './delta.js';
import {
  alterBackup,
  dropBackups,
  matchBackups,
  showBackups,
  verifyBackups,
  type AlterAction,
  type AlterResult,
  type ShowOptions,
  type ShowResult,
  type VerifyResult,
} from './manage.js';
import { parseObjectsMap, type ObjectsSpec } from './objects-map.js';
import { removeSnapshot } from './removal.js';
import { restoreBackup, type RestoreRequest, type RestoreResult } from './restore.js';
import { applyDeltas, EMPTY_STATE, inTransaction, StateCache, type SnapshotState } from './state.js';
import { exportBackups, importBackups, type BackupData } from './transfer.js';

// What callers outside backup/ name when they use the engine.
export type { BackupRow, SnapshotType } from '../backup-store/store.js';
export { ALTER_ACTIONS, type AlterAction, type AlterResult, type ShowOptions, type ShowResult, type VerifyResult } from './manage.js';
export type { RestoreOptions, RestorePolicy, RestoreRequest, RestoreResult } from './restore.js';
export { BackupImportError, type BackupData, type FileDeltaData, type ObjectDeltaData, type SnapshotData } from './transfer.js';

export interface CreateOptions {
  checksum?: boolean;
  comment?: string;
  ddlOnly?: boolean;
  deleteIntermediateBackups?: boolean;
  dryRun?: boolean;
  maxIncrementalBackupsToKeep?: number;
  recreate?: boolean;
}

export interface CreateRequest {
  storeKey: string;
  name: string;
  type: SnapshotType;
  objectsMap: Record<string, string>;
  options: CreateOptions;
}

export interface CreateResult {
  backupId: number;
  copiedBytes: number;
  copiedFiles: number;
  copiedRecords: number;
  totalRecords: number;
  info: Record<string, string>;
}

export class BackupEngine {
  /**
   * @param store the store the engine reads and writes. Callers outside backup/ use the methods
   *   below; only tests reach into the store (to look at or damage its rows).
   * @param states the states reconstructed from the store, cached; a test may hand in its own
   *   cache to look at.
   */
  constructor(
    readonly store: BackupStore,
    private readonly now: () => number,
    private readonly states = new StateCache(),
  ) {}

  /** Makes a snapshot (or, for ddl_only backups where only data changed, explains why none was made). */
  create(catalog: Catalog, request: CreateRequest): CreateResult {
    const { storeKey, name, type, options } = request;
    const startedAt = this.now();
    if (options.recreate && type !== 'full') throw backupErrors.optionOnlyFor('recreate', 'full', type);
    if (options.deleteIntermediateBackups && type !== 'differential') {
      throw backupErrors.optionOnlyFor('delete_intermediate_backups', 'differential', type);
    }
    const existing = this.store.findBackup(storeKey, name);

    if (type === 'full') {
      if (Object.keys(request.objectsMap).length === 0) throw backupErrors.objectsMapRequired(name);
      const spec = parseObjectsMap(request.objectsMap);
      if (existing && !options.recreate) throw backupErrors.backupExists(name);
      const settings = {
        ddlOnly: options.ddlOnly ?? false,
        checksum: options.checksum ?? false,
        maxIncremental: options.maxIncrementalBackupsToKeep ?? -1,
      };
      const delta = computeDelta({ catalog, spec, baseline: undefined, ddlOnly: settings.ddlOnly, checksum: settings.checksum });
      if (options.dryRun) return dryRunResult(delta);
      return this.transaction(() => {
        const objectsMap = JSON.stringify(spec.normalized);
        if (existing) {
          // recreate: the old chain goes (its ids are listed as deleted) and the backup starts again.
          for (const old of this.store.snapshots(existing.id).reverse()) {
            this.store.recordDeleted(existing.id, { snapshotId: old.snapshotId, type: old.type, deletedAt: this.now(), reason: 'recreate' });
            this.store.deleteSnapshot(old.id);
            this.states.forget(old.id);
          }
          this.store.updateBackup(existing.id, { ...settings, objectsMap });
        } else {
          this.store.insertBackup({ storeKey, name, objectsMap, ...settings, createdAt: startedAt });
        }
        const backup: BackupRow = this.store.findBackup(storeKey, name)!;
        return this.write(catalog, backup, 'full', undefined, spec, delta, options, startedAt);
      });
    }

    if (!existing) throw backupErrors.backupNotFound(name);
    if (Object.keys(request.objectsMap).length > 0) throw backupErrors.objectsMapNotAllowed(name, type);
    const spec = parseObjectsMap(JSON.parse(existing.objectsMap) as Record<string, string>);
    const settings = {
      ddlOnly: options.ddlOnly ?? existing.ddlOnly,
      checksum: options.checksum ?? existing.checksum,
      maxIncremental: options.maxIncrementalBackupsToKeep ?? existing.maxIncremental,
    };
    const snapshots = this.store.snapshots(existing.id);
    const baselineRow =
      type === 'incremental' ? snapshots[snapshots.length - 1]! : [...snapshots].reverse().find((s) => s.type === 'full')!;
    const baseline = { row: baselineRow, state: this.states.get(this.store, baselineRow) };
    const delta = computeDelta({ catalog, spec, baseline, ddlOnly: settings.ddlOnly, checksum: settings.checksum });
    const latest = snapshots[snapshots.length - 1]!;
    if (settings.ddlOnly && delta.objects.length === 0 && delta.dataChanged) {
      return {
        backupId: latest.snapshotId,
        copiedBytes: 0,
        copiedFiles: 0,
        copiedRecords: 0,
        totalRecords: this.states.get(this.store, latest).totalRecords,
        info: {
          warning: `No ${type} snapshot was made: backup '${name}' is ddl_only and only table data changed since snapshot ${baselineRow.snapshotId}`,
        },
      };
    }
    if (options.dryRun) return dryRunResult(delta);
    return this.transaction(() => {
      this.store.updateBackup(existing.id, settings);
      const backup = { ...existing, ...settings };
      return this.write(catalog, backup, type, baseline, spec, delta, options, startedAt);
    });
  }

  /** Brings back objects of a snapshot into the catalog, all or nothing (restore.ts). */
  restore(catalog: Catalog, handlers: ReadonlyMap<string, RestoreHandler>, request: RestoreRequest): RestoreResult {
    return restoreBackup(this.store, this.states, catalog, handlers, request);
  }

  /**
   * The backups of a store a name pattern selects: '' or '*' for all, 'prefix*' for names starting
   * with prefix, or an exact name. None is an error unless `quiet`.
   */
  match(storeKey: string, pattern: string, quiet: boolean): BackupRow[] {
    return matchBackups(this.store, storeKey, pattern, quiet);
  }

  /** Describes backups, their snapshots, and (as asked) what each snapshot holds. */
  show(backups: BackupRow[], options: ShowOptions): ShowResult {
    return showBackups(this.store, this.states, backups, options);
  }

  /** Drops backups with all their snapshots (unless a dry run); returns their names. */
  drop(backups: BackupRow[], dryRun: boolean): string[] {
    return dropBackups(this.store, this.states, backups, dryRun);
  }

  /** Changes a backup's settings, merges its chain or purges a snapshot of it. */
  alter(backup: BackupRow, action: AlterAction, value: string, options: { comment?: string; dryRun: boolean }): AlterResult {
    return alterBackup(this.store, this.states, backup, action, value, options, this.now());
  }

  /** Checks that the files of the chosen snapshots are in the store and match their checksums. */
  verify(backups: BackupRow[], backupId: string): VerifyResult {
    return verifyBackups(this.store, this.states, backups, backupId);
  }

  /** Removes every backup of every store (a reset that takes the stores). */
  deleteAll(): void {
    this.transaction(() => this.store.deleteAllBackups());
    this.states.clear();
  }

  /** Every backup of every store as plain data (the state document's stores). */
  export(): BackupData[] {
    return exportBackups(this.store);
  }

  /**
   * Replaces every backup of every store with the given ones, all or nothing; a BackupImportError
   * names the backup at fault.
   */
  import(backups: readonly BackupData[]): void {
    importBackups(this.store, this.states, backups);
  }

  /** How many backups and snapshots every store holds. */
  count(): { backups: number; snapshots: number } {
    const backups = this.store.allBackups();
    return { backups: backups.length, snapshots: backups.reduce((sum, backup) => sum + this.store.snapshots(backup.id).length, 0) };
  }

  /** Every store as one image, to put back with restoreImage (a checkpoint keeps it). */
  image(): Buffer {
    return this.store.image();
  }

  /** Puts every store back as an image() had it; the image stays as it was, to put back again. */
  restoreImage(image: Buffer): void {
    this.store.restoreImage(image);
    // The cached states are keyed by the rows of the store they came from.
    this.states.clear();
  }

  /** Closes the store. */
  close(): void {
    this.store.close();
  }

  /** Runs fn in one store transaction; when it fails, the cached states go too (state.ts). */
  private transaction<T>(fn: () => T): T {
    return inTransaction(this.store, this.states, fn);
  }

  /** Writes a computed snapshot and applies retention; runs inside the caller's transaction. */
  private write(
    catalog: Catalog,
    backup: BackupRow,
    type: SnapshotType,
    baseline: { row: SnapshotRow; state: SnapshotState } | undefined,
    spec: ObjectsSpec,
    delta: ReturnType<typeof computeDelta>,
    options: CreateOptions,
    startedAt: number,
  ): CreateResult {
    const snapshots = this.store.snapshots(backup.id);
    const deleted = this.store.deletedSnapshots(backup.id);
    const lastId = Math.max(snapshots[snapshots.length - 1]?.snapshotId ?? 0, ...deleted.map((d) => d.snapshotId));
    const snapshotId = Math.max(this.now(), lastId + 1);
    const point = catalog.changes.point();
    const row: Omit<SnapshotRow, 'id'> = {
      backup: backup.id,
      snapshotId,
      type,
      baseline: baseline?.row.id,
      createdAt: startedAt,
      durationMs: Math.max(0, this.now() - startedAt),
      comment: options.comment ?? '',
      ddlOnly: backup.ddlOnly,
      checksum: backup.checksum,
      catalogEpoch: point.epoch,
      catalogSeq: point.seq,
      totalRecords: delta.state.totalRecords,
      objects: JSON.stringify(spec.normalized),
    };
    const id = this.store.insertSnapshot(row, delta.objects, delta.files);
    this.states.remember(id, applyDeltas(baseline?.state ?? EMPTY_STATE, id, delta.objects, delta.metas));
    const info: Record<string, string> = {};
    /** Snapshot ids removed by retention or delete_intermediate_backups. */
    const removed: number[] = [];

    if (type === 'incremental' && backup.maxIncremental >= 1) {
      const incrementals = this.store.snapshots(backup.id).filter((s) => s.type === 'incremental');
      for (const old of incrementals.slice(0, Math.max(0, incrementals.length - backup.maxIncremental))) {
        removeSnapshot(this.store, this.states, backup.id, old, 'max_incremental_backups_to_keep', this.now());
        removed.push(old.snapshotId);
      }
    }
    if (type === 'differential' && options.deleteIntermediateBackups) {
      const all = this.store.snapshots(backup.id);
      const full = [...all].reverse().find((s) => s.type === 'full' && s.snapshotId < snapshotId)!;
      const between = all.filter((s) => s.snapshotId > full.snapshotId && s.snapshotId < snapshotId && s.type !== 'full');
      for (const old of between.reverse()) {
        removeSnapshot(this.store, this.states, backup.id, old, 'delete_intermediate_backups', this.now());
        removed.push(old.snapshotId);
      }
    }
    if (removed.length > 0) info.deleted_backup_ids = removed.sort((a, b) => a - b).join(',');
    return {
      backupId: snapshotId,
      copiedBytes: delta.copiedBytes,
      copiedFiles: delta.copiedFiles,
      copiedRecords: delta.copiedRecords,
      totalRecords: delta.state.totalRecords,
      info,
    };
  }
}

function dryRunResult(delta: ReturnType<typeof computeDelta>): CreateResult {
  return {
    backupId: 0,
    copiedBytes: delta.copiedBytes,
    copiedFiles: delta.copiedFiles,
    copiedRecords: delta.copiedRecords,
    totalRecords: delta.state.totalRecords,
    info: { dry_run: 'true' },
  };
}
