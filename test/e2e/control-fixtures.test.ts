/**
 * Fixtures: loaded at start (--fixtures, a file or a folder), at any time (POST /_mock/fixtures,
 * mock.loadFixtures), and again by each reset. A bad fixture stops the start, or is refused,
 * with a message naming the file and the place, and changes nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { call, fails, ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { readAll } from '../support/tables.js';
import { startMock, FixtureError } from '../../src/index.js';
import { comparable, control } from '../control/support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = join(root, 'fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'kinetica-mock-fixtures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
/** Writes a fixture file (text as given, or an object as indented JSON) and returns its path. */
function fixtureFile(content: string | object, name = `fixture-${++counter}.json`): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The message startMock() fails with for a fixture path. */
async function startFailure(fixtures: string): Promise<string> {
  try {
    const mock = await startMock({ fixtures });
    await mock.close();
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return (error as Error).message;
  }
  throw new Error(`${fixtures} loaded, but should not have`);
}

const basic = (auth: string) => ({ Authorization: `Basic ${Buffer.from(auth).toString('base64')}` });

describe('the example fixtures in fixtures/', () => {
  const mock = useMock({ fixtures: examples });

  it('load tables with their records, users, roles and grants', async () => {
    expect(await readAll(mock.url, 'sales.customers', 'json')).toEqual([
      { id: 1, name: 'Acme Corp', country: 'US' },
      { id: 2, name: 'Globex', country: 'DE' },
      { id: 3, name: 'Initech', country: null },
    ]);
    expect((await readAll<{ order_id: number }>(mock.url, 'sales.orders', 'binary')).map((row) => row.order_id)).toEqual([1001, 1002, 1003]);
    const shown = await ok<{ additional_info: Record<string, string>[] }>(mock.url, '/show/table', { table_name: 'sales.orders', options: {} });
    expect(shown.additional_info[0]).toMatchObject({ partition_type: 'INTERVAL', partition_keys: 'placed_at' });
    const security = await ok<{ types: Record<string, string>; roles: Record<string, string[]> }>(mock.url, '/show/security', { names: ['alice', 'backup_operator'], options: {} });
    expect(security.roles).toEqual({ alice: ['analyst'], backup_operator: ['analyst'] });
    const read = await ok<{ has_permission: boolean }>(mock.url, '/has/permission', { principal: 'alice', object: 'sales.orders', object_type: 'table', permission: 'read', options: {} });
    expect(read.has_permission).toBe(true);
  });

  it('load credentials, sinks and sources that backups can use', async () => {
    const sink = await ok<{ datasink_names: string[]; destination_types: string[] }>(mock.url, '/show/datasink', { name: 'ops.backup_sink', options: {} });
    expect(sink).toMatchObject({ datasink_names: ['ops.backup_sink'], destination_types: ['s3'] });
    const backup = await ok<{ total_number_of_records: number }>(mock.url, '/create/backup', {
      backup_name: 'from_fixtures', backup_type: 'full', backup_objects_map: { all: 'sales' }, datasink_name: 'ops.backup_sink', options: {},
    });
    expect(backup.total_number_of_records).toBe(6);
    const shown = await ok<{ backup_description: Record<string, string>[] }>(mock.url, '/show/backup', { backup_name: 'from_fixtures', datasource_name: 'ops.backup_source', options: {} });
    expect(shown.backup_description).toHaveLength(1);
  });

  it('load the other kinds', async () => {
    expect((await ok<{ directories: string[] }>(mock.url, '/show/directories', { directory_name: 'models', options: {} })).directories).toEqual(['models']);
    expect((await ok<{ groups: Record<string, string>[] }>(mock.url, '/show/resourcegroups', { names: ['batch_jobs'], options: {} })).groups[0]).toMatchObject({ name: 'batch_jobs', max_cpu_concurrency: '4' });
    expect((await ok<{ packages: string[][] }>(mock.url, '/show/environment', { environment_name: 'ml_env', options: {} })).packages).toEqual([['numpy==1.26.4', 'scikit-learn']]);
    const proc = await ok<{ files: Record<string, Buffer>[]; commands: string[] }>(mock.url, '/show/proc', { proc_name: 'score_orders', options: { include_files: 'true' } }, 'binary');
    expect(proc.commands).toEqual(['python']);
    expect(proc.files[0]!['score.py']!.toString('utf8')).toBe("import kinetica_proc\nprint('scoring')\n");
    expect((await ok<{ monitor_ids: string[] }>(mock.url, '/show/tablemonitors', { monitor_ids: ['sales.new_orders'], options: {} })).monitor_ids).toEqual(['sales.new_orders']);
    expect((await ok<{ graph_names: string[] }>(mock.url, '/show/graph', { graph_name: 'sales.delivery_routes', options: {} })).graph_names).toEqual(['sales.delivery_routes']);
    expect((await ok<{ procedure_names: string[] }>(mock.url, '/show/sql/proc', { procedure_name: 'sales.purge_old_orders', options: {} })).procedure_names).toEqual(['sales.purge_old_orders']);
    expect(mock.server.emulator.catalog.get('context', 'sales', 'sales_ctx')).toBeDefined();
    expect(mock.server.emulator.catalog.get('catalog', undefined, 'lake')).toBeDefined();
    const table = await ok<{ additional_info: Record<string, string>[] }>(mock.url, '/show/table', { table_name: 'sales.orders', options: {} });
    expect(JSON.stringify(table.additional_info[0])).toContain('one row per order');
  });
});

