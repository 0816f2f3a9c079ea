/**
 * Granting, revoking and checking permissions over real HTTP, in JSON and in Avro binary, with
 * authentication off (every request acts as admin).
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable } from '../support/tables.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

interface HasPermission {
  object: string;
  has_permission: boolean;
  filters: Record<string, string>;
}

for (const encoding of ENCODINGS) {
  describe(`permissions (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const permissionsOf = async (name: string) =>
      (await ok$<{ permissions: Record<string, Record<string, string>[]> }>('/show/security', { names: [name], options: {} })).permissions[name];
    const has = (principal: string, object_type: string, object: string, permission: string, options: Record<string, string> = {}) =>
      ok$<HasPermission>('/has/permission', { principal, object, object_type, permission, options });
    const user = (name: string) => ok$('/create/user/internal', { name, password: 'pw', options: {} });

    it('grants and revokes a system permission', async () => {
      await user('sys_user');
      const granted = await ok$('/grant/permission/system', { name: 'sys_user', permission: 'system_read', options: {} });
      expect(granted).toEqual({ name: 'sys_user', permission: 'system_read', info: {} });
      expect(await permissionsOf('sys_user')).toEqual([
        { permission: 'system_read', object_type: 'system', object: '', with_grant_option: 'false', filter_expression: '', columns: '' },
      ]);
      expect((await has('sys_user', 'system', '', 'read')).has_permission).toBe(true);
      expect((await has('sys_user', 'system', '', 'write')).has_permission).toBe(false);
      await ok$('/revoke/permission/system', { name: 'sys_user', permission: 'system_read', options: {} });
      expect(await permissionsOf('sys_user')).toEqual([]);
      const again = await fails$('/revoke/permission/system', { name: 'sys_user', permission: 'system_read', options: {} });
      expect(again.message).toBe("'sys_user' holds no permission 'system_read' granted directly; nothing to revoke");
    });

    it('refuses a system permission that does not exist, and revoking system_admin from admin', async () => {
      const bad = await fails$('/grant/permission/system', { name: 'admin', permission: 'system_everything', options: {} });
      expect(bad.message).toBe(
        "Value: 'system_everything' not a valid parameter. Valid values are: system_admin, system_user_admin, system_write, system_read, system_send_alert (U/PUh:355)",
      );
      const admin = await fails$('/revoke/permission/system', { name: 'admin', permission: 'system_admin', options: {} });
      expect(admin.message).toBe("User 'admin' always holds system_admin; it cannot be revoked");
    });

    it('grants table permissions on a table or a whole schema; a missing table or principal fails', async () => {
      await ok$('/create/schema', { schema_name: 'shop', options: {} });
      await createOrdersTable(mock.url, 'shop.orders', encoding);
      await user('clerk');
      const granted = await ok$('/grant/permission/table', {
        name: 'clerk', permission: 'table_read', table_name: 'shop.orders', filter_expression: 'id > 10', options: { columns: 'id,name' },
      });
      expect(granted).toEqual({ name: 'clerk', permission: 'table_read', table_name: 'shop.orders', filter_expression: 'id > 10', info: {} });
      await ok$('/grant/permission/table', { name: 'clerk', permission: 'table_insert', table_name: 'shop', filter_expression: '', options: {} });
      expect(await permissionsOf('clerk')).toEqual([
        { permission: 'table_insert', object_type: 'schema', object: 'shop', with_grant_option: 'false', filter_expression: '', columns: '' },
        { permission: 'table_read', object_type: 'table', object: 'shop.orders', with_grant_option: 'false', filter_expression: 'id > 10', columns: 'id,name' },
      ]);
      const read = await has('clerk', 'table', 'shop.orders', 'read');
      expect(read).toEqual(expect.objectContaining({ object: 'shop.orders', has_permission: true, filters: { id: 'id > 10', name: 'id > 10' } }));
      expect((await has('clerk', 'table', 'shop.orders', 'insert')).has_permission).toBe(true);
      expect((await has('clerk', 'table', 'shop.orders', 'delete')).has_permission).toBe(false);

      const missing = await fails$('/grant/permission/table', { name: 'clerk', permission: 'table_read', table_name: 'shop.nothing', filter_expression: '', options: {} });
      expect(missing.message).toBe("Table 'shop.nothing' does not exist");
      const noSchema = await fails$('/grant/permission/table', { name: 'clerk', permission: 'table_read', table_name: 'nothing', filter_expression: '', options: {} });
      expect(noSchema.message).toBe("Table or schema 'ki_home.nothing' does not exist");
      const nobody = await fails$('/grant/permission/table', { name: 'ghost', permission: 'table_read', table_name: 'shop.orders', filter_expression: '', options: {} });
      expect(nobody.message).toBe("No user or role is named 'ghost'");
      const column = await fails$('/grant/permission/table', {
        name: 'clerk', permission: 'table_read', table_name: 'shop.orders', filter_expression: '', options: { columns: 'price' },
      });
      expect(column.message).toBe("Column 'price' does not exist in table 'shop.orders'; its columns are: id, name, amount, ts");
    });

    it('revokes column by column, then the whole table permission', async () => {
      await createOrdersTable(mock.url, 'cols', encoding);
      await user('col_user');
      await ok$('/grant/permission/table', { name: 'col_user', permission: 'table_read', table_name: 'cols', filter_expression: '', options: { columns: 'id,name' } });
      await ok$('/revoke/permission/table', { name: 'col_user', permission: 'table_read', table_name: 'cols', options: { columns: 'name' } });
      expect((await permissionsOf('col_user'))?.[0]?.columns).toBe('id');
      const notGranted = await fails$('/revoke/permission/table', { name: 'col_user', permission: 'table_read', table_name: 'cols', options: { columns: 'ts' } });
      expect(notGranted.message).toBe("'col_user' holds permission 'table_read' on table 'ki_home.cols' for other columns than 'ts'; nothing to revoke");
      await ok$('/revoke/permission/table', { name: 'col_user', permission: 'table_read', table_name: 'cols', options: {} });
      expect(await permissionsOf('col_user')).toEqual([]);
      const nothing = await fails$('/revoke/permission/table', { name: 'col_user', permission: 'table_update', table_name: 'cols', options: {} });
      expect(nothing.message).toBe("'col_user' holds no permission 'table_update' on table 'ki_home.cols' granted directly; nothing to revoke");
    });

    it('grants through the generic endpoint, the same permission the typed endpoints grant', async () => {
      await createOrdersTable(mock.url, 'gen_t', encoding);
      await ok$('/create/role', { name: 'gen_role', options: {} });
      const granted = await ok$('/grant/permission', {
        principal: 'gen_role', object: 'gen_t', object_type: 'table', permission: 'admin', options: { with_grant_option: 'true' },
      });
      expect(granted).toEqual({ principal: 'gen_role', object: 'gen_t', object_type: 'table', permission: 'admin', info: {} });
      await ok$('/grant/permission', { principal: 'gen_role', object: 'ki_home', object_type: 'credential', permission: 'create', options: {} });
      expect(await permissionsOf('gen_role')).toEqual([
        { permission: 'credential_create', object_type: 'schema', object: 'ki_home', with_grant_option: 'false', filter_expression: '', columns: '' },
        { permission: 'table_admin', object_type: 'table', object: 'ki_home.gen_t', with_grant_option: 'true', filter_expression: '', columns: '' },
      ]);
      // table_admin includes the four record permissions.
      expect((await has('gen_role', 'table', 'gen_t', 'update')).has_permission).toBe(true);
      await ok$('/revoke/permission/table', { name: 'gen_role', permission: 'table_admin', table_name: 'ki_home.gen_t', options: {} });
      await ok$('/revoke/permission', { principal: 'gen_role', object: 'ki_home', object_type: 'credential', permission: 'create', options: {} });
      expect(await permissionsOf('gen_role')).toEqual([]);
    });

    it('refuses generic permissions that do not fit the object type, and unknown words', async () => {
      const unfit = await fails$('/grant/permission', { principal: 'admin', object: 'x', object_type: 'table', permission: 'execute', options: {} });
      expect(unfit.message).toBe(
        "Permission 'execute' does not apply to object type 'table'. Valid permissions for it are: admin, insert, update, delete, read, create",
      );
      const type = await fails$('/grant/permission', { principal: 'admin', object: 'x', object_type: 'view', permission: 'read', options: {} });
      expect(type.message).toMatch(/^Value: 'view' not a valid parameter. Valid values are: catalog, context, credential/);
      const word = await fails$('/grant/permission', { principal: 'admin', object: 'x', object_type: 'table', permission: 'select', options: {} });
      expect(word.message).toMatch(/^Value: 'select' not a valid parameter. Valid values are: admin, connect, create/);
      const option = await fails$('/grant/permission', { principal: 'admin', object: '', object_type: 'system', permission: 'admin', options: { with_grant_option: 'true' } });
      expect(option.message).toBe("Permission 'system_admin' cannot be granted with with_grant_option: its holders may grant permissions already");
    });

    it('requires credentials, data sources and procs to exist, or an empty name for all of them', async () => {
      await user('obj_user');
      const credential = await fails$('/grant/permission/credential', { name: 'obj_user', permission: 'credential_read', credential_name: 'nocred', options: {} });
      expect(credential.message).toBe("Credential 'ki_home.nocred' does not exist");
      const datasource = await fails$('/grant/permission/datasource', { name: 'obj_user', permission: 'connect', datasource_name: 'nods', options: {} });
      expect(datasource.message).toBe("Data source 'ki_home.nods' does not exist");
      const proc = await fails$('/grant/permission/proc', { name: 'obj_user', permission: 'proc_execute', proc_name: 'noproc', options: {} });
      expect(proc.message).toBe("Proc 'noproc' does not exist");
      const bad = await fails$('/grant/permission/datasource', { name: 'obj_user', permission: 'read', datasource_name: '', options: {} });
      expect(bad.message).toBe("Value: 'read' not a valid parameter. Valid values are: admin, connect (U/PUh:355)");

      await ok$('/grant/permission/credential', { name: 'obj_user', permission: 'credential_read', credential_name: '', options: {} });
      await ok$('/grant/permission/datasource', { name: 'obj_user', permission: 'admin', datasource_name: '', options: {} });
      await ok$('/grant/permission/proc', { name: 'obj_user', permission: 'proc_execute', proc_name: '', options: {} });
      // KiFS directories need not exist.
      await ok$('/grant/permission/directory', { name: 'obj_user', permission: 'directory_write', directory_name: 'uploads', options: {} });
      expect((await permissionsOf('obj_user'))?.map((p) => `${p.object_type}:${p.permission}:${p.object}`)).toEqual([
        'credential:credential_read:',
        'datasource:datasource_admin:',
        'directory:directory_write:uploads',
        'proc:proc_execute:',
      ]);
      expect((await has('obj_user', 'directory', 'uploads', 'read')).has_permission).toBe(true);

      await ok$('/revoke/permission/credential', { name: 'obj_user', permission: 'credential_read', credential_name: '', options: {} });
      await ok$('/revoke/permission/datasource', { name: 'obj_user', permission: 'admin', datasource_name: '', options: {} });
      await ok$('/revoke/permission/proc', { name: 'obj_user', permission: 'proc_execute', proc_name: '', options: {} });
      await ok$('/revoke/permission/directory', { name: 'obj_user', permission: 'directory_write', directory_name: 'uploads', options: {} });
      expect(await permissionsOf('obj_user')).toEqual([]);
    });

    it('answers has/permission through roles, and for missing objects only with no_error_if_not_exists', async () => {
      await createOrdersTable(mock.url, 'via_role', encoding);
      await ok$('/create/role', { name: 'via_role_readers', options: {} });
      await user('via_role_user');
      await ok$('/grant/permission/table', { name: 'via_role_readers', permission: 'table_read', table_name: 'via_role', filter_expression: '', options: {} });
      await ok$('/grant/role', { role: 'via_role_readers', member: 'via_role_user', options: {} });
      const read = await has('via_role_user', 'table', 'via_role', 'read');
      expect(read).toEqual(expect.objectContaining({ object: 'ki_home.via_role', has_permission: true, filters: {} }));

      const missing = await fails$('/has/permission', { principal: 'via_role_user', object: 'gone', object_type: 'table', permission: 'read', options: {} });
      expect(missing.message).toBe("Table or schema 'ki_home.gone' does not exist");
      const quiet = await has('via_role_user', 'table', 'gone', 'read', { no_error_if_not_exists: 'true' });
      expect(quiet.has_permission).toBe(false);
      const self = await has('', 'system', '', 'admin');
      expect(self.has_permission).toBe(true);
    });

    it('grants on the public role reach every user', async () => {
      await createOrdersTable(mock.url, 'for_all', encoding);
      await user('anyone_at_all');
      await ok$('/grant/permission/table', { name: 'public', permission: 'table_read', table_name: 'for_all', filter_expression: '', options: {} });
      expect((await has('anyone_at_all', 'table', 'for_all', 'read')).has_permission).toBe(true);
    });
  });
}

for (const encoding of ENCODINGS) {
  describe(`grants follow their object (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const objectsOf = async (name: string) =>
      ((await ok$<{ permissions: Record<string, Record<string, string>[]> }>('/show/security', { names: [name], options: {} })).permissions[name] ?? [])
        .map((grant) => `${grant.permission} ${grant.object}`);

    it('renames a grant with its table and drops it with its table', async () => {
      await ok$('/create/user/internal', { name: 'follower', password: 'pw', options: {} });
      await createOrdersTable(mock.url, 'followed', encoding);
      await ok$('/grant/permission/table', { name: 'follower', permission: 'table_read', table_name: 'followed', filter_expression: '', options: {} });
      expect(await objectsOf('follower')).toEqual(['table_read ki_home.followed']);
      await ok$('/create/schema', { schema_name: 'moved_to', options: {} });
      await ok$('/alter/table', { table_name: 'followed', action: 'move_to_schema', value: 'moved_to', options: {} });
      expect(await objectsOf('follower')).toEqual(['table_read moved_to.followed']);
      await ok$('/clear/table', { table_name: 'moved_to.followed', authorization: '', options: {} });
      expect(await objectsOf('follower')).toEqual([]);
    });
  });
}
