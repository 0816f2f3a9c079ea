/**
 * Restoring users and roles from the definitions a backup holds (principals.ts writes them).
 * Roles come before users. Memberships are kept by name: one in a role that does not exist (yet)
 * counts for nothing until a role of that name exists (security.ts rolesOf). Grants are kept as
 * they were, whether or not their objects came back.
 */
import type { RestoreHandler } from '../restore-handler.js';
import { KineticaError } from '../../errors/kinetica-error.js';
import { isPasswordHash } from './password.js';
import { OBJECT_TYPES, type ObjectType } from './permissions.js';
import { Role, User, sortGrants, type Grant, type Principal } from './principals.js';
import { checkExternalUserName, checkRoleName, checkUserName } from './security.js';

/** Restore order: after resource groups (which users and roles name), roles before users. */
export const ROLE_RESTORE_ORDER = 20;
export const USER_RESTORE_ORDER = 21;

export const roleRestoreHandler: RestoreHandler = {
  kind: 'role',
  restoreOrder: ROLE_RESTORE_ORDER,
  fromDefinition(definition, target) {
    const role = new Role(checkRoleName(target.name));
    readShared(role, definition);
    return role;
  },
};

export const userRestoreHandler: RestoreHandler = {
  kind: 'user',
  restoreOrder: USER_RESTORE_ORDER,
  fromDefinition(definition, target) {
    const type = definition.type === 'external_user' ? 'external_user' : 'internal_user';
    const name = type === 'external_user' ? checkExternalUserName(target.name) : checkUserName(target.name);
    const hash = text(definition, 'password_hash');
    if (!isPasswordHash(hash)) throw badDefinition(name, 'password_hash');
    const user = new User(name, type, hash);
    user.activated = definition.activated !== false;
    user.defaultSchema = text(definition, 'default_schema');
    user.createHomeDirectory = definition.create_home_directory !== false;
    user.directoryDataLimit = text(definition, 'directory_data_limit');
    readShared(user, definition);
    return user;
  },
};

function readShared(principal: Principal, definition: Record<string, unknown>): void {
  principal.comment = text(definition, 'comment');
  principal.resourceGroup = text(definition, 'resource_group');
  const roles = definition.roles ?? [];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) throw badDefinition(principal.name, 'roles');
  principal.roles = [...roles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  const permissions = definition.permissions ?? [];
  if (!Array.isArray(permissions)) throw badDefinition(principal.name, 'permissions');
  principal.grants = permissions.map((each) => readGrant(principal.name, each));
  sortGrants(principal.grants);
}

function readGrant(owner: string, value: unknown): Grant {
  const grant = (value ?? {}) as Record<string, unknown>;
  const objectType = grant.object_type;
  if (typeof grant.permission !== 'string' || !(OBJECT_TYPES as readonly unknown[]).includes(objectType)) {
    throw badDefinition(owner, 'permissions');
  }
  const columns = grant.columns ?? [];
  if (!Array.isArray(columns) || !columns.every((column) => typeof column === 'string')) throw badDefinition(owner, 'permissions');
  return {
    permission: grant.permission,
    objectType: objectType as ObjectType,
    object: typeof grant.object === 'string' ? grant.object : '',
    withGrantOption: grant.with_grant_option === true,
    filterExpression: typeof grant.filter_expression === 'string' ? grant.filter_expression : '',
    columns,
  };
}

function text(definition: Record<string, unknown>, key: string): string {
  const value = definition[key];
  return typeof value === 'string' ? value : '';
}

function badDefinition(name: string, field: string): KineticaError {
  return new KineticaError(`The backed-up definition of '${name}' has an invalid '${field}' and cannot be restored`);
}
