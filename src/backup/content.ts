/**
 * The content a snapshot restores, read from the store: every object's definition and every data
 * file's bytes, found through the snapshot's reconstructed state. Restore builds on this.
 */
import type { BackupStore, SnapshotRow } from '../backup-store/store.js';
import { unpackOffsets } from '../backup-store/offsets.js';
import type { StateCache } from './state.js';

export interface StoredFile {
  index: number;
  data: Buffer;
  /** Start offset of each record plus the end of the last. */
  offsets: Uint32Array;
  records: number;
}

export interface StoredObject {
  objectKey: string;
  kind: string;
  name: string;
  definition: Record<string, unknown>;
  files: StoredFile[];
}

export class MissingContentError extends Error {}

export function snapshotContent(store: BackupStore, states: StateCache, snapshot: SnapshotRow): StoredObject[] {
  const state = states.get(store, snapshot);
  const objects: StoredObject[] = [];
  for (const object of [...state.objects.values()].sort((a, b) => a.objectKey.localeCompare(b.objectKey))) {
    const definition = store.objectDefinition(object.holder, object.objectKey);
    if (definition === undefined) throw new MissingContentError(`definition of ${object.kind} '${object.name}'`);
    const files: StoredFile[] = [];
    for (const [index, meta] of [...object.files.entries()].sort(([a], [b]) => a - b)) {
      const stored = store.fileData(meta.holder, object.objectKey, index);
      if (!stored) throw new MissingContentError(`data file ${index} of ${object.kind} '${object.name}'`);
      files.push({ index, data: stored.data, offsets: unpackOffsets(stored.offsets), records: meta.records });
    }
    objects.push({ objectKey: object.objectKey, kind: object.kind, name: object.name, definition: JSON.parse(definition) as Record<string, unknown>, files });
  }
  return objects;
}
