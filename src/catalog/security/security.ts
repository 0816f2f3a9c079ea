/**
 * Users, roles, memberships and grants over a catalog: every change goes through catalog.add,
 * remove and touch, so backups see it. Also the effective-permission questions authorization
 * asks: which roles a principal holds (recursively, with the implicit `public` and
 * `authenticated`) and whether its grants cover a wanted permission.
 */
import type { Catalog } from '../catalog.js';
import { keyOf } from '../names.js';
import { securityErrors } from '../../errors/security.js';
import { closure, systemWide, ALL_OBJECTS_TYPES, SCHEMA_SCOPED_TYPES } from './permissions.js';
import { describeTarget, schemaOf, type Target } from './objects.js';
import { hashPassword } from './password.js';
import { Role, User, sameGrantTarget, sortGrants, type Grant, type Principal } from './principals.js';

export const ADMIN_USER = 'admin';
export const PUBLIC_ROLE = 'public';
export const AUTHENTICATED_ROLE = 'authenticated';
/** Roles every user holds without being granted them. */
export const IMPLICIT_ROLES: readonly string[] = [AUTHENTICATED_ROLE, PUBLIC_ROLE];

/** A permission wanted on an object. */
export interface Wanted extends Target {
  permission: string;
}

/** Creates what every Kinetica has from the start: user `admin` (system_admin) and roles `public` and `authenticated`. */
export function addInitialSecurity(catalog: Catalog, adminPassword: string): void {
  const admin = new User(ADMIN_USER, 'internal_user', hashPassword(adminPassword));
  admin.grants.push(systemGrant('system_admin'));
  catalog.add(admin);
  catalog.add(new Role(PUBLIC_ROLE));
  catalog.add(new Role(AUTHENTICATED_ROLE));
}

export function systemGrant(permission: string): Grant {
  return { permission, objectType: 'system', object: '', withGrantOption: false, filterExpression: '', columns: [] };
}

// -----------------------------------------------------------------------------------------------
// Looking principals up

export function findUser(catalog: Catalog, name: string): User | undefined {
  return catalog.get<User>('user', undefined, name.trim());
}

export function findRole(catalog: Catalog, name: string): Role | undefined {
  return catalog.get<Role>('role', undefined, name.trim());
}

export function findPrincipal(catalog: Catalog, name: string): Principal | undefined {
  return findUser(catalog, name) ?? findRole(catalog, name);
}

export function requireUser(catalog: Catalog, name: string): User {
  const user = findUser(catalog, name);
  if (!user) throw securityErrors.userNotFound(name.trim());
  return user;
}

export function requireRole(catalog: Catalog, name: string): Role {
  const role = findRole(catalog, name);
  if (!role) throw securityErrors.roleNotFound(name.trim());
  return role;
}

export function requirePrincipal(catalog: Catalog, name: string): Principal {
  const principal = findPrincipal(catalog, name);
  if (!principal) throw securityErrors.principalNotFound(name.trim());
  return principal;
}

export function isBuiltInRole(name: string): boolean {
  return IMPLICIT_ROLES.includes(keyOf(name));
}

// -----------------------------------------------------------------------------------------------
// Names

const MAX_NAME = 64;
const INTERNAL_NAME = /^[a-z_][a-z0-9_]*$/;
const EXTERNAL_NAME = /^@\S+$/;

export function checkUserName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.startsWith('@')) throw securityErrors.internalNameWithAt(trimmed);
  if (!INTERNAL_NAME.test(trimmed) || trimmed.length > MAX_NAME) throw securityErrors.invalidUserName(trimmed);
  return trimmed;
}

export function checkExternalUserName(name: string): string {
  const trimmed = name.trim();
  if (!EXTERNAL_NAME.test(trimmed) || trimmed.length > MAX_NAME + 1) throw securityErrors.invalidExternalName(trimmed);
  return trimmed;
}

export function checkRoleName(name: string): string {
  const trimmed = name.trim();
  if (!INTERNAL_NAME.test(trimmed) || trimmed.length > MAX_NAME) throw securityErrors.invalidRoleName(trimmed);
  return trimmed;
}

// -----------------------------------------------------------------------------------------------
// Creating and dropping

export function addUser(catalog: Catalog, user: User): void {
  if (findRole(catalog, user.name)) throw securityErrors.nameTakenByRole(user.name);
  if (findUser(catalog, user.name)) throw securityErrors.userExists(findUser(catalog, user.name)!.name);
  catalog.add(user);
}

