/**
 * Tenants: /t/<tenant>/ reaches an emulator of its own. Before tenants, every client of a server
 * shared one database, backup store, journal, fault list, clock and user list, so one test
 * worker's reset wiped another's tables and backups; each test here shows one of those parts kept
 * apart, over real HTTP in JSON and Avro binary.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { call, ok, post, type WireEncoding } from '../support/client.js';
import { createBackup, createStore } from '../support/backups.js';
import { useMock } from '../support/server.js';
import { control } from '../control/support.js';
import { ControlError, KineticaError, startMock } from '../../src/index.js';

const sql = (url: string, statement: string, encoding: WireEncoding = 'json') =>
  ok<{ count_affected: number; json_encoded_response: string }>(
    url,
    '/execute/sql',
    { statement, offset: 0, limit: 100, request_schema_str: '', data: [], options: {}, encoding: 'json' },
    encoding,
  );

const rowsOf = async (url: string, statement: string) => JSON.parse((await sql(url, statement)).json_encoded_response) as Record<string, unknown[]>;

const hasTable = async (url: string, name: string) =>
  (await ok<{ table_exists: boolean }>(url, '/has/table', { table_name: name, options: {} })).table_exists;

const backupNames = async (url: string) =>
  (await ok<{ backup_description: Record<string, string>[] }>(url, '/show/backup', { backup_name: '*', datasource_name: 'backup_source', options: { no_error_if_not_exists: 'true' } }))
    .backup_description.map((backup) => backup.backup_name);

describe('tenants', () => {
  const mock = useMock({ maxTenants: 4 });
  const tenant = (name: string) => `${mock.url}/t/${name}`;
  // Each test removes the tenants it made, whether it passed or not.
  afterEach(() => {
    for (const { name } of mock.server.tenants().tenants) if (name !== 'default') mock.server.removeTenant(name);
  });

  it.each<WireEncoding>(['json', 'binary'])('keeps each tenant database apart, the root URL being the default tenant (%s)', async (encoding) => {
    const [a, b] = [tenant(`db-a-${encoding}`), tenant(`db-b-${encoding}`)];
    await sql(a, 'CREATE TABLE orders (id INT NOT NULL, note VARCHAR(16))', encoding);
    await sql(a, "INSERT INTO orders VALUES (1, 'from a'), (2, 'from a')", encoding);
    await sql(b, 'CREATE TABLE orders (id INT NOT NULL, note VARCHAR(16))', encoding);
    await sql(b, "INSERT INTO orders VALUES (7, 'from b')", encoding);

    expect(await rowsOf(a, 'SELECT id FROM orders ORDER BY id')).toMatchObject({ column_1: [1, 2] });
    expect(await rowsOf(b, 'SELECT id FROM orders ORDER BY id')).toMatchObject({ column_1: [7] });
    expect(await hasTable(mock.url, 'orders')).toBe(false);
    // /t/default/ is the root URL's tenant.
    await sql(mock.url, `CREATE TABLE root_only_${encoding} (x INT)`, encoding);
    expect(await hasTable(tenant('default'), `root_only_${encoding}`)).toBe(true);
    expect(await hasTable(a, `root_only_${encoding}`)).toBe(false);
    await sql(mock.url, `DROP TABLE root_only_${encoding}`, encoding);
  });

  it('keeps backup stores apart: a backup in one tenant is not in another', async () => {
    const [a, b] = [tenant('bk-a'), tenant('bk-b')];
    for (const url of [a, b]) {
      await createStore(url, 'binary');
      await sql(url, 'CREATE TABLE t (x INT)');
    }
    await createBackup(a, 'binary', 'nightly', 'full', { table: 'ki_home.t' });
    expect(await backupNames(a)).toEqual(['nightly']);
    expect(await backupNames(b)).toEqual([]);
    // A reset of one tenant (even with its backups) leaves the other's as they were.
    expect((await control(b, 'POST', '/reset', { backups: true })).status).toBe(200);
    expect(await backupNames(a)).toEqual(['nightly']);
    expect(await hasTable(a, 't')).toBe(true);
    expect(await hasTable(b, 't')).toBe(false);
  });

  it('keeps journals, faults and clocks apart, each under its own /t/<tenant>/_mock/', async () => {
    const [a, b] = [tenant('ctl-a'), tenant('ctl-b')];
    await control(a, 'DELETE', '/requests');
    await control(b, 'DELETE', '/requests');
    await ok(a, '/show/system/status', { options: {} });
    await ok(a, '/show/system/status', { options: {} }, 'binary');
    expect((await control(a, 'GET', '/requests')).body.requests).toHaveLength(2);
    expect((await control(b, 'GET', '/requests')).body.requests).toHaveLength(0);
    expect((await control(a, 'POST', '/verify', { endpoint: '/show/system/status', count: 2 })).body).toMatchObject({ verified: true, matched: 2 });
    const unseen = await control(b, 'POST', '/verify', { endpoint: '/show/system/status' });
    expect(unseen.status).toBe(409);
    expect(unseen.body).toMatchObject({ verified: false, matched: 0 });

    expect((await control(a, 'POST', '/faults', { endpoint: '/show/system/status', message: 'injected in a' })).status).toBe(201);
    expect((await call(a, '/show/system/status', { options: {} })).message).toBe('injected in a');
    expect((await call(b, '/show/system/status', { options: {} })).status).toBe('OK');
    expect((await call(mock.url, '/show/system/status', { options: {} })).status).toBe('OK');

    expect((await control(a, 'PUT', '/clock', { fix: '2025-03-10T00:00:00Z' })).body).toMatchObject({ fixed: true, now: '2025-03-10T00:00:00.000Z' });
    expect((await control(b, 'GET', '/clock')).body.fixed).toBe(false);
    expect((await control(mock.url, 'GET', '/clock')).body.fixed).toBe(false);
    // A tenant's health and endpoint list are its control plane's too.
    expect((await control(b, 'GET', '/health')).body.status).toBe('ready');
    expect((await control(b, 'GET', '/endpoints')).status).toBe(200);
    expect((await control(b, 'GET', '/nothing-here')).status).toBe(404);
  });

  it("keeps checkpoints apart: a tenant's restore takes back only its own database", async () => {
    const [a, b] = [tenant('cp-a'), tenant('cp-b')];
    await sql(a, 'CREATE TABLE c (x INT)');
    expect((await control(a, 'POST', '/checkpoints/seeded')).status).toBe(201);
    await sql(a, 'DROP TABLE c');
    await sql(b, 'CREATE TABLE only_b (x INT)');
    expect((await control(b, 'POST', '/checkpoints/seeded/restore')).status).toBe(404);
    expect((await control(a, 'POST', '/checkpoints/seeded/restore')).status).toBe(200);
    expect(await hasTable(a, 'c')).toBe(true);
    expect(await hasTable(b, 'only_b')).toBe(true);
    expect((await control(mock.url, 'GET', '/checkpoints')).body.checkpoints).toEqual([]);
  });

  it('lists tenants with their sizes and removes them: a removed tenant starts empty when next used', async () => {
    const url = tenant('sized');
    await sql(url, 'CREATE TABLE s (x INT)');
    await sql(url, 'INSERT INTO s VALUES (1), (2), (3)');
    const listed = (await control(mock.url, 'GET', '/tenants')).body;
    expect(listed.max).toBe(4);
    expect(listed.tenants[0]).toMatchObject({ name: 'default', path: '' });
    expect(listed.tenants.find((t: { name: string }) => t.name === 'sized')).toMatchObject({
      path: '/t/sized', tables: 1, records: 3, backups: 0, snapshots: 0, requests: 2,
    });
    expect((await control(mock.url, 'DELETE', '/tenants/sized')).body).toEqual({ removed: 'sized' });
    expect((await control(mock.url, 'GET', '/tenants')).body.tenants.map((t: { name: string }) => t.name)).not.toContain('sized');
    expect(await hasTable(url, 's')).toBe(false);
  });

  it('answers a request still running when its tenant is removed with an ERROR envelope saying so', async () => {
    const url = tenant('removed-midway');
    await createStore(url, 'json');
    await sql(url, 'CREATE TABLE x (a INT)');
    await control(url, 'POST', '/faults', { endpoint: '/create/backup', delayMs: 300 });
    const pending = call(url, '/create/backup', { backup_name: 'b', backup_type: 'full', backup_objects_map: { table: 'x' }, datasink_name: 'backup_sink', options: {} }, 'binary');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await control(mock.url, 'DELETE', '/tenants/removed-midway')).status).toBe(200);
    const answer = await pending;
    expect(answer).toMatchObject({ status: 'ERROR', httpStatus: 400 });
    expect(answer.message).toBe("Tenant 'removed-midway' was removed (DELETE /_mock/tenants/removed-midway) while this request ran; send it again to use a new, empty tenant of that name");
    // Sent again, it reaches a new tenant of that name, empty.
    expect(await hasTable(url, 'x')).toBe(false);
  });

  it('answers a bad tenant name, an unknown one and the default with clear errors', async () => {
    for (const encoding of ['json', 'binary'] as const) {
      const bad = await call(`${mock.url}/t/Worker_1`, '/show/system/status', { options: {} }, encoding);
      expect(bad).toMatchObject({ status: 'ERROR', httpStatus: 400 });
      expect(bad.message).toContain("Invalid tenant name 'Worker_1'");
      expect(bad.message).toContain('lower-case letters');
    }
    const controlBad = await control(`${mock.url}/t/-x`, 'POST', '/reset');
    expect(controlBad.status).toBe(400);
    expect(controlBad.body.error).toContain("Invalid tenant name '-x'");
    expect(await control(mock.url, 'DELETE', '/tenants/nobody')).toMatchObject({ status: 404, body: { error: "No tenant 'nobody': GET /_mock/tenants lists them" } });
    const defaultRemoval = await control(mock.url, 'DELETE', '/tenants/default');
    expect(defaultRemoval.status).toBe(400);
    expect(defaultRemoval.body.error).toContain('cannot be removed');
    // The tenant routes are the root's: a tenant has none.
    expect((await control(tenant('gw0'), 'GET', '/tenants')).status).toBe(404);
  });

  it('refuses a tenant past --max-tenants with an ERROR envelope naming the fix', async () => {
    const names = ['m1', 'm2', 'm3', 'm4'];
    for (const name of names) await ok(tenant(name), '/show/system/status', { options: {} });
    const refused = await call(tenant('m5'), '/show/system/status', { options: {} }, 'binary');
    expect(refused.status).toBe('ERROR');
    expect(refused.message).toContain('already holds 4 tenants');
    expect(refused.message).toContain('--max-tenants');
    expect((await control(tenant('m5'), 'GET', '/health')).status).toBe(400);
    // Tenants that exist still answer, and removing one makes room.
    expect((await call(tenant('m1'), '/show/system/status', { options: {} })).status).toBe('OK');
    await control(mock.url, 'DELETE', '/tenants/m1');
    expect((await call(tenant('m5'), '/show/system/status', { options: {} })).status).toBe('OK');
  });

  it('advertises the tenant URL to the client in /show/system/properties', async () => {
    const properties = await ok<{ property_map: Record<string, string> }>(tenant('props'), '/show/system/properties', { options: {} });
    expect(properties.property_map['conf.host0_public_urls']).toBe(`${mock.url}/t/props`);
  });

  it('gives each tenant the same control methods in process', async () => {
    const server = mock.server;
    const a = server.tenant('inproc');
    expect(a.url).toBe(`${mock.url}/t/inproc`);
    await sql(a.url, 'CREATE TABLE p (x INT)');
    expect(a.requests().map((entry) => entry.endpoint)).toEqual(['/execute/sql']);
    expect(server.requests({ endpoint: '/execute/sql' }).some((entry) => JSON.stringify(entry.request).includes('TABLE p'))).toBe(false);
    expect(a.reset().reset).toEqual(['database', 'clock', 'journal', 'faults']);
    expect(await hasTable(a.url, 'p')).toBe(false);
    await a.setClock({ fix: 0 });
    expect(server.tenant('inproc').emulator.clock.now()).toBe(0);
    expect(server.emulator.clock.now()).not.toBe(0);
    expect(server.tenants().tenants.map((t) => t.name)).toContain('inproc');
    server.removeTenant('inproc');
    expect(server.tenants().tenants.map((t) => t.name)).not.toContain('inproc');
    expect(() => server.tenant('NO')).toThrow(KineticaError);
    expect(() => server.removeTenant('default')).toThrow('cannot be removed');
    expect(() => server.removeTenant('inproc')).toThrow(ControlError);
  });
});

describe('tenants with --auth', () => {
  const mock = useMock({ auth: true, adminPassword: 'pw', controlToken: 'ctl' });
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

  it('keeps users apart: a user made in one tenant cannot sign in to another', async () => {
    const [a, b] = [`${mock.url}/t/auth-a`, `${mock.url}/t/auth-b`];
    await ok(a, '/create/user/internal', { name: 'alice', password: 'Secret1!', options: {} }, 'json', basic('admin', 'pw'));
    expect((await call(a, '/show/system/status', { options: {} }, 'json', basic('alice', 'Secret1!'))).status).toBe('OK');
    const refused = await call(b, '/show/system/status', { options: {} }, 'binary', basic('alice', 'Secret1!'));
    expect(refused).toMatchObject({ status: 'ERROR', httpStatus: 401 });
    // Each tenant's control plane asks for its own admin, or the control token.
    const gated = await fetch(`${a}/_mock/requests`);
    expect(gated.status).toBe(401);
    expect((await fetch(`${a}/_mock/requests`, { headers: { 'x-kinetica-mock-token': 'ctl' } })).status).toBe(200);
    expect((await fetch(`${a}/_mock/requests`, { headers: basic('alice', 'Secret1!') })).status).toBe(403);
    expect((await fetch(`${b}/_mock/health`)).status).toBe(200);
    expect((await fetch(`${mock.url}/_mock/tenants`)).status).toBe(401);
    expect((await fetch(`${mock.url}/_mock/tenants`, { headers: basic('admin', 'pw') })).status).toBe(200);
  });
});

describe('tenants with --data-dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmock-tenants-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each tenant backup stores in a file of its own, back after a restart, gone with the tenant', async () => {
    const first = await startMock({ dataDir: dir });
    const a = `${first.url}/t/keep`;
    try {
      await createStore(a, 'json');
      await sql(a, 'CREATE TABLE kept (x INT)');
      await sql(a, 'INSERT INTO kept VALUES (42)');
      await createBackup(a, 'binary', 'before_restart', 'full', { table: 'ki_home.kept' });
      await ok(`${first.url}/t/other`, '/show/system/status', { options: {} });
    } finally {
      await first.close();
    }
    const files = readdirSync(dir).filter((file) => file.endsWith('.sqlite'));
    expect(files.some((file) => file.includes('.keep.'))).toBe(true);
    expect(files.some((file) => file.includes('.other.'))).toBe(true);

    const second = await startMock({ dataDir: dir });
    try {
      const b = `${second.url}/t/keep`;
      // The database is memory and starts empty; the backups are in the tenant's file.
      expect(await hasTable(b, 'kept')).toBe(false);
      await createStore(b, 'json');
      expect(await backupNames(b)).toEqual(['before_restart']);
      await ok(b, '/restore/backup', { backup_name: 'before_restart', restore_objects_map: { table: 'ki_home.kept' }, datasource_name: 'backup_source', options: {} });
      expect(await rowsOf(b, 'SELECT x FROM kept')).toMatchObject({ column_1: [42] });
      // The default tenant never saw it.
      await createStore(second.url, 'json');
      expect(await backupNames(second.url)).toEqual([]);
      second.removeTenant('keep');
      expect(readdirSync(dir).some((file) => file.includes('.keep.'))).toBe(false);
    } finally {
      await second.close();
    }
  });
});

describe('tenants with --fixtures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmock-tenant-fixtures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the start fixtures into each new tenant, as read at start, and reloads them on its reset', async () => {
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({ tables: [{ name: 'seeded', columns: [['x', 'int']], records: [{ x: 1 }, { x: 2 }] }] }));
    const mock = await startMock({ fixtures: file });
    try {
      // The file changes (here: breaks) while the server runs; new tenants start from what was read.
      writeFileSync(file, '{ not json');
      const url = `${mock.url}/t/seeded`;
      expect(await rowsOf(url, 'SELECT x FROM seeded ORDER BY x')).toMatchObject({ column_1: [1, 2] });
      await sql(url, 'DROP TABLE seeded');
      expect((await control(url, 'POST', '/reset')).body).toMatchObject({ fixtures: 1 });
      expect(await hasTable(url, 'seeded')).toBe(true);
    } finally {
      await mock.close();
    }
  });

  it('answers an ERROR envelope, never a crash, when a tenant cannot be made (its store file cannot open)', async () => {
    const dataDir = join(dir, 'data');
    const mock = await startMock({ dataDir });
    try {
      // A folder where the tenant's store file should be.
      mkdirSync(join(dataDir, 'kinetica-mock-backups.blocked.sqlite'));
      const refused = await call(`${mock.url}/t/blocked`, '/show/system/status', { options: {} }, 'binary');
      expect(refused).toMatchObject({ status: 'ERROR', httpStatus: 400 });
      expect(refused.message).toContain("Tenant 'blocked' could not be made");
      expect(mock.tenants().tenants.map((t) => t.name)).toEqual(['default']);
      expect((await call(mock.url, '/show/system/status', { options: {} })).status).toBe('OK');
    } finally {
      await mock.close();
    }
  });
});

describe('tenant paths and the wire', () => {
  const mock = useMock({ maxTenants: 8 });

  it('answers any tenant segment a client sends with an envelope, never a 5xx, and never past the bound', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,70}$/)), async (name) => {
        const response = await post(`${mock.url}/t/${encodeURIComponent(name)}/show/system/status`, '{"options":{}}', { 'content-type': 'application/json' });
        expect(response.status).toBeLessThan(500);
        const envelope = JSON.parse(response.body.toString()) as { status: string; message: string };
        expect(['OK', 'ERROR']).toContain(envelope.status);
        expect(mock.server.tenants().tenants.length).toBeLessThanOrEqual(9);
      }),
      { numRuns: 150, seed: 17 },
    );
    for (const { name } of mock.server.tenants().tenants) if (name !== 'default') mock.server.removeTenant(name);
  });

  it('answers an unknown endpoint under a tenant as the root does', async () => {
    const response = await post(`${mock.url}/t/paths/no/such/endpoint`, '{}', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString())).toMatchObject({ status: 'ERROR' });
    expect(JSON.parse(response.body.toString()).message).toContain("Unknown URI: '/t/paths/no/such/endpoint'");
  });
});