describe('fixture users with authentication on', () => {
  const mock = useMock({ fixtures: examples, auth: true });

  it('log in with their fixture password and have the fixture permissions', async () => {
    expect((await call(mock.url, '/get/records', { table_name: 'sales.orders', offset: 0, limit: 10, encoding: 'json', options: {} }, 'json', basic('alice:alice-password'))).status).toBe('OK');
    expect((await call(mock.url, '/create/schema', { schema_name: 'mine', options: {} }, 'json', basic('alice:alice-password'))).message).toBe('Access denied; ok');
    expect((await call(mock.url, '/show/system/status', { options: {} }, 'json', basic('alice:wrong'))).httpStatus).toBe(401);
  });
});

describe('the fixture format', () => {
  it('takes a type definition with properties, a label, base64 file contents, external users, schema options and raw requests', async () => {
    const path = fixtureFile({
      schemas: [{ name: 'lab', options: {} }],
      tables: [
        {
          table_name: 'lab.readings',
          label: 'reading',
          type_definition: { type: 'record', name: 'reading', fields: [{ name: 'sensor', type: 'string' }, { name: 'value', type: ['double', 'null'] }, { name: 'raw', type: 'bytes' }] },
          properties: { sensor: ['char16', 'primary_key'], value: ['nullable'] },
          options: { is_replicated: true },
          records: [{ sensor: 's1', value: 1.5, raw: '\u0000\u0001' }],
        },
      ],
      users: [{ name: '@ldap_user', external: true }],
      procs: [{ proc_name: 'bin', files: { 'blob.bin': { base64: Buffer.from([0, 255, 1]).toString('base64') } } }],
      requests: [{ endpoint: '/create/role', request: { name: 'from_request' } }],
    });
    const mock = await startMock({ fixtures: path });
    try {
      const type = await ok<{ type_labels: string[]; properties: Record<string, string[]>[] }>(mock.url, '/show/table', { table_name: 'lab.readings', options: {} });
      expect(type.type_labels).toEqual(['reading']);
      expect(type.properties[0]!.sensor).toEqual(['data', 'char16', 'primary_key']);
      expect(await readAll(mock.url, 'lab.readings', 'json')).toEqual([{ sensor: 's1', value: 1.5, raw: '\u0000\u0001' }]);
      const proc = await ok<{ files: Record<string, Buffer>[] }>(mock.url, '/show/proc', { proc_name: 'bin', options: { include_files: 'true' } }, 'binary');
      expect([...proc.files[0]!['blob.bin']!]).toEqual([0, 255, 1]);
      const security = await ok<{ types: Record<string, string> }>(mock.url, '/show/security', { names: ['@ldap_user', 'from_request'], options: {} });
      expect(security.types).toEqual({ '@ldap_user': 'external_user', from_request: 'role' });
    } finally {
      await mock.close();
    }
  });

  it('loads the files of a folder in name order, so later files can use earlier ones', async () => {
    const folder = join(scratch, 'ordered');
    mkdirSync(folder);
    writeFileSync(join(folder, '10-tables.json'), JSON.stringify({ tables: [{ name: 'base.t', columns: [['id', 'int']] }] }));
    writeFileSync(join(folder, '01-schemas.json'), JSON.stringify({ schemas: ['base'] }));
    writeFileSync(join(folder, 'notes.txt'), 'not a fixture');
    const mock = await startMock({ fixtures: folder });
    try {
      await ok(mock.url, '/has/table', { table_name: 'base.t', options: {} });
    } finally {
      await mock.close();
    }
  });
});

