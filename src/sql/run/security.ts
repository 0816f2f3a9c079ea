/**
 * Users, roles and permissions (sql-security.mdx): CREATE USER -> /create/user/internal (or
 * /create/user/external for `"@name"`), ALTER USER -> /alter/user per setting, DROP USER ->
 * /delete/user; CREATE / ALTER / DROP ROLE -> /create/role, /alter/role, /delete/role;
 * GRANT / REVOKE of a role -> /grant/role, /revoke/role; GRANT / REVOKE of a permission ->
 * /grant/permission, /revoke/permission, once per object a wildcard (`*`, `*.*`, `schema.*`)
 * stands for.
 */
import { displayName } from '../../catalog/entry.js';
import type { Table } from '../../catalog/table/table.js';
import { keyOf } from '../../catalog/names.js';
import { sqlErrors } from '../../errors/sql.js';
import type { CreateRole, CreateUser, DropPrincipal, PermissionStatement, PermissionTarget, RoleGrant } from '../ast.js';
import type { Outcome, Session } from './session.js';

const USER_ACTIONS: Record<string, string> = {
  password: 'set_password',
  resource_group: 'set_resource_group',
  default_schema: 'set_default_schema',
  activated: 'set_activated',
};

export async function createUser(session: Session, statement: CreateUser): Promise<Outcome> {
  const options: Record<string, string> = {};
  let password = '';
  for (const { setting, value } of statement.settings) {
    if (setting === 'password') password = value;
    else options[setting] = value;
  }
  if (statement.name.startsWith('@')) {
    if (statement.settings.some((setting) => setting.setting === 'password')) {
      throw sqlErrors.conflictingClauses(`an external user ('${statement.name}')`, 'a PASSWORD');
    }
    await session.call('/create/user/external', { name: statement.name, options });
  } else {
    await session.call('/create/user/internal', { name: statement.name, password, options });
  }
  return { group: 'DDL', countAffected: 1 };
}

export async function alterUser(session: Session, statement: CreateUser): Promise<Outcome> {
  for (const { setting, value } of statement.settings) {
    await session.call('/alter/user', { name: statement.name, action: USER_ACTIONS[setting]!, value, options: {} });
  }
  return { group: 'DDL', countAffected: 1 };
}

export async function dropPrincipal(session: Session, statement: DropPrincipal): Promise<Outcome> {
  if (statement.kind === 'dropUser') await session.call('/delete/user', { name: statement.name, options: {} });
  else await session.call('/delete/role', { name: statement.name, options: {} });
  return { group: 'DDL', countAffected: 1 };
}

export async function createRole(session: Session, statement: CreateRole): Promise<Outcome> {
  if (statement.kind === 'createRole') {
    const options: Record<string, string> = statement.resourceGroup === null ? {} : { resource_group: statement.resourceGroup };
    await session.call('/create/role', { name: statement.name, options });
  } else {
    await session.call('/alter/role', { name: statement.name, action: 'set_resource_group', value: statement.resourceGroup ?? '', options: {} });
  }
  return { group: 'DDL', countAffected: 1 };
}

export async function roleGrant(session: Session, statement: RoleGrant): Promise<Outcome> {
  const request = { role: statement.role, member: statement.member, options: {} };
  if (statement.kind === 'grantRole') await session.call('/grant/role', request);
  else await session.call('/revoke/role', request);
  return { group: 'DDL', countAffected: 1 };
}

interface Target {
  objectType: 'system' | 'schema' | 'table' | 'object';
  object: string;
}

/** The objects a permission target names; wildcards stand for every existing schema or table. */
function targetsOf(session: Session, target: PermissionTarget): Target[] {
  const catalog = session.emulator.catalog;
  const schemas = () => catalog.schemaList().map((schema) => ({ objectType: 'schema' as const, object: schema.name }));
  const tables = (schema?: string) =>
    catalog
      .list<Table>('table')
      .filter((table) => schema === undefined || keyOf(table.schema!) === keyOf(schema))
      .map((table) => ({ objectType: 'table' as const, object: displayName(table) }))
      .sort((a, b) => a.object.localeCompare(b.object));
  switch (target.scope) {
    case 'system':
      return [{ objectType: 'system', object: '' }];
    case 'object':
      return [{ objectType: 'object', object: session.qualify(target.name) }];
    case 'schema':
      return target.pattern.all ? schemas() : [{ objectType: 'schema', object: target.pattern.name! }];
    case 'table':
    case 'either': {
      const { every, schema, name } = target.pattern;
      if (every === 'schema') return schemas();
      if (every === 'table') return tables(schema);
      // A bare name names a schema when one has that name (sql-security.mdx), else a table.
      if (target.scope === 'either' && name!.schema === undefined && catalog.schema(name!.name)) {
        return [{ objectType: 'schema', object: name!.name }];
      }
      return [{ objectType: 'table', object: session.qualify(name!) }];
    }
  }
}

export async function permissionStatement(session: Session, statement: PermissionStatement): Promise<Outcome> {
  const targets = targetsOf(session, statement.target);
  const columns =
    'columns' in statement.target ? statement.target.columns.filter((column): column is string => typeof column === 'string') : [];
  const path = statement.kind === 'grant' ? '/grant/permission' : '/revoke/permission';
  session.lastEndpoint = path;
  let count = 0;
  for (const { objectType, permission } of statement.permissions) {
    for (const target of targets) {
      // `create` on a schema-scoped type keeps that type and names the schema (/grant/permission's reading).
      const type = target.objectType === 'object' || permission === 'create' || target.objectType === 'system' ? objectType : target.objectType;
      const options: Record<string, string> = {};
      if (columns.length > 0) options.columns = columns.join(',');
      if (statement.kind === 'grant') {
        if (statement.where) options.filter_expression = session.textOf(statement.where);
        if (statement.withGrantOption) options.with_grant_option = 'true';
      }
      const request = { principal: statement.principal, object: target.object, object_type: type, permission, options };
      if (statement.kind === 'grant') await session.call('/grant/permission', request);
      else await session.call('/revoke/permission', request);
      count++;
    }
  }
  return { group: 'DDL', countAffected: count };
}
