/**
 * The persistence the backup engine needs, as a small interface: the remote stores' backups, their
 * snapshots (each a delta against its baseline) and the files those hold. The engine never writes
 * SQL; sqlite.ts implements this with better-sqlite3.
 */

export type SnapshotType = 'full' | 'incremental' | 'differential';

export interface BackupRow {
  id: number;
  /** The remote store the backup lives in (normalized location of its sink or source). */
  storeKey: string;
  name: string;
  /** backup_objects_map of the full request that started the chain (JSON). */
  objectsMap: string;
  ddlOnly: boolean;
  checksum: boolean;
  maxIncremental: number;
  createdAt: number;
  comment: string;
}

export interface SnapshotRow {
  /** Internal row id. */
  id: number;
  backup: number;
  /** The public backup_id: epoch milliseconds, strictly increasing within a backup. */
  snapshotId: number;
  type: SnapshotType;
  /** Internal id of the baseline snapshot; undefined for a full one. */
  baseline: number | undefined;
  createdAt: number;
  durationMs: number;
  comment: string;
  ddlOnly: boolean;
  checksum: boolean;
  catalogEpoch: string;
  catalogSeq: number;
  totalRecords: number;
  /** Display names of the objects the snapshot covers (JSON array of "kind name"). */
  objects: string;
}

export interface ObjectDelta {
  objectKey: string;
  kind: string;
  name: string;
  /** Canonical JSON definition; undefined for a tombstone (the object is gone). */
  definition: string | undefined;
  defHash: string | undefined;
  /** The object's files start empty at this snapshot (a new, recreated or renamed object). */
  fresh: boolean;
}

export interface FileDelta {
  objectKey: string;
  fileIndex: number;
  /** undefined for a tombstone (the file is gone). */
  data: Buffer | undefined;
  offsets: Buffer | undefined;
  records: number;
  bytes: number;
  contentHash: string | undefined;
  checksum: string | undefined;
}

/** A file delta without its bytes: what reconstruction and listings need. */
export type FileMeta = Omit<FileDelta, 'data' | 'offsets'> & { present: boolean };

export interface DeletedSnapshotRow {
  snapshotId: number;
  type: SnapshotType;
  deletedAt: number;
  reason: string;
}

export interface BackupStore {
  /** Runs fn in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;

  findBackup(storeKey: string, name: string): BackupRow | undefined;
  listBackups(storeKey: string): BackupRow[];
  /** Every backup of every store, by store and name (the control plane's state document). */
  allBackups(): BackupRow[];
  insertBackup(row: Omit<BackupRow, 'id' | 'comment'>): number;
  updateBackup(id: number, changes: Partial<Pick<BackupRow, 'ddlOnly' | 'checksum' | 'maxIncremental' | 'objectsMap' | 'comment'>>): void;
  deleteBackup(id: number): void;
  /** Removes every backup of every store, with their snapshots and files (a reset that takes the stores). */
  deleteAllBackups(): void;

  /** Snapshots of a backup, oldest first. */
  snapshots(backup: number): SnapshotRow[];
  snapshot(id: number): SnapshotRow | undefined;
  insertSnapshot(row: Omit<SnapshotRow, 'id'>, objects: ObjectDelta[], files: FileDelta[]): number;
  updateSnapshot(id: number, changes: Partial<Pick<SnapshotRow, 'baseline' | 'snapshotId'>>): void;
  deleteSnapshot(id: number): void;

  /** The deltas a snapshot holds (file bytes left out). */
  objectDeltas(snapshot: number): ObjectDelta[];
  fileMetas(snapshot: number): FileMeta[];
  /** One object's definition as a snapshot holds it, or undefined. */
  objectDefinition(snapshot: number, objectKey: string): string | undefined;
  /** One file's bytes and record offsets, or undefined when the row or its bytes are missing. */
  fileData(snapshot: number, objectKey: string, fileIndex: number): { data: Buffer; offsets: Buffer } | undefined;

  /** Moves delta rows from one snapshot to another (folding a removed snapshot into its successor). */
  moveObjectDelta(from: number, to: number, objectKey: string): void;
  moveFileDelta(from: number, to: number, objectKey: string, fileIndex: number): void;
  copyFileDelta(from: number, to: number, objectKey: string, fileIndex: number): void;
  replaceObjectDelta(snapshot: number, delta: ObjectDelta): void;
  /** Records checksums for a snapshot's files that lack one (the alter action 'checksum'). */
  setChecksum(snapshot: number, objectKey: string, fileIndex: number, checksum: string): void;

  recordDeleted(backup: number, row: DeletedSnapshotRow): void;
  deletedSnapshots(backup: number): DeletedSnapshotRow[];

  /** The whole store as bytes, for restoreImage (a checkpoint keeps it). */
  image(): Buffer;
  /** Replaces the whole store with an earlier image(), all or nothing; the image is not changed. */
  restoreImage(image: Buffer): void;

  close(): void;
}
