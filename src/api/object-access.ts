/**
 * Helpers for the access rules of the credential, connector and other-kind families: the schema a
 * request's object name falls in, and whether the caller may see an object a listing would show.
 */
import type { Emulator } from '../emulator.js';
import type { CatalogEntry } from '../catalog/entry.js';
import type { ObjectKind } from '../catalog/kinds.js';
import { allows, onObject, type Requirement } from '../catalog/security/access.js';
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

/** Whether the caller meets a requirement; always true with authentication off. */
export function callerMay(emulator: Emulator, user: string, requirement: Requirement): boolean {
  return !emulator.config.auth || allows(emulator.catalog, user, requirement);
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
    .filter((entry) => callerMay(emulator, user, onObject(objectType, entry.qualifiedName, permission)))
    .sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName));
}
