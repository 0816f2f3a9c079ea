// /execute/sql as a wire endpoint: the answer's fields, the dynamic-schema result in both result
// encodings, paging, parameters, options, scripts, and the request errors. Over real HTTP, in
// JSON and binary requests.
import { describe, expect, it } from 'vitest';
import avro from 'avsc';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, order } from '../support/tables.js';
import { decodeResult, executeSql, sql, sqlFails, sqlRequest, type ExecuteSqlResponse } from '../sql/client.js';

const WIRES: WireEncoding[] = ['json', 'binary'];

for (const wire of WIRES) {
  describe(`/execute/sql answers (${wire} requests)`, () => {
    const mock = useMock();

    it('answers a statement without rows with count_affected and Kinetica\'s placeholder result', async () => {
      const answer = await sql(mock.url, 'CREATE SCHEMA proto', wire);
      expect(answer).toMatchObject({
        count_affected: 1,
        total_number_of_records: -1,
        has_more_records: false,
        paging_table: '',
        headers: ['dummy'],
        datatypes: ['string'],
        rows: [],
      });
      expect(answer.info).toEqual({ 'X-Kinetica-Group': 'DDL', count: '0', last_endpoint: '/create/schema', total_number_of_records: '0' });
      expect(JSON.parse(answer.response_schema_str)).toEqual({
        type: 'record',
        name: 'generic_response',
        fields: [
          { name: 'column_1', type: { type: 'array', items: 'string' } },
          { name: 'column_headers', type: { type: 'array', items: 'string' } },
          { name: 'column_datatypes', type: { type: 'array', items: 'string' } },
        ],
      });
    });

    it('answers rows in the dynamic-schema format: one array per column, headers, data types, nullable unions', async () => {
      await sql(mock.url, 'CREATE TABLE proto.typed (id INT NOT NULL, name VARCHAR(20), ratio REAL, big BIGINT, ok BOOLEAN, d DATE, ts TIMESTAMP, raw BYTES, PRIMARY KEY (id))', wire);
      await sql(mock.url, `INSERT INTO proto.typed VALUES (1, 'one', 0.5, 9000000000, true, '2024-02-29', '2024-02-29 12:00:00', 'ab'), (2, null, null, null, null, null, null, null)`, wire);
      const answer = await sql(mock.url, 'SELECT * FROM proto.typed ORDER BY id', wire);
      expect(answer.headers).toEqual(['id', 'name', 'ratio', 'big', 'ok', 'd', 'ts', 'raw']);
      expect(answer.datatypes).toEqual(['int', 'char32', 'float', 'long', 'boolean', 'date', 'timestamp', 'bytes']);
      const fields = (JSON.parse(answer.response_schema_str) as { fields: { name: string; type: { items: unknown } }[] }).fields;
      expect(fields.map((field) => field.type.items)).toEqual([
        'int', ['string', 'null'], ['float', 'null'], ['long', 'null'], ['int', 'null'], ['string', 'null'], ['long', 'null'], ['bytes', 'null'], 'string', 'string',
      ]);
      const [first, second] = answer.rows;
      expect(first!.slice(0, 7)).toEqual([1, 'one', 0.5, 9000000000, 1, '2024-02-29', Date.UTC(2024, 1, 29, 12)]);
      expect(Buffer.from(first![7] as Buffer | string as never, wire === 'json' ? 'latin1' : undefined).toString()).toBe('ab');
      expect(second).toEqual([2, null, null, null, null, null, null, null]);
      expect(answer).toMatchObject({ count_affected: 0, total_number_of_records: 2, has_more_records: false });
      expect(answer.info).toEqual({ 'X-Kinetica-Group': 'QUERY', count: '2', last_endpoint: '/get/records', total_number_of_records: '2' });
    });

    it('fills only the response field of the encoding the request asks for', async () => {
      const asJson = await executeSql(mock.url, 'SELECT id FROM proto.typed', wire, { encoding: 'JSON' });
      expect(asJson.data!.binary_encoded_response.length).toBe(0);
      expect(JSON.parse(asJson.data!.json_encoded_response)).toEqual({ column_1: [1, 2], column_headers: ['id'], column_datatypes: ['int'] });
      const asBinary = await executeSql(mock.url, 'SELECT id FROM proto.typed', wire, { encoding: 'binary' });
      expect(asBinary.data!.json_encoded_response).toBe('');
      const type = avro.Type.forSchema(JSON.parse(asBinary.data!.response_schema_str) as avro.Schema);
      const bytes = asBinary.data!.binary_encoded_response;
      expect(type.fromBuffer(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'))).toEqual({
        column_1: [1, 2],
        column_headers: ['id'],
        column_datatypes: ['int'],
      });
    });

    it('pages rows by offset and limit, reporting the total and whether more remain', async () => {
      await sql(mock.url, 'CREATE TABLE proto.paged (n INT NOT NULL)', wire);
      await sql(mock.url, `INSERT INTO proto.paged VALUES ${Array.from({ length: 25 }, (_, i) => `(${i})`).join(', ')}`, wire);
      const first = await sql(mock.url, 'SELECT n FROM proto.paged ORDER BY n', wire, { offset: 0, limit: 10 });
      expect(first.rows.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(first).toMatchObject({ total_number_of_records: 25, has_more_records: true });
      const last = await sql(mock.url, 'SELECT n FROM proto.paged ORDER BY n', wire, { offset: 20, limit: 10 });
      expect(last.rows.flat()).toEqual([20, 21, 22, 23, 24]);
      expect(last).toMatchObject({ total_number_of_records: 25, has_more_records: false });
      const beyond = await sql(mock.url, 'SELECT n FROM proto.paged', wire, { offset: 30, limit: 10 });
      expect(beyond).toMatchObject({ rows: [], total_number_of_records: 25, has_more_records: false });
      const none = await sql(mock.url, 'SELECT n FROM proto.paged', wire, { offset: 0, limit: 0 });
      expect(none).toMatchObject({ rows: [], total_number_of_records: 25, has_more_records: true });
      // Paging applies after the statement's own LIMIT and OFFSET.
      const windowed = await sql(mock.url, 'SELECT n FROM proto.paged ORDER BY n DESC LIMIT 6 OFFSET 2', wire, { offset: 4, limit: 10 });
      expect(windowed.rows.flat()).toEqual([18, 17]);
      expect(windowed.total_number_of_records).toBe(6);
    });

    it('refuses an empty encoding with Kinetica\'s own message, and other encodings it does not produce', async () => {
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged', wire, { encoding: '' })).toBe(
        "Value: '' not a valid parameter. Valid values are: binary, json, geojson, arrow (U/PUh:355)",
      );
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged', wire, { encoding: 'xml' })).toBe(
        "Value: 'xml' not a valid parameter. Valid values are: binary, json, geojson, arrow (U/PUh:355)",
      );
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged', wire, { encoding: 'arrow' })).toBe(
        "Value: 'arrow' is a valid encoding, but kinetica-mock answers only in binary and json",
      );
    });

    it('refuses a negative offset, a bad limit and option keys /execute/sql does not document', async () => {
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged', wire, { offset: -1 })).toBe('offset -1 must not be negative');
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged', wire, { limit: -2 })).toBe('limit -2 must be -9999 (all records), or at least 0');
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged', wire, { options: { paging: 'x' } })).toMatch(
        /^Parameter map key: 'paging' is not a valid parameter\. Valid keys are: cost_based_optimization, .*current_schema/,
      );
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged', wire, { options: { prepare_mode: 'maybe' } })).toBe(
        "Value: 'maybe' not a valid parameter for 'prepare_mode'. Valid values are: true, false (U/PUh:355)",
      );
    });

    it('accepts the options the clients send (a paging table is never needed: every call runs the query again)', async () => {
      const answer = await sql(mock.url, 'SELECT n FROM proto.paged LIMIT 3', wire, {
        options: { paging_table: 'p_1234', paging_table_ttl: '5', results_caching: 'false', query_parameters: 'null' },
      });
      expect(answer).toMatchObject({ total_number_of_records: 3, paging_table: '' });
    });

    it('binds query_parameters to $n and ? placeholders', async () => {
      const numbered = await sql(mock.url, 'SELECT n FROM proto.paged WHERE n < $2 AND n >= $1 ORDER BY n', wire, {
        options: { query_parameters: JSON.stringify([3, 5]) },
      });
      expect(numbered.rows.flat()).toEqual([3, 4]);
      const positional = await sql(mock.url, 'SELECT n FROM proto.paged WHERE n >= ? AND n < ? ORDER BY n', wire, {
        options: { query_parameters: JSON.stringify([3, 5]) },
      });
      expect(positional.rows.flat()).toEqual([3, 4]);
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged WHERE n = $3', wire, { options: { query_parameters: '[1]' } })).toBe(
        'SqlEngine: Parameter $3 has no value: only 1 parameter was given (S/SDc:1513)',
      );
      expect(await sqlFails(mock.url, 'SELECT n FROM proto.paged', wire, { options: { query_parameters: '{' } })).toMatch(
        /^Value of option 'query_parameters' is not valid: it is not JSON/,
      );
    });

    it('inserts one row per parameter set when query_parameters is an array of arrays (the DB-API executemany)', async () => {
      await sql(mock.url, 'CREATE TABLE proto.many (id INT NOT NULL, name VARCHAR(8))', wire);
      const inserted = await sql(mock.url, 'INSERT INTO proto.many VALUES (?, ?)', wire, {
        options: { query_parameters: JSON.stringify([[1, 'a'], [2, "b'c"], [3, null]]) },
      });
      expect(inserted).toMatchObject({ count_affected: 3, info: { last_endpoint: '/insert/records' } });
      expect((await sql(mock.url, 'SELECT * FROM proto.many ORDER BY id', wire)).rows).toEqual([[1, 'a'], [2, "b'c"], [3, null]]);
      expect(await sqlFails(mock.url, 'SELECT * FROM proto.many WHERE id = ?', wire, { options: { query_parameters: '[[1],[2]]' } })).toBe(
        'SqlEngine: Several parameter sets (an array of arrays) are only for a single INSERT INTO ... VALUES statement (S/SDc:1513)',
      );
    });

    it('binds binary parameters: data records of request_schema_str, one per row', async () => {
      const schema = { type: 'record', name: 'params', fields: [{ name: 'id', type: 'int' }, { name: 'name', type: ['string', 'null'] }] };
      const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
      const inserted = await sql(mock.url, 'INSERT INTO proto.many VALUES ($1, $2)', wire, {
        request_schema_str: JSON.stringify(schema),
        data: [type.toBuffer({ id: 10, name: 'ten' }), type.toBuffer({ id: 11, name: null })],
      });
      expect(inserted.count_affected).toBe(2);
      expect((await sql(mock.url, 'SELECT * FROM proto.many WHERE id >= 10 ORDER BY id', wire)).rows).toEqual([[10, 'ten'], [11, null]]);
      expect(await sqlFails(mock.url, 'INSERT INTO proto.many VALUES ($1, $2)', wire, { request_schema_str: 'nope', data: [Buffer.from([2])] })).toMatch(
        /^The binary parameters \(data with request_schema_str\) cannot be read: request_schema_str is not an Avro record schema/,
      );
    });

    it('compiles without running in prepare_mode', async () => {
      const answer = await sql(mock.url, 'DROP TABLE proto.many', wire, { options: { prepare_mode: 'true' } });
      expect(answer).toMatchObject({ count_affected: 0, rows: [], headers: ['dummy'] });
      expect((await sql(mock.url, 'SELECT COUNT(*) FROM proto.many', wire)).rows).toEqual([[5]]);
      expect(await sqlFails(mock.url, 'DROP TABEL proto.many', wire, { options: { prepare_mode: 'true' } })).toMatch(/^SqlEngine: Encountered "TABEL"/);
    });

    it('runs several statements in order: the counts add up, the last one answers and names its endpoint', async () => {
      const answer = await sql(
        mock.url,
        `CREATE TABLE proto.script (id INT NOT NULL);
         INSERT INTO proto.script VALUES (1), (2), (3);
         DELETE FROM proto.script WHERE id = 2;
         SELECT id FROM proto.script ORDER BY id;`,
        wire,
      );
      expect(answer).toMatchObject({ count_affected: 1 + 3 + 1, rows: [[1], [3]] });
      expect(answer.info).toMatchObject({ 'X-Kinetica-Group': 'QUERY', last_endpoint: '/get/records' });
      // A failing statement stops the script; the ones before it stay done.
      expect(await sqlFails(mock.url, 'INSERT INTO proto.script VALUES (4); INSERT INTO proto.nothere VALUES (5); INSERT INTO proto.script VALUES (6)', wire)).toBe(
        "SqlEngine: Object 'nothere' not found within 'proto' (S/SDc:1513)",
      );
      expect((await sql(mock.url, 'SELECT id FROM proto.script ORDER BY id', wire)).rows.flat()).toEqual([1, 3, 4]);
    });

    it('resolves unqualified names in current_schema, else the user\'s default schema, else ki_home', async () => {
      await sql(mock.url, 'CREATE TABLE proto.here (id INT)', wire);
      await sql(mock.url, 'INSERT INTO here VALUES (7)', wire, { options: { current_schema: 'proto' } });
      expect((await sql(mock.url, 'SELECT * FROM proto.here', wire)).rows).toEqual([[7]]);
      expect(await sqlFails(mock.url, 'SELECT * FROM here', wire)).toBe("SqlEngine: Object 'here' not found (S/SDc:1513)");
      await sql(mock.url, 'CREATE TABLE kept_home (id INT)', wire);
      expect(await ok(mock.url, '/has/table', { table_name: 'ki_home.kept_home', options: {} }, wire)).toMatchObject({ table_exists: true });
    });

    it('reports what the REST twin reports in info (a dry run)', async () => {
      await ok(mock.url, '/create/datasink', { name: 'proto_sink', destination: 's3://proto-bucket', options: {} }, wire);
      const answer = await sql(mock.url, "CREATE BACKUP proto_b DATA SINK = proto_sink OBJECTS (ALL = proto) WITH OPTIONS (DRY_RUN = 'true')", wire);
      expect(answer).toMatchObject({ count_affected: 0, info: { dry_run: 'true', last_endpoint: '/create/backup' } });
    });
  });
}

