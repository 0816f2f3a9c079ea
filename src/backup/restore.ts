/**
 * /restore/backup: brings back the objects a snapshot holds (following its chain), by the same map
 * syntax as backups, under a conflict policy. All or nothing: every check runs before the catalog
 * changes, and if a change still fails midway, the ones made are undone in reverse order.
 *
 * A restore runs in three steps: the plan (the snapshot, the objects its map names, each one's
 * definition and files read from the store), the conflicts (what the policy makes of objects that
 * exist already, and which schemas are missing), then the changes, each with its undo.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import { displayName, type CatalogEntry } from '../catalog/entry.js';
import type { RestoreHandler } from '../catalog/restore-handler.js';
import { SCHEMA_SCOPED_KINDS, type ObjectKind } from '../catalog/kinds.js';
import { keyOf } from '../catalog/names.js';
import type { Table } from '../catalog/table/table.js';
import { restoreErrors } from '../errors/restore.js';
import type { BackupStore, SnapshotRow } from '../backup-store/store.js';
import { unpackOffsets } from '../backup-store/offsets.js';
import { sha256 } from './canonical.js';
import { covers, parseObjectsMap } from './objects-map.js';
import type { ObjectState, StateCache } from './state.js';

export type RestorePolicy = 'none' | 'replace' | 'rename';

export interface RestoreOptions {
  /** '' or undefined: the latest snapshot. */
  backupId?: string;
  checksum: boolean;
  createSchemaIfNotExist: boolean;
  ddlOnly: boolean;
  dryRun: boolean;
  renamedObjectsSchema?: string;
  restorePolicy: RestorePolicy;
  /** Source schema -> target schema (lower-case keys). */
  targetSchemaMap: Map<string, string>;
}

export interface RestoreRequest {
  storeKey: string;
  name: string;
  objectsMap: Record<string, string>;
  options: RestoreOptions;
}

export interface RestoreResult {
  backupId: number;
  restoredBytes: number;
  restoredFiles: number;
  restoredRecords: number;
  restoredObjects: Record<string, string>;
  renamedObjects: Record<string, string>;
  info: Record<string, string>;
}

/** A data file as the store holds it: its bytes, the start of each record plus the end of the last, and its count. */
export interface StoredFile {
  bytes: Buffer;
  offsets: Uint32Array;
  records: number;
}

/** One object the restore brings back: where it goes, what it is made of, what it collides with. */
interface Planned {
  state: ObjectState;
  kind: ObjectKind;
  target: { schema: string | undefined; name: string };
  definition: Record<string, unknown>;
  files: StoredFile[];
  existing: CatalogEntry | undefined;
}

/** What the conflict checks settled: the objects in the way, where they go, the schemas to create. */
interface Resolution {
  conflicts: Planned[];
  /** Under the policy rename, with conflicts: the schema the objects in the way move to. */
  renamedSchema: string | undefined;
  missingSchemas: string[];
}

/** A held object's schema and name, from the name it is held under (`schema.name` for schema-scoped kinds). */
function split(kind: string, heldName: string): { schema: string | undefined; name: string } {
  if (!SCHEMA_SCOPED_KINDS.has(kind as ObjectKind)) return { schema: undefined, name: heldName };
  const dot = heldName.indexOf('.');
  return { schema: heldName.slice(0, dot), name: heldName.slice(dot + 1) };
}

/** Picks the snapshot a restore (or a show or verify) asks for: the latest, or the one with the id. */
export function pickSnapshot(snapshots: SnapshotRow[], backupName: string, backupId: string | undefined): SnapshotRow {
  const latest = snapshots[snapshots.length - 1];
  if (!latest) throw restoreErrors.noSnapshots(backupName);
  if (backupId === undefined || backupId.trim() === '') return latest;
  const id = Number(backupId.trim());
  const found = snapshots.find((snapshot) => snapshot.snapshotId === id);
  if (!Number.isSafeInteger(id) || !found) {
    throw restoreErrors.snapshotNotFound(backupName, backupId, snapshots.map((snapshot) => snapshot.snapshotId));
  }
  return found;
}

/**
 * One object of a snapshot as the store holds it: its definition and, when `read.files`, its data
 * files in order, each checked against its checksum when `read.checksum`. A part missing or
 * damaged fails the read, named with the backup and snapshot of `from`.
 */
export function readObject(
  store: BackupStore,
  object: ObjectState,
  from: { backup: string; snapshotId: number },
  read: { files: boolean; checksum: boolean },
): { definition: Record<string, unknown>; files: StoredFile[] } {
  const text = store.objectDefinition(object.holder, object.objectKey);
  if (text === undefined) throw restoreErrors.missingFile(from.backup, from.snapshotId, `definition of ${object.kind} '${object.name}'`);
  const files: StoredFile[] = [];
  if (read.files) {
    for (const [index, meta] of [...object.files.entries()].sort(([a], [b]) => a - b)) {
      const what = `data file ${index} of ${object.kind} '${object.name}'`;
      const stored = store.fileData(meta.holder, object.objectKey, index);
      if (!stored) throw restoreErrors.missingFile(from.backup, from.snapshotId, what);
      if (read.checksum && meta.checksum !== undefined && sha256(stored.data) !== meta.checksum) {
        throw restoreErrors.checksumMismatch(from.backup, from.snapshotId, what);
      }
      files.push({ bytes: stored.data, offsets: unpackOffsets(stored.offsets), records: meta.records });
    }
  }
  return { definition: JSON.parse(text) as Record<string, unknown>, files };
}

