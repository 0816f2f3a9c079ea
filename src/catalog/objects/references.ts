/**
 * References between objects (a data sink's credential, a monitor's table and sink, a UDF's
 * environment...), so that an object still referred to is not dropped or moved from under the
 * objects that name it. An entry that refers to others implements `references()`.
 */
import type { Catalog } from '../catalog.js';
import { displayName, entryKey, type CatalogEntry } from '../entry.js';
import { OBJECT_KINDS, type ObjectKind } from '../kinds.js';

export interface ObjectReference {
  kind: ObjectKind;
  schema: string | undefined;
  name: string;
}

export interface Referring {
  references(): ObjectReference[];
}

function isReferring(entry: CatalogEntry): entry is CatalogEntry & Referring {
  return typeof (entry as Partial<Referring>).references === 'function';
}

/** Every object that refers to the target, in a stable order. */
export function referrersOf(catalog: Catalog, target: Pick<CatalogEntry, 'kind' | 'schema' | 'name'>): CatalogEntry[] {
  const key = entryKey(target.kind, target.schema, target.name);
  const found: CatalogEntry[] = [];
  for (const kind of OBJECT_KINDS) {
    for (const entry of catalog.list(kind)) {
      if (!isReferring(entry)) continue;
      if (entry.references().some((ref) => entryKey(ref.kind, ref.schema, ref.name) === key)) found.push(entry);
    }
  }
  return found.sort((a, b) => `${a.kind} ${displayName(a)}`.localeCompare(`${b.kind} ${displayName(b)}`));
}

/** How an object is named in messages: `data sink 'ki_home.s1'`. */
export function describeEntry(entry: Pick<CatalogEntry, 'kind' | 'schema' | 'name'>): string {
  return `${KIND_LABELS[entry.kind]} '${displayName(entry)}'`;
}

export const KIND_LABELS: Record<ObjectKind, string> = {
  catalog: 'catalog',
  context: 'context',
  credential: 'credential',
  datasink: 'data sink',
  datasource: 'data source',
  directory: 'directory',
  function_environment: 'function environment',
  graph: 'graph',
  monitor: 'table monitor',
  resource_group: 'resource group',
  role: 'role',
  stored_procedure: 'SQL procedure',
  table: 'table',
  user: 'user',
  user_defined_function: 'proc',
};
