/**
 * Users, roles and permissions in the catalog: what includes what, change tracking, the
 * definitions a backup keeps and restoring from them, and the access-rule plumbing.
 */
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { addInitialSecurity, securityGuard, securityRestoreHandlers } from '../../src/catalog/security/index.js';
import { allows, anyone, createIn, onTable, system } from '../../src/catalog/security/access.js';
import { hashPassword, verifyPassword } from '../../src/catalog/security/password.js';
import { Role, User, type Grant } from '../../src/catalog/security/principals.js';
import {
  addGrant,
  covers,
  deleteRole,
  grantRole,
  requireUser,
  systemGrant,
  type Wanted,
} from '../../src/catalog/security/security.js';
import { emulatorEndpoints } from '../../src/api/index.js';
import { resolveTarget } from '../../src/catalog/security/objects.js';
import { KineticaError } from '../../src/errors/kinetica-error.js';

function newCatalog(): Catalog {
  let now = 0;
  const catalog = new Catalog({ recordsPerFile: 100, now: () => ++now });
  addInitialSecurity(catalog, 'admin');
  return catalog;
}

function grant(permission: string, objectType: Grant['objectType'], object: string, withGrantOption = false): Grant {
  return { permission, objectType, object, withGrantOption, filterExpression: '', columns: [] };
}

const want = (permission: string, objectType: Wanted['objectType'], object: string): Wanted => ({ permission, objectType, object });

describe('what a permission includes', () => {
  it.each([
    ['system_admin gives everything', systemGrant('system_admin'), want('credential_admin', 'credential', 's.c'), true],
    ['system_write gives table_admin on every table', systemGrant('system_write'), want('table_delete', 'table', 's.t'), true],
    ['system_write gives system_read', systemGrant('system_write'), want('system_read', 'system', ''), true],
    ['system_write gives creation in any schema', systemGrant('system_write'), want('datasink_create', 'schema', 's'), true],
    ['system_write is not user admin', systemGrant('system_write'), want('system_user_admin', 'system', ''), false],
    ['system_read gives table_read', systemGrant('system_read'), want('table_read', 'table', 's.t'), true],
    ['system_read does not give table_insert', systemGrant('system_read'), want('table_insert', 'table', 's.t'), false],
    ['system_read gives credential_read', systemGrant('system_read'), want('credential_read', 'credential', 's.c'), true],
    ['system_create gives proc_create', systemGrant('system_create'), want('proc_create', 'system', ''), true],
    ['table_admin on a table gives its record permissions', grant('table_admin', 'table', 's.t'), want('table_update', 'table', 'S.T'), true],
    ['table_admin on a table does not reach another table', grant('table_admin', 'table', 's.t'), want('table_read', 'table', 's.u'), false],
    ['table_read on a schema reaches its tables', grant('table_read', 'schema', 's'), want('table_read', 'table', 's.t'), true],
    ['table_read on a schema does not reach other schemas', grant('table_read', 'schema', 's'), want('table_read', 'table', 'x.t'), false],
    ['table_admin on a schema gives creation in it', grant('table_admin', 'schema', 's'), want('table_create', 'schema', 's'), true],
    ['table_admin on a schema administers its credentials', grant('table_admin', 'schema', 's'), want('credential_read', 'credential', 's.c'), true],
    ['table_create on a schema does not give reading', grant('table_create', 'schema', 's'), want('table_read', 'table', 's.t'), false],
    ['credential_admin on all credentials', grant('credential_admin', 'credential', ''), want('credential_read', 'credential', 'a.b'), true],
    ['datasource_admin gives connect', grant('datasource_admin', 'datasource', 's.d'), want('connect', 'datasource', 's.d'), true],
    ['connect on a data source is not on a data sink', grant('connect', 'datasource', 's.d'), want('connect', 'datasink', 's.d'), false],
    ['directory_write gives directory_read', grant('directory_write', 'directory', 'up'), want('directory_read', 'directory', 'UP'), true],
    ['graph_admin gives graph_read', grant('graph_admin', 'graph', 's.g'), want('graph_read', 'graph', 's.g'), true],
  ])('%s', (_title, held, wanted, expected) => {
    expect(covers(held, wanted)).toBe(expected);
  });
});

