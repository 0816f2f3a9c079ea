/**
 * The difference between the catalog now and a baseline snapshot's state, for the objects a
 * backup covers: the definition files and data files to copy, and tombstones for what is gone.
 *
 * The fast path asks the catalog's change log what changed since the baseline was taken, so the
 * work follows the size of the change. The slow path (after a restart or a state load, when the
 * baseline comes from another catalog epoch, or when ddl_only changed) compares everything.
 */
import type { Catalog } from '../catalog/catalog.js';
import { displayName, entryKey } from '../catalog/entry.js';
import type { DataFile } from '../catalog/table/data-file.js';
import type { Table } from '../catalog/table/table.js';
import type { FileDelta, FileMeta, ObjectDelta, SnapshotRow } from '../backup-store/store.js';
import { packOffsets } from '../backup-store/offsets.js';
import { canonicalJson, sha256 } from './canonical.js';
import { covers, resolveCovered, type ObjectsSpec } from './objects-map.js';
import { applyDeltas, copiedBy, EMPTY_STATE, type SnapshotState } from './state.js';

export interface Delta {
  objects: ObjectDelta[];
  files: FileDelta[];
  /** The files without their bytes, as the store lists them. */
  metas: FileMeta[];
  /** What the new snapshot restores. */
  state: SnapshotState;
  copiedFiles: number;
  copiedBytes: number;
  copiedRecords: number;
  /** Some covered table's records changed since the baseline (what ddl_only snapshots leave out). */
  dataChanged: boolean;
}

export interface DeltaRequest {
  catalog: Catalog;
  spec: ObjectsSpec;
  /** undefined for a full snapshot. */
  baseline: { row: SnapshotRow; state: SnapshotState } | undefined;
  ddlOnly: boolean;
  checksum: boolean;
}

/** The id a snapshot in the making is known by in its state, before the store gives it one. */
export const PENDING_SNAPSHOT = -1;

export function computeDelta(request: DeltaRequest): Delta {
  const { catalog, spec, baseline, ddlOnly, checksum } = request;
  const base = baseline?.state;
  const objects: ObjectDelta[] = [];
  const files: FileDelta[] = [];
  let dataChanged = false;

  // Which objects (and, for the fast path, which files of them) to look at.
  const candidates = new Map<string, Set<number> | 'all'>();
  const fast =
    baseline !== undefined &&
    baseline.row.catalogEpoch === catalog.changes.epoch &&
    baseline.row.ddlOnly === ddlOnly;
  if (fast) {
    for (const change of catalog.changes.since({ epoch: baseline.row.catalogEpoch, seq: baseline.row.catalogSeq })!) {
      const files = candidates.get(change.objectKey);
      // A definition-level change (created, dropped, renamed, altered) may replace the object's
      // records wholesale, even under an identical definition: compare all of its files then.
      if (change.file === undefined) candidates.set(change.objectKey, 'all');
      else if (files === undefined) candidates.set(change.objectKey, new Set([change.file]));
      else if (files !== 'all') files.add(change.file);
    }
  } else {
    for (const entry of resolveCovered(catalog, spec, baseline === undefined)) {
      candidates.set(entryKey(entry.kind, entry.schema, entry.name), 'all');
    }
    for (const key of base?.objects.keys() ?? []) candidates.set(key, 'all');
  }

  for (const [key, changedFiles] of candidates) {
    const entry = catalog.getByKey(key);
    const previous = base?.objects.get(key);
    if (!entry || !covers(spec, entry)) {
      if (previous) objects.push(tombstone(key, previous.kind, previous.name));
      continue;
    }
    const definition = canonicalJson(entry.definition());
    const defHash = sha256(definition);
    const fresh = previous === undefined;
    if (fresh || previous.defHash !== defHash) {
      objects.push({ objectKey: key, kind: entry.kind, name: displayName(entry), definition, defHash, fresh });
    }
    if (entry.kind !== 'table') continue;
    const table = entry as Table;
    if (ddlOnly) {
      if (changedFiles === 'all' ? false : changedFiles.size > 0) dataChanged = true;
      for (const index of previous?.files.keys() ?? []) files.push(fileTombstone(key, index));
      continue;
    }
    const indices = new Set<number>();
    if (fresh || changedFiles === 'all') {
      table.data.files.forEach((_file, index) => indices.add(index));
      if (!fresh) for (const index of previous.files.keys()) indices.add(index);
    } else {
      for (const index of changedFiles) indices.add(index);
    }
    for (const index of [...indices].sort((a, b) => a - b)) {
      const file = table.data.files[index];
      const held = fresh ? undefined : previous.files.get(index);
      if (!file || file.count === 0) {
        if (held) {
          files.push(fileTombstone(key, index));
          dataChanged = true;
        }
        continue;
      }
      const bytes = file.packed();
      const contentHash = sha256(bytes);
      if (held?.contentHash === contentHash) continue;
      files.push(fileCopy(key, index, file, bytes, contentHash, checksum));
      dataChanged = true;
    }
  }

  const metas: FileMeta[] = files.map(({ data, offsets: _offsets, ...meta }) => ({ ...meta, present: data !== undefined }));
  const state = applyDeltas(base ?? EMPTY_STATE, PENDING_SNAPSHOT, objects, metas);
  const copied = copiedBy(objects, metas);
  return {
    objects,
    files,
    metas,
    state,
    copiedFiles: copied.files,
    copiedBytes: copied.size,
    copiedRecords: copied.records,
    dataChanged,
  };
}

function tombstone(objectKey: string, kind: string, name: string): ObjectDelta {
  return { objectKey, kind, name, definition: undefined, defHash: undefined, fresh: false };
}

function fileTombstone(objectKey: string, fileIndex: number): FileDelta {
  return { objectKey, fileIndex, data: undefined, offsets: undefined, records: 0, bytes: 0, contentHash: undefined, checksum: undefined };
}

function fileCopy(objectKey: string, fileIndex: number, file: DataFile, bytes: Buffer, contentHash: string, checksum: boolean): FileDelta {
  const offsets = file.packedOffsets();
  return {
    objectKey,
    fileIndex,
    data: bytes,
    offsets: packOffsets(offsets),
    records: file.count,
    bytes: file.byteLength,
    contentHash,
    checksum: checksum ? contentHash : undefined,
  };
}
