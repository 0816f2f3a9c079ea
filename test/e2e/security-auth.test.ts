/**
 * Authentication and authorization (--auth) over real HTTP, in JSON and in Avro binary: bad
 * credentials get HTTP 401, a caller without the permission gets HTTP 400 `Access denied; ok`,
 * and the same call succeeds once the permission is granted.
 */
import { describe, expect, it } from 'vitest';
import { call, type Envelope, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { insertRequest, order, ORDERS_PROPERTIES, ORDERS_TYPE } from '../support/tables.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];
const DENIED = 'Access denied; ok';

const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

for (const encoding of ENCODINGS) {
  describe(`authentication and permissions (${encoding})`, () => {
    const mock = useMock({ auth: true, adminPassword: 'root-pw', authTokens: [{ token: 'admin-token', user: 'admin' }, { token: 'ext-token', user: '@ext' }] });
    const ADMIN = basic('admin', 'root-pw');

    const as = (headers: Record<string, string>) => ({
      call: <R = Record<string, unknown>>(path: string, body: unknown): Promise<Envelope<R>> => call<R>(mock.url, path, body, encoding, headers),
      ok: async <R = Record<string, unknown>>(path: string, body: unknown): Promise<R> => {
        const envelope = await call<R>(mock.url, path, body, encoding, headers);
        if (envelope.status !== 'OK') throw new Error(`${path} failed (${envelope.httpStatus}): ${envelope.message}`);
        return envelope.data!;
      },
      denied: async (path: string, body: unknown) => {
        const envelope = await call(mock.url, path, body, encoding, headers);
        expect({ path, status: envelope.status, httpStatus: envelope.httpStatus, message: envelope.message, data_type: envelope.data_type }).toEqual({
          path, status: 'ERROR', httpStatus: 400, message: DENIED, data_type: 'none',
        });
      },
    });
    const admin = as(ADMIN);

    async function newUser(name: string, password = 'pw'): Promise<ReturnType<typeof as>> {
      await admin.ok('/create/user/internal', { name, password, options: {} });
      return as(basic(name, password));
    }

    async function newTable(name: string): Promise<void> {
      const type = await admin.ok<{ type_id: string }>('/create/type', { type_definition: ORDERS_TYPE, label: 'orders_t', properties: ORDERS_PROPERTIES, options: {} });
      await admin.ok('/create/table', { table_name: name, type_id: type.type_id, options: {} });
    }

    const readRequest = (table: string) => ({ table_name: table, offset: 0, limit: -9999, encoding: 'json', options: {} });
    const grantTable = (name: string, permission: string, table: string) =>
      admin.ok('/grant/permission/table', { name, permission, table_name: table, filter_expression: '', options: {} });

    it('refuses a request without credentials, or with wrong ones, with HTTP 401 and an ERROR envelope', async () => {
      const cases: [Record<string, string>, string][] = [
        [{}, 'Authentication required: send an Authorization header with Basic credentials of an internal user, or a Bearer token'],
        [basic('admin', 'wrong'), "Authentication failed: wrong password for user 'admin'"],
        [basic('nobody', 'pw'), "Authentication failed: there is no internal user 'nobody'"],
        [{ Authorization: 'Bearer undefined' }, 'Authentication failed: the bearer token is not one the server accepts (--auth-tokens)'],
        [{ Authorization: 'Digest abc' }, "Authorization scheme 'Digest' is not supported: use Basic or Bearer"],
        [{ Authorization: 'Basic !!!' }, "The Basic credentials are not base64 of 'user:password'"],
      ];
      for (const [headers, message] of cases) {
        const envelope = await call(mock.url, '/show/system/status', { options: {} }, encoding, headers);
        expect({ httpStatus: envelope.httpStatus, status: envelope.status, message: envelope.message, data_type: envelope.data_type }).toEqual({
          httpStatus: 401, status: 'ERROR', message, data_type: 'none',
        });
      }
    });

    it('accepts the admin password, a configured bearer token, and says authentication is on', async () => {
      const properties = await admin.ok<{ property_map: Record<string, string> }>('/show/system/properties', { options: {} });
      expect(properties.property_map['conf.require_authentication']).toBe('TRUE');
      const viaToken = await as({ Authorization: 'Bearer admin-token' }).ok<{ types: Record<string, string> }>('/show/security', { names: [], options: { show_current_user: 'true' } });
      expect(Object.keys(viaToken.types)).toEqual(['admin']);
    });

    it('lets a bearer token act as an external user once it exists; external users cannot use Basic', async () => {
      const ext = as({ Authorization: 'Bearer ext-token' });
      const before = await ext.call('/show/system/status', { options: {} });
      expect([before.httpStatus, before.message]).toEqual([401, "Authentication failed: the bearer token acts as user '@ext', which does not exist"]);
      await admin.ok('/create/user/external', { name: '@ext', options: {} });
      const shown = await ext.ok<{ types: Record<string, string> }>('/show/security', { names: [], options: {} });
      expect(shown.types).toEqual({ '@ext': 'external_user', authenticated: 'role', public: 'role' });
      const basicLogin = await call(mock.url, '/show/system/status', { options: {} }, encoding, basic('@ext', ''));
      expect(basicLogin.httpStatus).toBe(401);
    });

    it('refuses a deactivated user with 401, and lets it in again once activated', async () => {
      const sleeper = await newUser('sleeper');
      await admin.ok('/alter/user', { name: 'sleeper', action: 'set_activated', value: 'false', options: {} });
      const refused = await sleeper.call('/show/system/status', { options: {} });
      expect([refused.httpStatus, refused.message]).toEqual([401, "Authentication failed: user 'sleeper' is deactivated"]);
      await admin.ok('/alter/user', { name: 'sleeper', action: 'set_activated', value: 'true', options: {} });
      await sleeper.ok('/show/system/status', { options: {} });
    });

    it('table read: denied without table_read, allowed once granted', async () => {
      await newTable('readable');
      const reader = await newUser('reader');
      await reader.denied('/get/records', readRequest('readable'));
      await grantTable('reader', 'table_read', 'readable');
      const page = await reader.ok<{ total_number_of_records: number }>('/get/records', readRequest('readable'));
      expect(page.total_number_of_records).toBe(0);
      // Reading is not writing.
      await reader.denied('/insert/records', insertRequest('readable', [order(1)], 'json'));
    });

    it('table write: denied without table_insert, allowed once granted, through a role', async () => {
      await newTable('writable');
      const writer = await newUser('writer');
      await writer.denied('/insert/records', insertRequest('writable', [order(1)], 'json'));
      await admin.ok('/create/role', { name: 'loaders', options: {} });
      await grantTable('loaders', 'table_insert', 'writable');
      await admin.ok('/grant/role', { role: 'loaders', member: 'writer', options: {} });
      const inserted = await writer.ok<{ count_inserted: number }>('/insert/records', insertRequest('writable', [order(1)], 'json'));
      expect(inserted.count_inserted).toBe(1);
      // An upsert also needs table_update.
      await writer.denied('/insert/records', insertRequest('writable', [order(1)], 'json', { update_on_existing_pk: 'true' }));
      await writer.denied('/delete/records', { table_name: 'writable', expressions: ['id = 1'], options: {} });
      await writer.denied('/clear/table', { table_name: 'writable', authorization: '', options: {} });
    });

    it('schema creation: denied without system_write, allowed once granted', async () => {
      const architect = await newUser('architect');
      await architect.denied('/create/schema', { schema_name: 'planned', options: {} });
      await admin.ok('/grant/permission/system', { name: 'architect', permission: 'system_write', options: {} });
      await architect.ok('/create/schema', { schema_name: 'planned', options: {} });
    });

    it('table creation needs table_create on the schema; the creator then administers its table', async () => {
      await admin.ok('/create/schema', { schema_name: 'sandbox', options: {} });
      const builder = await newUser('builder');
      const type = await builder.ok<{ type_id: string }>('/create/type', { type_definition: ORDERS_TYPE, label: 'orders_t', properties: ORDERS_PROPERTIES, options: {} });
      const create = { table_name: 'sandbox.mine', type_id: type.type_id, options: {} };
      await builder.denied('/create/table', create);
      await admin.ok('/grant/permission', { principal: 'builder', object: 'sandbox', object_type: 'schema', permission: 'create', options: {} });
      await builder.ok('/create/table', create);
      await builder.ok('/insert/records', insertRequest('sandbox.mine', [order(1)], 'json'));
      await builder.ok('/get/records', readRequest('sandbox.mine'));
      const shown = await admin.ok<{ permissions: Record<string, Record<string, string>[]> }>('/show/security', { names: ['builder'], options: {} });
      expect(shown.permissions.builder).toContainEqual(
        { permission: 'table_admin', object_type: 'table', object: 'sandbox.mine', with_grant_option: 'true', filter_expression: '', columns: '' },
      );
      await builder.denied('/create/table', { table_name: 'elsewhere', type_id: type.type_id, options: {} });
    });

    it('a system_admin-only action: granting system_admin, denied to a user admin, allowed to a system admin', async () => {
      const deputy = await newUser('deputy');
      await newUser('candidate');
      await deputy.denied('/create/user/internal', { name: 'by_deputy', password: '', options: {} });
      await admin.ok('/grant/permission/system', { name: 'deputy', permission: 'system_user_admin', options: {} });
      await deputy.ok('/create/user/internal', { name: 'by_deputy', password: '', options: {} });
      await deputy.ok('/grant/permission/system', { name: 'candidate', permission: 'system_read', options: {} });
      const grantAdmin = { name: 'candidate', permission: 'system_admin', options: {} };
      await deputy.denied('/grant/permission/system', grantAdmin);
      // A user admin cannot manage a system admin either.
      await deputy.denied('/delete/user', { name: 'admin', options: {} });
      await admin.ok('/grant/permission/system', { name: 'deputy', permission: 'system_admin', options: {} });
      await deputy.ok('/grant/permission/system', grantAdmin);
    });

    it('the backup endpoints need system_admin (the rule of endpoints without one of their own)', async () => {
      const operator = await newUser('operator');
      await admin.ok('/grant/permission/system', { name: 'operator', permission: 'system_write', options: {} });
      const show = { backup_name: '*', datasource_name: 'nowhere', options: {} };
      await operator.denied('/show/backup', show);
      await operator.denied('/create/backup', { backup_name: 'b1', backup_type: 'full', backup_objects_map: { all: '*' }, datasink_name: 'nowhere', options: {} });
      await admin.ok('/grant/permission/system', { name: 'operator', permission: 'system_admin', options: {} });
      const allowed = await operator.call('/show/backup', show);
      expect(allowed.message).not.toBe(DENIED);
    });

    it('the grant option lets a user grant that permission (or a part of it), and nothing else', async () => {
      await newTable('shared');
      const owner = await newUser('owner');
      await newUser('friend');
      await admin.ok('/grant/permission', { principal: 'owner', object: 'shared', object_type: 'table', permission: 'read', options: { with_grant_option: 'true' } });
      await owner.ok('/grant/permission/table', { name: 'friend', permission: 'table_read', table_name: 'shared', filter_expression: '', options: {} });
      await owner.denied('/grant/permission/table', { name: 'friend', permission: 'table_insert', table_name: 'shared', filter_expression: '', options: {} });
      await owner.ok('/revoke/permission/table', { name: 'friend', permission: 'table_read', table_name: 'shared', options: {} });
    });

    it('users change their own password without admin permission, but no one else\'s', async () => {
      const self = await newUser('self_service', 'old');
      await newUser('other_user');
      await self.denied('/alter/user', { name: 'other_user', action: 'set_password', value: 'x', options: {} });
      await self.denied('/alter/user', { name: 'self_service', action: 'set_comment', value: 'x', options: {} });
      await self.ok('/alter/user', { name: 'self_service', action: 'set_password', value: 'new', options: {} });
      const old = await self.call('/show/system/status', { options: {} });
      expect(old.httpStatus).toBe(401);
      await as(basic('self_service', 'new')).ok('/show/system/status', { options: {} });
    });

    it('shows a caller without admin permission only itself and its roles', async () => {
      const viewer = await newUser('viewer');
      await admin.ok('/create/role', { name: 'viewers', options: {} });
      await admin.ok('/grant/role', { role: 'viewers', member: 'viewer', options: {} });
      const shown = await viewer.ok<{ types: Record<string, string>; roles: Record<string, string[]> }>('/show/security', { names: [], options: {} });
      expect(shown.types).toEqual({ viewer: 'internal_user', viewers: 'role', authenticated: 'role', public: 'role' });
      expect(shown.roles.viewer).toEqual(['viewers']);
      const others = await viewer.ok<{ types: Record<string, string> }>('/show/security', { names: ['admin'], options: {} });
      expect(others.types).toEqual({});
      // has/role and has/permission about oneself are open; about others they need user admin.
      await viewer.ok('/has/role', { principal: '', role: 'viewers', options: {} });
      await viewer.denied('/has/role', { principal: 'admin', role: 'viewers', options: {} });
      await viewer.ok('/has/permission', { principal: 'viewer', object: '', object_type: 'system', permission: 'read', options: {} });
      await viewer.denied('/has/permission', { principal: 'admin', object: '', object_type: 'system', permission: 'read', options: {} });
    });
  });
}
