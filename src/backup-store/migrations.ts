/**
 * The schema of the backup store, as numbered migrations. The database's user_version is the
 * number of migrations applied; opening a store applies the missing ones in one transaction.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: backups, their snapshots as deltas against a baseline, and removed snapshot ids.
  `
  CREATE TABLE backups (
    id                INTEGER PRIMARY KEY,
    store_key         TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    objects_map       TEXT    NOT NULL,
    ddl_only          INTEGER NOT NULL,
    checksum          INTEGER NOT NULL,
    max_incremental   INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (store_key, name)
  );

  CREATE TABLE snapshots (
    id                INTEGER PRIMARY KEY,
    backup            INTEGER NOT NULL REFERENCES backups(id) ON DELETE CASCADE,
    snapshot_id       INTEGER NOT NULL,
    type              TEXT    NOT NULL CHECK (type IN ('full', 'incremental', 'differential')),
    baseline          INTEGER REFERENCES snapshots(id),
    created_at        INTEGER NOT NULL,
    duration_ms       INTEGER NOT NULL,
    comment           TEXT    NOT NULL,
    ddl_only          INTEGER NOT NULL,
    checksum          INTEGER NOT NULL,
    catalog_epoch     TEXT    NOT NULL,
    catalog_seq       INTEGER NOT NULL,
    total_records     INTEGER NOT NULL,
    objects           TEXT    NOT NULL,
    UNIQUE (backup, snapshot_id)
  );

  -- Object definitions a snapshot holds: the ones that differ from its baseline, or a tombstone
  -- (definition NULL) for an object gone since. fresh = 1: the object's files start empty here.
  CREATE TABLE snapshot_objects (
    snapshot          INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    object_key        TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    definition        TEXT,
    def_hash          TEXT,
    fresh             INTEGER NOT NULL,
    PRIMARY KEY (snapshot, object_key)
  );

  -- Data files a snapshot holds: the ones that differ from its baseline, or a tombstone (data NULL).
  CREATE TABLE snapshot_files (
    snapshot          INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    object_key        TEXT    NOT NULL,
    file_index        INTEGER NOT NULL,
    data              BLOB,
    offsets           BLOB,
    records           INTEGER NOT NULL,
    bytes             INTEGER NOT NULL,
    content_hash      TEXT,
    checksum          TEXT,
    PRIMARY KEY (snapshot, object_key, file_index)
  );

  CREATE TABLE deleted_snapshots (
    backup            INTEGER NOT NULL REFERENCES backups(id) ON DELETE CASCADE,
    snapshot_id       INTEGER NOT NULL,
    type              TEXT    NOT NULL,
    deleted_at        INTEGER NOT NULL,
    reason            TEXT    NOT NULL
  );
  `,
  // 2: a comment for the backup as a whole (/alter/backup's comment option), apart from its snapshots'.
  `
  ALTER TABLE backups ADD COLUMN comment TEXT NOT NULL DEFAULT '';
  `,
];
