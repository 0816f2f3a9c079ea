/**
 * The backup store in SQLite (better-sqlite3): in memory by default, in a file when a data folder
 * is given, so backups outlive a restart as they would outlive a database in a real remote store.
 * WAL journaling: a snapshot's transaction is either all in the store or not at all, whenever
 * the process dies.
 */
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import type {
  BackupRow,
  BackupStore,
  DeletedSnapshotRow,
  FileDelta,
  FileMeta,
  ObjectDelta,
  SnapshotRow,
  SnapshotType,
} from './store.js';

/** The store's file in the data folder (of the default emulator: see storeFileName in src/emulator/settings.ts). */
export const STORE_FILE_NAME = 'kinetica-mock-backups.sqlite';


interface RawBackup {
  id: number;
  store_key: string;
  name: string;
  objects_map: string;
  ddl_only: number;
  checksum: number;
  max_incremental: number;
  created_at: number;
  comment: string;
}

interface RawSnapshot {
  id: number;
  backup: number;
  snapshot_id: number;
  type: SnapshotType;
  baseline: number | null;
  created_at: number;
  duration_ms: number;
  comment: string;
  ddl_only: number;
  checksum: number;
  catalog_epoch: string;
  catalog_seq: number;
  total_records: number;
  objects: string;
}

const toBackup = (raw: RawBackup): BackupRow => ({
  id: raw.id,
  storeKey: raw.store_key,
  name: raw.name,
  objectsMap: raw.objects_map,
  ddlOnly: raw.ddl_only === 1,
  checksum: raw.checksum === 1,
  maxIncremental: raw.max_incremental,
  createdAt: raw.created_at,
  comment: raw.comment,
});

const toSnapshot = (raw: RawSnapshot): SnapshotRow => ({
  id: raw.id,
  backup: raw.backup,
  snapshotId: raw.snapshot_id,
  type: raw.type,
  baseline: raw.baseline ?? undefined,
  createdAt: raw.created_at,
  durationMs: raw.duration_ms,
  comment: raw.comment,
  ddlOnly: raw.ddl_only === 1,
  checksum: raw.checksum === 1,
  catalogEpoch: raw.catalog_epoch,
  catalogSeq: raw.catalog_seq,
  totalRecords: raw.total_records,
  objects: raw.objects,
});

/** Opens (creating or migrating) the store: a file in dataDir, or memory when dataDir is undefined. */
export function openSqliteStore(dataDir: string | undefined, fileName: string = STORE_FILE_NAME): SqliteBackupStore {
  let path = ':memory:';
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    path = join(dataDir, fileName);
  }
  return new SqliteBackupStore(new Database(path), dataDir === undefined ? undefined : path);
}

type Statements = ReturnType<typeof prepareStatements>;

export class SqliteBackupStore implements BackupStore {
  private statements: Statements;

  /**
   * @param db the open database (replaced as a whole by restoreImage)
   * @param path its file, or undefined for a store in memory
   */
  constructor(
    public db: Database.Database,
    private readonly path?: string,
  ) {
    configure(db);
    this.statements = prepareStatements(db);
  }

  /** The whole store as bytes (SQLite's serialization of the database): a checkpoint keeps it. */
  image(): Buffer {
    return this.db.serialize();
  }