describe('a bad fixture stops the start with a message naming the file and the place', () => {
  it('for a syntax error, with its line and column', async () => {
    const path = fixtureFile('{\n  "schemas": ["a",]\n}');
    expect(await startFailure(path)).toBe(`${path}:2:19: not valid JSON: expected a value, found ']'`);
  });

  it('for a document or section of the wrong shape', async () => {
    const list = fixtureFile('[]');
    expect(await startFailure(list)).toBe(`${list}:1:1: a fixture document must be a JSON object of sections (schemas, tables, users, ...)`);
    const unknown = fixtureFile('{\n  "schemas": [],\n  "tabels": []\n}');
    expect(await startFailure(unknown)).toMatch(new RegExp(`^${escape(unknown)}:3:13: tabels: unknown section 'tabels'; the sections are: schemas, resource_groups, .*`));
    const notList = fixtureFile({ schemas: 'sales' });
    expect(await startFailure(notList)).toBe(`${notList}:2:14: schemas: 'schemas' must be a list`);
    const notObject = fixtureFile({ credentials: ['x'] });
    expect(await startFailure(notObject)).toBe(`${notObject}:3:5: credentials[0]: each entry must be an object`);
  });

  it('for an unknown key, listing the keys', async () => {
    const path = fixtureFile({ schemas: ['s'], credentials: [{ name: 's.c', type: 'aws_access_key', identty: 'x' }] });
    expect(await startFailure(path)).toBe(
      `${path}:9:18: credentials[0].identty: unknown key 'identty'; the keys are: credential_name, name, type, identity, secret, options`,
    );
  });

  it('for a record that does not fit its table, naming the record and the column', async () => {
    const path = fixtureFile({
      schemas: ['s'],
      tables: [{ name: 's.t', columns: [['id', 'int', 'primary_key'], ['name', 'string']], records: [{ id: 1, name: 'a' }, { id: 'two', name: 'b' }] }],
    });
    expect(await startFailure(path)).toMatch(new RegExp(`^${escape(path)}:24:9: tables\\[0\\]\\.records\\[1\\]: .*'id'`));
  });

  it('for what the endpoint refuses, with its own message', async () => {
    const table = fixtureFile({ tables: [{ name: 'nowhere.t', columns: [['id', 'int']] }] });
    expect(await startFailure(table)).toMatch(new RegExp(`^${escape(table)}:3:5: tables\\[0\\]: .*nowhere`));
    const sink = fixtureFile({ datasinks: [{ name: 'sink', destination: 's3://b/p', options: { credential: 'missing_cred' } }] });
    expect(await startFailure(sink)).toMatch(new RegExp(`^${escape(sink)}:3:5: datasinks\\[0\\]: .*missing_cred`));
    const grant = fixtureFile({ users: [{ name: 'bob', password: 'x', permissions: [{ permission: 'read', object_type: 'table', object: 'ki_home.none' }] }] });
    expect(await startFailure(grant)).toMatch(new RegExp(`^${escape(grant)}:7:9: users\\[0\\]\\.permissions\\[0\\]: .*none`));
    const member = fixtureFile({ users: [{ name: 'bob', password: 'x', roles: ['no_such_role'] }] });
    expect(await startFailure(member)).toMatch(new RegExp(`^${escape(member)}:7:9: users\\[0\\]\\.roles\\[0\\]: .*no_such_role`));
    const table2 = fixtureFile({ tables: [{ name: 't', records: [] }] });
    expect(await startFailure(table2)).toMatch(/tables\[0\]: a table needs either 'columns'/);
    const raw = fixtureFile({ requests: [{ endpoint: '/admin/shutdown', request: {} }, { endpoint: '/no/such' }] });
    expect(await startFailure(raw)).toMatch(/requests\[1\]\.endpoint: '\/no\/such' is not a Kinetica endpoint/);
    const notEmulated = fixtureFile({ requests: [{ endpoint: '/admin/shutdown', request: {} }] });
    expect(await startFailure(notEmulated)).toMatch(/requests\[0\]\.endpoint: '\/admin\/shutdown' is not emulated/);
    const badField = fixtureFile({ requests: [{ endpoint: '/create/role', request: { name: 'r', colour: 'red' } }] });
    expect(await startFailure(badField)).toMatch(/requests\[0\]\.request\.colour: unknown key 'colour'; the keys are: name, options/);
    const badType = fixtureFile({ graphs: [{ name: 'g', directed_graph: 'yes' }] });
    expect(await startFailure(badType)).toMatch(/graphs\[0\]: Field 'directed_graph' of create_graph_request must be a boolean, got a string/);
  });

  it('names the file of a folder that fails, and a missing path or an empty folder', async () => {
    const folder = join(scratch, 'second-bad');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.json'), JSON.stringify({ schemas: ['a'] }));
    writeFileSync(join(folder, 'b.json'), JSON.stringify({ schemas: ['a'] }));
    expect(await startFailure(folder)).toMatch(new RegExp(`^${escape(join(folder, 'b.json'))}:\\d+:\\d+: schemas\\[0\\]: .*'a'`));
    const missing = join(scratch, 'missing.json');
    expect(await startFailure(missing)).toMatch(new RegExp(`^${escape(missing)}: cannot read the fixtures: ENOENT`));
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    expect(await startFailure(empty)).toBe(`${empty}: the folder has no .json fixture file`);
  });

  it('and the command exits with code 2 and the message', async () => {
    const path = fixtureFile('{"schemas": ["x"],\n "users": [{"name": "Bad Name", "password": "x"}]}');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--fixtures', path], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(out).not.toContain('ready');
    expect(err).toMatch(new RegExp(`^kinetica-mock: cannot load the fixtures: ${escape(path)}:2:12: users\\[0\\]: .*Bad Name`));
  });
});