describe('users and roles in the catalog', () => {
  it('starts with admin (system_admin, password admin) and the roles public and authenticated', () => {
    const catalog = newCatalog();
    const admin = requireUser(catalog, 'ADMIN');
    expect(admin.grants).toEqual([systemGrant('system_admin')]);
    expect(verifyPassword(admin.passwordHash, 'admin')).toBe(true);
    expect(verifyPassword(admin.passwordHash, 'other')).toBe(false);
    expect(catalog.list('role').map((role) => role.name).sort()).toEqual(['authenticated', 'public']);
  });

  it('records every change of a user or role in the change log', () => {
    const catalog = newCatalog();
    const user = new User('ana', 'internal_user', '');
    catalog.add(user);
    const role = new Role('analyst');
    catalog.add(role);
    const before = catalog.changes.point();
    grantRole(catalog, 'analyst', 'ana');
    addGrant(catalog, role, grant('table_read', 'schema', 'ki_home'));
    deleteRole(catalog, 'analyst');
    const changed = catalog.changes.since(before)!.map((entry) => entry.objectKey);
    expect(changed).toEqual(['user:ana', 'role:analyst', 'user:ana', 'role:analyst']);
    expect(user.roles).toEqual([]);
  });

  it('keeps a password only as a hash in the definition, and a restored user can still log in', () => {
    const user = new User('carol', 'internal_user', hashPassword('s3cret-pw'));
    const definition = user.definition();
    expect(JSON.stringify(definition)).not.toContain('s3cret-pw');
    expect(definition.password_hash).toMatch(/^scrypt\$/);
    const handler = securityRestoreHandlers.find((each) => each.kind === 'user')!;
    const restored = handler.fromDefinition(definition, { schema: undefined, name: 'carol' }, newCatalog()) as User;
    expect(restored.definition()).toEqual(definition);
    expect(verifyPassword(restored.passwordHash, 's3cret-pw')).toBe(true);
  });

  it('restores a user and a role with their memberships and grants, under a new name if asked', () => {
    const catalog = newCatalog();
    const role = new Role('loaders');
    catalog.add(role);
    addGrant(catalog, role, { ...grant('table_read', 'table', 'ki_home.t', true), columns: ['a', 'b'], filterExpression: 'a > 1' });
    const user = new User('@ldap_user', 'external_user', '');
    user.comment = 'from LDAP';
    catalog.add(user);
    grantRole(catalog, 'loaders', '@ldap_user');
    const [roleHandler, userHandler] = [...securityRestoreHandlers].sort((a, b) => a.restoreOrder - b.restoreOrder);
    expect(roleHandler!.kind).toBe('role');
    const restoredRole = roleHandler!.fromDefinition(role.definition(), { schema: undefined, name: 'loaders_copy' }, catalog);
    expect(restoredRole.definition()).toEqual({ ...role.definition(), name: 'loaders_copy' });
    const restoredUser = userHandler!.fromDefinition(user.definition(), { schema: undefined, name: '@ldap_user' }, catalog);
    expect(restoredUser.definition()).toEqual(user.definition());
  });

  it('refuses to restore a definition whose password hash was tampered with', () => {
    const handler = securityRestoreHandlers.find((each) => each.kind === 'user')!;
    const definition = { ...new User('bob', 'internal_user', '').definition(), password_hash: 'plain text' };
    expect(() => handler.fromDefinition(definition, { schema: undefined, name: 'bob' }, newCatalog())).toThrow(KineticaError);
  });
});

describe('the objects permissions name', () => {
  const fake = (kind: 'credential' | 'user_defined_function', schema: string | undefined, name: string) => ({
    kind, schema, name, defVersion: 0, definition: () => ({}),
  });

  it('finds objects of any kind through the catalog, in the catalog\'s spelling', () => {
    const catalog = newCatalog();
    catalog.add(fake('credential', 'ki_home', 'S3_Cred'));
    catalog.add(fake('user_defined_function', undefined, 'Score'));
    expect(resolveTarget(catalog, 'credential', 's3_cred', true)).toEqual({ objectType: 'credential', object: 'ki_home.S3_Cred' });
    expect(resolveTarget(catalog, 'proc', 'SCORE', true)).toEqual({ objectType: 'proc', object: 'Score' });
    expect(resolveTarget(catalog, 'credential', '', true)).toEqual({ objectType: 'credential', object: '' });
    expect(() => resolveTarget(catalog, 'credential', 'other.c', true)).toThrow("Credential 'other.c' does not exist");
    expect(() => resolveTarget(catalog, 'table', '', true)).toThrow("Permissions of object type 'table' need an object name");
  });

  it('reads a table name as a schema when no such table exists', () => {
    const catalog = newCatalog();
    expect(resolveTarget(catalog, 'table', 'ki_home', true)).toEqual({ objectType: 'schema', object: 'ki_home' });
    expect(resolveTarget(catalog, 'table', 'gone', false)).toEqual({ objectType: 'table', object: 'ki_home.gone' });
  });
});

describe('access rules', () => {
  it('lets roles carry permissions, including the implicit public role', () => {
    const catalog = newCatalog();
    catalog.add(new User('bob', 'internal_user', ''));
    expect(allows(catalog, 'bob', onTable('t', 'table_read'))).toBe(false);
    addGrant(catalog, requireRoleOf(catalog, 'public'), grant('table_read', 'table', 'ki_home.t'));
    expect(allows(catalog, 'bob', onTable('T', 'table_read'))).toBe(true);
    expect(allows(catalog, 'bob', onTable('ki_home.t', 'table_insert'))).toBe(false);
    expect(allows(catalog, 'bob', createIn('ki_home', 'table'))).toBe(false);
    expect(allows(catalog, 'bob', system('system_read'))).toBe(false);
    expect(allows(catalog, 'admin', system('system_read'))).toBe(true);
    expect(allows(catalog, 'nobody', anyone)).toBe(false);
  });

  it('needs system_admin for an endpoint defined without a rule', () => {
    const catalog = newCatalog();
    catalog.add(new User('bob', 'internal_user', ''));
    const guard = securityGuard(() => catalog, []);
    expect(() => guard.authorize(undefined, { options: {} }, 'bob')).toThrow('Access denied; ok');
    expect(() => guard.authorize(undefined, { options: {} }, 'admin')).not.toThrow();
  });

  it('gives every emulated endpoint an access rule of its own (none falls back to system_admin by omission)', () => {
    const endpoints = emulatorEndpoints();
    expect(endpoints.length).toBeGreaterThan(80);
    expect(endpoints.filter((definition) => definition.access === undefined).map((definition) => definition.path)).toEqual([]);
    expect(endpoints.find((definition) => definition.path === '/show/system/status')!.access).toBe(anyone);
  });
});

function requireRoleOf(catalog: Catalog, name: string): Role {
  return catalog.get<Role>('role', undefined, name)!;
}