  /**
   * Replaces the whole store with an image() taken earlier; the image itself is not changed. In
   * memory, a database opened from the image takes the place of the current one. In a file, the
   * image is written beside it and renamed over it once the current database is closed (its
   * write-ahead log folded in and removed), so whenever the process dies the file holds either
   * the store before or the store after, never a mix. On a failure before the swap the store
   * stays as it was.
   */
  restoreImage(image: Buffer): void {
    if (this.path === undefined) {
      const db = new Database(image);
      let statements: Statements;
      try {
        configure(db);
        statements = prepareStatements(db);
      } catch (error) {
        db.close();
        throw error;
      }
      this.db.close();
      this.db = db;
      this.statements = statements;
      return;
    }
    const path = this.path;
    const incoming = `${path}.restoring`;
    writeDurably(incoming, image);
    this.db.close();
    try {
      // A clean close folds the log into the file and deletes it; a log left over would be read
      // into the new file, so it goes whatever happened.
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
      renameSync(incoming, path);
    } finally {
      // The new file, or the former one when the swap failed.
      rmSync(incoming, { force: true });
      this.db = new Database(path);
      configure(this.db);
      this.statements = prepareStatements(this.db);
    }
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  findBackup(storeKey: string, name: string): BackupRow | undefined {
    const raw = this.statements.findBackup.get(storeKey, name);
    return raw && toBackup(raw);
  }

  listBackups(storeKey: string): BackupRow[] {
    return this.statements.listBackups.all(storeKey).map(toBackup);
  }

  allBackups(): BackupRow[] {
    return this.statements.allBackups.all().map(toBackup);
  }

  insertBackup(row: Omit<BackupRow, 'id' | 'comment'>): number {
    return Number(
      this.statements.insertBackup.run({ ...row, ddlOnly: row.ddlOnly ? 1 : 0, checksum: row.checksum ? 1 : 0 }).lastInsertRowid,
    );
  }

  updateBackup(id: number, changes: Partial<Pick<BackupRow, 'ddlOnly' | 'checksum' | 'maxIncremental' | 'objectsMap' | 'comment'>>): void {
    const columns: Record<string, unknown> = {};
    if (changes.comment !== undefined) columns.comment = changes.comment;
    if (changes.objectsMap !== undefined) columns.objects_map = changes.objectsMap;
    if (changes.ddlOnly !== undefined) columns.ddl_only = changes.ddlOnly ? 1 : 0;
    if (changes.checksum !== undefined) columns.checksum = changes.checksum ? 1 : 0;
    if (changes.maxIncremental !== undefined) columns.max_incremental = changes.maxIncremental;
    const names = Object.keys(columns);
    if (names.length === 0) return;
    this.db.prepare(`UPDATE backups SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run({ ...columns, id });
  }

  deleteBackup(id: number): void {
    this.statements.deleteBackup.run(id);
  }

  deleteAllBackups(): void {
    // Snapshots name their baseline without ON DELETE CASCADE: the cascade from backups removes
    // each backup's snapshots together, so no reference is left dangling.
    this.statements.deleteAllBackups.run();
  }

  snapshots(backup: number): SnapshotRow[] {
    return this.statements.snapshots.all(backup).map(toSnapshot);
  }

  snapshot(id: number): SnapshotRow | undefined {
    const raw = this.statements.snapshot.get(id);
    return raw && toSnapshot(raw);
  }

  insertSnapshot(row: Omit<SnapshotRow, 'id'>, objects: ObjectDelta[], files: FileDelta[]): number {
    const id = Number(
      this.statements.insertSnapshot.run({
        ...row,
        baseline: row.baseline ?? null,
        ddlOnly: row.ddlOnly ? 1 : 0,
        checksum: row.checksum ? 1 : 0,
      }).lastInsertRowid,
    );
    for (const object of objects) this.writeObject(id, object);
    for (const file of files) {
      this.statements.insertFile.run({
        snapshot: id,
        objectKey: file.objectKey,
        fileIndex: file.fileIndex,
        data: file.data ?? null,
        offsets: file.offsets ?? null,
        records: file.records,
        bytes: file.bytes,
        contentHash: file.contentHash ?? null,
        checksum: file.checksum ?? null,
      });
    }
    return id;
  }

  private writeObject(snapshot: number, object: ObjectDelta): void {
    this.statements.insertObject.run({
      snapshot,
      objectKey: object.objectKey,
      kind: object.kind,
      name: object.name,
      definition: object.definition ?? null,
      defHash: object.defHash ?? null,
      fresh: object.fresh ? 1 : 0,
    });
  }

  updateSnapshot(id: number, changes: Partial<Pick<SnapshotRow, 'baseline' | 'snapshotId'>>): void {
    if ('baseline' in changes) this.statements.setBaseline.run(changes.baseline ?? null, id);
    if (changes.snapshotId !== undefined) this.statements.setSnapshotId.run(changes.snapshotId, id);
  }

  deleteSnapshot(id: number): void {
    this.statements.deleteSnapshot.run(id);
  }

  objectDeltas(snapshot: number): ObjectDelta[] {
    return this.statements.objectDeltas.all(snapshot).map((raw) => ({
      objectKey: raw.object_key,
      kind: raw.kind,
      name: raw.name,
      definition: raw.definition ?? undefined,
      defHash: raw.def_hash ?? undefined,
      fresh: raw.fresh === 1,
    }));
  }

  fileMetas(snapshot: number): FileMeta[] {
    return this.statements.fileMetas.all(snapshot).map((raw) => ({
      objectKey: raw.object_key,
      fileIndex: raw.file_index,
      present: raw.present === 1,
      records: raw.records,
      bytes: raw.bytes,
      contentHash: raw.content_hash ?? undefined,
      checksum: raw.checksum ?? undefined,
    }));
  }

  objectDefinition(snapshot: number, objectKey: string): string | undefined {
    return this.statements.objectDefinition.get(snapshot, objectKey)?.definition ?? undefined;
  }

  fileData(snapshot: number, objectKey: string, fileIndex: number): { data: Buffer; offsets: Buffer } | undefined {
    const raw = this.statements.fileData.get(snapshot, objectKey, fileIndex);
    if (!raw || raw.data === null || raw.offsets === null) return undefined;
    return { data: raw.data, offsets: raw.offsets };
  }

  moveObjectDelta(from: number, to: number, objectKey: string): void {
    this.statements.moveObject.run(to, from, objectKey);
  }

  moveFileDelta(from: number, to: number, objectKey: string, fileIndex: number): void {
    this.statements.moveFile.run(to, from, objectKey, fileIndex);
  }

  copyFileDelta(from: number, to: number, objectKey: string, fileIndex: number): void {
    this.statements.copyFile.run(to, from, objectKey, fileIndex);
  }

  replaceObjectDelta(snapshot: number, delta: ObjectDelta): void {
    this.writeObject(snapshot, delta);
  }

  setChecksum(snapshot: number, objectKey: string, fileIndex: number, checksum: string): void {
    this.statements.setChecksum.run(checksum, snapshot, objectKey, fileIndex);
  }

  recordDeleted(backup: number, row: DeletedSnapshotRow): void {
    this.statements.recordDeleted.run(backup, row.snapshotId, row.type, row.deletedAt, row.reason);
  }

  deletedSnapshots(backup: number): DeletedSnapshotRow[] {
    return this.statements.deletedSnapshots.all(backup).map((raw) => ({
      snapshotId: raw.snapshot_id,
      type: raw.type,
      deletedAt: raw.deleted_at,
      reason: raw.reason,
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The journal mode and checks every connection to the store needs, and the schema brought up to date. */
function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL keeps every transaction atomic when the process dies at any point; only an
  // operating-system crash or power loss could lose the last commits (never half of one).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
}

function prepareStatements(db: Database.Database) {
  return {
    findBackup: db.prepare<[string, string], RawBackup>('SELECT * FROM backups WHERE store_key = ? AND name = ?'),
    listBackups: db.prepare<[string], RawBackup>('SELECT * FROM backups WHERE store_key = ? ORDER BY name'),
    allBackups: db.prepare<[], RawBackup>('SELECT * FROM backups ORDER BY store_key, name'),
    deleteAllBackups: db.prepare('DELETE FROM backups'),
    insertBackup: db.prepare(
      `INSERT INTO backups (store_key, name, objects_map, ddl_only, checksum, max_incremental, created_at)
       VALUES (@storeKey, @name, @objectsMap, @ddlOnly, @checksum, @maxIncremental, @createdAt)`,
    ),
    deleteBackup: db.prepare('DELETE FROM backups WHERE id = ?'),
    snapshots: db.prepare<[number], RawSnapshot>('SELECT * FROM snapshots WHERE backup = ? ORDER BY snapshot_id'),
    snapshot: db.prepare<[number], RawSnapshot>('SELECT * FROM snapshots WHERE id = ?'),
    insertSnapshot: db.prepare(
      `INSERT INTO snapshots (backup, snapshot_id, type, baseline, created_at, duration_ms, comment, ddl_only, checksum,
                              catalog_epoch, catalog_seq, total_records, objects)
       VALUES (@backup, @snapshotId, @type, @baseline, @createdAt, @durationMs, @comment, @ddlOnly, @checksum,
               @catalogEpoch, @catalogSeq, @totalRecords, @objects)`,
    ),
    deleteSnapshot: db.prepare('DELETE FROM snapshots WHERE id = ?'),
    setBaseline: db.prepare('UPDATE snapshots SET baseline = ? WHERE id = ?'),
    setSnapshotId: db.prepare('UPDATE snapshots SET snapshot_id = ? WHERE id = ?'),
    insertObject: db.prepare(
      `INSERT OR REPLACE INTO snapshot_objects (snapshot, object_key, kind, name, definition, def_hash, fresh)
       VALUES (@snapshot, @objectKey, @kind, @name, @definition, @defHash, @fresh)`,
    ),
    insertFile: db.prepare(
      `INSERT OR REPLACE INTO snapshot_files (snapshot, object_key, file_index, data, offsets, records, bytes, content_hash, checksum)
       VALUES (@snapshot, @objectKey, @fileIndex, @data, @offsets, @records, @bytes, @contentHash, @checksum)`,
    ),
    objectDeltas: db.prepare<[number], { object_key: string; kind: string; name: string; definition: string | null; def_hash: string | null; fresh: number }>(
      'SELECT object_key, kind, name, definition, def_hash, fresh FROM snapshot_objects WHERE snapshot = ? ORDER BY object_key',
    ),
    fileMetas: db.prepare<[number], { object_key: string; file_index: number; present: number; records: number; bytes: number; content_hash: string | null; checksum: string | null }>(
      `SELECT object_key, file_index, data IS NOT NULL AS present, records, bytes, content_hash, checksum
       FROM snapshot_files WHERE snapshot = ? ORDER BY object_key, file_index`,
    ),
    objectDefinition: db.prepare<[number, string], { definition: string | null }>(
      'SELECT definition FROM snapshot_objects WHERE snapshot = ? AND object_key = ?',
    ),
    fileData: db.prepare<[number, string, number], { data: Buffer | null; offsets: Buffer | null }>(
      'SELECT data, offsets FROM snapshot_files WHERE snapshot = ? AND object_key = ? AND file_index = ?',
    ),
    moveObject: db.prepare('UPDATE snapshot_objects SET snapshot = ? WHERE snapshot = ? AND object_key = ?'),
    moveFile: db.prepare('UPDATE snapshot_files SET snapshot = ? WHERE snapshot = ? AND object_key = ? AND file_index = ?'),
    copyFile: db.prepare(
      `INSERT OR REPLACE INTO snapshot_files (snapshot, object_key, file_index, data, offsets, records, bytes, content_hash, checksum)
       SELECT ?, object_key, file_index, data, offsets, records, bytes, content_hash, checksum
       FROM snapshot_files WHERE snapshot = ? AND object_key = ? AND file_index = ?`,
    ),
    setChecksum: db.prepare('UPDATE snapshot_files SET checksum = ? WHERE snapshot = ? AND object_key = ? AND file_index = ?'),
    recordDeleted: db.prepare(
      'INSERT INTO deleted_snapshots (backup, snapshot_id, type, deleted_at, reason) VALUES (?, ?, ?, ?, ?)',
    ),
    deletedSnapshots: db.prepare<[number], { snapshot_id: number; type: SnapshotType; deleted_at: number; reason: string }>(
      'SELECT snapshot_id, type, deleted_at, reason FROM deleted_snapshots WHERE backup = ? ORDER BY snapshot_id',
    ),
  };
}

/** Writes a file and flushes it to the disk, so that once renamed it survives a crash with its bytes. */
function writeDurably(path: string, bytes: Buffer): void {
  const fd = openSync(path, 'w');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
}

function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > MIGRATIONS.length) {
    throw new Error(
      `The backup store was written by a newer kinetica-mock (schema version ${applied}, this one knows ${MIGRATIONS.length})`,
    );
  }
  if (applied === MIGRATIONS.length) return;
  db.transaction(() => {
    for (let version = applied; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