export function addRole(catalog: Catalog, role: Role): void {
  if (findUser(catalog, role.name)) throw securityErrors.nameTakenByUser(role.name);
  if (findRole(catalog, role.name)) throw securityErrors.roleExists(findRole(catalog, role.name)!.name);
  catalog.add(role);
}

export function deleteUser(catalog: Catalog, name: string): void {
  const user = requireUser(catalog, name);
  if (keyOf(user.name) === ADMIN_USER) throw securityErrors.builtInUser(user.name, 'deleted');
  catalog.remove(user);
}

/** Drops a role and every membership in it. */
export function deleteRole(catalog: Catalog, name: string): void {
  const role = requireRole(catalog, name);
  if (isBuiltInRole(role.name)) throw securityErrors.builtInRole(role.name);
  for (const member of [...catalog.list<User>('user'), ...catalog.list<Role>('role')]) {
    if (!member.hasRole(role.name)) continue;
    member.roles = member.roles.filter((held) => keyOf(held) !== keyOf(role.name));
    catalog.touch(member);
  }
  catalog.remove(role);
}

// -----------------------------------------------------------------------------------------------
// Role membership

/** Grants membership in a role; granting one already held changes nothing. */
export function grantRole(catalog: Catalog, roleName: string, memberName: string): void {
  const role = requireRole(catalog, roleName);
  const member = requirePrincipal(catalog, memberName);
  if (isBuiltInRole(role.name)) throw securityErrors.implicitRole(role.name);
  if (member.kind === 'role') {
    if (keyOf(member.name) === keyOf(role.name)) throw securityErrors.memberOfItself(role.name);
    if (rolesOf(catalog, role).has(keyOf(member.name))) throw securityErrors.membershipCycle(role.name, member.name);
  }
  if (member.hasRole(role.name)) return;
  member.roles = [...member.roles, role.name].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  catalog.touch(member);
}

export function revokeRole(catalog: Catalog, roleName: string, memberName: string): void {
  const role = requireRole(catalog, roleName);
  const member = requirePrincipal(catalog, memberName);
  if (isBuiltInRole(role.name)) throw securityErrors.implicitRole(role.name);
  if (!member.hasRole(role.name)) throw securityErrors.notAMember(role.name, member.name);
  member.roles = member.roles.filter((held) => keyOf(held) !== keyOf(role.name));
  catalog.touch(member);
}

/**
 * The roles a principal holds, by lower-case name: its direct roles and theirs, recursively, plus
 * the implicit ones for users. Memberships in roles that no longer exist count for nothing.
 */
export function rolesOf(catalog: Catalog, principal: Principal): Map<string, Role> {
  const found = new Map<string, Role>();
  const pending = [...principal.roles, ...(principal.kind === 'user' ? IMPLICIT_ROLES : [])];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (found.has(keyOf(name))) continue;
    const role = findRole(catalog, name);
    if (!role) continue;
    found.set(keyOf(role.name), role);
    pending.push(...role.roles);
  }
  return found;
}

/** Whether a principal is a member of a role: `direct` when granted to it, `indirect` through roles or implicitly. */
export function membership(catalog: Catalog, principal: Principal, role: string): 'direct' | 'indirect' | undefined {
  if (principal.hasRole(role)) return 'direct';
  return rolesOf(catalog, principal).has(keyOf(role.trim())) ? 'indirect' : undefined;
}

// -----------------------------------------------------------------------------------------------
// Grants

/** Every grant a principal holds: its own and those of all its roles. */
export function effectiveGrants(catalog: Catalog, principal: Principal): Grant[] {
  const grants = [...principal.grants];
  for (const role of rolesOf(catalog, principal).values()) grants.push(...role.grants);
  return grants;
}

/** Whether a held grant gives the wanted permission (see permissions.ts for what includes what). */
export function covers(held: Grant, wanted: Wanted): boolean {
  if (held.permission === 'system_admin') return true;
  if (held.objectType === 'system') {
    if (wanted.objectType === 'system') return closure(held.permission).has(wanted.permission);
    return systemWide(held.permission).has(wanted.permission);
  }
  if (!appliesTo(held, wanted)) return false;
  return closure(held.permission, held.objectType === 'schema').has(wanted.permission);
}

