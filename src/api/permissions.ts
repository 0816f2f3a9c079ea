/**
 * Permissions: /grant/permission and its /system, /table, /credential, /datasource, /directory
 * and /proc forms, the matching /revoke/permission endpoints, and /has/permission. Every form is
 * read into one canonical grant (catalog/security/permissions.ts): the generic endpoint's
 * (object_type, permission) pair and the typed endpoints' full permission names end up the same.
 */
import type { Catalog } from '../catalog/catalog.js';
import { securityErrors } from '../errors/security.js';
import { keyOf } from '../catalog/names.js';
import type { Table } from '../catalog/table/table.js';
import { referencedColumns } from '../expr/index.js';
import {
  ACTIONS,
  actionsOf,
  CREDENTIAL_PERMISSIONS,
  DATASOURCE_PERMISSIONS,
  DIRECTORY_PERMISSIONS,
  fromGeneric,
  OBJECT_TYPES,
  PROC_PERMISSIONS,
  SYSTEM_PERMISSIONS,
  TABLE_PERMISSIONS,
  takesGrantOption,
  type Action,
  type ObjectType,
} from '../catalog/security/permissions.js';
import { candidateTargets, findTarget, resolveTarget, type Target } from '../catalog/security/objects.js';
import {
  addGrant,
  grantsCovering,
  removeGrant,
  requirePrincipal,
  type Wanted,
} from '../catalog/security/security.js';
import { anyOf, mayGrant, self, system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';
import { bool, enumValue, list, readOptions, text } from './options.js';

/** A permission as a request states it, before it is checked against the catalog. */
interface Stated {
  /** Reads the request into a canonical permission and target; `mustExist` checks that the object exists. */
  read(catalog: Catalog, mustExist: boolean): Wanted;
  /** Every object the name may denote, for revoking (the object may be gone). */
  candidates(catalog: Catalog): Target[];
}

/** A permission of a typed endpoint (/grant/permission/table, ...): its own list of full names. */
function typed(objectType: ObjectType, permission: string, valid: readonly string[], name: string, rename: (p: string) => string = (p) => p): Stated {
  const check = (): string => rename(enumValue(valid, permission));
  return {
    read: (catalog, mustExist) => ({ ...resolveTarget(catalog, objectType, name, mustExist), permission: check() }),
    candidates: (catalog) => candidateTargets(objectType, name).map((target) => findTarget(catalog, target) ?? target),
  };
}

/** A permission of the generic endpoints: an (object_type, permission word) pair. */
function generic(objectTypeText: string, actionText: string, name: string): Stated {
  const canonical = (): { objectType: ObjectType; permission: string; asType: ObjectType } => {
    const objectType = enumValue(OBJECT_TYPES, objectTypeText);
    const action = enumValue(ACTIONS, actionText);
    const mapped = fromGeneric(objectType, action as Action);
    if (!mapped) throw securityErrors.permissionNotForType(action, objectType, actionsOf(objectType));
    // `create` on a schema-scoped type names the schema; a `table` name may be a table or a schema.
    const asType = mapped.objectType === 'schema' || mapped.objectType === 'system' ? mapped.objectType : objectType;
    return { objectType: mapped.objectType, permission: mapped.permission, asType };
  };
  return {
    read: (catalog, mustExist) => {
      const { permission, asType } = canonical();
      // KiFS directories need not exist to be granted on (the directory pages do not require it).
      const target = resolveTarget(catalog, asType, name, mustExist && asType !== 'directory');
      return { ...target, permission };
    },
    candidates: (catalog) => {
      const { asType } = canonical();
      return candidateTargets(asType, name).map((target) => findTarget(catalog, target) ?? target);
    },
  };
}

const datasourceName = (permission: string) => (permission === 'admin' ? 'datasource_admin' : 'connect');

/** The principal a grant names: must exist. */
function principalOf(catalog: Catalog, name: string) {
  return requirePrincipal(catalog, name);
}

/** Checks a column list and a row filter against the table a grant is on. */
function checkTableSecurity(catalog: Catalog, target: Target, columns: string[], filter: string): void {
  if (columns.length === 0 && filter.trim() === '') return;
  if (target.objectType !== 'table') throw securityErrors.tableOnlyOption(columns.length > 0 ? 'columns' : 'filter_expression');
  const dot = target.object.indexOf('.');
  const table = catalog.get<Table>('table', target.object.slice(0, dot), target.object.slice(dot + 1));
  if (!table) return;
  const names = table.type.columnNames;
  for (const column of [...columns, ...referencedColumns(filter, names, 'filter_expression')]) {
    if (!names.some((known) => keyOf(known) === keyOf(column))) throw securityErrors.unknownColumn(table.qualifiedName, column, names);
  }
}

function grant(
  catalog: Catalog,
  principalName: string,
  stated: Stated,
  extra: { withGrantOption?: boolean; columns?: string[]; filter?: string } = {},
  mustExist = true,
): void {
  const principal = principalOf(catalog, principalName);
  const wanted = stated.read(catalog, mustExist);
  const withGrantOption = extra.withGrantOption ?? false;
  if (withGrantOption && !takesGrantOption(wanted.permission)) throw securityErrors.grantOptionNotAllowed(wanted.permission);
  const columns = extra.columns ?? [];
  const filter = extra.filter ?? '';
  checkTableSecurity(catalog, wanted, columns, filter);
  addGrant(catalog, principal, { ...wanted, withGrantOption, columns, filterExpression: filter.trim() });
}

function revoke(catalog: Catalog, principalName: string, stated: Stated, columns: string[] = []): void {
  const principal = principalOf(catalog, principalName);
  const permission = stated.read(catalog, false).permission;
  removeGrant(catalog, principal, permission, stated.candidates(catalog), columns);
}

/** Typed endpoints' permissions, as functions of their requests (shared by the rules and the handlers). */
const stated = {
  system: (r: { permission: string }) => typed('system', r.permission, SYSTEM_PERMISSIONS, ''),
  table: (r: { permission: string; table_name: string }) => typed('table', r.permission, TABLE_PERMISSIONS, r.table_name),
  credential: (r: { permission: string; credential_name: string }) =>
    typed('credential', r.permission, CREDENTIAL_PERMISSIONS, r.credential_name),
  datasource: (r: { permission: string; datasource_name: string }) =>
    typed('datasource', r.permission, DATASOURCE_PERMISSIONS, r.datasource_name, datasourceName),
  directory: (r: { permission: string; directory_name: string }) =>
    typed('directory', r.permission, DIRECTORY_PERMISSIONS, r.directory_name),
  proc: (r: { permission: string; proc_name: string }) => typed('proc', r.permission, PROC_PERMISSIONS, r.proc_name),
  generic: (r: { object_type: string; permission: string; object: string }) => generic(r.object_type, r.permission, r.object),
};

/** Grant and revoke need what a grantor needs: user admin, or the permission with grant option. */
const grantRule = (principal: string, of: Stated) => mayGrant(principal, (catalog) => of.read(catalog, false));

export const permissionEndpoints: EndpointTable = {
  '/grant/permission': { handler: grantPermission, access: (r) => grantRule(r.principal, stated.generic(r)) },
  '/grant/permission/system': { handler: grantSystemPermission, access: (r) => grantRule(r.name, stated.system(r)) },
  '/grant/permission/table': { handler: grantTablePermission, access: (r) => grantRule(r.name, stated.table(r)) },
  '/grant/permission/credential': { handler: grantCredentialPermission, access: (r) => grantRule(r.name, stated.credential(r)) },
  '/grant/permission/datasource': { handler: grantDatasourcePermission, access: (r) => grantRule(r.name, stated.datasource(r)) },
  '/grant/permission/directory': { handler: grantDirectoryPermission, access: (r) => grantRule(r.name, stated.directory(r)) },
  '/grant/permission/proc': { handler: grantProcPermission, access: (r) => grantRule(r.name, stated.proc(r)) },
  '/revoke/permission': { handler: revokePermission, access: (r) => grantRule(r.principal, stated.generic(r)) },
  '/revoke/permission/system': { handler: revokeSystemPermission, access: (r) => grantRule(r.name, stated.system(r)) },
  '/revoke/permission/table': { handler: revokeTablePermission, access: (r) => grantRule(r.name, stated.table(r)) },
  '/revoke/permission/credential': { handler: revokeCredentialPermission, access: (r) => grantRule(r.name, stated.credential(r)) },
  '/revoke/permission/datasource': { handler: revokeDatasourcePermission, access: (r) => grantRule(r.name, stated.datasource(r)) },
  '/revoke/permission/directory': { handler: revokeDirectoryPermission, access: (r) => grantRule(r.name, stated.directory(r)) },
  '/revoke/permission/proc': { handler: revokeProcPermission, access: (r) => grantRule(r.name, stated.proc(r)) },
  // Anyone may ask about themselves.
  '/has/permission': { handler: hasPermission, access: (r) => anyOf(self(r.principal), system('system_user_admin')) },
};

/** has/permission's `filters`: column -> row filter of the column- or row-restricted grants giving the permission. */
function filtersOf(grants: { columns: string[]; filterExpression: string }[]): Record<string, string> {
  if (grants.length === 0 || grants.some((held) => held.columns.length === 0 && held.filterExpression === '')) return {};
  const filters: Record<string, string> = {};
  for (const held of grants) {
    for (const column of held.columns.length > 0 ? held.columns : ['*']) filters[column] = held.filterExpression;
  }
  return filters;
}

function grantPermission(request: RequestOf<'/grant/permission'>, context: EmulatorContext): ResponseOf<'/grant/permission'> {
  const options = readOptions(request.options, { columns: list, filter_expression: text, with_grant_option: bool }, context);
  grant(context.emulator.catalog, request.principal, stated.generic(request), {
    withGrantOption: options.with_grant_option ?? false,
    columns: options.columns ?? [],
    filter: options.filter_expression ?? '',
  });
  return { principal: request.principal, object: request.object, object_type: request.object_type, permission: request.permission, info: {} };
}

function grantSystemPermission(request: RequestOf<'/grant/permission/system'>, context: EmulatorContext): ResponseOf<'/grant/permission/system'> {
  readOptions(request.options, {}, context);
  grant(context.emulator.catalog, request.name, stated.system(request));
  return { name: request.name, permission: request.permission, info: {} };
}

function grantTablePermission(request: RequestOf<'/grant/permission/table'>, context: EmulatorContext): ResponseOf<'/grant/permission/table'> {
  const options = readOptions(request.options, { columns: list }, context);
  grant(context.emulator.catalog, request.name, stated.table(request), { columns: options.columns ?? [], filter: request.filter_expression });
  return { name: request.name, permission: request.permission, table_name: request.table_name, filter_expression: request.filter_expression, info: {} };
}

function grantCredentialPermission(request: RequestOf<'/grant/permission/credential'>, context: EmulatorContext): ResponseOf<'/grant/permission/credential'> {
  readOptions(request.options, {}, context);
  grant(context.emulator.catalog, request.name, stated.credential(request));
  return { name: request.name, permission: request.permission, credential_name: request.credential_name, info: {} };
}

function grantDatasourcePermission(request: RequestOf<'/grant/permission/datasource'>, context: EmulatorContext): ResponseOf<'/grant/permission/datasource'> {
  readOptions(request.options, {}, context);
  grant(context.emulator.catalog, request.name, stated.datasource(request));
  return { name: request.name, permission: request.permission, datasource_name: request.datasource_name, info: {} };
}

function grantDirectoryPermission(request: RequestOf<'/grant/permission/directory'>, context: EmulatorContext): ResponseOf<'/grant/permission/directory'> {
  readOptions(request.options, {}, context);
  grant(context.emulator.catalog, request.name, stated.directory(request), {}, false);
  return { name: request.name, permission: request.permission, directory_name: request.directory_name, info: {} };
}

function grantProcPermission(request: RequestOf<'/grant/permission/proc'>, context: EmulatorContext): ResponseOf<'/grant/permission/proc'> {
  readOptions(request.options, {}, context);
  grant(context.emulator.catalog, request.name, stated.proc(request));
  return { name: request.name, permission: request.permission, proc_name: request.proc_name, info: {} };
}

function revokePermission(request: RequestOf<'/revoke/permission'>, context: EmulatorContext): ResponseOf<'/revoke/permission'> {
  const options = readOptions(request.options, { columns: list }, context);
  revoke(context.emulator.catalog, request.principal, stated.generic(request), options.columns ?? []);
  return { principal: request.principal, object: request.object, object_type: request.object_type, permission: request.permission, info: {} };
}

function revokeSystemPermission(request: RequestOf<'/revoke/permission/system'>, context: EmulatorContext): ResponseOf<'/revoke/permission/system'> {
  readOptions(request.options, {}, context);
  revoke(context.emulator.catalog, request.name, stated.system(request));
  return { name: request.name, permission: request.permission, info: {} };
}

function revokeTablePermission(request: RequestOf<'/revoke/permission/table'>, context: EmulatorContext): ResponseOf<'/revoke/permission/table'> {
  const options = readOptions(request.options, { columns: list }, context);
  revoke(context.emulator.catalog, request.name, stated.table(request), options.columns ?? []);
  return { name: request.name, permission: request.permission, table_name: request.table_name, info: {} };
}

function revokeCredentialPermission(request: RequestOf<'/revoke/permission/credential'>, context: EmulatorContext): ResponseOf<'/revoke/permission/credential'> {
  readOptions(request.options, {}, context);
  revoke(context.emulator.catalog, request.name, stated.credential(request));
  return { name: request.name, permission: request.permission, credential_name: request.credential_name, info: {} };
}

function revokeDatasourcePermission(request: RequestOf<'/revoke/permission/datasource'>, context: EmulatorContext): ResponseOf<'/revoke/permission/datasource'> {
  readOptions(request.options, {}, context);
  revoke(context.emulator.catalog, request.name, stated.datasource(request));
  return { name: request.name, permission: request.permission, datasource_name: request.datasource_name, info: {} };
}

function revokeDirectoryPermission(request: RequestOf<'/revoke/permission/directory'>, context: EmulatorContext): ResponseOf<'/revoke/permission/directory'> {
  readOptions(request.options, {}, context);
  revoke(context.emulator.catalog, request.name, stated.directory(request));
  return { name: request.name, permission: request.permission, directory_name: request.directory_name, info: {} };
}

function revokeProcPermission(request: RequestOf<'/revoke/permission/proc'>, context: EmulatorContext): ResponseOf<'/revoke/permission/proc'> {
  readOptions(request.options, {}, context);
  revoke(context.emulator.catalog, request.name, stated.proc(request));
  return { name: request.name, permission: request.permission, proc_name: request.proc_name, info: {} };
}

function hasPermission(request: RequestOf<'/has/permission'>, context: EmulatorContext): ResponseOf<'/has/permission'> {
  const options = readOptions(request.options, { no_error_if_not_exists: bool }, context);
  const catalog = context.emulator.catalog;
  const principal = requirePrincipal(catalog, request.principal.trim() === '' ? context.user : request.principal);
  const of = stated.generic(request);
  // A bad object type or permission fails whatever the options; only a missing or blank object is forgiven.
  of.candidates(catalog);
  let wanted: Wanted;
  try {
    wanted = of.read(catalog, true);
  } catch (error) {
    if (!options.no_error_if_not_exists) throw error;
    return { principal: request.principal, object: request.object, object_type: request.object_type, permission: request.permission, has_permission: false, filters: {}, info: {} };
  }
  const covering = grantsCovering(catalog, principal, wanted);
  return {
    principal: request.principal,
    object: wanted.objectType === 'system' ? request.object : wanted.object,
    object_type: request.object_type,
    permission: request.permission,
    has_permission: covering.length > 0,
    filters: filtersOf(covering),
    info: {},
  };
}
