/**
 * The stores as plain data, out and in: every backup of every store with its snapshots, their
 * deltas (definitions as JSON, data files as base64 with their record offsets) and the snapshots
 * deleted from it. This is what the control plane's state document holds of the stores; its
 * shape is checked there, and what only the rows can tell (a baseline that is no earlier snapshot,
 * offsets that do not fit their data) is checked here while the rows are written.
 */
import type { BackupRow, BackupStore, DeletedSnapshotRow, FileDelta, ObjectDelta, SnapshotRow } from '../backup-store/store.js';
import { packOffsets, unpackOffsets } from '../backup-store/offsets.js';
import { canonicalJson, sha256 } from './canonical.js';
import { inTransaction, type StateCache } from './state.js';

export interface BackupData {
  /** The store the backup lives in: the normalized location of its data sink or source. */
  store: string;
  name: string;
  objectsMap: Record<string, string>;
  ddlOnly: boolean;
  checksum: boolean;
  maxIncremental: number;
  createdAt: number;
  comment: string;
  /** Oldest first. */
  snapshots: SnapshotData[];
  deleted: DeletedSnapshotRow[];
}

/** The fields a snapshot's row and its plain form hold alike, in the order the plain form has them. */
const SAME_FIELDS = ['createdAt', 'durationMs', 'comment', 'ddlOnly', 'checksum', 'catalogEpoch', 'catalogSeq', 'totalRecords'] as const;
type SameFields = Pick<SnapshotRow, (typeof SAME_FIELDS)[number]>;
const sameFields = (from: SameFields): SameFields => Object.fromEntries(SAME_FIELDS.map((field) => [field, from[field]])) as SameFields;

export interface SnapshotData extends Pick<SnapshotRow, 'snapshotId' | 'type'>, SameFields {
  /** snapshotId of the baseline in the same backup; null for a full snapshot. */
  baseline: number | null;
  /** What the row holds as JSON text, parsed. */
  objects: unknown;
  objectDeltas: ObjectDeltaData[];
  fileDeltas: FileDeltaData[];
}

export interface ObjectDeltaData {
  objectKey: string;
  kind: string;
  name: string;
  /** null: a tombstone (the object is gone since the baseline). */
  definition: Record<string, unknown> | null;
  fresh: boolean;
}

export interface FileDeltaData {
  objectKey: string;
  fileIndex: number;
  /** base64 of the file's packed Avro records; null: a tombstone. */
  data: string | null;
  /** Start of each record in data, plus its end; null with a tombstone. */
  offsets: number[] | null;
  checksum: string | null;
}

/** A backup of the data given to import could not be written: which one (its index) and why. */
export class BackupImportError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

/** Every backup of every store, by store and name, as plain data. */
export function exportBackups(store: BackupStore): BackupData[] {
  return store.allBackups().map((backup) => {
    const snapshots = store.snapshots(backup.id);
    const idOf = new Map(snapshots.map((snapshot) => [snapshot.id, snapshot.snapshotId]));
    return {
      store: backup.storeKey,
      name: backup.name,
      objectsMap: JSON.parse(backup.objectsMap) as Record<string, string>,
      ddlOnly: backup.ddlOnly,
      checksum: backup.checksum,
      maxIncremental: backup.maxIncremental,
      createdAt: backup.createdAt,
      comment: backup.comment,
      snapshots: snapshots.map((snapshot) => ({
        snapshotId: snapshot.snapshotId,
        type: snapshot.type,
        baseline: snapshot.baseline === undefined ? null : (idOf.get(snapshot.baseline) ?? null),
        ...sameFields(snapshot),
        objects: JSON.parse(snapshot.objects) as unknown,
        objectDeltas: store.objectDeltas(snapshot.id).map((delta) => ({
          objectKey: delta.objectKey,
          kind: delta.kind,
          name: delta.name,
          definition: delta.definition === undefined ? null : (JSON.parse(delta.definition) as Record<string, unknown>),
          fresh: delta.fresh,
        })),
        fileDeltas: store.fileMetas(snapshot.id).map((meta) => {
          const stored = meta.present ? store.fileData(snapshot.id, meta.objectKey, meta.fileIndex) : undefined;
          return {
            objectKey: meta.objectKey,
            fileIndex: meta.fileIndex,
            data: stored ? stored.data.toString('base64') : null,
            offsets: stored ? Array.from(unpackOffsets(stored.offsets)) : null,
            checksum: meta.checksum ?? null,
          };
        }),
      })),
      deleted: store.deletedSnapshots(backup.id),
    };
  });
}

