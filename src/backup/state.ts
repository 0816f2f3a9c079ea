/**
 * What a snapshot restores: its objects and their data files, reconstructed by applying the deltas
 * of its chain (the full snapshot, then each baseline in turn, then its own). States hold file
 * metadata and which snapshot holds each file's bytes, never the bytes themselves. Reconstructed
 * states are cached, and a store transaction that fails takes the cache with it.
 */
import type { BackupStore, FileMeta, ObjectDelta, SnapshotRow } from '../backup-store/store.js';

export interface FileState {
  records: number;
  bytes: number;
  contentHash: string | undefined;
  checksum: string | undefined;
  /** Internal id of the snapshot whose row holds the bytes. */
  holder: number;
}

export interface ObjectState {
  objectKey: string;
  kind: string;
  name: string;
  defHash: string;
  defBytes: number;
  /** Internal id of the snapshot whose row holds the definition. */
  holder: number;
  files: Map<number, FileState>;
}

export interface SnapshotState {
  snapshot: number;
  objects: Map<string, ObjectState>;
  /** Records a restore of this snapshot brings back. */
  totalRecords: number;
}

export const EMPTY_STATE: SnapshotState = { snapshot: 0, objects: new Map(), totalRecords: 0 };

/** The snapshots a snapshot depends on, the full one first and itself last. */
export function chainOf(store: BackupStore, snapshot: SnapshotRow): SnapshotRow[] {
  const chain: SnapshotRow[] = [snapshot];
  let current = snapshot;
  while (current.baseline !== undefined) {
    const baseline = store.snapshot(current.baseline);
    if (!baseline) break;
    chain.unshift(baseline);
    current = baseline;
  }
  return chain;
}

/** Applies a stored snapshot's deltas to a state. */
export function applyStoredDeltas(store: BackupStore, base: SnapshotState, snapshot: number): SnapshotState {
  return applyDeltas(base, snapshot, store.objectDeltas(snapshot), store.fileMetas(snapshot));
}

/** Applies one snapshot's deltas to a state, copying only the objects they touch. */
export function applyDeltas(
  base: SnapshotState,
  snapshot: number,
  objectDeltas: readonly ObjectDelta[],
  fileMetas: readonly FileMeta[],
): SnapshotState {
  const objects = new Map(base.objects);
  let total = base.totalRecords;
  const owned = new Set<string>();
  const own = (key: string): ObjectState | undefined => {
    const current = objects.get(key);
    if (!current || owned.has(key)) return current;
    const copy = { ...current, files: new Map(current.files) };
    objects.set(key, copy);
    owned.add(key);
    return copy;
  };
  for (const delta of objectDeltas) {
    const previous = objects.get(delta.objectKey);
    if (delta.definition === undefined) {
      if (previous) total -= recordsOf(previous);
      objects.delete(delta.objectKey);
      continue;
    }
    const files = delta.fresh || !previous ? new Map<number, FileState>() : new Map(previous.files);
    if (previous && delta.fresh) total -= recordsOf(previous);
    objects.set(delta.objectKey, {
      objectKey: delta.objectKey,
      kind: delta.kind,
      name: delta.name,
      defHash: delta.defHash ?? '',
      defBytes: Buffer.byteLength(delta.definition),
      holder: snapshot,
      files,
    });
    owned.add(delta.objectKey);
  }
  for (const file of fileMetas) {
    const object = own(file.objectKey);
    if (!object) continue;
    const previous = object.files.get(file.fileIndex);
    if (previous) total -= previous.records;
    if (!file.present) {
      object.files.delete(file.fileIndex);
      continue;
    }
    object.files.set(file.fileIndex, {
      records: file.records,
      bytes: file.bytes,
      contentHash: file.contentHash,
      checksum: file.checksum,
      holder: snapshot,
    });
    total += file.records;
  }
  return { snapshot, objects, totalRecords: total };
}

/** What a snapshot itself holds (its delta): the files it copied, their bytes and records. */
export function copiedBy(objects: readonly ObjectDelta[], files: readonly FileMeta[]): { size: number; files: number; records: number } {
  let size = 0;
  let count = 0;
  let records = 0;
  for (const object of objects) {
    if (object.definition === undefined) continue;
    count++;
    size += Buffer.byteLength(object.definition);
  }
  for (const file of files) {
    if (!file.present) continue;
    count++;
    size += file.bytes;
    records += file.records;
  }
  return { size, files: count, records };
}

function recordsOf(object: ObjectState): number {
  let records = 0;
  for (const file of object.files.values()) records += file.records;
  return records;
}

/**
 * Reconstructed states, kept per snapshot. An entry names the rows that hold each file, so it
 * goes whenever rows move (a removal folds the removed snapshot's rows into its successor).
 */
export class StateCache {
  private readonly states = new Map<number, SnapshotState>();

  constructor(private readonly limit = 64) {}

  get(store: BackupStore, snapshot: SnapshotRow): SnapshotState {
    const cached = this.states.get(snapshot.id);
    if (cached) return cached;
    const chain = chainOf(store, snapshot);
    // Start from the newest link already known, and apply the deltas after it.
    let start = chain.length - 1;
    while (start >= 0 && !this.states.has(chain[start]!.id)) start--;
    let state = start >= 0 ? this.states.get(chain[start]!.id)! : EMPTY_STATE;
    for (const link of chain.slice(start + 1)) {
      state = applyStoredDeltas(store, state, link.id);
      this.remember(link.id, state);
    }
    return state;
  }

  remember(snapshot: number, state: SnapshotState): void {
    this.states.delete(snapshot);
    this.states.set(snapshot, state);
    while (this.states.size > this.limit) this.states.delete(this.states.keys().next().value!);
  }

  forget(snapshot: number): void {
    this.states.delete(snapshot);
  }

  clear(): void {
    this.states.clear();
  }
}

/**
 * Runs fn in one store transaction. When it fails, the store rolls back; cached states may then
 * name rows that no longer exist (and whose ids SQLite may hand out again), so they go too.
 */
export function inTransaction<T>(store: BackupStore, states: StateCache, fn: () => T): T {
  try {
    return store.transaction(fn);
  } catch (error) {
    states.clear();
    throw error;
  }
}