describe('/execute/sql paging at the server cap', () => {
  const mock = useMock();

  it('returns at most max_get_records_size (20000) rows per call, whatever the limit', async () => {
    await createOrdersTable(mock.url, 'big', 'binary');
    const records = Array.from({ length: 20005 }, (_, i) => order(i));
    await insertOrders(mock.url, 'big', records, 'binary');
    for (const limit of [-9999, 25000]) {
      const answer = await sql(mock.url, 'SELECT id FROM big', 'binary', { limit });
      expect(answer.rows).toHaveLength(20000);
      expect(answer).toMatchObject({ total_number_of_records: 20005, has_more_records: true });
    }
    const rest = await sql(mock.url, 'SELECT id FROM big', 'binary', { offset: 20000 });
    expect(rest.rows.flat()).toEqual([20000, 20001, 20002, 20003, 20004]);
  });
});

describe('/execute/sql requests on the wire', () => {
  const mock = useMock();

  it('decodes a JSON answer carrying a binary result as latin1 text, like every bytes field', async () => {
    const envelope = await executeSql(mock.url, 'CREATE SCHEMA wire_bytes', 'json', { encoding: 'binary' });
    const answer = decodeResult(envelope.data as ExecuteSqlResponse);
    expect(typeof envelope.data!.binary_encoded_response).toBe('string');
    expect(answer.headers).toEqual(['dummy']);
  });

  it('answers ERROR envelopes with HTTP 400 and data_type none', async () => {
    const envelope = await fails(mock.url, '/execute/sql', sqlRequest('SELECT * FROM nowhere'), 'binary');
    expect(envelope).toMatchObject({ httpStatus: 400, data_type: 'none', message: "SqlEngine: Object 'nowhere' not found (S/SDc:1513)" });
  });
});

describe('/execute/sql in loose mode (--loose)', () => {
  const mock = useMock({ loose: true });

  it('ignores option keys nobody documents, in the request and in the statements, and names them in info', async () => {
    await ok(mock.url, '/create/datasink', { name: 'loose_sink', destination: 's3://loose-bucket', options: {} }, 'json');
    await sql(mock.url, 'CREATE SCHEMA loose', 'json');
    const answer = await sql(mock.url, "CREATE BACKUP b DATA SINK loose_sink OBJECTS (ALL = loose) WITH OPTIONS (SPEED = 'fast')", 'json', {
      options: { frobnicate: 'yes' },
    });
    expect(answer).toMatchObject({ count_affected: 1, info: { ignored_options: 'frobnicate,speed', last_endpoint: '/create/backup' } });
  });
});
