/**
 * /restore/backup: brings back the objects a snapshot holds (following its chain), by the same map
 * syntax as backups, under a conflict policy. All or nothing: every check runs before the catalog
 * changes, and if a change still fails midway, the ones made are undone in reverse order.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import type { CatalogEntry } from '../catalog/entry.js';
import type { RestoreHandler } from '../catalog/restore-handler.js';
import { SCHEMA_SCOPED_KINDS, type ObjectKind } from '../catalog/kinds.js';
import { keyOf } from '../catalog/names.js';
import type { Table } from '../catalog/table/table.js';
import { restoreErrors } from '../errors/restore.js';
import type { SnapshotRow } from '../backup-store/store.js';
import { unpackOffsets } from '../backup-store/offsets.js';
import { sha256 } from './canonical.js';
import type { BackupEngine } from './engine.js';
import { covers, parseObjectsMap } from './objects-map.js';
import type { ObjectState } from './state.js';

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

interface Planned {
  state: ObjectState;
  kind: ObjectKind;
  sourceSchema: string | undefined;
  targetSchema: string | undefined;
  name: string;
  definition: Record<string, unknown>;
  files: { bytes: Buffer; offsets: Uint32Array; records: number }[];
  existing: CatalogEntry | undefined;
}

function split(kind: string, displayName: string): { schema: string | undefined; name: string } {
  if (!SCHEMA_SCOPED_KINDS.has(kind as ObjectKind)) return { schema: undefined, name: displayName };
  const dot = displayName.indexOf('.');
  return { schema: displayName.slice(0, dot), name: displayName.slice(dot + 1) };
}

const qualified = (schema: string | undefined, name: string) => (schema === undefined ? name : `${schema}.${name}`);

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

export function restoreBackup(
  engine: BackupEngine,
  catalog: Catalog,
  handlers: ReadonlyMap<string, RestoreHandler>,
  request: RestoreRequest,
): RestoreResult {
  const { store } = engine;
  const { options } = request;
  const backup = store.findBackup(request.storeKey, request.name);
  if (!backup) throw restoreErrors.backupNotFound(request.name);
  const snapshot = pickSnapshot(store.snapshots(backup.id), request.name, options.backupId);
  const state = engine.states.get(store, snapshot);

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
        const what = pattern.type === 'schema' ? (key === 'all' ? `schema '${pattern.schema}'` : `${key} '${pattern.schema}.*'`) : `${key} '${qualified(pattern.schema, pattern.name)}'`;
        throw restoreErrors.notInSnapshot(request.name, snapshot.snapshotId, what);
      }
    }
  }
  const selected = held.filter(({ object, schema, name }) => covers(spec, { kind: object.kind as ObjectKind, schema, name }));

  // Plan every object: its target name, its definition, its files, what it collides with.
  const planned: Planned[] = selected.map(({ object, schema, name }) => {
    const kind = object.kind as ObjectKind;
    const targetSchema = schema === undefined ? undefined : (options.targetSchemaMap.get(keyOf(schema)) ?? schema);
    const text = store.objectDefinition(object.holder, object.objectKey);
    if (text === undefined) throw restoreErrors.missingFile(request.name, snapshot.snapshotId, `definition of ${kind} '${object.name}'`);
    const files: Planned['files'] = [];
    if (kind === 'table' && !options.ddlOnly) {
      for (const [index, meta] of [...object.files.entries()].sort(([a], [b]) => a - b)) {
        const stored = store.fileData(meta.holder, object.objectKey, index);
        if (!stored) throw restoreErrors.missingFile(request.name, snapshot.snapshotId, `data file ${index} of table '${object.name}'`);
        if (options.checksum && meta.checksum !== undefined && sha256(stored.data) !== meta.checksum) {
          throw restoreErrors.checksumMismatch(request.name, snapshot.snapshotId, `data file ${index} of table '${object.name}'`);
        }
        files.push({ bytes: stored.data, offsets: unpackOffsets(stored.offsets), records: meta.records });
      }
    }
    return {
      state: object,
      kind,
      sourceSchema: schema,
      targetSchema,
      name,
      definition: JSON.parse(text) as Record<string, unknown>,
      files,
      existing: catalog.get(kind, targetSchema, name),
    };
  });
  const unknownKind = planned.find((plan) => !handlers.has(plan.kind));
  if (unknownKind) throw restoreErrors.kindNotRestorable(unknownKind.kind);

  // Conflicts and schemas, before anything changes.
  const conflicts = planned.filter((plan) => plan.existing);
  if (conflicts.length > 0 && options.restorePolicy === 'none') {
    throw restoreErrors.objectsExist(conflicts.map((plan) => `${plan.kind} '${qualified(plan.targetSchema, plan.name)}'`));
  }
  if (options.restorePolicy === 'rename') {
    const global = conflicts.find((plan) => plan.targetSchema === undefined);
    if (global) throw restoreErrors.renameNotForGlobal(global.kind, global.name);
  }
  const renamedSchema =
    options.restorePolicy === 'rename' && conflicts.length > 0
      ? (options.renamedObjectsSchema?.trim() || `backup_${randomUUID().replace(/-/g, '')}`)
      : undefined;
  if (renamedSchema !== undefined) {
    for (const plan of conflicts) {
      const taken = catalog.get(plan.kind, renamedSchema, plan.name);
      if (taken) throw restoreErrors.renameTargetTaken(plan.kind, qualified(renamedSchema, plan.name));
    }
  }
  const missingSchemas = [
    ...new Map(
      planned
        .filter((plan) => plan.targetSchema !== undefined && !catalog.schema(plan.targetSchema))
        .map((plan) => [keyOf(plan.targetSchema!), plan.targetSchema!]),
    ).values(),
  ];
  if (missingSchemas.length > 0 && !options.createSchemaIfNotExist) throw restoreErrors.schemaMissing(missingSchemas);

  const counters = { bytes: 0, files: 0, records: 0 };
  for (const plan of planned) {
    counters.files += 1 + plan.files.length;
    counters.bytes += plan.state.defBytes + plan.files.reduce((sum, file) => sum + file.bytes.length, 0);
    counters.records += plan.files.reduce((sum, file) => sum + file.records, 0);
  }
  const restoredObjects: Record<string, string> = {};
  const renamedObjects: Record<string, string> = {};
  for (const plan of planned) restoredObjects[qualified(plan.targetSchema, plan.name)] = plan.kind;
  for (const plan of conflicts) {
    if (renamedSchema !== undefined) renamedObjects[qualified(plan.targetSchema, plan.name)] = qualified(renamedSchema, plan.name);
  }
  const result = (info: Record<string, string>): RestoreResult => ({
    backupId: snapshot.snapshotId,
    restoredBytes: counters.bytes,
    restoredFiles: counters.files,
    restoredRecords: counters.records,
    restoredObjects,
    renamedObjects,
    info,
  });
  if (options.dryRun) return result({ dry_run: 'true' });

  // Apply, keeping an undo step for each change.
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
        catalog.rename(existing, renamedSchema, existing.name);
        undo.push(() => catalog.rename(existing, plan.targetSchema, plan.name));
      } else {
        catalog.remove(existing);
        undo.push(() => catalog.add(existing));
      }
    }
    const ordered = [...planned].sort((a, b) => handlers.get(a.kind)!.restoreOrder - handlers.get(b.kind)!.restoreOrder);
    for (const plan of ordered) {
      const entry = handlers.get(plan.kind)!.fromDefinition(plan.definition, { schema: plan.targetSchema, name: plan.name }, catalog);
      catalog.add(entry);
      undo.push(() => catalog.remove(entry));
      if (plan.kind === 'table' && plan.files.length > 0) catalog.loadTableFiles(entry as Table, plan.files);
    }
  } catch (error) {
    for (const step of undo.reverse()) step();
    throw error;
  }
  return result(options.ddlOnly ? { ddl_only: 'true' } : {});
}

