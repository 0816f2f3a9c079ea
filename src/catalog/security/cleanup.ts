/**
 * Grants follow their object: when an object is dropped, the permissions granted on it go too, as
 * in Kinetica, and when it is renamed or moved they name it by its new name. A user or role whose
 * grants change this way is logged as changed (its definition, which a backup holds, changed).
 */
import type { Catalog } from '../catalog.js';
import { displayName, type CatalogEntry } from '../entry.js';
import type { ObjectKind } from '../kinds.js';
import { keyOf } from '../names.js';
import type { ObjectType } from './permissions.js';
import type { Grant, Principal } from './principals.js';

/** The permission object type of each kind that can be the object of a grant. */
const OBJECT_TYPE_OF: Partial<Record<ObjectKind, ObjectType>> = {
  catalog: 'catalog',
  context: 'context',
  credential: 'credential',
  datasink: 'datasink',
  datasource: 'datasource',
  directory: 'directory',
  graph: 'graph',
  user_defined_function: 'proc',
  stored_procedure: 'sql_proc',
  table: 'table',
  monitor: 'table_monitor',
};

/** Rewrites every grant on one object; `change` returns the new grant, or undefined to drop it. */
function rewriteGrants(catalog: Catalog, objectType: ObjectType, object: string, change: (grant: Grant) => Grant | undefined): void {
  for (const kind of ['user', 'role'] as const) {
    for (const principal of catalog.list<Principal>(kind)) {
      if (!principal.grants.some((grant) => grant.objectType === objectType && keyOf(grant.object) === keyOf(object))) continue;
      principal.grants = principal.grants.flatMap((grant) => {
        if (grant.objectType !== objectType || keyOf(grant.object) !== keyOf(object)) return [grant];
        const changed = change(grant);
        return changed ? [changed] : [];
      });
      catalog.touch(principal);
    }
  }
}

export function dropGrantsOn(catalog: Catalog, entry: CatalogEntry): void {
  const objectType = OBJECT_TYPE_OF[entry.kind];
  if (objectType !== undefined) rewriteGrants(catalog, objectType, displayName(entry), () => undefined);
}

export function renameGrantsOn(catalog: Catalog, entry: CatalogEntry, formerSchema: string | undefined, formerName: string): void {
  const objectType = OBJECT_TYPE_OF[entry.kind];
  if (objectType === undefined) return;
  const object = displayName(entry);
  rewriteGrants(catalog, objectType, displayName({ schema: formerSchema, name: formerName }), (grant) => ({ ...grant, object }));
}