/** Whether a held grant's object is the wanted object, or contains it (a schema), or is every object. */
function appliesTo(held: Grant, wanted: Target): boolean {
  if (held.objectType === 'schema') {
    if (wanted.objectType === 'schema') return keyOf(held.object) === keyOf(wanted.object);
    return SCHEMA_SCOPED_TYPES.has(wanted.objectType) && wanted.object !== '' && keyOf(schemaOf(wanted.object)) === keyOf(held.object);
  }
  if (held.objectType !== wanted.objectType) return false;
  if (held.object === '' && ALL_OBJECTS_TYPES.has(held.objectType)) return true;
  return keyOf(held.object) === keyOf(wanted.object);
}

export function holds(catalog: Catalog, principal: Principal, wanted: Wanted): boolean {
  return effectiveGrants(catalog, principal).some((held) => covers(held, wanted));
}

/** The grants that give a principal a wanted permission (for has/permission's filters). */
export function grantsCovering(catalog: Catalog, principal: Principal, wanted: Wanted): Grant[] {
  return effectiveGrants(catalog, principal).filter((held) => covers(held, wanted));
}

export function isSystemAdmin(catalog: Catalog, principal: Principal): boolean {
  return holds(catalog, principal, { objectType: 'system', object: '', permission: 'system_admin' });
}

/**
 * Adds a grant, merging with one of the same permission on the same object: the grant option is
 * kept once given, column lists add up (an unrestricted grant stays unrestricted), and a new row
 * filter replaces the old one.
 */
export function addGrant(catalog: Catalog, principal: Principal, grant: Grant): void {
  const existing = principal.grants.find((held) => sameGrantTarget(held, grant));
  if (!existing) {
    principal.grants.push({ ...grant, columns: uniqueColumns(grant.columns) });
    sortGrants(principal.grants);
  } else {
    existing.withGrantOption ||= grant.withGrantOption;
    existing.columns = existing.columns.length === 0 || grant.columns.length === 0 ? [] : uniqueColumns([...existing.columns, ...grant.columns]);
    if (grant.filterExpression !== '') existing.filterExpression = grant.filterExpression;
  }
  catalog.touch(principal);
}

/**
 * Removes a directly held grant among the targets a name may denote; with columns, removes only
 * those columns of a column-level grant. Fails when nothing matching was granted.
 */
export function removeGrant(
  catalog: Catalog,
  principal: Principal,
  permission: string,
  targets: Target[],
  columns: string[],
): void {
  const target = targets.find((candidate) => principal.grants.some((held) => sameGrantTarget(held, { ...candidate, permission })));
  if (!target) {
    const shown = targets[0] ?? { objectType: 'system' as const, object: '' };
    throw securityErrors.notGranted(principal.name, permission, describeTarget(shown));
  }
  if (keyOf(principal.name) === ADMIN_USER && principal.kind === 'user' && permission === 'system_admin') {
    throw securityErrors.adminKeepsSystemAdmin(principal.name);
  }
  const index = principal.grants.findIndex((held) => sameGrantTarget(held, { ...target, permission }));
  const grant = principal.grants[index]!;
  if (columns.length === 0) {
    principal.grants.splice(index, 1);
  } else {
    const removing = new Set(columns.map(keyOf));
    const remaining = grant.columns.filter((column) => !removing.has(keyOf(column)));
    if (grant.columns.length === 0 || remaining.length === grant.columns.length) {
      throw securityErrors.columnsNotGranted(principal.name, permission, target.object, columns);
    }
    if (remaining.length === 0) principal.grants.splice(index, 1);
    else grant.columns = remaining;
  }
  catalog.touch(principal);
}

/**
 * What Kinetica does when a user creates an object: the creator gets the object's admin
 * permission with grant option, unless a permission it already holds gives it that. Families
 * that create objects call this after the object is added (a no-op for `admin`).
 */
export function grantCreatorAdmin(catalog: Catalog, userName: string, target: Target, permission: string): void {
  const user = findUser(catalog, userName);
  if (!user) return;
  const wanted = { ...target, permission };
  if (holds(catalog, user, wanted)) return;
  addGrant(catalog, user, { ...wanted, withGrantOption: true, filterExpression: '', columns: [] });
}

function uniqueColumns(columns: string[]): string[] {
  const seen = new Map<string, string>();
  for (const column of columns) if (!seen.has(keyOf(column))) seen.set(keyOf(column), column);
  return [...seen.values()];
}

export { hashPassword };
