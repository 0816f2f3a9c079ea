/**
 * Users and roles: /create/user/internal, /create/user/external, /alter/user, /delete/user,
 * /create/role, /alter/role, /delete/role, /grant/role, /revoke/role, /has/role, /show/security.
 * User `admin` and roles `public` and `authenticated` exist from the start; every user is
 * implicitly a member of the two roles.
 */
import type { Catalog } from '../catalog/catalog.js';
import { tableErrors } from '../errors/tables.js';
import { optionErrors } from '../errors/options.js';
import { securityErrors } from '../errors/security.js';
import { keyOf } from '../catalog/names.js';
import { hashPassword } from '../catalog/security/password.js';
import { Role, User, type Grant, type Principal } from '../catalog/security/principals.js';
import {
  ADMIN_USER,
  addRole,
  addUser,
  checkExternalUserName,
  checkRoleName,
  checkUserName,
  deleteRole as deleteRoleFrom,
  deleteUser as deleteUserFrom,
  findRole,
  grantRole as grantRoleIn,
  holds,
  membership,
  requirePrincipal,
  requireRole,
  requireUser,
  revokeRole as revokeRoleIn,
  rolesOf,
} from '../catalog/security/security.js';
import { administer, allOf, anyOf, anyone, self, system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';
import { bool, readOptions, text } from './options.js';

export const securityEndpoints: EndpointTable = {
  '/create/user/internal': { handler: createInternalUser, access: system('system_user_admin') },
  '/create/user/external': { handler: createExternalUser, access: system('system_user_admin') },
  '/alter/user': {
    handler: alterUser,
    // Users may change their own password without any admin permission.
    access: (request) =>
      request.action.trim() === 'set_password' ? anyOf(self(request.name), administer(request.name)) : administer(request.name),
  },
  '/delete/user': { handler: deleteUser, access: (request) => administer(request.name) },
  '/create/role': { handler: createRole, access: system('system_user_admin') },
  '/alter/role': { handler: alterRole, access: (request) => administer(request.name) },
  '/delete/role': { handler: deleteRole, access: (request) => administer(request.name) },
  '/grant/role': { handler: grantRole, access: (request) => allOf(administer(request.role), administer(request.member)) },
  '/revoke/role': { handler: revokeRole, access: (request) => allOf(administer(request.role), administer(request.member)) },
  '/has/role': { handler: hasRole, access: (request) => anyOf(self(request.principal), system('system_user_admin')) },
  // Anyone may call it; callers without user admin permission see only themselves and their roles.
  '/show/security': { handler: showSecurity, access: anyone },
};

const MAX_PASSWORD = 1024;
const USER_ACTIONS = ['set_activated', 'set_comment', 'set_default_schema', 'set_password', 'set_resource_group'];
const ROLE_ACTIONS = ['set_comment', 'set_resource_group'];

const USER_OPTIONS = {
  activated: bool,
  create_home_directory: bool,
  default_schema: text,
  directory_data_limit: text,
  resource_group: text,
};

function checkPassword(password: string): string {
  if (password.length > MAX_PASSWORD) throw securityErrors.passwordTooLong(MAX_PASSWORD);
  return password;
}

/** A resource group by name ('' for the default group); resource groups are catalog objects of their own. */
function checkResourceGroup(catalog: Catalog, name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '';
  const group = catalog.get('resource_group', undefined, trimmed);
  if (!group) throw securityErrors.resourceGroupNotFound(trimmed);
  return group.name;
}

function checkDefaultSchema(catalog: Catalog, name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '';
  const schema = catalog.schema(trimmed);
  if (!schema) throw tableErrors.schemaNotFound(trimmed);
  return schema.name;
}

function checkDirectoryLimit(value: string): string {
  const trimmed = value.trim();
  if (trimmed !== '' && (!/^-?\d+$/.test(trimmed) || Number(trimmed) < -1)) throw securityErrors.badDirectoryDataLimit(value);
  return trimmed;
}

function newUser(catalog: Catalog, name: string, type: User['userType'], passwordHash: string, options: Record<string, unknown>): User {
  const user = new User(name, type, passwordHash);
  user.activated = (options.activated as boolean | undefined) ?? true;
  user.createHomeDirectory = (options.create_home_directory as boolean | undefined) ?? true;
  user.defaultSchema = checkDefaultSchema(catalog, (options.default_schema as string | undefined) ?? '');
  user.directoryDataLimit = checkDirectoryLimit((options.directory_data_limit as string | undefined) ?? '');
  user.resourceGroup = checkResourceGroup(catalog, (options.resource_group as string | undefined) ?? '');
  return user;
}

/** A grant as /show/security lists it: every value a string. */
export function shownGrant(grant: Grant): Record<string, string> {
  return {
    permission: grant.permission,
    object_type: grant.objectType,
    object: grant.object,
    with_grant_option: String(grant.withGrantOption),
    filter_expression: grant.filterExpression,
    columns: grant.columns.join(','),
  };
}

function typeOf(principal: Principal): string {
  return principal instanceof User ? principal.userType : 'role';
}

function createInternalUser(request: RequestOf<'/create/user/internal'>, context: EmulatorContext): ResponseOf<'/create/user/internal'> {
  const options = readOptions(request.options, USER_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const name = checkUserName(request.name);
  const user = newUser(catalog, name, 'internal_user', hashPassword(checkPassword(request.password)), options);
  addUser(catalog, user);
  return { name: request.name, info: {} };
}

function createExternalUser(request: RequestOf<'/create/user/external'>, context: EmulatorContext): ResponseOf<'/create/user/external'> {
  const options = readOptions(request.options, USER_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const user = newUser(catalog, checkExternalUserName(request.name), 'external_user', '', options);
  addUser(catalog, user);
  return { name: request.name, info: {} };
}

function alterUser(request: RequestOf<'/alter/user'>, context: EmulatorContext): ResponseOf<'/alter/user'> {
  readOptions(request.options, {}, context);
  const catalog = context.emulator.catalog;
  const action = request.action.trim();
  if (!USER_ACTIONS.includes(action)) throw optionErrors.invalidEnum(request.action, USER_ACTIONS);
  const user = requireUser(catalog, request.name);
  switch (action) {
    case 'set_activated': {
      const activated = bool(request.value, 'value');
      if (!activated && keyOf(user.name) === ADMIN_USER) throw securityErrors.builtInUser(user.name, 'deactivated');
      user.activated = activated;
      break;
    }
    case 'set_comment':
      user.comment = request.value;
      break;
    case 'set_default_schema':
      user.defaultSchema = checkDefaultSchema(catalog, request.value);
      break;
    case 'set_password':
      if (user.userType !== 'internal_user') throw securityErrors.notInternal(user.name, 'set_password');
      user.passwordHash = hashPassword(checkPassword(request.value));
      break;
    case 'set_resource_group':
      user.resourceGroup = checkResourceGroup(catalog, request.value);
      break;
  }
  catalog.touch(user);
  return { name: request.name, info: {} };
}

function deleteUser(request: RequestOf<'/delete/user'>, context: EmulatorContext): ResponseOf<'/delete/user'> {
  readOptions(request.options, {}, context);
  deleteUserFrom(context.emulator.catalog, request.name);
  return { name: request.name, info: {} };
}

function createRole(request: RequestOf<'/create/role'>, context: EmulatorContext): ResponseOf<'/create/role'> {
  const options = readOptions(request.options, { resource_group: text }, context);
  const catalog = context.emulator.catalog;
  const role = new Role(checkRoleName(request.name));
  role.resourceGroup = checkResourceGroup(catalog, options.resource_group ?? '');
  addRole(catalog, role);
  return { name: request.name, info: {} };
}

function alterRole(request: RequestOf<'/alter/role'>, context: EmulatorContext): ResponseOf<'/alter/role'> {
  readOptions(request.options, {}, context);
  const catalog = context.emulator.catalog;
  const action = request.action.trim();
  if (!ROLE_ACTIONS.includes(action)) throw optionErrors.invalidEnum(request.action, ROLE_ACTIONS);
  const role = requireRole(catalog, request.name);
  if (action === 'set_comment') role.comment = request.value;
  else role.resourceGroup = checkResourceGroup(catalog, request.value);
  catalog.touch(role);
  return { name: request.name, info: {} };
}

function deleteRole(request: RequestOf<'/delete/role'>, context: EmulatorContext): ResponseOf<'/delete/role'> {
  readOptions(request.options, {}, context);
  deleteRoleFrom(context.emulator.catalog, request.name);
  return { name: request.name, info: {} };
}

function grantRole(request: RequestOf<'/grant/role'>, context: EmulatorContext): ResponseOf<'/grant/role'> {
  readOptions(request.options, {}, context);
  grantRoleIn(context.emulator.catalog, request.role, request.member);
  return { role: request.role, member: request.member, info: {} };
}

function revokeRole(request: RequestOf<'/revoke/role'>, context: EmulatorContext): ResponseOf<'/revoke/role'> {
  readOptions(request.options, {}, context);
  revokeRoleIn(context.emulator.catalog, request.role, request.member);
  return { role: request.role, member: request.member, info: {} };
}

function hasRole(request: RequestOf<'/has/role'>, context: EmulatorContext): ResponseOf<'/has/role'> {
  const options = readOptions(request.options, { no_error_if_not_exists: bool, only_direct: bool }, context);
  const catalog = context.emulator.catalog;
  const principal = requirePrincipal(catalog, request.principal.trim() === '' ? context.user : request.principal);
  const role = findRole(catalog, request.role);
  if (!role) {
    if (options.no_error_if_not_exists) return { principal: request.principal, role: request.role, has_role: false, info: { direct: 'false' } };
    throw securityErrors.roleNotFound(request.role.trim());
  }
  const found = membership(catalog, principal, role.name);
  const has = found === 'direct' || (found === 'indirect' && !options.only_direct);
  return { principal: request.principal, role: request.role, has_role: has, info: { direct: String(found === 'direct') } };
}

function showSecurity(request: RequestOf<'/show/security'>, context: EmulatorContext): ResponseOf<'/show/security'> {
  const options = readOptions(request.options, { show_current_user: bool }, context);
  const catalog = context.emulator.catalog;
  const caller = requireUser(catalog, context.user);
  const isUserAdmin = holds(catalog, caller, { objectType: 'system', object: '', permission: 'system_user_admin' });
  // What a caller without user admin permission may see: itself and its roles.
  const visible = new Set([keyOf(caller.name), ...rolesOf(catalog, caller).keys()]);
  let shown: Principal[];
  if (options.show_current_user) {
    shown = [caller];
  } else if (request.names.length === 0) {
    shown = [...catalog.list<User>('user'), ...catalog.list<Role>('role')];
  } else {
    shown = request.names.map((name) => requirePrincipal(catalog, name));
  }
  if (!isUserAdmin) shown = shown.filter((principal) => visible.has(keyOf(principal.name)));
  const unique = [...new Map(shown.map((principal) => [`${principal.kind}:${keyOf(principal.name)}`, principal])).values()];
  return {
    types: Object.fromEntries(unique.map((principal) => [principal.name, typeOf(principal)])),
    roles: Object.fromEntries(unique.map((principal) => [principal.name, [...principal.roles]])),
    permissions: Object.fromEntries(unique.map((principal) => [principal.name, principal.grants.map(shownGrant)])),
    resource_groups: Object.fromEntries(unique.map((principal) => [principal.name, principal.resourceGroup])),
    info: {},
  };
}
