// Schema and table statements through /execute/sql, checked against what the REST endpoints then
// show (/show/table, /has/schema...), in JSON and binary requests.
import { describe, expect, it } from 'vitest';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { sql, sqlFails } from '../sql/client.js';
import type { ShowTableResponse } from '../../src/generated/records.js';

const WIRES: WireEncoding[] = ['json', 'binary'];

for (const wire of WIRES) {
  describe(`schemas and tables in SQL (${wire})`, () => {
    const mock = useMock();
    const show = (table: string) => ok<ShowTableResponse>(mock.url, '/show/table', { table_name: table, options: {} }, wire);
    const hasSchema = async (schema: string) =>
      (await ok<{ schema_exists: boolean }>(mock.url, '/has/schema', { schema_name: schema, options: {} }, wire)).schema_exists;

    it('creates and drops schemas, with IF [NOT] EXISTS and CASCADE', async () => {
      expect(await sql(mock.url, 'CREATE SCHEMA ddl', wire)).toMatchObject({ count_affected: 1, info: { last_endpoint: '/create/schema' } });
      expect(await hasSchema('ddl')).toBe(true);
      expect(await sql(mock.url, 'create schema if not exists DDL', wire)).toMatchObject({ count_affected: 0 });
      expect(await sqlFails(mock.url, 'CREATE SCHEMA ddl', wire)).toBe(
        "Schema 'ddl' already exists (use the option no_error_if_exists=true to ignore this)",
      );
      await sql(mock.url, 'CREATE SCHEMA doomed; CREATE TABLE doomed.t (a INT)', wire);
      expect(await sqlFails(mock.url, 'DROP SCHEMA doomed', wire)).toContain("Schema 'doomed' is not empty");
      expect(await sql(mock.url, 'DROP SCHEMA doomed CASCADE', wire)).toMatchObject({ count_affected: 1, info: { last_endpoint: '/drop/schema' } });
      expect(await hasSchema('doomed')).toBe(false);
      expect(await sql(mock.url, 'DROP SCHEMA IF EXISTS doomed', wire)).toMatchObject({ count_affected: 0 });
      expect(await sqlFails(mock.url, 'DROP SCHEMA doomed', wire)).toBe("Schema 'doomed' does not exist");
    });

    it('creates a table with each column type as the type /create/type would hold', async () => {
      await sql(
        mock.url,
        `CREATE TABLE ddl.types (
           i INTEGER NOT NULL, ti TINYINT, si SMALLINT, bi BIGINT, b BOOLEAN, r REAL, d DOUBLE,
           dec DECIMAL(10, 2), ub UNSIGNED BIGINT,
           v VARCHAR, v8 VARCHAR(5), v300 VARCHAR(300), ts VARCHAR(64, TEXT_SEARCH), dict VARCHAR(16, DICT),
           ip IPV4, u UUID(INIT_WITH_UUID), j JSON, dt DATE, tm TIME, dtm DATETIME(INIT_WITH_NOW), stamp TIMESTAMP,
           blob BYTES, g GEOMETRY, gb BLOB(WKT), vec VECTOR(3), arr INTEGER[3],
           PRIMARY KEY (i)
         )`,
        wire,
      );
      const shown = await show('ddl.types');
      const fields = (JSON.parse(shown.type_schemas[0]!) as { fields: { name: string; type: unknown }[] }).fields;
      expect(Object.fromEntries(fields.map((field) => [field.name, field.type]))).toEqual({
        i: 'int', ti: ['int', 'null'], si: ['int', 'null'], bi: ['long', 'null'], b: ['int', 'null'], r: ['float', 'null'],
        d: ['double', 'null'], dec: ['string', 'null'], ub: ['string', 'null'], v: ['string', 'null'], v8: ['string', 'null'],
        v300: ['string', 'null'], ts: ['string', 'null'], dict: ['string', 'null'], ip: ['string', 'null'], u: ['string', 'null'],
        j: ['string', 'null'], dt: ['string', 'null'], tm: ['string', 'null'], dtm: ['string', 'null'], stamp: ['long', 'null'],
        blob: ['bytes', 'null'], g: ['string', 'null'], gb: ['bytes', 'null'], vec: ['bytes', 'null'], arr: ['string', 'null'],
      });
      const properties = shown.properties[0]!;
      expect(properties).toMatchObject({
        i: ['data', 'primary_key'],
        ti: ['data', 'int8', 'nullable'],
        si: ['data', 'int16', 'nullable'],
        b: ['data', 'boolean', 'nullable'],
        dec: ['data', 'decimal(10,2)', 'nullable'],
        ub: ['data', 'ulong', 'nullable'],
        v: ['data', 'nullable'],
        v8: ['data', 'char8', 'nullable'],
        v300: ['data', 'nullable'],
        ts: ['data', 'text_search', 'char64', 'nullable'],
        dict: ['data', 'char16', 'nullable', 'dict'],
        ip: ['data', 'ipv4', 'nullable'],
        u: ['data', 'uuid', 'nullable', 'init_with_uuid'],
        j: ['data', 'json', 'nullable'],
        dt: ['data', 'date', 'nullable'],
        tm: ['data', 'time', 'nullable'],
        dtm: ['data', 'datetime', 'nullable', 'init_with_now'],
        stamp: ['data', 'timestamp', 'nullable'],
        blob: ['nullable'],
        g: ['data', 'wkt', 'nullable'],
        gb: ['wkt', 'nullable'],
        vec: ['vector(3)', 'nullable'],
        arr: ['data', 'array(int,3)', 'nullable'],
      });
    });

    it('reads key clauses, nullability, REPLICATED, TEMP, indexes, foreign keys and table properties', async () => {
      await sql(mock.url, 'CREATE TABLE ddl.parent (id BIGINT NOT NULL, PRIMARY KEY (id))', wire);
      const created = await sql(
        mock.url,
        `CREATE REPLICATED TABLE ddl.child (
           id INT, region VARCHAR(8), parent BIGINT NOT NULL COMMENT 'the parent', note VARCHAR NULL,
           PRIMARY KEY (id, region), SHARD KEY (region),
           FOREIGN KEY (parent) REFERENCES ddl.parent(id) AS fk_parent
         )
         INDEX (note) CHUNK SKIP INDEX (parent)
         USING TABLE PROPERTIES (TTL = 15, CHUNK SIZE = 1000, NO_ERROR_IF_EXISTS = 'true')`,
        wire,
      );
      expect(created).toMatchObject({ count_affected: 1, info: { last_endpoint: '/alter/table' } });
      const shown = await show('ddl.child');
      expect(shown.table_descriptions[0]).toEqual(['REPLICATED']);
      expect(shown.properties[0]).toMatchObject({
        id: ['data', 'primary_key'],
        region: ['data', 'char8', 'primary_key', 'shard_key'],
        parent: ['data'],
        note: ['data', 'nullable'],
      });
      const info = shown.additional_info[0]!;
      expect(info).toMatchObject({ table_ttl: '15', attribute_indexes: 'note;parent', foreign_keys: '(parent) references ddl.parent(id) as fk_parent' });
      expect(JSON.parse(info.request_avro_json!)).toMatchObject({ options: { is_replicated: 'true', chunk_size: '1000', ttl: '15' } });

      await sql(mock.url, 'CREATE TEMP TABLE ddl.scratch (a INT)', wire);
      expect(JSON.parse((await show('ddl.scratch')).additional_info[0]!.request_avro_json!)).toMatchObject({ options: { is_result_table: 'true' } });
      await sql(mock.url, 'CREATE TABLE ddl.soft (a INT NOT NULL, SOFT PRIMARY KEY (a))', wire);
      expect((await show('ddl.soft')).properties[0]).toMatchObject({ a: ['data', 'soft_primary_key'] });
    });

    it('keeps an existing table with IF NOT EXISTS and replaces it with OR REPLACE', async () => {
      await sql(mock.url, "CREATE TABLE ddl.kept (a INT); INSERT INTO ddl.kept VALUES (1)", wire);
      const kept = await sql(mock.url, 'CREATE TABLE IF NOT EXISTS ddl.kept (b VARCHAR)', wire);
      expect(kept).toMatchObject({ count_affected: 0, info: { last_endpoint: '/create/table' } });
      expect((await sql(mock.url, 'SELECT * FROM ddl.kept', wire)).rows).toEqual([[1]]);
      const replaced = await sql(mock.url, 'CREATE OR REPLACE TABLE ddl.kept (b VARCHAR(4))', wire);
      expect(replaced).toMatchObject({ count_affected: 1, info: { last_endpoint: '/create/table' } });
      const after = await sql(mock.url, 'SELECT * FROM ddl.kept', wire);
      expect(after).toMatchObject({ headers: ['b'], rows: [] });
      expect(await sqlFails(mock.url, 'CREATE OR REPLACE TABLE IF NOT EXISTS ddl.kept (b INT)', wire)).toBe(
        'SqlEngine: OR REPLACE and IF NOT EXISTS cannot be used together (S/SDc:1513)',
      );
    });

    it('refuses wrong definitions before creating anything', async () => {
      const cases: [string, string][] = [
        ['CREATE TABLE ddl.bad (a MONEY)', "SqlEngine: Unknown data type 'MONEY' for column 'a' (S/SDc:1513)"],
        ['CREATE TABLE ddl.bad (a INT(4))', "SqlEngine: Invalid size or property 'INT(4)' for column 'a': INT takes no size (S/SDc:1513)"],
        ['CREATE TABLE ddl.bad (a VECTOR)', "SqlEngine: Invalid size or property 'VECTOR' for column 'a': give the number of dimensions, as VECTOR(10) (S/SDc:1513)"],
        ['CREATE TABLE ddl.bad (a INT, PRIMARY KEY (b))', "SqlEngine: Column 'b' of the PRIMARY KEY clause is not a column of table 'ddl.bad' (S/SDc:1513)"],
        ['CREATE TABLE ddl.bad (a INT NULL, PRIMARY KEY (a))', "SqlEngine: Column 'a' is part of the primary key and cannot be declared NULL (S/SDc:1513)"],
        ['CREATE TABLE ddl.bad (a INT, b INT) INDEX (c)', "SqlEngine: Column 'c' of the INDEX clause is not a column of table 'ddl.bad' (S/SDc:1513)"],
        [
          'CREATE TABLE ddl.bad (a REAL, b REAL) GEOSPATIAL INDEX (a, b)',
          'SqlEngine: An index on several columns (GEOSPATIAL INDEX (a, b)) is not supported by kinetica-mock; index one column at a time (S/SDc:1513)',
        ],
      ];
      for (const [statement, message] of cases) expect(await sqlFails(mock.url, statement, wire), statement).toBe(message);
      // The type model behind /create/type judges the properties, as for REST.
      expect(await sqlFails(mock.url, 'CREATE TABLE ddl.bad (a INT(TEXT_SEARCH))', wire)).toMatch(/text_search/);
      expect(await sqlFails(mock.url, 'CREATE TABLE nowhere.bad (a INT)', wire)).toContain("schema 'nowhere' does not exist");
      expect(await sqlFails(mock.url, 'CREATE TABLE ddl.kept (a INT)', wire)).toContain("'ddl.kept' already exists");
      expect(await ok<{ table_exists: boolean }>(mock.url, '/has/table', { table_name: 'ddl.bad', options: {} }, wire)).toMatchObject({ table_exists: false });
    });

    it('drops tables through /clear/table, with IF EXISTS counting what it dropped', async () => {
      await sql(mock.url, 'CREATE TABLE ddl.gone (a INT)', wire);
      expect(await sql(mock.url, 'DROP TABLE ddl.gone', wire)).toMatchObject({ count_affected: 1, info: { last_endpoint: '/clear/table' } });
      // ERRORS.md 1d: OK, count_affected 0, last_endpoint /clear/table.
      expect(await sql(mock.url, 'DROP TABLE IF EXISTS ddl.gone', wire)).toMatchObject({
        count_affected: 0,
        info: { 'X-Kinetica-Group': 'DDL', last_endpoint: '/clear/table' },
      });
      expect(await sqlFails(mock.url, 'DROP TABLE ddl.gone', wire)).toBe("Could not find the table: 'ddl.gone' (TM/SMc:1078)");
    });

    it('empties a table with TRUNCATE TABLE', async () => {
      await sql(mock.url, 'CREATE TABLE ddl.full (a INT); INSERT INTO ddl.full VALUES (1), (2), (3)', wire);
      expect(await sql(mock.url, 'TRUNCATE TABLE ddl.full', wire)).toMatchObject({
        count_affected: 3,
        info: { 'X-Kinetica-Group': 'DML', last_endpoint: '/delete/records' },
      });
      expect((await sql(mock.url, 'SELECT COUNT(*) FROM ddl.full', wire)).rows).toEqual([[0]]);
      expect(await sqlFails(mock.url, 'TRUNCATE TABLE ddl.nothing', wire)).toBe("SqlEngine: Object 'nothing' not found within 'ddl' (S/SDc:1513)");
    });
  });
}