export function restoreBackup(
  store: BackupStore,
  states: StateCache,
  catalog: Catalog,
  handlers: ReadonlyMap<string, RestoreHandler>,
  request: RestoreRequest,
): RestoreResult {
  const { options } = request;
  const { snapshot, planned } = planRestore(store, states, catalog, handlers, request);
  const resolution = checkConflicts(catalog, planned, options);
  const result = summarize(snapshot, planned, resolution);
  if (options.dryRun) return result({ dry_run: 'true' });
  applyRestore(catalog, handlers, planned, resolution);
  return result(options.ddlOnly ? { ddl_only: 'true' } : {});
}

/**
 * The plan: the snapshot asked for, the objects of it the map selects (every object or schema the
 * map names must be there), and for each its target, its definition and files, and what it
 * collides with in the catalog. Every kind planned must be restorable.
 */
function planRestore(
  store: BackupStore,
  states: StateCache,
  catalog: Catalog,
  handlers: ReadonlyMap<string, RestoreHandler>,
  request: RestoreRequest,
): { snapshot: SnapshotRow; planned: Planned[] } {
  const { options } = request;
  const backup = store.findBackup(request.storeKey, request.name);
  if (!backup) throw restoreErrors.backupNotFound(request.name);
  const snapshot = pickSnapshot(store.snapshots(backup.id), request.name, options.backupId);
  const state = states.get(store, snapshot);

  if (Object.keys(request.objectsMap).length === 0) throw restoreErrors.objectsMapRequired();
  const spec = parseObjectsMap(request.objectsMap);
  const held = [...state.objects.values()]
    .sort((a, b) => a.objectKey.localeCompare(b.objectKey))
    .map((object) => ({ object, ...split(object.kind, object.name) }));
  // Every object or schema the map names must be in the snapshot.
  for (const { key, patterns } of spec.entries) {
    for (const pattern of patterns) {
      if (pattern.type === 'every') continue;
      const found = held.some(({ object, schema, name }) =>
        pattern.type === 'schema'
          ? schema !== undefined && keyOf(schema) === keyOf(pattern.schema) && (key === 'all' || key === object.kind)
          : key === object.kind && keyOf(name) === keyOf(pattern.name) && (pattern.schema === undefined || keyOf(schema ?? '') === keyOf(pattern.schema)),
      );
      if (!found) {
        const what = pattern.type === 'schema' ? (key === 'all' ? `schema '${pattern.schema}'` : `${key} '${pattern.schema}.*'`) : `${key} '${displayName(pattern)}'`;
        throw restoreErrors.notInSnapshot(request.name, snapshot.snapshotId, what);
      }
    }
  }
  const selected = held.filter(({ object, schema, name }) => covers(spec, { kind: object.kind as ObjectKind, schema, name }));

  const from = { backup: request.name, snapshotId: snapshot.snapshotId };
  const planned = selected.map(({ object, schema, name }): Planned => {
    const kind = object.kind as ObjectKind;
    const targetSchema = schema === undefined ? undefined : (options.targetSchemaMap.get(keyOf(schema)) ?? schema);
    const stored = readObject(store, object, from, { files: kind === 'table' && !options.ddlOnly, checksum: options.checksum });
    return {
      state: object,
      kind,
      target: { schema: targetSchema, name },
      definition: stored.definition,
      files: stored.files,
      existing: catalog.get(kind, targetSchema, name),
    };
  });
  const unknownKind = planned.find((plan) => !handlers.has(plan.kind));
  if (unknownKind) throw restoreErrors.kindNotRestorable(unknownKind.kind);
  return { snapshot, planned };
}

/**
 * The conflicts and schemas, checked before anything changes: under the policy none no planned
 * object may exist already; under rename the objects in the way must be schema-scoped and their
 * new schema free of their names; a missing target schema needs create_schema_if_not_exist.
 */
