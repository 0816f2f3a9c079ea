/**
 * Helpers for the access rules of the credential, connector and other-kind families: the schema a
 * request's object name falls in, and whether the caller may see an object a listing would show.
 */
import type { Emulator } from '../emulator/emulator.js';
import type { CatalogEntry } from '../catalog/entry.js';
import type { ObjectKind } from '../catalog/kinds.js';
import { onObject } from '../catalog/security/access.js';
import type { ObjectType } from '../catalog/security/permissions.js';
import { parseQualified } from '../catalog/names.js';

/** The schema of `[schema.]name` (unqualified means ki_home, or the given default); '' when the name is invalid (the handler says why). */
export function schemaOfName(name: string, defaultSchema?: string): string {
  try {
    return parseQualified(name, 'object', defaultSchema).schema;
  } catch {
    return '';
  }
}

/** Whether a show request's name asks for every object: blank or `*`. */
export function isAll(name: string): boolean {
  return name.trim() === '' || name.trim() === '*';
}

/** What a listing shows: the objects of a kind on which the caller holds `permission`, by qualified name. */
export function visibleObjects<E extends CatalogEntry & { readonly qualifiedName: string }>(
  emulator: Emulator,
  user: string,
  kind: ObjectKind,
  objectType: ObjectType,
  permission: string,
): E[] {
  return emulator.catalog
    .list<E>(kind)
    .filter((entry) => emulator.callerMay(user, onObject(objectType, entry.qualifiedName, permission)))
    .sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName));
}
