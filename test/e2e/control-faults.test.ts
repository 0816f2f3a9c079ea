/**
 * POST, GET and DELETE /_mock/faults: requests that fail or wait on demand, as a client sees them
 * in every encoding; bad fault specs are refused.
 */
import { describe, expect, it } from 'vitest';
import { call, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable } from '../support/tables.js';
import { backupRequest, createStore } from '../support/backups.js';
import { control } from '../control/support.js';

describe('faults', () => {
  const mock = useMock();
  const clear = () => control(mock.url, 'DELETE', '/faults');

  for (const encoding of ['json', 'binary', 'snappy'] as WireEncoding[]) {
    it(`fail matching requests with the given message and HTTP status (${encoding})`, async () => {
      await clear();
      const added = await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/status', message: 'Cluster is down for maintenance', httpStatus: 503 });
      expect(added.status).toBe(201);
      const envelope = await call(mock.url, '/show/system/status', { options: {} }, encoding);
      expect(envelope).toMatchObject({ httpStatus: 503, status: 'ERROR', message: 'Cluster is down for maintenance', data_type: 'none' });
      // Another endpoint is untouched.
      expect((await call(mock.url, '/show/system/properties', { options: {} }, encoding)).status).toBe('OK');
    });
  }

  it('match a request field, and a map entry with a dotted name', async () => {
    await clear();
    await createStore(mock.url, 'json');
    await createOrdersTable(mock.url, 'ki_home.orders', 'json');
    await control(mock.url, 'POST', '/faults', { endpoint: '/create/backup', match: { backup_name: 'nightly' }, message: 'Sink unreachable' });
    await control(mock.url, 'POST', '/faults', { endpoint: '/create/backup', match: { 'options.checksum': 'true' }, message: 'Checksum service down', httpStatus: 500 });
    const nightly = await call(mock.url, '/create/backup', backupRequest('nightly', 'full', { table: 'ki_home.orders' }));
    expect(nightly).toMatchObject({ httpStatus: 400, message: 'Sink unreachable' });
    const checked = await call(mock.url, '/create/backup', backupRequest('weekly', 'full', { table: 'ki_home.orders' }, { checksum: 'true' }), 'binary');
    expect(checked).toMatchObject({ httpStatus: 500, message: 'Checksum service down' });
    expect((await call(mock.url, '/create/backup', backupRequest('weekly', 'full', { table: 'ki_home.orders' }))).status).toBe('OK');
  });

  it('apply a number of times, then stop; GET shows how often each matched and fired', async () => {
    await clear();
    const { body: fault } = await control(mock.url, 'POST', '/faults', { endpoint: '/has/schema', message: 'flaky', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(mock.url, '/has/schema', { schema_name: 'x', options: {} })).status);
    expect(statuses).toEqual(['ERROR', 'ERROR', 'OK']);
    expect((await control(mock.url, 'GET', `/faults/${fault.id}`)).body).toMatchObject({ matched: 2, fired: 2, remaining: 0, active: false });
    const { body } = await control(mock.url, 'GET', '/faults');
    expect(body.faults).toEqual([expect.objectContaining({ id: fault.id, endpoint: '/has/schema', message: 'flaky', httpStatus: 400, times: 2 })]);
  });

  it('apply with a probability under a seed: the same seed fails the same requests on every run', async () => {
    const run = async () => {
      await clear();
      await control(mock.url, 'POST', '/faults', { endpoint: '/has/table', message: 'maybe', probability: 0.5, seed: 2024 });
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) outcomes.push((await call(mock.url, '/has/table', { table_name: 't', options: {} }, 'binary')).status);
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain('OK');
    expect(first).toContain('ERROR');
  });

  it('delay an answer, and delay then fail', async () => {
    await clear();
    await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/properties', delayMs: 300 });
    let started = Date.now();
    expect((await call(mock.url, '/show/system/properties', { options: {} })).status).toBe('OK');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    await clear();
    await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/properties', delayMs: 200, message: 'Timed out', httpStatus: 504 });
    started = Date.now();
    expect(await call(mock.url, '/show/system/properties', { options: {} }, 'binary')).toMatchObject({ httpStatus: 504, message: 'Timed out' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('hold up only the delayed request, not the others', async () => {
    await clear();
    await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/properties', delayMs: 500 });
    const started = Date.now();
    const slow = call(mock.url, '/show/system/properties', { options: {} });
    expect((await call(mock.url, '/show/system/status', { options: {} })).status).toBe('OK');
    expect(Date.now() - started).toBeLessThan(400);
    expect((await slow).status).toBe('OK');
    expect(Date.now() - started).toBeGreaterThanOrEqual(490);
  });

  it('are journaled like any answer', async () => {
    await clear();
    await control(mock.url, 'DELETE', '/requests');
    await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/status', message: 'boom', httpStatus: 502 });
    await call(mock.url, '/show/system/status', { options: {} });
    const [entry] = (await control(mock.url, 'GET', '/requests')).body.requests;
    expect(entry).toMatchObject({ endpoint: '/show/system/status', status: 'ERROR', httpStatus: 502, message: 'boom' });
  });

  it('are removed one by one or all at once', async () => {
    await clear();
    const a = (await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/status', message: 'a' })).body;
    await control(mock.url, 'POST', '/faults', { endpoint: '/show/system/status', message: 'b' });
    // The first that matches applies.
    expect((await call(mock.url, '/show/system/status', { options: {} })).message).toBe('a');
    expect(await control(mock.url, 'DELETE', `/faults/${a.id}`)).toMatchObject({ status: 200, body: { removed: 1 } });
    expect((await call(mock.url, '/show/system/status', { options: {} })).message).toBe('b');
    expect(await control(mock.url, 'DELETE', `/faults/${a.id}`)).toMatchObject({ status: 404, body: { error: `No fault ${a.id} (GET /_mock/faults lists them)` } });
    expect(await control(mock.url, 'GET', '/faults/999')).toMatchObject({ status: 404 });
    expect(await control(mock.url, 'GET', '/faults/abc')).toMatchObject({ status: 400 });
    expect(await control(mock.url, 'DELETE', '/faults')).toMatchObject({ status: 200, body: { removed: 1 } });
    expect((await control(mock.url, 'GET', '/faults')).body.faults).toEqual([]);
    expect((await call(mock.url, '/show/system/status', { options: {} })).status).toBe('OK');
  });

  it('refuse bad specs with a message, and add nothing', async () => {
    await clear();
    const cases: [unknown, RegExp][] = [
      [{ message: 'x' }, /A fault needs 'endpoint'/],
      [{ endpoint: '/no/such/endpoint', message: 'x' }, /'\/no\/such\/endpoint' is not a Kinetica endpoint/],
      [{ endpoint: '/admin/shutdown', message: 'x' }, /'\/admin\/shutdown' is not emulated/],
      [{ endpoint: '/show/system/status' }, /A fault needs 'message' and\/or 'httpStatus' \(to fail the request\) or 'delayMs'/],
      [{ endpoint: '/show/system/status', httpStatus: 200 }, /'httpStatus' must be an HTTP error status from 400 to 599, got 200/],
      [{ endpoint: '/show/system/status', message: '' }, /'message' must be a non-empty string/],
      [{ endpoint: '/show/system/status', message: 'x', probability: 0 }, /'probability' must be a number above 0 and at most 1, got 0/],
      [{ endpoint: '/show/system/status', message: 'x', probability: 1.5 }, /'probability' must be/],
      [{ endpoint: '/show/system/status', message: 'x', times: 0 }, /'times' must be a whole number of 1 or more/],
      [{ endpoint: '/show/system/status', delayMs: -5 }, /'delayMs' must be a number of milliseconds from 0 to 300000/],
      [{ endpoint: '/show/system/status', message: 'x', seed: 1.5 }, /'seed' must be a whole number/],
      [{ endpoint: '/show/system/status', message: 'x', match: ['backup_name'] }, /'match' must be an object of request fields and values/],
      [{ endpoint: '/show/system/status', message: 'x', match: { options: { a: 'b' } } }, /'match\.options' must be a string, number or boolean/],
      [{ endpoint: '/show/system/status', message: 'x', colour: 'red' }, /Unknown fault field 'colour'; the fields are: endpoint, match, message, httpStatus, delayMs, times, probability, seed/],
      ['just text', /A fault must be a JSON object/],
    ];
    for (const [spec, message] of cases) {
      const response = await control(mock.url, 'POST', '/faults', spec);
      expect(response.status, JSON.stringify(spec)).toBe(400);
      expect(response.body.error, JSON.stringify(spec)).toMatch(message);
    }
    expect((await control(mock.url, 'POST', '/faults', undefined, '{"endpoint": }')).body.error).toMatch(/The body is not valid JSON: expected a value, found '}' \(line 1, column 14\)/);
    expect((await control(mock.url, 'GET', '/faults')).body.faults).toEqual([]);
    expect((await ok(mock.url, '/show/system/status', { options: {} })).status_map).toBeDefined();
  });
});
