/**
 * Users and roles over real HTTP, in JSON and in Avro binary, with authentication off (every
 * request acts as admin).
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import type { ShowSecurityResponse } from '../../src/generated/records.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

for (const encoding of ENCODINGS) {
  describe(`users and roles (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const show = (names: string[] = [], options: Record<string, string> = {}) => ok$<ShowSecurityResponse>('/show/security', { names, options });
    const createUser = (name: string, password = 'pw', options: Record<string, string> = {}) =>
      ok$('/create/user/internal', { name, password, options });
    const createRole = (name: string) => ok$('/create/role', { name, options: {} });

    it('has admin (system_admin) and the roles public and authenticated from the start', async () => {
      const shown = await show();
      expect(shown.types).toEqual({ admin: 'internal_user', public: 'role', authenticated: 'role' });
      expect(shown.permissions.admin).toEqual([
        { permission: 'system_admin', object_type: 'system', object: '', with_grant_option: 'false', filter_expression: '', columns: '' },
      ]);
      expect(shown.roles).toEqual({ admin: [], public: [], authenticated: [] });
    });

    it('creates an internal user, and refuses the same name again, as user or as role', async () => {
      const created = await createUser('jsmith', 'secret', { default_schema: 'ki_home', create_home_directory: 'false' });
      expect(created).toEqual({ name: 'jsmith', info: {} });
      const shown = await show(['jsmith']);
      expect(shown.types).toEqual({ jsmith: 'internal_user' });
      expect(shown.permissions).toEqual({ jsmith: [] });
      const again = await fails$('/create/user/internal', { name: 'jsmith', password: '', options: {} });
      expect(again.message).toBe("User 'jsmith' already exists");
      const asRole = await fails$('/create/role', { name: 'jsmith', options: {} });
      expect(asRole.message).toBe("Cannot create role 'jsmith': a user has that name, and users and roles share one set of names");
    });

    it('refuses names Kinetica does not allow', async () => {
      const upper = await fails$('/create/user/internal', { name: 'JSmith', password: '', options: {} });
      expect(upper.message).toBe("Invalid user name 'JSmith': use 1-64 lower-case letters, digits and '_', not starting with a digit");
      const digit = await fails$('/create/role', { name: '1role', options: {} });
      expect(digit.message).toBe("Invalid role name '1role': use 1-64 lower-case letters, digits and '_', not starting with a digit");
      const at = await fails$('/create/user/internal', { name: '@ext', password: '', options: {} });
      expect(at.message).toBe("Invalid user name '@ext': names starting with '@' are for external users (/create/user/external)");
      const external = await fails$('/create/user/external', { name: 'ext', options: {} });
      expect(external.message).toMatch(/^Invalid external user name 'ext'/);
    });

    it('checks the options of a new user: schema and resource group must exist', async () => {
      const schema = await fails$('/create/user/internal', { name: 'u_schema', password: '', options: { default_schema: 'nowhere' } });
      expect(schema.message).toBe("Schema 'nowhere' does not exist");
      const group = await fails$('/create/user/internal', { name: 'u_group', password: '', options: { resource_group: 'rg9' } });
      expect(group.message).toBe("Resource group 'rg9' does not exist (create it with /create/resourcegroup)");
      const unknown = await fails$('/create/user/internal', { name: 'u_opt', password: '', options: { color: 'red' } });
      expect(unknown.message).toMatch(/^Parameter map key: 'color' is not a valid parameter. Valid keys are: activated, create_home_directory/);
      const limit = await fails$('/create/user/internal', { name: 'u_limit', password: '', options: { directory_data_limit: 'lots' } });
      expect(limit.message).toMatch(/^Option directory_data_limit 'lots' is not a number of bytes/);
    });

    it('creates an external user, which has no password to set', async () => {
      await ok$('/create/user/external', { name: '@jdoe', options: { activated: 'false' } });
      const shown = await show(['@jdoe']);
      expect(shown.types).toEqual({ '@jdoe': 'external_user' });
      const password = await fails$('/alter/user', { name: '@jdoe', action: 'set_password', value: 'x', options: {} });
      expect(password.message).toBe("'@jdoe' is an external user: set_password applies to internal users only");
    });

    it('alters a user, and refuses unknown actions, missing users and deactivating admin', async () => {
      await createUser('alter_me');
      await ok$('/alter/user', { name: 'alter_me', action: 'set_comment', value: 'analyst', options: {} });
      await ok$('/alter/user', { name: 'alter_me', action: 'set_activated', value: 'false', options: {} });
      await ok$('/alter/user', { name: 'alter_me', action: 'set_password', value: 'new', options: {} });
      await ok$('/alter/user', { name: 'alter_me', action: 'set_default_schema', value: '', options: {} });
      const bad = await fails$('/alter/user', { name: 'alter_me', action: 'set_color', value: '', options: {} });
      expect(bad.message).toBe(
        "Value: 'set_color' not a valid parameter. Valid values are: set_activated, set_comment, set_default_schema, set_password, set_resource_group (U/PUh:355)",
      );
      const missing = await fails$('/alter/user', { name: 'nobody', action: 'set_comment', value: '', options: {} });
      expect(missing.message).toBe("User 'nobody' does not exist");
      const admin = await fails$('/alter/user', { name: 'admin', action: 'set_activated', value: 'false', options: {} });
      expect(admin.message).toBe("User 'admin' is built in and cannot be deactivated");
    });

    it('deletes a user, but never admin', async () => {
      await createUser('short_lived');
      await ok$('/delete/user', { name: 'short_lived', options: {} });
      const gone = await fails$('/delete/user', { name: 'short_lived', options: {} });
      expect(gone.message).toBe("User 'short_lived' does not exist");
      const admin = await fails$('/delete/user', { name: 'admin', options: {} });
      expect(admin.message).toBe("User 'admin' is built in and cannot be deleted");
    });

    it('creates, alters and deletes a role; never public or authenticated', async () => {
      await createRole('auditor');
      const again = await fails$('/create/role', { name: 'auditor', options: {} });
      expect(again.message).toBe("Role 'auditor' already exists");
      await ok$('/alter/role', { name: 'auditor', action: 'set_comment', value: 'reads everything', options: {} });
      const bad = await fails$('/alter/role', { name: 'auditor', action: 'set_password', value: '', options: {} });
      expect(bad.message).toBe("Value: 'set_password' not a valid parameter. Valid values are: set_comment, set_resource_group (U/PUh:355)");
      await ok$('/delete/role', { name: 'auditor', options: {} });
      const gone = await fails$('/delete/role', { name: 'auditor', options: {} });
      expect(gone.message).toBe("Role 'auditor' does not exist");
      for (const builtIn of ['public', 'authenticated']) {
        const refused = await fails$('/delete/role', { name: builtIn, options: {} });
        expect(refused.message).toBe(`Role '${builtIn}' is built in and cannot be deleted`);
      }
    });

    it('grants and revokes roles to users and roles, recursively for has/role', async () => {
      await createRole('reader');
      await createRole('analyst');
      await createUser('ana');
      await ok$('/grant/role', { role: 'reader', member: 'analyst', options: {} });
      const granted = await ok$('/grant/role', { role: 'analyst', member: 'ana', options: {} });
      expect(granted).toEqual({ role: 'analyst', member: 'ana', info: {} });
      expect((await show(['ana'])).roles).toEqual({ ana: ['analyst'] });

      const direct = await ok$<{ has_role: boolean; info: Record<string, string> }>('/has/role', { principal: 'ana', role: 'analyst', options: {} });
      expect(direct).toMatchObject({ has_role: true, info: { direct: 'true' } });
      const inherited = await ok$<{ has_role: boolean; info: Record<string, string> }>('/has/role', { principal: 'ana', role: 'reader', options: {} });
      expect(inherited).toMatchObject({ has_role: true, info: { direct: 'false' } });
      const onlyDirect = await ok$<{ has_role: boolean }>('/has/role', { principal: 'ana', role: 'reader', options: { only_direct: 'true' } });
      expect(onlyDirect.has_role).toBe(false);
      const implicit = await ok$<{ has_role: boolean }>('/has/role', { principal: 'ana', role: 'public', options: {} });
      expect(implicit.has_role).toBe(true);

      await ok$('/revoke/role', { role: 'analyst', member: 'ana', options: {} });
      const revoked = await ok$<{ has_role: boolean }>('/has/role', { principal: 'ana', role: 'reader', options: {} });
      expect(revoked.has_role).toBe(false);
      const notMember = await fails$('/revoke/role', { role: 'analyst', member: 'ana', options: {} });
      expect(notMember.message).toBe("'ana' is not a direct member of role 'analyst'; nothing to revoke");
    });

    it('refuses membership in a missing role, of a missing member, in itself, in a cycle, or in an implicit role', async () => {
      await createRole('ring_a');
      await createRole('ring_b');
      const missingRole = await fails$('/grant/role', { role: 'ghost', member: 'admin', options: {} });
      expect(missingRole.message).toBe("Role 'ghost' does not exist");
      const missingMember = await fails$('/grant/role', { role: 'ring_a', member: 'ghost', options: {} });
      expect(missingMember.message).toBe("No user or role is named 'ghost'");
      const itself = await fails$('/grant/role', { role: 'ring_a', member: 'ring_a', options: {} });
      expect(itself.message).toBe("Role 'ring_a' cannot be a member of itself");
      await ok$('/grant/role', { role: 'ring_a', member: 'ring_b', options: {} });
      const cycle = await fails$('/grant/role', { role: 'ring_b', member: 'ring_a', options: {} });
      expect(cycle.message).toBe(
        "Cannot grant role 'ring_b' to role 'ring_a': 'ring_b' is already a member of 'ring_a' (directly or through other roles), and roles cannot be members of each other",
      );
      const implicit = await fails$('/grant/role', { role: 'public', member: 'ring_a', options: {} });
      expect(implicit.message).toBe("Every user is a member of role 'public'; membership in it cannot be granted or revoked");
    });

    it('deleting a role removes it from its members', async () => {
      await createRole('temp_role');
      await createUser('temp_member');
      await ok$('/grant/role', { role: 'temp_role', member: 'temp_member', options: {} });
      await ok$('/delete/role', { name: 'temp_role', options: {} });
      expect((await show(['temp_member'])).roles).toEqual({ temp_member: [] });
    });

    it('answers has/role for a missing role only with no_error_if_not_exists, and for the caller when principal is blank', async () => {
      const missing = await fails$('/has/role', { principal: 'admin', role: 'ghost', options: {} });
      expect(missing.message).toBe("Role 'ghost' does not exist");
      const quiet = await ok$<{ has_role: boolean }>('/has/role', { principal: 'admin', role: 'ghost', options: { no_error_if_not_exists: 'true' } });
      expect(quiet.has_role).toBe(false);
      const caller = await ok$<{ has_role: boolean }>('/has/role', { principal: '', role: 'authenticated', options: {} });
      expect(caller.has_role).toBe(true);
      const nobody = await fails$('/has/role', { principal: 'nobody', role: 'public', options: {} });
      expect(nobody.message).toBe("No user or role is named 'nobody'");
    });

    it('shows the current user only, and fails for names that are neither user nor role', async () => {
      const current = await show([], { show_current_user: 'true' });
      expect(Object.keys(current.types)).toEqual(['admin']);
      const missing = await fails$('/show/security', { names: ['ghost'], options: {} });
      expect(missing.message).toBe("No user or role is named 'ghost'");
    });
  });
}
