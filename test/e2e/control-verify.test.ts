/**
 * POST /_mock/verify over real HTTP, after real Kinetica requests in JSON and Avro binary: counts
 * that hold (200), counts that do not (409 with the account and the nearest requests), answers
 * by status, bad specs (400), the journal off or short, and mock.verify() in process.
 */
import { describe, expect, it } from 'vitest';
import { call, ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { backupRequest, createBackup, createStore } from '../support/backups.js';
import { control } from '../control/support.js';
import { ControlError, VerificationError } from '../../src/index.js';

const verify = (url: string, spec: unknown) => control(url, 'POST', '/verify', spec);
const INCREMENTAL = { endpoint: '/create/backup', match: { backup_type: 'incremental' } };

describe('POST /_mock/verify', () => {
  const mock = useMock();

  it('sends a full backup in JSON and two incremental ones, in Avro binary and in JSON', async () => {
    await createStore(mock.url, 'json');
    await ok(mock.url, '/create/schema', { schema_name: 'sales', options: {} }, 'binary');
    await createBackup(mock.url, 'json', 'nightly', 'full', { all: 'sales' });
    await createBackup(mock.url, 'binary', 'nightly', 'incremental');
    await createBackup(mock.url, 'json', 'nightly', 'incremental', {}, { checksum: 'true' });
    const journaled = (await control(mock.url, 'GET', '/requests?endpoint=/create/backup')).body.requests as any[];
    expect(journaled.map((entry) => [entry.encoding, entry.request.backup_type])).toEqual([['json', 'full'], ['binary', 'incremental'], ['json', 'incremental']]);
  });

  it('answers 200 when the count holds, whatever encoding the requests came in', async () => {
    expect(await verify(mock.url, { ...INCREMENTAL, count: 2 })).toMatchObject({ status: 200, body: { verified: true, matched: 2, expected: 'exactly 2' } });
    expect((await verify(mock.url, INCREMENTAL)).body).toEqual({ verified: true, matched: 2, expected: 'at least 1' });
    expect((await verify(mock.url, { ...INCREMENTAL, atLeast: 1, atMost: 2 })).body).toEqual({ verified: true, matched: 2, expected: 'between 1 and 2' });
    expect((await verify(mock.url, { endpoint: '/create/backup', match: { backup_type: 'differential' }, atMost: 0 })).status).toBe(200);
    // A map matches partially: nested, or by a dotted name.
    expect((await verify(mock.url, { endpoint: '/create/backup', match: { options: { checksum: 'true' } }, count: 1 })).status).toBe(200);
    expect((await verify(mock.url, { endpoint: '/create/backup', match: { 'options.checksum': 'true', backup_name: 'nightly' }, count: 1 })).status).toBe(200);
    expect((await verify(mock.url, { endpoint: '/create/backup', match: { backup_objects_map: { all: 'sales' } }, count: 1 })).status).toBe(200);
  });

  it('verifies SQL by a part of the statement ($contains): a backup made by SQL is an /execute/sql request', async () => {
    const statement = 'CREATE BACKUP sql_nightly DATA SINK = backup_sink OBJECTS (ALL = sales)';
    await ok(mock.url, '/execute/sql', { statement, offset: 0, limit: 10, encoding: 'json', request_schema_str: '', data: [], options: {} }, 'binary');
    expect((await verify(mock.url, { endpoint: '/execute/sql', match: { statement: { $contains: 'CREATE BACKUP sql_nightly' } }, count: 1 })).status).toBe(200);
    // The SQL layer's inner call to /create/backup is not a request of the client's.
    expect((await verify(mock.url, { endpoint: '/create/backup', match: { backup_name: 'sql_nightly' }, atMost: 0 })).status).toBe(200);
  });

  it('answers 409 with a readable account and the nearest request, naming the field that differed', async () => {
    const { status, body } = await verify(mock.url, { ...INCREMENTAL, count: 3 });
    expect(status).toBe(409);
    expect(body).toMatchObject({ verified: false, matched: 2, expected: 'exactly 3', received: 3 });
    expect(body.nearest).toHaveLength(1);
    expect(body.nearest[0]).toMatchObject({
      endpoint: '/create/backup', encoding: 'json', status: 'OK',
      differences: [{ field: 'backup_type', expected: 'incremental', actual: 'full' }],
    });
    expect(Date.parse(body.nearest[0].at)).toBeLessThanOrEqual(Date.now());
    const lines = (body.error as string).split('\n');
    expect(lines[0]).toBe('Expected exactly 3 requests to /create/backup with backup_type = "incremental", but 2 matched.');
    expect(lines[1]).toMatch(/^The journal holds 3 requests to \/create\/backup \(\d+ in all\)\.$/);
    expect(lines[3]).toContain(`#${body.nearest[0].id} at ${body.nearest[0].at} (json), answered OK: backup_type: expected "incremental", got "full"`);
  });

  it('answers 409 for atMost when too many matched, naming them', async () => {
    const { status, body } = await verify(mock.url, { ...INCREMENTAL, atMost: 1 });
    expect(status).toBe(409);
    expect(body).toMatchObject({ verified: false, matched: 2, expected: 'at most 1', nearest: [] });
    expect(body.error).toMatch(/^Expected at most 1 request to \/create\/backup with backup_type = "incremental", but 2 matched\./);
    expect(body.error).toMatch(/Matching requests: #\d+ at .*, #\d+ at .*\./);
    expect((await verify(mock.url, { ...INCREMENTAL, atMost: 2 })).status).toBe(200);
  });

  it('counts by answer status: a refused incremental backup is an ERROR', async () => {
    // An incremental snapshot may not name objects: Kinetica refuses it.
    const refused = await call(mock.url, '/create/backup', backupRequest('nightly', 'incremental', { all: 'sales' }), 'binary');
    expect(refused.status).toBe('ERROR');
    expect((await verify(mock.url, { endpoint: '/create/backup', status: 'ERROR', count: 1 })).body).toEqual({ verified: true, matched: 1, expected: 'exactly 1' });
    expect((await verify(mock.url, { ...INCREMENTAL, status: 'OK', count: 2 })).status).toBe(200);
    expect((await verify(mock.url, { ...INCREMENTAL, count: 3 })).status).toBe(200);

    const { status, body } = await verify(mock.url, { endpoint: '/create/backup', status: 'ERROR', match: { backup_type: 'full' } });
    expect(status).toBe(409);
    expect(body.error).toMatch(/^Expected at least 1 request to \/create\/backup with backup_type = "full" answered ERROR, but none matched\./);
    // The full backup differs only by its status; the refused one (binary) only by its type.
    expect(body.nearest.map((near: any) => [near.encoding, near.differences])).toEqual([
      ['json', [{ field: 'status', expected: 'ERROR', actual: 'OK' }]],
      ['binary', [{ field: 'backup_type', expected: 'full', actual: 'incremental' }]],
      ['binary', [{ field: 'backup_type', expected: 'full', actual: 'incremental' }, { field: 'status', expected: 'ERROR', actual: 'OK' }]],
    ]);
    expect(body.error).toMatch(/\(binary\), answered ERROR \("backup_objects_map must be empty/);
  });

  it('says when no request reached the endpoint, listing those that did', async () => {
    const { status, body } = await verify(mock.url, { endpoint: '/show/backup' });
    expect(status).toBe(409);
    expect(body).toMatchObject({ matched: 0, received: 0, nearest: [] });
    expect(body.error).toMatch(/The journal holds no request to \/show\/backup; it holds \d+ to other endpoints: \/create\/backup \(4\), /);
  });

  it('refuses bad specs with 400 and a message naming the problem', async () => {
    const cases: [unknown, RegExp][] = [
      [{ endpoint: '/create/backup', times: 2 }, /Unknown verify field "times"; the fields are: endpoint, match, status, count, atLeast, atMost/],
      [{ match: { backup_type: 'full' } }, /'endpoint' is required/],
      [{ endpoint: '/create/backups' }, /not a Kinetica endpoint; did you mean "\/create\/backup"\?/],
      [{ endpoint: '/create/backup', count: -1 }, /'count' must be a whole number of 0 or more, got -1/],
      [{ endpoint: '/create/backup', count: 2, atLeast: 1 }, /'count' cannot go with 'atLeast'/],
      [{ endpoint: '/create/backup', atLeast: 2, atMost: 1 }, /'atLeast' \(2\) is above 'atMost' \(1\)/],
      [{ endpoint: '/create/backup', status: 'FAILED' }, /'status' must be "OK" or "ERROR"/],
      [{ endpoint: '/create/backup', match: 'incremental' }, /'match' must be an object/],
      [{ endpoint: '/create/backup', match: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } }, /nests deeper than 8 levels/],
    ];
    for (const [spec, message] of cases) {
      const { status, body } = await verify(mock.url, spec);
      expect(status, JSON.stringify(spec)).toBe(400);
      expect(body.error, JSON.stringify(spec)).toMatch(message);
    }
    expect((await control(mock.url, 'POST', '/verify')).body.error).toBe('The body must be a JSON document');
    const broken = await control(mock.url, 'POST', '/verify', undefined, '{"endpoint": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/^The body is not valid JSON/);
  });

  it('throws the same account in process, as a VerificationError (a ControlError of status 409)', async () => {
    const spec = { ...INCREMENTAL, count: 5 };
    const over = await verify(mock.url, spec);
    let thrown: unknown;
    try {
      mock.server.verify(spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VerificationError);
    expect(thrown).toBeInstanceOf(ControlError);
    expect((thrown as VerificationError).statusCode).toBe(409);
    expect((thrown as VerificationError).message).toBe(over.body.error);
    expect((thrown as VerificationError).body).toEqual(over.body);
    expect(mock.server.verify({ ...INCREMENTAL, count: 3 })).toEqual({ verified: true, matched: 3, expected: 'exactly 3' });
    expect(() => mock.server.verify({ endpoint: '/create/backup', atMost: -1 })).toThrow(/'atMost' must be a whole number/);
  });

  it('finds nothing after a reset empties the journal, and says so', async () => {
    await control(mock.url, 'POST', '/reset');
    const { status, body } = await verify(mock.url, INCREMENTAL);
    expect(status).toBe(409);
    expect(body.error).toContain('The journal is empty (a reset or DELETE /_mock/requests empties it).');
  });
});

describe('POST /_mock/verify with a small or no journal', () => {
  const small = useMock({ journalSize: 2 });
  const none = useMock({ journalSize: 0 });

  it('says the count may be short once the journal dropped requests to the endpoint', async () => {
    for (const name of ['a', 'b', 'c']) await ok(small.url, '/create/schema', { schema_name: name, options: {} }, 'binary');
    const { status, body } = await verify(small.url, { endpoint: '/create/schema', match: { schema_name: 'a' } });
    expect(status).toBe(409);
    expect(body.error).toContain('The journal keeps the last 2 requests and has dropped 1 older request to /create/schema since it was last emptied, so the count may be short.');
    const held = await verify(small.url, { endpoint: '/create/schema', atMost: 2 });
    expect(held.status).toBe(200);
    expect(held.body.note).toMatch(/dropped 1 older request to \/create\/schema .*more may have matched/);
  });

  it('fails every verification with the journal off, saying how to turn it on', async () => {
    await ok(none.url, '/create/schema', { schema_name: 'a', options: {} });
    for (const spec of [{ endpoint: '/create/schema' }, { endpoint: '/create/schema', atMost: 0 }]) {
      const { status, body } = await verify(none.url, spec);
      expect(status).toBe(409);
      expect(body).toMatchObject({ verified: false, matched: 0, received: 0, nearest: [] });
      expect(body.error).toMatch(/but the journal is off \(journal size 0\).*\n.*--journal-size above 0/);
    }
  });
});
