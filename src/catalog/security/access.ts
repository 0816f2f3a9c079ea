/**
 * Access requirements: what an endpoint asks of the caller when authentication is on, as plain
 * data built from the request (`onTable(request.table_name, 'table_read')`), so every family's
 * rules read as one table (see src/api/access.ts). allows() decides them against the catalog;
 * the wire plugin turns a refusal into Kinetica's `Access denied; ok`.
 */
import type { Catalog } from '../catalog.js';
import { displayName } from '../entry.js';
import { parseQualified } from '../names.js';
import { fromGeneric, SCHEMA_SCOPED_TYPES, type ObjectType } from './permissions.js';
import {
  findPrincipal,
  findUser,
  holds,
  isSystemAdmin,
  effectiveGrants,
  covers,
  type Wanted,
} from './security.js';
import type { User } from './principals.js';

export type Requirement =
  /** Any authenticated caller. */
  | { readonly kind: 'anyone' }
  /** A permission on an object named as in the request (resolved with the usual name rules). */
  | { readonly kind: 'permission'; readonly objectType: ObjectType; readonly object: string; readonly permission: string }
  /** The caller is this user (a blank name means the caller too). */
  | { readonly kind: 'self'; readonly name: string }
  /** The caller may manage this user or role: system_admin, or system_user_admin over a principal without system_admin. */
  | { readonly kind: 'administer'; readonly principal: string }
  /**
   * The caller may grant (or revoke) this permission: system_admin; system_user_admin except for
   * system_admin and over principals without it; or a holder of it WITH GRANT OPTION.
   * `wanted` reads the request against the catalog; when it throws, only the administrators pass
   * (and the handler then reports the problem).
   */
  | { readonly kind: 'grant'; readonly principal: string; readonly wanted: (catalog: Catalog) => Wanted }
  | { readonly kind: 'anyOf'; readonly of: readonly Requirement[] }
  | { readonly kind: 'allOf'; readonly of: readonly Requirement[] };

export const anyone: Requirement = { kind: 'anyone' };

/** A system permission (`system_admin`, `system_user_admin`, `system_write`, `system_read`, ...). */
export function system(permission: string): Requirement {
  return { kind: 'permission', objectType: 'system', object: '', permission };
}

/** A table permission on `[schema.]table` (`table_read`, `table_insert`, ..., `table_admin`). */
export function onTable(table: string, permission: string): Requirement {
  return { kind: 'permission', objectType: 'table', object: table, permission };
}

/** A permission on an object of another type (`credential_read` on credential `s.c`, ...). */
export function onObject(objectType: ObjectType, object: string, permission: string): Requirement {
  return { kind: 'permission', objectType, object, permission };
}

/** Permission to create objects of a type in a schema (`table_create` on the schema, for tables). */
export function createIn(schema: string, objectType: ObjectType): Requirement {
  const generic = fromGeneric(objectType, 'create');
  if (!generic) throw new Error(`objects of type ${objectType} are not created in a schema`);
  return { kind: 'permission', objectType: generic.objectType, object: generic.objectType === 'schema' ? schema : '', permission: generic.permission };
}

export function self(name: string): Requirement {
  return { kind: 'self', name };
}

export function administer(principal: string): Requirement {
  return { kind: 'administer', principal };
}

export function mayGrant(principal: string, wanted: (catalog: Catalog) => Wanted): Requirement {
  return { kind: 'grant', principal, wanted };
}

export function anyOf(...of: Requirement[]): Requirement {
  return { kind: 'anyOf', of };
}

export function allOf(...of: Requirement[]): Requirement {
  return { kind: 'allOf', of };
}

/** What an endpoint without a stated rule requires: fail closed. */
export const DEFAULT_REQUIREMENT: Requirement = system('system_admin');

/** Whether a user (authenticated, by name) meets a requirement. */
export function allows(catalog: Catalog, userName: string, requirement: Requirement): boolean {
  const user = findUser(catalog, userName);
  if (!user) return false;
  return meets(catalog, user, requirement);
}

function meets(catalog: Catalog, user: User, requirement: Requirement): boolean {
  switch (requirement.kind) {
    case 'anyone':
      return true;
    case 'permission':
      return holds(catalog, user, wantedOf(requirement));
    case 'self':
      return requirement.name.trim() === '' || requirement.name.trim().toLowerCase() === user.name.toLowerCase();
    case 'administer':
      return administers(catalog, user, requirement.principal);
    case 'grant':
      return mayGrantWanted(catalog, user, requirement.principal, requirement.wanted);
    case 'anyOf':
      return requirement.of.some((each) => meets(catalog, user, each));
    case 'allOf':
      return requirement.of.every((each) => meets(catalog, user, each));
  }
}

function wantedOf(requirement: { objectType: ObjectType; object: string; permission: string }): Wanted {
  const { objectType, permission } = requirement;
  const name = requirement.object.trim();
  if (objectType === 'system' || objectType === 'schema' || name === '') return { objectType, object: name, permission };
  if (SCHEMA_SCOPED_TYPES.has(objectType)) {
    try {
      const qualified = parseQualified(name, 'object');
      return { objectType, object: displayName(qualified), permission };
    } catch {
      // An invalid name names no object: only system-wide permissions can cover it.
      return { objectType, object: '', permission };
    }
  }
  return { objectType, object: name, permission };
}

function administers(catalog: Catalog, user: User, principalName: string): boolean {
  if (isSystemAdmin(catalog, user)) return true;
  if (!holds(catalog, user, { objectType: 'system', object: '', permission: 'system_user_admin' })) return false;
  const principal = findPrincipal(catalog, principalName);
  return !principal || !isSystemAdmin(catalog, principal);
}

function mayGrantWanted(catalog: Catalog, user: User, principal: string, read: (catalog: Catalog) => Wanted): boolean {
  if (isSystemAdmin(catalog, user)) return true;
  const userAdmin = holds(catalog, user, { objectType: 'system', object: '', permission: 'system_user_admin' });
  let wanted: Wanted;
  try {
    wanted = read(catalog);
  } catch {
    return userAdmin;
  }
  if (userAdmin && wanted.permission !== 'system_admin' && administers(catalog, user, principal)) return true;
  return effectiveGrants(catalog, user).some((held) => held.withGrantOption && covers(held, wanted));
}
