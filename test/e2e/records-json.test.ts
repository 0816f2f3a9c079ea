/**
 * /insert/records/json and /get/records/json over real HTTP, sent as the Java client sends them
 * (insertRecordsFromJson: POST, the table and options URL-encoded in the query string, the records
 * as the body with Content-Type application/json; getRecordsJson: POST without a body) and as the
 * reference page's curl examples do (GET for reads).
 */
import { describe, expect, it } from 'vitest';
import { ok, post } from '../support/client.js';
import { useMock } from '../support/server.js';

interface JsonAnswer {
  status: string;
  message: string;
  data_type?: string;
  data?: Record<string, unknown>;
}

/** The query string as the Java client's UrlUtils.constructEndpointUrl writes it. */
function queryOf(parameters: Record<string, string>): string {
  return Object.entries(parameters)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%20/g, '+')}`)
    .join('&');
}

const PRODUCTS = [
  { id: 1, category: 'Furniture', name: 'Clamp-on Lamps', stock: 10 },
  { id: 14, category: 'Technology', name: 'Dot Matrix Printers', stock: 27 },
  { id: 7, category: 'Furniture', name: 'Folding Chairs', stock: 27 },
];

describe('JSON records endpoints', () => {
  const mock = useMock();

  async function insertJson(parameters: Record<string, string>, body: string): Promise<{ http: number; answer: JsonAnswer }> {
    const response = await post(`${mock.url}/insert/records/json?${queryOf(parameters)}`, body, {
      'Content-Type': 'application/json; charset=UTF-8',
    });
    expect(response.headers['content-type']).toBe('application/json');
    return { http: response.status, answer: JSON.parse(response.body.toString('utf8')) as JsonAnswer };
  }

  async function getJson(parameters: Record<string, string>, method: 'POST' | 'GET' = 'POST'): Promise<JsonAnswer> {
    const response = await post(`${mock.url}/get/records/json?${queryOf(parameters)}`, '', {}, method);
    return JSON.parse(response.body.toString('utf8')) as JsonAnswer;
  }

  it('inserts into an existing table and answers an insert_records_from_payload_response', async () => {
    await ok(mock.url, '/create/table', {
      table_name: 'product',
      type_id: '[["id","int","primary_key"],["category","string","char16"],["name","string"],["stock","long"]]',
      options: {},
    });
    const { http, answer } = await insertJson({ table_name: 'product' }, JSON.stringify(PRODUCTS));
    expect(http).toBe(200);
    expect(answer.status).toBe('OK');
    expect(answer.data_type).toBe('insert_records_from_payload_response');
    expect(answer.data).toMatchObject({
      table_name: 'ki_home.product',
      type_label: '',
      count_inserted: 3,
      count_skipped: 0,
      count_updated: 0,
      info: {},
    });
    expect(answer.data!.type_properties).toMatchObject({ id: ['data', 'primary_key'], category: ['data', 'char16'] });
    // The BulkInserter's options travel in the query string too: an upsert of one object.
    const upsert = await insertJson(
      { table_name: 'product', update_on_existing_pk: 'true' },
      JSON.stringify({ id: 1, category: 'Furniture', name: 'Clamp-on Lamps', stock: 12 }),
    );
    expect(upsert.answer.data).toMatchObject({ count_inserted: 0, count_updated: 1 });
  });

  it('reads records back as objects, with columns, order, paging and a filter', async () => {
    const all = await getJson({ table_name: 'product', offset: '0', limit: '-9999' });
    expect(all).toEqual({
      status: 'OK',
      message: '',
      data: {
        records: [
          { id: 1, category: 'Furniture', name: 'Clamp-on Lamps', stock: 12 },
          { id: 14, category: 'Technology', name: 'Dot Matrix Printers', stock: 27 },
          { id: 7, category: 'Furniture', name: 'Folding Chairs', stock: 27 },
        ],
        total_number_of_records: 3,
        has_more_records: false,
      },
    });
    const ordered = await getJson({ table_name: 'product', column_names: 'name,stock', order_by: 'stock desc,name', offset: '1', limit: '1' }, 'GET');
    expect(ordered.data).toEqual({ records: [{ name: 'Folding Chairs', stock: 27 }], total_number_of_records: 3, has_more_records: true });
    const filtered = await getJson({ table_name: 'product', expression: 'category = "Furniture" and stock < 20' });
    expect(filtered.data).toMatchObject({ records: [{ id: 1 }], total_number_of_records: 1 });
  });

  it('creates a missing table with the types its records show, columns in name order', async () => {
    const { answer } = await insertJson(
      { table_name: 'ki_home.inferred' },
      JSON.stringify([{ n: 1, ratio: 0.5, label: 'a', ok: true, tags: ['x'] }, { n: 3000000000, ratio: 2, label: null, ok: false, tags: [] }]),
    );
    expect(answer.status).toBe('OK');
    expect(JSON.parse(answer.data!.type_definition as string).fields).toEqual([
      { name: 'label', type: ['string', 'null'] },
      { name: 'n', type: 'long' },
      { name: 'ok', type: 'int' },
      { name: 'ratio', type: 'double' },
      { name: 'tags', type: 'string' },
    ]);
    expect(answer.data!.type_properties).toMatchObject({ ok: ['data', 'boolean'], tags: ['data', 'json'] });
    expect(answer.data!.type_label).toBe('ki_home.inferred');
    const back = await getJson({ table_name: 'inferred', column_names: 'n,ok,tags', order_by: 'n' });
    expect(back.data!.records).toEqual([{ n: 1, ok: 1, tags: '["x"]' }, { n: 3000000000, ok: 0, tags: '[]' }]);
  });

  it('meets faults and the journal like the other endpoints: a fault matches the query as query.<name>', async () => {
    mock.server.addFault({ endpoint: '/insert/records/json', match: { 'query.table_name': 'product' }, message: 'Ingest paused', httpStatus: 503, times: 1 });
    const body = JSON.stringify({ id: 50, category: 'x', name: 'y', stock: 1 });
    const failed = await insertJson({ table_name: 'product' }, body);
    expect(failed).toEqual({ http: 503, answer: { status: 'ERROR', message: 'Ingest paused', data_type: 'insert_records_from_payload_response' } });
    const retried = await insertJson({ table_name: 'product' }, body);
    expect(retried.answer.data).toMatchObject({ count_inserted: 1 });
    const journal = mock.server.requests({ endpoint: '/insert/records/json' }).slice(-2);
    expect(journal.map((entry) => [entry.httpStatus, entry.request])).toEqual([
      [503, { table_name: 'product', body_bytes: body.length }],
      [200, { table_name: 'product', body_bytes: body.length }],
    ]);
    await ok(mock.url, '/delete/records', { table_name: 'product', expressions: ['id = 50'], options: {} });
  });

  it('answers errors as JSON naming the problem, with the documented data_type on inserts', async () => {
    const refused = async (parameters: Record<string, string>, body: string) => {
      const { http, answer } = await insertJson(parameters, body);
      expect(http).toBe(400);
      expect(answer).toMatchObject({ status: 'ERROR', data_type: 'insert_records_from_payload_response' });
      return answer.message;
    };
    expect(await refused({}, '{}')).toBe(
      '/insert/records/json needs the query parameter \'table_name\', as in /insert/records/json?table_name=my_schema.my_table',
    );
    expect(await refused({ table_name: 'product' }, '{"id": 1,')).toMatch(/^The body of \/insert\/records\/json is not JSON \(/);
    expect(await refused({ table_name: 'product' }, '[1]')).toBe(
      'Record 0 of the JSON payload is a number, not an object: give each record as {"column": value, ...}',
    );
    expect(await refused({ table_name: 'product', batchsize: '10' }, '{}')).toMatch(/^Parameter map key: 'batchsize' is not a valid parameter/);
    expect(await refused({ table_name: 'product' }, JSON.stringify({ id: 99, category: 'x', name: 'y', stock: 'five' }))).toMatch(
      /^Record 0 does not fit the type of table 'ki_home\.product'.*stock/,
    );
    expect(await refused({ table_name: 'mixed' }, '[{"a": 1}, {"a": "one"}]')).toBe(
      "Cannot infer a type for column 'a' of the new table: its values are ints and strings; give them one kind, or create the table first",
    );
    const aggregate = await getJson({ table_name: 'product', column_names: 'category,COUNT(1) AS total_products' });
    expect(aggregate.status).toBe('ERROR');
    expect(aggregate.message).toBe(
      "'COUNT(1) AS total_products' in column_names is not a column name: kinetica-mock reads plain column names only (functions, aliases and aggregates are not emulated)",
    );
    expect((await getJson({ table_name: 'nowhere' })).message).toBe("Could not find the table: 'ki_home.nowhere' (TM/SMc:1078)");
    const get = await post(`${mock.url}/insert/records/json?table_name=product`, '', {}, 'GET');
    expect(JSON.parse(get.body.toString('utf8'))).toMatchObject({ status: 'ERROR' });
  });
  it('refuses a payload nested deeper than the JSON bound, and creates no table for it', async () => {
    const deep = `[{"id": 1, "doc": ${'{"a":['.repeat(10_000)}1${']}'.repeat(10_000)}}]`;
    const { http, answer } = await insertJson({ table_name: 'deep_json' }, deep);
    expect(http).toBe(400);
    expect(answer.message).toMatch(/nests deeper than 64 levels/);
    const has = await ok<{ table_exists: boolean }>(mock.url, '/has/table', { table_name: 'deep_json', options: {} });
    expect(has.table_exists).toBe(false);
  });

  it('a refused insert into a table it would create leaves no table and no type behind', async () => {
    const types = await ok<{ type_ids: string[] }>(mock.url, '/show/types', { type_id: '', label: '', options: {} });
    // The second record's id is text where the first inferred a number: refused by the type.
    const { http, answer } = await insertJson({ table_name: 'never_made' }, JSON.stringify([{ id: 1 }, { id: { a: 1 } }]));
    expect(http).toBe(400);
    expect(answer.status).toBe('ERROR');
    const has = await ok<{ table_exists: boolean }>(mock.url, '/has/table', { table_name: 'never_made', options: {} });
    expect(has.table_exists).toBe(false);
    const after = await ok<{ type_ids: string[] }>(mock.url, '/show/types', { type_id: '', label: '', options: {} });
    expect(after.type_ids).toEqual(types.type_ids);
  });
});

describe('JSON records endpoints with authentication on', () => {
  const mock = useMock({ auth: true, adminPassword: 'root-pw' });
  const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const ADMIN = basic('admin', 'root-pw');

  async function asUser(path: string, headers: Record<string, string>, body = ''): Promise<JsonAnswer> {
    const response = await post(`${mock.url}${path}`, body, { 'Content-Type': 'application/json', ...headers });
    return JSON.parse(response.body.toString('utf8')) as JsonAnswer;
  }

  it('needs the record permissions of their Avro twins', async () => {
    await ok(mock.url, '/create/table', { table_name: 'guarded', type_id: '[["id","int","primary_key"]]', options: {} }, 'json', ADMIN);
    await ok(mock.url, '/create/user/internal', { name: 'reader', password: 'pw', options: {} }, 'json', ADMIN);
    await ok(mock.url, '/grant/permission/table', {
      name: 'reader', permission: 'table_read', table_name: 'guarded', filter_expression: '', options: {},
    }, 'json', ADMIN);
    const reader = basic('reader', 'pw');
    expect(await asUser('/insert/records/json?table_name=guarded', reader, '{"id": 1}')).toMatchObject({ status: 'ERROR', message: 'Access denied; ok' });
    expect((await asUser('/insert/records/json?table_name=guarded', ADMIN, '{"id": 1}')).status).toBe('OK');
    expect(await asUser('/get/records/json?table_name=guarded', reader)).toMatchObject({
      status: 'OK', data: { records: [{ id: 1 }], total_number_of_records: 1 },
    });
    // Creating a table through an insert needs table_create on the schema.
    expect(await asUser('/insert/records/json?table_name=made_by_reader', reader, '{"id": 1}')).toMatchObject({ message: 'Access denied; ok' });
  });
});