describe('POST /_mock/fixtures and mock.loadFixtures()', () => {
  const mock = useMock();

  it('load a document into the database as it is', async () => {
    await ok(mock.url, '/create/schema', { schema_name: 'kept', options: {} });
    const loaded = await control(mock.url, 'POST', '/fixtures', { schemas: ['runtime'], tables: [{ name: 'runtime.t', columns: [['id', 'int']], records: [{ id: 7 }] }] });
    expect(loaded).toMatchObject({ status: 200, body: { loaded: { fixtures: 1 } } });
    expect(await readAll(mock.url, 'runtime.t', 'json')).toEqual([{ id: 7 }]);
    await ok(mock.url, '/show/schema', { schema_name: 'kept', options: {} });

    mock.server.loadFixtures({ tables: [{ name: 'runtime.u', columns: [['id', 'int']] }] });
    await ok(mock.url, '/has/table', { table_name: 'runtime.u', options: {} });
    mock.server.loadFixtures(fixtureFile({ roles: ['r1'].map((name) => ({ name })) }));
    await ok(mock.url, '/has/role', { principal: '', role: 'r1', options: {} });
  });

  it('refuse a bad document, naming the place, and change nothing (all or nothing)', async () => {
    const before = comparable((await control(mock.url, 'GET', '/state')).body);
    const partial = '{\n  "schemas": ["half"],\n  "tables": [\n    {"name": "half.t", "columns": [["id", "int"]], "records": [{"id": "x"}]}\n  ]\n}';
    const refused = await control(mock.url, 'POST', '/fixtures', undefined, partial);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/^POST \/_mock\/fixtures:4:64: tables\[0\]\.records\[0\]: .*'id'/);
    expect(comparable((await control(mock.url, 'GET', '/state')).body)).toEqual(before);
    await fails(mock.url, '/show/schema', { schema_name: 'half', options: {} });

    const syntax = await control(mock.url, 'POST', '/fixtures', undefined, '{"schemas": [}');
    expect(syntax).toMatchObject({ status: 400, body: { error: "POST /_mock/fixtures:1:14: not valid JSON: expected a value, found '}'" } });
    expect((await control(mock.url, 'POST', '/fixtures', undefined, '')).body.error).toMatch(/The body must be a fixture document/);

    expect(() => mock.server.loadFixtures({ schemas: ['half'], users: [{ name: 'x', pasword: 'y' }] })).toThrow(
      /^loadFixtures\(\): users\[0\]\.pasword: unknown key 'pasword'/,
    );
    expect(comparable((await control(mock.url, 'GET', '/state')).body)).toEqual(before);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
