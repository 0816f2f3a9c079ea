/**
 * Types and tables over real HTTP, in JSON and in Avro binary.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, createType, insertOrders, order, ORDERS_PROPERTIES, ORDERS_TYPE, readAll } from '../support/tables.js';
import type { ShowTableResponse } from '../../src/generated/records.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

for (const encoding of ENCODINGS) {
  describe(`types and tables (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);

    it('creates a type once per definition: the same definition gives the same id', async () => {
      const first = await createType(mock.url, encoding);
      const second = await createType(mock.url, encoding);
      expect(first).toMatch(/^\d+$/);
      expect(second).toBe(first);
      const has = await ok$<{ type_exists: boolean }>('/has/type', { type_id: first, options: {} });
      expect(has.type_exists).toBe(true);
      const shown = await ok$<{ type_ids: string[]; labels: string[]; properties: Record<string, string[]>[] }>(
        '/show/types',
        { type_id: first, label: '', options: {} },
      );
      expect(shown.type_ids).toEqual([first]);
      expect(shown.labels).toEqual(['orders_t']);
      expect(shown.properties[0]!.id).toContain('primary_key');
    });

    it('refuses a type definition that is not an Avro record', async () => {
      const envelope = await fails$('/create/type', { type_definition: '{"type":"record"', label: 'x', properties: {}, options: {} });
      expect(envelope.message.length).toBeGreaterThan(10);
      const missing = await fails$('/show/types', { type_id: '999', label: '', options: {} });
      expect(missing.message).toBe("Type '999' does not exist: create it with /create/type and pass the type_id it returns");
    });

    it('creates a table in ki_home by default and answers has/table', async () => {
      const typeId = await createType(mock.url, encoding);
      const created = await ok$<{ table_name: string; type_id: string; info: Record<string, string> }>('/create/table', {
        table_name: 'plain',
        type_id: typeId,
        options: {},
      });
      expect(created.type_id).toBe(typeId);
      expect(created.info.qualified_table_name).toBe('ki_home.plain');
      for (const name of ['plain', 'ki_home.plain', 'KI_HOME.Plain']) {
        const has = await ok$<{ table_exists: boolean }>('/has/table', { table_name: name, options: {} });
        expect(has.table_exists).toBe(true);
      }
    });

    it('refuses a table that exists, unless no_error_if_exists with the same type', async () => {
      const typeId = await createOrdersTable(mock.url, 'dup', encoding);
      const again = await fails$('/create/table', { table_name: 'dup', type_id: typeId, options: {} });
      expect(again.message).toBe(
        "Table 'ki_home.dup' already exists (use the option no_error_if_exists=true to ignore this when the type is the same)",
      );
      await ok$('/create/table', { table_name: 'dup', type_id: typeId, options: { no_error_if_exists: 'true' } });
      const otherType = await createType(mock.url, encoding, JSON.stringify({ type: 'record', name: 'x', fields: [{ name: 'a', type: 'int' }] }), {}, 'x');
      const different = await fails$('/create/table', { table_name: 'dup', type_id: otherType, options: { no_error_if_exists: 'true' } });
      expect(different.message).toContain("already exists with type");
    });

    it('refuses a table in a missing schema, and a table of a missing type', async () => {
      const typeId = await createType(mock.url, encoding);
      const noSchema = await fails$('/create/table', { table_name: 'nowhere.t', type_id: typeId, options: {} });
      expect(noSchema.message).toBe("Cannot create table 'nowhere.t': schema 'nowhere' does not exist (create it first with /create/schema)");
      const noType = await fails$('/create/table', { table_name: 't_missing_type', type_id: '12345', options: {} });
      expect(noType.message).toBe("Type '12345' does not exist: create it with /create/type and pass the type_id it returns");
    });

    it('leaves no schema and no type behind when it refuses a table (found by the fuzzer)', async () => {
      const schemaName = `made_${encoding}`;
      const missingType = await fails$('/create/table', { table_name: 't', type_id: 'nightly', options: { collection_name: schemaName } });
      expect(missingType.message).toBe("Type 'nightly' does not exist: create it with /create/type and pass the type_id it returns");
      const hasSchema = await ok$<{ schema_exists: boolean }>('/has/schema', { schema_name: schemaName, options: {} });
      expect(hasSchema.schema_exists).toBe(false);
      const typeId = await createOrdersTable(mock.url, 'taken', encoding);
      const types = await ok$<{ type_ids: string[] }>('/show/types', { type_id: '', label: '', options: {} });
      const definition = JSON.stringify([['only', 'int']]);
      await fails$('/create/table', { table_name: 'taken', type_id: definition, options: {} });
      expect((await ok$<{ type_ids: string[] }>('/show/types', { type_id: '', label: '', options: {} })).type_ids).toEqual(types.type_ids);
      expect(typeId).not.toBe('');
    });

    it('creates a table from a column list given as type_id, as the Python client create_table sends it', async () => {
      // The text create_table(name, TABLE_SCHEMA) puts in type_id: a multi-line JSON list of columns.
      const columns = '[\n  ["id", "int", "primary_key"],\n  ["name", "string", "char64"],\n  ["seen", "datetime", "nullable"]\n]';
      const created = await ok$<{ type_id: string; info: Record<string, string> }>('/create/table', {
        table_name: 'by_definition',
        type_id: columns,
        options: {},
      });
      expect(created.type_id).toMatch(/^\d+$/);
      expect(created.info.qualified_table_name).toBe('ki_home.by_definition');
      const shown = await ok$<ShowTableResponse>('/show/table', { table_name: 'by_definition', options: {} });
      expect(shown.type_ids).toEqual([created.type_id]);
      expect(shown.properties[0]).toEqual({
        id: ['data', 'primary_key'],
        name: ['data', 'char64'],
        seen: ['data', 'datetime', 'nullable'],
      });
      // The same list registered through /create/type gives the same type.
      const viaCreateType = await ok$<{ type_id: string }>('/create/type', { type_definition: columns, label: '', properties: {}, options: {} });
      expect(viaCreateType.type_id).toBe(created.type_id);
      // no_error_if_exists compares the registered type, so repeating the request is harmless.
      await ok$('/create/table', { table_name: 'by_definition', type_id: columns, options: { no_error_if_exists: 'true' } });
    });

    it('refuses a bad column list in type_id with the /create/type error', async () => {
      const bad = '[["id", "integer"]]';
      const viaTable = await fails$('/create/table', { table_name: 'bad_definition', type_id: bad, options: {} });
      const viaType = await fails$('/create/type', { type_definition: bad, label: '', properties: {}, options: {} });
      expect(viaTable.message).toBe(viaType.message);
      expect(viaTable.message).toContain("'integer'");
      const has = await ok$<{ table_exists: boolean }>('/has/table', { table_name: 'bad_definition', options: {} });
      expect(has.table_exists).toBe(false);
    });

    it('shows a table with its type schema, properties, description and sizes', async () => {
      await ok$('/create/schema', { schema_name: 'shop', options: {} });
      const typeId = await createOrdersTable(mock.url, 'shop.orders', encoding, { is_replicated: 'true' });
      await insertOrders(mock.url, 'shop.orders', [order(1), order(2)], encoding);
      const shown = await ok$<ShowTableResponse>('/show/table', { table_name: 'shop.orders', options: { get_sizes: 'true' } });
      expect(shown.table_names).toEqual(['shop.orders']);
      expect(shown.table_descriptions).toEqual([['REPLICATED']]);
      expect(shown.type_ids).toEqual([typeId]);
      expect(JSON.parse(shown.type_schemas[0]!).fields.map((f: { name: string }) => f.name)).toEqual(['id', 'name', 'amount', 'ts']);
      expect(shown.properties[0]!.id).toContain('primary_key');
      expect(shown.properties[0]!.name).toContain('char32');
      expect(shown.additional_info[0]!.schema_name).toBe('shop');
      expect(shown.sizes).toEqual([2]);
      expect(shown.total_size).toBe(2);
      const noSizes = await ok$<ShowTableResponse>('/show/table', { table_name: 'shop.orders', options: {} });
      expect(noSizes.sizes).toEqual([]);
      expect(noSizes.total_size).toBe(-1);
    });

    it('shows a schema: its tables with show_children, itself without', async () => {
      await ok$('/create/schema', { schema_name: 'mall', options: {} });
      await createOrdersTable(mock.url, 'mall.a', encoding);
      await createOrdersTable(mock.url, 'mall.b', encoding);
      const children = await ok$<ShowTableResponse>('/show/table', { table_name: 'mall', options: {} });
      expect(children.table_names).toEqual(['mall.a', 'mall.b']);
      const itself = await ok$<ShowTableResponse>('/show/table', { table_name: 'mall', options: { show_children: 'false' } });
      expect(itself.table_names).toEqual(['mall']);
      expect(itself.table_descriptions).toEqual([['SCHEMA']]);
    });

    it("answers a missing table with Kinetica's texts", async () => {
      const missing = await fails$('/show/table', { table_name: 'demo.missing_table', options: {} });
      expect(missing.message).toBe('No matching table or schema was found: demo.missing_table');
      const quiet = await ok$<ShowTableResponse>('/show/table', { table_name: 'demo.missing_table', options: { no_error_if_not_exists: 'true' } });
      expect(quiet.table_names).toEqual([]);
      expect(quiet.info.WARNING_0).toBe("Could not find the table: 'demo.missing_table' (TM/SMc:1046)");
    });

    it('drops a table with /clear/table, and fails on a missing one unless told not to', async () => {
      await createOrdersTable(mock.url, 'doomed', encoding);
      await ok$('/clear/table', { table_name: 'doomed', authorization: '', options: {} });
      const has = await ok$<{ table_exists: boolean }>('/has/table', { table_name: 'doomed', options: {} });
      expect(has.table_exists).toBe(false);
      const again = await fails$('/clear/table', { table_name: 'doomed', authorization: '', options: {} });
      expect(again.message).toBe("Could not find the table: 'ki_home.doomed' (TM/SMc:1078)");
      await ok$('/clear/table', { table_name: 'doomed', authorization: '', options: { no_error_if_not_exists: 'true' } });
    });

    it('renames a table and moves it to another schema, keeping its records', async () => {
      await ok$('/create/schema', { schema_name: 'archive', options: {} });
      await createOrdersTable(mock.url, 'moving', encoding);
      await insertOrders(mock.url, 'moving', [order(1), order(2), order(3)], encoding);
      await ok$('/alter/table', { table_name: 'moving', action: 'rename_table', value: 'moved', options: {} });
      await ok$('/alter/table', { table_name: 'moved', action: 'move_to_schema', value: 'archive', options: {} });
      expect(await readAll(mock.url, 'archive.moved', encoding)).toHaveLength(3);
      const old = await ok$<{ table_exists: boolean }>('/has/table', { table_name: 'moving', options: {} });
      expect(old.table_exists).toBe(false);
      const noSchema = await fails$('/alter/table', { table_name: 'archive.moved', action: 'move_to_schema', value: 'void', options: {} });
      expect(noSchema.message).toBe("Schema 'void' does not exist");
    });

    it('adds and deletes columns, converting the records it holds', async () => {
      await createOrdersTable(mock.url, 'widening', encoding);
      await insertOrders(mock.url, 'widening', [order(1), order(2)], encoding);
      const added = await ok$<{ type_definition: string; properties: Record<string, string[]> }>('/alter/table', {
        table_name: 'widening',
        action: 'add_column',
        value: 'region',
        options: { column_type: 'string', column_properties: 'char16', column_default_value: 'eu' },
      });
      expect(JSON.parse(added.type_definition).fields.map((f: { name: string }) => f.name)).toEqual(['id', 'name', 'amount', 'ts', 'region']);
      expect(added.properties.region).toContain('char16');
      const rows = await readAll<Record<string, unknown>>(mock.url, 'widening', encoding);
      expect(rows.map((r) => r.region)).toEqual(['eu', 'eu']);
      await ok$('/alter/table', { table_name: 'widening', action: 'delete_column', value: 'name', options: {} });
      const after = await readAll<Record<string, unknown>>(mock.url, 'widening', encoding);
      expect(Object.keys(after[0]!)).toEqual(['id', 'amount', 'ts', 'region']);
      const key = await fails$('/alter/table', { table_name: 'widening', action: 'delete_column', value: 'id', options: {} });
      expect(key.message).toBe("Column 'id' of table 'ki_home.widening' is part of its primary or shard key and cannot be deleted");
      const missing = await fails$('/alter/table', { table_name: 'widening', action: 'delete_column', value: 'nope', options: {} });
      expect(missing.message).toBe("Column 'nope' does not exist in table 'ki_home.widening'; its columns are: id, amount, ts, region");
    });

    it('names an unknown action and an action it does not emulate differently', async () => {
      await createOrdersTable(mock.url, 'acts', encoding);
      const unknown = await fails$('/alter/table', { table_name: 'acts', action: 'explode', value: '', options: {} });
      expect(unknown.message).toMatch(/^Value: 'explode' not a valid parameter\. Valid values are: .*rename_table/);
      const unemulated = await fails$('/alter/table', { table_name: 'acts', action: 'add_partition', value: '', options: {} });
      expect(unemulated.message).toMatch(/^Action 'add_partition' of \/alter\/table is not emulated by kinetica-mock/);
    });
  });
}

describe('tables created from the exact type the Python client sends', () => {
  const mock = useMock();

  it('accepts GPUdbRecordType output and GPUdbTableOptions keys', async () => {
    const typeId = await createType(mock.url, 'binary', ORDERS_TYPE, ORDERS_PROPERTIES);
    await ok(mock.url, '/create/table', {
      table_name: 'py_style',
      type_id: typeId,
      options: { is_replicated: 'false', is_result_table: 'false', no_error_if_exists: 'false', is_collection: 'false', disallow_homogeneous_tables: 'false' },
    }, 'binary');
    const has = await ok<{ table_exists: boolean }>(mock.url, '/has/table', { table_name: 'py_style', options: {} }, 'binary');
    expect(has.table_exists).toBe(true);
  });
});
