/**
 * Credentials, data sinks and the other kinds with authentication on, over real HTTP in JSON and
 * Avro binary: a caller without the documented permission gets `Access denied; ok`, succeeds once
 * it is granted, and administers what it created; listings show only what the caller may see.
 */
import { describe, expect, it } from 'vitest';
import { call, type Envelope, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];
const DENIED = 'Access denied; ok';

const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

for (const encoding of ENCODINGS) {
  describe(`connector and object permissions (${encoding})`, () => {
    const mock = useMock({ auth: true, adminPassword: 'root-pw' });

    const as = (headers: Record<string, string>) => ({
      ok: async <R = Record<string, unknown>>(path: string, body: unknown): Promise<R> => {
        const envelope: Envelope<R> = await call<R>(mock.url, path, body, encoding, headers);
        if (envelope.status !== 'OK') throw new Error(`${path} failed (${envelope.httpStatus}): ${envelope.message}`);
        return envelope.data!;
      },
      denied: async (path: string, body: unknown) => {
        const envelope = await call(mock.url, path, body, encoding, headers);
        expect({ path, httpStatus: envelope.httpStatus, message: envelope.message }).toEqual({ path, httpStatus: 400, message: DENIED });
      },
    });
    const admin = as(basic('admin', 'root-pw'));
    const newUser = async (name: string) => {
      await admin.ok('/create/user/internal', { name, password: 'pw', options: {} });
      return as(basic(name, 'pw'));
    };
    const grant = (principal: string, objectType: string, object: string, permission: string) =>
      admin.ok('/grant/permission', { principal, object, object_type: objectType, permission, options: {} });

    it('creating a credential needs credential_create on its schema; the creator then administers it', async () => {
      const alice = await newUser('alice');
      const request = { credential_name: 'alice_cred', type: 'aws_access_key', identity: 'id', secret: 's', options: {} };
      await alice.denied('/create/credential', request);
      await grant('alice', 'credential', 'ki_home', 'create');
      await alice.ok('/create/credential', request);
      await alice.ok('/alter/credential', { credential_name: 'alice_cred', credential_updates_map: { secret: 's2' }, options: {} });
      const shown = await alice.ok<{ credential_names: string[] }>('/show/credential', { credential_name: 'alice_cred', options: {} });
      expect(shown.credential_names).toEqual(['ki_home.alice_cred']);
      await alice.ok('/drop/credential', { credential_name: 'alice_cred', options: {} });
    });

    it('shows, in a listing, only the credentials the caller may read', async () => {
      await admin.ok('/create/credential', { credential_name: 'secret_cred', type: 'hdfs', identity: '', secret: '', options: {} });
      await admin.ok('/create/credential', { credential_name: 'shared_cred', type: 'hdfs', identity: '', secret: '', options: {} });
      const bob = await newUser('bob');
      await bob.denied('/show/credential', { credential_name: 'secret_cred', options: {} });
      await bob.denied('/drop/credential', { credential_name: 'shared_cred', options: {} });
      await admin.ok('/grant/permission/credential', { name: 'bob', permission: 'credential_read', credential_name: 'shared_cred', options: {} });
      const listed = await bob.ok<{ credential_names: string[] }>('/show/credential', { credential_name: '*', options: {} });
      expect(listed.credential_names).toEqual(['ki_home.shared_cred']);
      await bob.denied('/drop/credential', { credential_name: 'shared_cred', options: {} });
    });

    it('data sinks need datasink_create to create, connect to show and datasink_admin to drop', async () => {
      await admin.ok('/create/datasink', { name: 'admin_sink', destination: 's3://b', options: {} });
      const carol = await newUser('carol');
      await carol.denied('/create/datasink', { name: 'carol_sink', destination: 's3://c', options: {} });
      await carol.denied('/show/datasink', { name: 'admin_sink', options: {} });
      await grant('carol', 'datasink', 'admin_sink', 'connect');
      await carol.ok('/show/datasink', { name: 'admin_sink', options: {} });
      await carol.denied('/drop/datasink', { name: 'admin_sink', options: {} });
      await grant('carol', 'datasink', 'ki_home', 'create');
      await carol.ok('/create/datasink', { name: 'carol_sink', destination: 's3://c', options: {} });
      await carol.ok('/drop/datasink', { name: 'carol_sink', options: {} });
    });

    it('procs need proc_create, and directories directory_create then system_admin to delete', async () => {
      const dave = await newUser('dave');
      const proc = { proc_name: 'dave_udf', execution_mode: 'distributed', files: {}, command: 'python', args: [], options: {} };
      await dave.denied('/create/proc', proc);
      await admin.ok('/grant/permission/system', { name: 'dave', permission: 'system_write', options: {} });
      await dave.ok('/create/proc', proc);
      await dave.ok('/delete/proc', { proc_name: 'dave_udf', options: {} });
      await dave.ok('/create/directory', { directory_name: 'dave_dir', options: {} });
      const shown = await dave.ok<{ permissions: string[] }>('/show/directories', { directory_name: 'dave_dir', options: {} });
      expect(shown.permissions).toEqual(['directory_write']);
      await dave.denied('/delete/directory', { directory_name: 'dave_dir', options: {} });
      await admin.ok('/delete/directory', { directory_name: 'dave_dir', options: {} });
    });
  });
}
