// Users, roles and permissions through /execute/sql, checked with /show/security, in JSON and
// binary requests; then, with authentication on, that each statement needs what its REST twin
// needs and fails the same way.
import { describe, expect, it } from 'vitest';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { sql, sqlFails } from '../sql/client.js';
import type { ShowSecurityResponse } from '../../src/generated/records.js';

const WIRES: WireEncoding[] = ['json', 'binary'];

const grants = (shown: ShowSecurityResponse, name: string) =>
  (shown.permissions[name] ?? []).map((grant) => `${grant.permission} ${grant.object_type}:${grant.object}${grant.with_grant_option === 'true' ? ' +grant' : ''}`).sort();

const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

for (const wire of WIRES) {
  describe(`users, roles and grants in SQL (${wire})`, () => {
    const mock = useMock();
    const security = (...names: string[]) => ok<ShowSecurityResponse>(mock.url, '/show/security', { names, options: {} }, wire);

    it('creates, alters and drops users, internal and external', async () => {
      await ok(mock.url, '/create/resourcegroup', { name: 'rg_small', tier_attributes: {}, ranking: 'last', adjoining_resource_group: '', options: {} }, wire);
      await sql(mock.url, 'CREATE SCHEMA sec', wire);
      const created = await sql(mock.url, "CREATE USER JSmith WITH PASSWORD = 'pw1' WITH RESOURCE GROUP rg_small DEFAULT SCHEMA sec ACTIVATED TRUE", wire);
      expect(created).toMatchObject({ count_affected: 1, info: { last_endpoint: '/create/user/internal' } });
      await sql(mock.url, 'CREATE USER "@ldap_user"', wire);
      expect(await security('jsmith', '@ldap_user')).toMatchObject({
        types: { jsmith: 'internal_user', '@ldap_user': 'external_user' },
        resource_groups: { jsmith: 'rg_small', '@ldap_user': '' },
      });
      expect(await sql(mock.url, "ALTER USER jsmith SET PASSWORD = 'pw2' RESOURCE GROUP DEFAULT", wire)).toMatchObject({
        info: { last_endpoint: '/alter/user' },
      });
      expect((await security('jsmith')).resource_groups.jsmith).toBe('');
      expect(await sqlFails(mock.url, "CREATE USER jsmith IDENTIFIED BY 'x'", wire)).toContain("'jsmith' already exists");
      expect(await sqlFails(mock.url, 'CREATE USER "Bad Name"', wire)).toContain("Invalid user name 'Bad Name'");
      expect(await sqlFails(mock.url, "CREATE USER \"@x\" PASSWORD 'p'", wire)).toBe(
        "SqlEngine: an external user ('@x') and a PASSWORD cannot be used together (S/SDc:1513)",
      );
      expect(await sql(mock.url, 'DROP USER "@ldap_user"', wire)).toMatchObject({ info: { last_endpoint: '/delete/user' } });
      expect(await sqlFails(mock.url, 'DROP USER admin', wire)).toContain('admin');
    });

    it('creates roles, grants and revokes them, and drops them', async () => {
      await sql(mock.url, 'CREATE ROLE analyst; CREATE ROLE auditor WITH RESOURCE GROUP = rg_small', wire);
      expect(await sql(mock.url, 'GRANT analyst TO jsmith', wire)).toMatchObject({ info: { last_endpoint: '/grant/role' } });
      await sql(mock.url, 'GRANT auditor TO analyst', wire);
      expect((await security('jsmith', 'analyst', 'auditor')).roles).toMatchObject({ jsmith: ['analyst'], analyst: ['auditor'] });
      await sql(mock.url, 'ALTER ROLE auditor SET RESOURCE GROUP DEFAULT', wire);
      expect(await sql(mock.url, 'REVOKE auditor FROM analyst', wire)).toMatchObject({ info: { last_endpoint: '/revoke/role' } });
      expect((await security('analyst')).roles.analyst).toEqual([]);
      expect(await sqlFails(mock.url, 'GRANT nobody TO jsmith', wire)).toContain('nobody');
      expect(await sql(mock.url, 'DROP ROLE auditor', wire)).toMatchObject({ info: { last_endpoint: '/delete/role' } });
    });

    it('grants and revokes system, schema, table and object permissions', async () => {
      await sql(
        mock.url,
        `CREATE TABLE sec.orders (id INT, region VARCHAR(8), secret VARCHAR(8));
         CREATE TABLE sec.items (id INT);
         CREATE CREDENTIAL sec.cred TYPE = 'aws_access_key' IDENTITY = 'a' SECRET = 'b';
         CREATE DATA SINK sec.sink LOCATION = 's3://sec-bucket';
         CREATE DATA SOURCE sec.src LOCATION = 's3://sec-bucket'`,
        wire,
      );
      const granted = await sql(
        mock.url,
        `GRANT SYSTEM READ TO analyst;
         GRANT USER ADMIN TO jsmith;
         GRANT CREATE DIRECTORY TO jsmith WITH GRANT OPTION;
         GRANT SELECT, INSERT ON TABLE sec.orders TO jsmith WITH GRANT OPTION;
         GRANT ALL PRIVILEGES ON SCHEMA sec TO analyst;
         GRANT CREATE TABLE ON sec TO jsmith;
         GRANT UPDATE ON sec TO jsmith;
         GRANT DELETE ON sec.* TO jsmith;
         GRANT SELECT ON sec.orders (id, region) TO analyst WHERE region = 'eu';
         GRANT READ ON CREDENTIAL sec.cred TO jsmith;
         GRANT CONNECT ON DATA SOURCE sec.src TO jsmith;
         GRANT ADMIN ON DATA SINK sec.sink TO jsmith`,
        wire,
      );
      expect(granted).toMatchObject({ info: { last_endpoint: '/grant/permission' } });
      const shown = await security('jsmith', 'analyst');
      expect(grants(shown, 'jsmith')).toEqual([
        'connect datasource:sec.src',
        'credential_read credential:sec.cred',
        'datasink_admin datasink:sec.sink',
        'directory_create system: +grant',
        'system_user_admin system:',
        'table_create schema:sec',
        'table_delete table:sec.items',
        'table_delete table:sec.orders',
        'table_insert table:sec.orders +grant',
        'table_read table:sec.orders +grant',
        'table_update schema:sec',
      ]);
      expect(grants(shown, 'analyst')).toEqual(['system_read system:', 'table_admin schema:sec', 'table_read table:sec.orders']);
      const filtered = shown.permissions.analyst!.find((grant) => grant.object === 'sec.orders')!;
      expect(filtered).toMatchObject({ columns: 'id,region', filter_expression: "region = 'eu'" });

      const revoked = await sql(mock.url, 'REVOKE DELETE ON sec.* FROM jsmith; REVOKE SYSTEM READ FROM analyst; REVOKE ALL ON SCHEMA sec FROM analyst', wire);
      expect(revoked).toMatchObject({ count_affected: 4, info: { last_endpoint: '/revoke/permission' } });
      const after = await security('jsmith', 'analyst');
      expect(grants(after, 'jsmith').filter((grant) => grant.startsWith('table_delete'))).toEqual([]);
      expect(grants(after, 'analyst')).toEqual(['table_read table:sec.orders']);
      // Errors are the REST twins'.
      expect(await sqlFails(mock.url, 'GRANT SELECT ON sec.nothing TO jsmith', wire)).toContain('sec.nothing');
      expect(await sqlFails(mock.url, 'GRANT SELECT ON sec.orders (shoe) TO jsmith', wire)).toContain("'shoe'");
      expect(await sqlFails(mock.url, 'REVOKE SYSTEM WRITE FROM jsmith', wire)).toContain('system_write');
    });
  });
}

