/**
 * GET and DELETE /_mock/requests: the journal of decoded Kinetica requests, in every encoding,
 * with their status and message, filtered and bounded.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertRequest, order } from '../support/tables.js';
import { control } from '../control/support.js';
import { MAX_LIST_ITEMS } from '../../src/emulator/journal.js';

describe('the request journal', () => {
  const mock = useMock();

  it('keeps each Kinetica request decoded, in every encoding, with its status and message', async () => {
    await control(mock.url, 'DELETE', '/requests');
    await ok(mock.url, '/create/schema', { schema_name: 'j', options: {} }, 'json');
    await ok(mock.url, '/has/schema', { schema_name: 'j', options: {} }, 'binary');
    await fails(mock.url, '/create/schema', { schema_name: 'j', options: {} }, 'snappy');
    await fails(mock.url, '/show/system/status', { options: { nonsense: 'x' } }, 'json');

    const { status, body } = await control(mock.url, 'GET', '/requests');
    expect(status).toBe(200);
    expect(body.capacity).toBe(1000);
    const entries = body.requests as any[];
    expect(entries.slice(0, 4).map((entry) => [entry.endpoint, entry.encoding, entry.status, entry.httpStatus])).toEqual([
      ['/create/schema', 'json', 'OK', 200],
      ['/has/schema', 'binary', 'OK', 200],
      ['/create/schema', 'snappy', 'ERROR', 400],
      ['/show/system/status', 'json', 'ERROR', 400],
    ]);
    expect(entries[1].request).toEqual({ schema_name: 'j', options: {} });
    expect(entries[2].message).toMatch(/j/);
    expect(entries[3].message).toMatch(/nonsense/);
    expect(entries[0].message).toBe('');
    expect(entries.every((entry, index) => index === 0 || entry.id > entries[index - 1].id)).toBe(true);
    expect(Date.parse(entries[0].time)).toBeLessThanOrEqual(Date.now());
  });

  it('keeps requests that fail before they decode, without a record', async () => {
    await control(mock.url, 'DELETE', '/requests');
    const response = await fetch(`${mock.url}/create/schema`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"schema_name": ' });
    expect(response.status).toBe(400);
    const [entry] = (await control(mock.url, 'GET', '/requests')).body.requests;
    expect(entry).toMatchObject({ endpoint: '/create/schema', request: null, status: 'ERROR' });
    expect(entry.message).toMatch(/Malformed JSON/);
    // The control plane's own routes are not journaled.
    expect((await control(mock.url, 'GET', '/requests')).body.requests).toHaveLength(1);
  });

  it('shows bytes as base64 and cuts long record lists, saying how many there were', async () => {
    await createOrdersTable(mock.url, 'j.orders', 'binary');
    await control(mock.url, 'DELETE', '/requests');
    const records = Array.from({ length: MAX_LIST_ITEMS + 20 }, (_item, i) => order(i + 1));
    const request = insertRequest('j.orders', records, 'binary');
    await ok(mock.url, '/insert/records', request, 'binary');
    const [entry] = (await control(mock.url, 'GET', '/requests?endpoint=/insert/records')).body.requests;
    expect(entry.request.list).toHaveLength(MAX_LIST_ITEMS);
    expect(entry.request.list[0]).toBe((request.list[0] as Buffer).toString('base64'));
    expect(entry.truncated).toEqual({ list: MAX_LIST_ITEMS + 20 });
  });

  it('filters by endpoint and status, and gives the latest ones with a limit', async () => {
    await control(mock.url, 'DELETE', '/requests');
    for (let i = 0; i < 3; i++) await ok(mock.url, '/show/system/status', { options: {} });
    await fails(mock.url, '/show/schema', { schema_name: 'none', options: {} });
    await ok(mock.url, '/show/system/status', { options: {} });
    const get = async (query: string) => (await control(mock.url, 'GET', `/requests${query}`)).body.requests as any[];
    expect(await get('?endpoint=/show/system/status')).toHaveLength(4);
    expect((await get('?status=ERROR')).map((entry) => entry.endpoint)).toEqual(['/show/schema']);
    const latest = await get('?endpoint=/show/system/status&limit=2');
    const all = await get('?endpoint=/show/system/status');
    expect(latest.map((entry) => entry.id)).toEqual(all.slice(2).map((entry) => entry.id));
    expect(await get('?limit=0')).toEqual([]);
  });

  it('never shows a secret a request carried', async () => {
    await ok(mock.url, '/create/user/internal', { name: 'journaled', password: 'hunter2', options: {} });
    await ok(mock.url, '/create/credential', { credential_name: 'journaled_cred', type: 'aws_access_key', identity: 'AKIA', secret: 'sekrit', options: {} });
    await ok(mock.url, '/execute/sql', {
      statement: "CREATE USER journaled_sql WITH PASSWORD 'topsecret'", offset: 0, limit: 10, encoding: 'json', request_schema_str: '', data: [], options: {},
    });
    const { body } = await control(mock.url, 'GET', '/requests');
    const text = JSON.stringify(body);
    for (const secret of ['hunter2', 'sekrit', 'topsecret']) expect(text).not.toContain(secret);
    expect(text).toContain('AKIA');
    expect(text).toContain("PASSWORD '********'");
  });

  it('empties with DELETE', async () => {
    await ok(mock.url, '/show/system/status', { options: {} });
    const removed = await control(mock.url, 'DELETE', '/requests');
    expect(removed.status).toBe(200);
    expect(removed.body.removed).toBeGreaterThan(0);
    expect((await control(mock.url, 'GET', '/requests')).body).toMatchObject({ size: 0, requests: [] });
  });

  it('refuses bad queries with a message', async () => {
    const cases: [string, RegExp][] = [
      ['?limit=-1', /Invalid querystring: .*limit/],
      ['?limit=many', /Invalid querystring: .*limit/],
      ['?status=maybe', /Invalid querystring: .*status/],
      ['?endpoint=', /Invalid querystring: .*endpoint/],
      ['?colour=blue', /Invalid querystring: .*colour/],
    ];
    for (const [query, message] of cases) {
      const response = await control(mock.url, 'GET', `/requests${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error, query).toMatch(message);
    }
  });
});

describe('a bounded journal', () => {
  const small = useMock({ journalSize: 3 });
  const none = useMock({ journalSize: 0 });

  it('keeps only the last N requests', async () => {
    for (let i = 0; i < 5; i++) await ok(small.url, '/has/schema', { schema_name: `s${i}`, options: {} });
    const { body } = await control(small.url, 'GET', '/requests');
    expect(body.capacity).toBe(3);
    expect(body.requests.map((entry: any) => entry.request.schema_name)).toEqual(['s2', 's3', 's4']);
  });

  it('keeps nothing with a size of 0', async () => {
    await ok(none.url, '/show/system/status', { options: {} });
    expect((await control(none.url, 'GET', '/requests')).body).toEqual({ size: 0, capacity: 0, requests: [] });
  });
});