/**
 * Replaces every backup of every store with the given ones, in one transaction: on any problem
 * the stores stay as they were, and a BackupImportError names the backup at fault. The cached
 * states go either way, since the internal snapshot ids they are kept under change.
 */
export function importBackups(store: BackupStore, states: StateCache, backups: readonly BackupData[]): void {
  inTransaction(store, states, () => {
    store.deleteAllBackups();
    backups.forEach((backup, index) => {
      try {
        insertBackup(store, backup);
      } catch (error) {
        throw new BackupImportError(index, error instanceof Error ? error.message : String(error));
      }
    });
  });
  states.clear();
}

/** Writes one backup, its snapshots oldest first, and its deleted snapshots. */
function insertBackup(store: BackupStore, backup: BackupData): void {
  if (store.findBackup(backup.store, backup.name)) throw new Error('it is given twice');
  const row: Omit<BackupRow, 'id' | 'comment'> = {
    storeKey: backup.store,
    name: backup.name,
    objectsMap: JSON.stringify(backup.objectsMap),
    ddlOnly: backup.ddlOnly,
    checksum: backup.checksum,
    maxIncremental: backup.maxIncremental,
    createdAt: backup.createdAt,
  };
  const id = store.insertBackup(row);
  if (backup.comment !== '') store.updateBackup(id, { comment: backup.comment });
  const internal = new Map<number, number>();
  [...backup.snapshots]
    .sort((a, b) => a.snapshotId - b.snapshotId)
    .forEach((snapshot) => {
      const label = `snapshot ${snapshot.snapshotId}`;
      if (internal.has(snapshot.snapshotId)) throw new Error(`${label} is given twice`);
      if ((snapshot.type === 'full') !== (snapshot.baseline === null)) {
        throw new Error(`${label}: a full snapshot has no baseline, and the others have one`);
      }
      const baseline = snapshot.baseline === null ? undefined : internal.get(snapshot.baseline);
      if (snapshot.baseline !== null && baseline === undefined) {
        throw new Error(`${label}: its baseline ${snapshot.baseline} is not an earlier snapshot of the backup`);
      }
      const objects: ObjectDelta[] = snapshot.objectDeltas.map((delta) => {
        const definition = delta.definition === null ? undefined : canonicalJson(delta.definition);
        return { objectKey: delta.objectKey, kind: delta.kind, name: delta.name, definition, defHash: definition && sha256(definition), fresh: delta.fresh };
      });
      const files: FileDelta[] = snapshot.fileDeltas.map((file) => storedFile(file, label));
      internal.set(
        snapshot.snapshotId,
        store.insertSnapshot(
          {
            backup: id,
            snapshotId: snapshot.snapshotId,
            type: snapshot.type,
            baseline,
            ...sameFields(snapshot),
            objects: JSON.stringify(snapshot.objects),
          },
          objects,
          files,
        ),
      );
    });
  for (const deleted of backup.deleted) store.recordDeleted(id, deleted);
}

/** A file delta as the store keeps it, from its plain form; its data and offsets must agree. */
function storedFile(file: FileDeltaData, label: string): FileDelta {
  const where = `${label}: file ${file.fileIndex} of '${file.objectKey}'`;
  if ((file.data === null) !== (file.offsets === null)) throw new Error(`${where}: 'data' and 'offsets' are both null (a removed file) or both given`);
  if (file.data === null || file.offsets === null) {
    return { objectKey: file.objectKey, fileIndex: file.fileIndex, data: undefined, offsets: undefined, records: 0, bytes: 0, contentHash: undefined, checksum: undefined };
  }
  const data = Buffer.from(file.data, 'base64');
  if (data.toString('base64') !== file.data.replace(/\s/g, '')) throw new Error(`${where}: 'data' is not base64`);
  const offsets = file.offsets;
  const ordered = offsets.length >= 2 && offsets[0] === 0 && offsets[offsets.length - 1] === data.length && offsets.every((value, i) => i === 0 || value >= offsets[i - 1]!);
  if (!ordered) throw new Error(`${where}: 'offsets' must rise from 0 to the length of 'data' (${data.length})`);
  return {
    objectKey: file.objectKey,
    fileIndex: file.fileIndex,
    data,
    offsets: packOffsets(offsets),
    records: offsets.length - 1,
    bytes: data.length,
    contentHash: sha256(data),
    checksum: file.checksum ?? undefined,
  };
}