for (const wire of WIRES) {
  describe(`SQL with authentication on (${wire})`, () => {
    const mock = useMock({ auth: true, adminPassword: 'root-pw' });
    const ADMIN = { headers: basic('admin', 'root-pw') };
    const AS_BOB = { headers: basic('bob', 'bob-pw') };
    const DENIED = 'Access denied; ok';

    it('lets every statement through only with the permission its REST twin needs', async () => {
      await sql(
        mock.url,
        `CREATE SCHEMA app;
         CREATE TABLE app.visible (id INT); INSERT INTO app.visible VALUES (1);
         CREATE TABLE app.hidden (id INT);
         CREATE USER bob IDENTIFIED BY 'bob-pw';
         GRANT INSERT ON app.visible TO bob`,
        wire,
        ADMIN,
      );
      // A table the user may not see at all is "not found within" its schema (ERRORS.md #3).
      expect(await sqlFails(mock.url, 'SELECT * FROM app.hidden', wire, AS_BOB)).toBe("SqlEngine: Object 'hidden' not found within 'app' (S/SDc:1513)");
      expect(await sqlFails(mock.url, 'DELETE FROM app.hidden', wire, AS_BOB)).toBe("SqlEngine: Object 'hidden' not found within 'app' (S/SDc:1513)");
      // One it may see but not read or change that way: the REST twin's denial.
      expect(await sqlFails(mock.url, 'SELECT * FROM app.visible', wire, AS_BOB)).toBe(DENIED);
      expect(await sqlFails(mock.url, 'UPDATE app.visible SET id = 2', wire, AS_BOB)).toBe(DENIED);
      expect(await sql(mock.url, 'INSERT INTO app.visible VALUES (2)', wire, AS_BOB)).toMatchObject({ count_affected: 1 });
      expect(await sqlFails(mock.url, 'CREATE TABLE app.mine (id INT)', wire, AS_BOB)).toBe(DENIED);
      expect(await sqlFails(mock.url, 'DROP TABLE app.visible', wire, AS_BOB)).toBe(DENIED);
      expect(await sqlFails(mock.url, 'CREATE SCHEMA bobs', wire, AS_BOB)).toBe(DENIED);
      expect(await sqlFails(mock.url, "CREATE USER eve IDENTIFIED BY 'x'", wire, AS_BOB)).toBe(DENIED);
      expect(await sqlFails(mock.url, 'GRANT SELECT ON app.visible TO bob', wire, AS_BOB)).toBe(DENIED);
      expect(await sqlFails(mock.url, "CREATE DATA SINK app.s LOCATION = 's3://b'", wire, AS_BOB)).toBe(DENIED);
      expect(await sqlFails(mock.url, 'SHOW BACKUP * DATA SOURCE app.src', wire, AS_BOB)).toBe(DENIED);

      await sql(mock.url, 'GRANT SELECT ON app.visible TO bob; GRANT CREATE TABLE ON SCHEMA app TO bob', wire, ADMIN);
      expect((await sql(mock.url, 'SELECT id FROM app.visible ORDER BY id', wire, AS_BOB)).rows).toEqual([[1], [2]]);
      expect(await sql(mock.url, 'CREATE TABLE app.mine (id INT); INSERT INTO app.mine VALUES (5)', wire, AS_BOB)).toMatchObject({ count_affected: 2 });
      // The creator holds table_admin on what it created, as with /create/table.
      expect(await sql(mock.url, 'DROP TABLE app.mine', wire, AS_BOB)).toMatchObject({ count_affected: 1 });
    });

    it('lets a user created in SQL log in with its password, and change it', async () => {
      await sql(mock.url, "ALTER USER bob SET PASSWORD 'new-pw'", wire, AS_BOB);
      const envelope = await sql(mock.url, 'SELECT COUNT(*) FROM app.visible', wire, { headers: basic('bob', 'new-pw') });
      expect(envelope.rows).toEqual([[2]]);
    });
  });
}
