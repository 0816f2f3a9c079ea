/**
 * Removing a snapshot (retention, intermediate deletion, purge) without changing what any other
 * snapshot restores: the removed snapshot's deltas are folded into each snapshot whose baseline it
 * was, and those take its baseline as theirs. Runs inside the caller's transaction.
 */
import type { BackupStore, FileMeta, ObjectDelta, SnapshotRow } from '../backup-store/store.js';
import type { StateCache } from './state.js';

export function removeSnapshot(
  store: BackupStore,
  states: StateCache,
  backup: number,
  removed: SnapshotRow,
  reason: string,
  now: number,
): void {
  // Read the row again: an earlier removal in the same request may have changed its baseline.
  const snapshot = store.snapshot(removed.id) ?? removed;
  const successors = store.snapshots(backup).filter((s) => s.baseline === snapshot.id);
  if (successors.length > 0) {
    const objects = store.objectDeltas(snapshot.id);
    const files = store.fileMetas(snapshot.id);
    successors.forEach((successor, i) => {
      // The last successor takes the rows; the others (only a full snapshot has several, and a
      // full snapshot is never removed this way) get copies.
      fold(store, snapshot.id, successor.id, objects, files, i < successors.length - 1);
      store.updateSnapshot(successor.id, { baseline: snapshot.baseline });
    });
  }
  store.recordDeleted(backup, { snapshotId: snapshot.snapshotId, type: snapshot.type, deletedAt: now, reason });
  store.deleteSnapshot(snapshot.id);
  // What the others restore is unchanged, but which row holds each file is not: their cached
  // states name the removed snapshot as holder, so they are rebuilt from the store when needed.
  states.forget(snapshot.id);
  for (const other of store.snapshots(backup)) states.forget(other.id);
}

/**
 * Moves into `to` every delta of `from` that `to` does not override. An object that `to` drops or
 * starts afresh needs nothing from `from`; an object `from` started afresh makes `to`'s own entry
 * for it fresh too, since relative to the new baseline the object begins there.
 */
function fold(
  store: BackupStore,
  from: number,
  to: number,
  objects: readonly ObjectDelta[],
  files: readonly FileMeta[],
  copy: boolean,
): void {
  const own = new Map(store.objectDeltas(to).map((delta) => [delta.objectKey, delta]));
  const ownFiles = new Set(store.fileMetas(to).map((file) => `${file.objectKey}\u0000${file.fileIndex}`));
  const overrides = (key: string) => {
    const delta = own.get(key);
    return delta !== undefined && (delta.definition === undefined || delta.fresh);
  };
  for (const delta of objects) {
    const mine = own.get(delta.objectKey);
    if (mine) {
      if (!overrides(delta.objectKey) && delta.fresh) store.replaceObjectDelta(to, { ...mine, fresh: true });
      continue;
    }
    if (copy) store.replaceObjectDelta(to, delta);
    else store.moveObjectDelta(from, to, delta.objectKey);
  }
  for (const file of files) {
    if (overrides(file.objectKey) || ownFiles.has(`${file.objectKey}\u0000${file.fileIndex}`)) continue;
    if (copy) store.copyFileDelta(from, to, file.objectKey, file.fileIndex);
    else store.moveFileDelta(from, to, file.objectKey, file.fileIndex);
  }
}
