/**
 * backup_objects_map: which objects a backup holds. Keys are object kinds (or `all`); each value
 * is a comma-separated list of names, `*` for every object of the kind, or `schema.*` for every
 * one in a schema. `all` takes schema names (or `*`) and covers every schema-scoped object in them
 * (tables, procedures, sinks, sources, credentials, monitors, graphs); not users, roles or UDFs.
 *
 * The map of a backup's full request is kept and resolved again at every snapshot, so objects
 * created since are picked up and objects dropped since are recorded as gone.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { CatalogEntry } from '../catalog/entry.js';
import { ALL_COVERS, isObjectKind, OBJECT_KINDS, SCHEMA_SCOPED_KINDS, type ObjectKind } from '../catalog/kinds.js';
import { keyOf, parseQualified } from '../catalog/names.js';
import { backupErrors } from '../errors/backup.js';

type Pattern =
  | { type: 'every' }
  | { type: 'schema'; schema: string }
  | { type: 'exact'; schema: string | undefined; name: string };

export interface ObjectsSpec {
  /** The map as it was given, with blanks trimmed: what the backup keeps. */
  normalized: Record<string, string>;
  entries: { key: ObjectKind | 'all'; patterns: Pattern[] }[];
}

/** Parses a map, refusing unknown keys and empty values. Does not look at the catalog. */
export function parseObjectsMap(map: Record<string, string>): ObjectsSpec {
  const normalized: Record<string, string> = {};
  const entries: ObjectsSpec['entries'] = [];
  for (const [rawKey, rawValue] of Object.entries(map)) {
    const key = rawKey.trim().toLowerCase();
    if (key !== 'all' && !isObjectKind(key)) throw backupErrors.unknownObjectType(rawKey);
    const names = rawValue
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0);
    if (names.length === 0) throw backupErrors.emptyObjectList(rawKey);
    normalized[key] = names.join(',');
    entries.push({ key, patterns: names.map((name) => patternOf(key, name)) });
  }
  return { normalized, entries };
}

function patternOf(key: ObjectKind | 'all', name: string): Pattern {
  if (name === '*') return { type: 'every' };
  if (key === 'all') return { type: 'schema', schema: name };
  if (SCHEMA_SCOPED_KINDS.has(key)) {
    if (name.endsWith('.*')) return { type: 'schema', schema: name.slice(0, -2) };
    const qualified = parseQualified(name, key);
    return { type: 'exact', schema: qualified.schema, name: qualified.name };
  }
  return { type: 'exact', schema: undefined, name };
}

function matches(pattern: Pattern, entry: Pick<CatalogEntry, 'schema' | 'name'>): boolean {
  switch (pattern.type) {
    case 'every':
      return true;
    case 'schema':
      return entry.schema !== undefined && keyOf(entry.schema) === keyOf(pattern.schema);
    case 'exact':
      return (
        keyOf(entry.name) === keyOf(pattern.name) &&
        (pattern.schema === undefined ? entry.schema === undefined : entry.schema !== undefined && keyOf(entry.schema) === keyOf(pattern.schema))
      );
  }
}

/** Whether the map covers an object. */
export function covers(spec: ObjectsSpec, entry: Pick<CatalogEntry, 'kind' | 'schema' | 'name'>): boolean {
  return spec.entries.some(
    ({ key, patterns }) =>
      (key === entry.kind || (key === 'all' && ALL_COVERS.has(entry.kind))) && patterns.some((pattern) => matches(pattern, entry)),
  );
}

/**
 * Every object the map covers now. Strict (a full snapshot's request): a named object or schema
 * that does not exist fails; otherwise it is simply not covered.
 */
export function resolveCovered(catalog: Catalog, spec: ObjectsSpec, strict: boolean): CatalogEntry[] {
  if (strict) {
    for (const { key, patterns } of spec.entries) {
      for (const pattern of patterns) {
        if (pattern.type === 'schema' && !catalog.schema(pattern.schema)) {
          if (key === 'all') throw backupErrors.schemaToBackupNotFound(pattern.schema);
          throw backupErrors.objectToBackupNotFound(key, `${pattern.schema}.*`);
        }
        if (pattern.type === 'exact' && key !== 'all' && !catalog.get(key, pattern.schema, pattern.name)) {
          throw backupErrors.objectToBackupNotFound(key, pattern.schema === undefined ? pattern.name : `${pattern.schema}.${pattern.name}`);
        }
      }
    }
  }
  const kinds = new Set<ObjectKind>();
  for (const { key } of spec.entries) {
    if (key === 'all') for (const kind of ALL_COVERS) kinds.add(kind);
    else kinds.add(key);
  }
  const covered: CatalogEntry[] = [];
  for (const kind of OBJECT_KINDS) {
    if (!kinds.has(kind)) continue;
    for (const entry of catalog.list(kind)) if (covers(spec, entry)) covered.push(entry);
  }
  return covered;
}
