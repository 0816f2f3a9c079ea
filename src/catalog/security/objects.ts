/**
 * The objects permissions name: which catalog kind each object type is, and how a name given in a
 * request becomes the canonical object name a grant stores (the catalog's own spelling,
 * `schema.name` for schema-scoped objects).
 */
import type { Catalog } from '../catalog.js';
import { displayName } from '../entry.js';
import type { ObjectKind } from '../kinds.js';
import { DEFAULT_SCHEMA, parseQualified } from '../names.js';
import { securityErrors } from '../../errors/security.js';
import { ALL_OBJECTS_TYPES, SCHEMA_SCOPED_TYPES, type ObjectType } from './permissions.js';

/** The catalog kind behind each object type (schema and system have none). */
const KIND_OF: Partial<Record<ObjectType, ObjectKind>> = {
  table: 'table',
  credential: 'credential',
  datasource: 'datasource',
  datasink: 'datasink',
  graph: 'graph',
  table_monitor: 'monitor',
  sql_proc: 'stored_procedure',
  context: 'context',
  directory: 'directory',
  proc: 'user_defined_function',
  catalog: 'catalog',
};

const LABEL: Record<ObjectType, string> = {
  catalog: 'Catalog',
  context: 'SQL-GPT context',
  credential: 'Credential',
  datasink: 'Data sink',
  datasource: 'Data source',
  directory: 'Directory',
  graph: 'Graph',
  proc: 'Proc',
  schema: 'Schema',
  sql_proc: 'SQL procedure',
  system: 'System',
  table: 'Table',
  table_monitor: 'Table monitor',
};

export interface Target {
  objectType: ObjectType;
  /** Canonical object name; '' for system permissions and for "all objects of this type". */
  object: string;
}

/** The schema part of a canonical schema-scoped name. */
export function schemaOf(object: string): string {
  const dot = object.indexOf('.');
  return dot < 0 ? DEFAULT_SCHEMA : object.slice(0, dot);
}

/** `table 'ki_home.t'`, `schema 'sales'`, `all credentials`, for messages. */
export function describeTarget(target: Target): string {
  if (target.objectType === 'system') return '';
  if (target.object === '') return ` on every ${LABEL[target.objectType].toLowerCase()}`;
  return ` on ${LABEL[target.objectType].toLowerCase()} '${target.object}'`;
}

/**
 * The objects a name may denote for an object type, most likely first. A `table` name may also
 * denote a schema (a table permission on a schema covers its tables). Nothing is looked up.
 */
export function candidateTargets(objectType: ObjectType, name: string): Target[] {
  const trimmed = name.trim();
  if (objectType === 'system') return [{ objectType, object: '' }];
  if (trimmed === '') return ALL_OBJECTS_TYPES.has(objectType) ? [{ objectType, object: '' }] : [];
  if (objectType === 'schema') return [{ objectType, object: unquote(trimmed) }];
  if (!SCHEMA_SCOPED_TYPES.has(objectType)) return [{ objectType, object: unquote(trimmed) }];
  const found: Target[] = [];
  try {
    const qualified = parseQualified(trimmed, 'object');
    found.push({ objectType, object: displayName(qualified) });
  } catch {
    // Not a valid object name: it can still be a schema below, or nothing.
  }
  if (objectType === 'table' && !trimmed.includes('.')) found.push({ objectType: 'schema', object: unquote(trimmed) });
  return found;
}

/** Whether an object exists, and its canonical name when it does. */
export function findTarget(catalog: Catalog, target: Target): Target | undefined {
  if (target.objectType === 'system' || target.object === '') return target;
  if (target.objectType === 'schema') {
    const schema = catalog.schema(target.object);
    return schema ? { objectType: 'schema', object: schema.name } : undefined;
  }
  const kind = KIND_OF[target.objectType]!;
  if (SCHEMA_SCOPED_TYPES.has(target.objectType)) {
    const dot = target.object.indexOf('.');
    const entry = catalog.get(kind, target.object.slice(0, dot), target.object.slice(dot + 1));
    return entry ? { objectType: target.objectType, object: displayName(entry) } : undefined;
  }
  const entry = catalog.get(kind, undefined, target.object);
  return entry ? { objectType: target.objectType, object: entry.name } : undefined;
}

/**
 * The existing object a request names, in canonical form; fails with "does not exist" when there
 * is none (`mustExist`), or returns the most likely reading of the name otherwise.
 */
export function resolveTarget(catalog: Catalog, objectType: ObjectType, name: string, mustExist: boolean): Target {
  const candidates = candidateTargets(objectType, name);
  if (candidates.length === 0) throw securityErrors.objectRequired(objectType);
  for (const candidate of candidates) {
    const found = findTarget(catalog, candidate);
    if (found) return found;
  }
  if (!mustExist) return candidates[0]!;
  const what = objectType === 'table' && !name.includes('.') ? 'Table or schema' : LABEL[objectType];
  throw securityErrors.objectNotFound(what, candidates[0]!.object);
}

function unquote(name: string): string {
  return name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name;
}