function checkConflicts(catalog: Catalog, planned: Planned[], options: RestoreOptions): Resolution {
  const conflicts = planned.filter((plan) => plan.existing);
  if (conflicts.length > 0 && options.restorePolicy === 'none') {
    throw restoreErrors.objectsExist(conflicts.map((plan) => `${plan.kind} '${displayName(plan.target)}'`));
  }
  if (options.restorePolicy === 'rename') {
    const global = conflicts.find((plan) => plan.target.schema === undefined);
    if (global) throw restoreErrors.renameNotForGlobal(global.kind, global.target.name);
  }
  const renamedSchema =
    options.restorePolicy === 'rename' && conflicts.length > 0
      ? (options.renamedObjectsSchema?.trim() || `backup_${randomUUID().replace(/-/g, '')}`)
      : undefined;
  if (renamedSchema !== undefined) {
    for (const plan of conflicts) {
      const taken = catalog.get(plan.kind, renamedSchema, plan.target.name);
      if (taken) throw restoreErrors.renameTargetTaken(plan.kind, displayName({ schema: renamedSchema, name: plan.target.name }));
    }
  }
  const missingSchemas = [
    ...new Map(
      planned
        .filter((plan) => plan.target.schema !== undefined && !catalog.schema(plan.target.schema))
        .map((plan) => [keyOf(plan.target.schema!), plan.target.schema!]),
    ).values(),
  ];
  if (missingSchemas.length > 0 && !options.createSchemaIfNotExist) throw restoreErrors.schemaMissing(missingSchemas);
  return { conflicts, renamedSchema, missingSchemas };
}

/** The answer, given the info to add: what the plan restores (counted before it runs) and what it renames. */
function summarize(snapshot: SnapshotRow, planned: Planned[], { conflicts, renamedSchema }: Resolution): (info: Record<string, string>) => RestoreResult {
  const counters = { bytes: 0, files: 0, records: 0 };
  for (const plan of planned) {
    counters.files += 1 + plan.files.length;
    counters.bytes += plan.state.defBytes + plan.files.reduce((sum, file) => sum + file.bytes.length, 0);
    counters.records += plan.files.reduce((sum, file) => sum + file.records, 0);
  }
  const restoredObjects: Record<string, string> = {};
  const renamedObjects: Record<string, string> = {};
  for (const plan of planned) restoredObjects[displayName(plan.target)] = plan.kind;
  for (const plan of conflicts) {
    if (renamedSchema !== undefined) renamedObjects[displayName(plan.target)] = displayName({ schema: renamedSchema, name: plan.target.name });
  }
  return (info) => ({
    backupId: snapshot.snapshotId,
    restoredBytes: counters.bytes,
    restoredFiles: counters.files,
    restoredRecords: counters.records,
    restoredObjects,
    renamedObjects,
    info,
  });
}

/** The changes, in order, each with an undo step: on a failure midway the steps run back and the error goes on. */
function applyRestore(catalog: Catalog, handlers: ReadonlyMap<string, RestoreHandler>, planned: Planned[], resolution: Resolution): void {
  const { conflicts, renamedSchema, missingSchemas } = resolution;
  const undo: (() => void)[] = [];
  try {
    for (const schema of missingSchemas) {
      catalog.createSchema(schema);
      undo.push(() => catalog.dropSchema(schema, true));
    }
    if (renamedSchema !== undefined && !catalog.schema(renamedSchema)) {
      catalog.createSchema(renamedSchema);
      undo.push(() => catalog.dropSchema(renamedSchema, true));
    }
    for (const plan of conflicts) {
      const existing = plan.existing!;
      if (renamedSchema !== undefined) {
        catalog.rename(existing, renamedSchema, existing.name, true);
        undo.push(() => catalog.rename(existing, plan.target.schema, plan.target.name, true));
      } else {
        catalog.remove(existing);
        undo.push(() => catalog.add(existing));
      }
    }
    const depth = viewDepths(planned);
    const ordered = [...planned].sort((a, b) => handlers.get(a.kind)!.restoreOrder - handlers.get(b.kind)!.restoreOrder || depth(a) - depth(b));
    for (const plan of ordered) {
      const entry = handlers.get(plan.kind)!.fromDefinition(plan.definition, plan.target, catalog);
      catalog.add(entry);
      undo.push(() => catalog.remove(entry));
      if (plan.kind === 'table' && plan.files.length > 0) catalog.loadTableFiles(entry as Table, plan.files);
    }
  } catch (error) {
    for (const step of undo.reverse()) step();
    throw error;
  }
}

/**
 * How deep a planned table stands among the views restored with it: 0 for a table, 1 + the
 * deepest of its sources for a view (its definition's `view.sources`), so each view is restored
 * after the tables and views it reads.
 */
function viewDepths(planned: readonly Planned[]): (plan: Planned) => number {
  const byName = new Map(planned.filter((plan) => plan.kind === 'table').map((plan) => [keyOf(plan.state.name), plan]));
  const depths = new Map<Planned, number>();
  const depthOf = (plan: Planned, seen: Set<Planned>): number => {
    const known = depths.get(plan);
    if (known !== undefined) return known;
    const sources = (plan.definition.view as { sources?: unknown } | undefined)?.sources;
    let depth = 0;
    if (plan.kind === 'table' && Array.isArray(sources)) {
      seen.add(plan);
      for (const source of sources) {
        const found = byName.get(keyOf(String(source)));
        if (found && !seen.has(found)) depth = Math.max(depth, 1 + depthOf(found, seen));
      }
      depth = Math.max(depth, 1);
    }
    depths.set(plan, depth);
    return depth;
  };
  return (plan) => depthOf(plan, new Set());
}
