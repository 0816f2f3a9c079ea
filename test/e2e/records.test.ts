/**
 * Records over real HTTP: insert (binary and JSON lists), read back (binary and JSON), paging,
 * filters and order, primary-key policies, delete and update, and every rejection.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, insertRequest, order, readAll, recordCodec, ORDERS_TYPE, type Order } from '../support/tables.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

interface Page {
  records_binary: Buffer[];
  records_json: string[];
  total_number_of_records: number;
  has_more_records: boolean;
  type_schema: string;
}

let tableCounter = 0;

for (const encoding of ENCODINGS) {
  describe(`records (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    async function freshTable(count = 0): Promise<string> {
      const name = `t${++tableCounter}`;
      await createOrdersTable(mock.url, name, encoding);
      if (count > 0) await insertOrders(mock.url, name, Array.from({ length: count }, (_, i) => order(i)), encoding);
      return name;
    }

    for (const listEncoding of ['binary', 'json'] as const) {
      it(`inserts a ${listEncoding} list and reads the same records back in both record encodings`, async () => {
        const table = await freshTable();
        const records = [order(1), order(2), order(3)];
        const inserted = await ok$<{ count_inserted: number; count_updated: number; record_ids: string[] }>(
          '/insert/records',
          insertRequest(table, records, listEncoding, { return_record_ids: 'true' }),
        );
        expect(inserted.count_inserted).toBe(3);
        expect(inserted.count_updated).toBe(0);
        expect(inserted.record_ids).toHaveLength(3);
        expect(new Set(inserted.record_ids).size).toBe(3);
        expect(await readAll<Order>(mock.url, table, encoding, 'binary')).toEqual(records);
        expect(await readAll<Order>(mock.url, table, encoding, 'json')).toEqual(records);
      });
    }

    it('pages with offset and limit, and says when more records remain', async () => {
      const table = await freshTable(25);
      const page = await ok$<Page>('/get/records', { table_name: table, offset: 10, limit: 10, encoding: 'json', options: {} });
      expect(page.records_json.map((r) => (JSON.parse(r) as Order).id)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
      expect(page.total_number_of_records).toBe(25);
      expect(page.has_more_records).toBe(true);
      const last = await ok$<Page>('/get/records', { table_name: table, offset: 20, limit: 10, encoding: 'json', options: {} });
      expect(last.records_json).toHaveLength(5);
      expect(last.has_more_records).toBe(false);
      const all = await ok$<Page>('/get/records', { table_name: table, offset: 0, limit: -9999, encoding: 'binary', options: {} });
      expect(all.records_binary).toHaveLength(25);
    });

    it('filters with an expression and orders with sort_by and sort_order', async () => {
      const table = await freshTable(10);
      const page = await ok$<Page>('/get/records', {
        table_name: table,
        offset: 0,
        limit: 100,
        encoding: 'json',
        options: { expression: 'id >= 4 and amount is not null', sort_by: 'id', sort_order: 'descending' },
      });
      expect(page.records_json.map((r) => (JSON.parse(r) as Order).id)).toEqual([8, 7, 5, 4]);
      expect(page.total_number_of_records).toBe(4);
      const badColumn = await fails$('/get/records', {
        table_name: table, offset: 0, limit: 10, encoding: 'json', options: { sort_by: 'colour' },
      });
      expect(badColumn.message).toContain("sort_by column 'colour' does not exist");
    });

    it('refuses a negative offset and an unknown record encoding', async () => {
      const table = await freshTable(1);
      const offset = await fails$('/get/records', { table_name: table, offset: -1, limit: 10, encoding: 'json', options: {} });
      expect(offset.message).toBe('offset -1 must not be negative');
      const enc = await fails$('/get/records', { table_name: table, offset: 0, limit: 10, encoding: 'xml', options: {} });
      expect(enc.message).toBe("Value: 'xml' not a valid parameter. Valid values are: binary, json (U/PUh:355)");
    });

    it('rejects a duplicate primary key and keeps the table unchanged', async () => {
      const table = await freshTable(3);
      const envelope = await fails$('/insert/records', insertRequest(table, [order(10), { ...order(1), name: 'again' }], 'binary'));
      expect(envelope.message).toBe(
        `Record 1 has primary key (id=1), which table 'ki_home.${table}' already holds ` +
          '(use the option update_on_existing_pk=true to replace it, or ignore_existing_pk=true to skip it)',
      );
      expect((await readAll<Order>(mock.url, table, encoding)).map((r) => r.id)).toEqual([0, 1, 2]);
    });

    it('upserts with update_on_existing_pk and skips with ignore_existing_pk', async () => {
      const table = await freshTable(3);
      const upsert = await ok$<{ count_inserted: number; count_updated: number }>(
        '/insert/records',
        insertRequest(table, [{ ...order(1), name: 'upserted' }, order(7)], 'json', { update_on_existing_pk: 'true' }),
      );
      expect(upsert).toMatchObject({ count_inserted: 1, count_updated: 1 });
      const ignore = await ok$<{ count_inserted: number; count_updated: number }>(
        '/insert/records',
        insertRequest(table, [{ ...order(2), name: 'ignored' }, order(8)], 'binary', { ignore_existing_pk: 'true' }),
      );
      expect(ignore).toMatchObject({ count_inserted: 1, count_updated: 0 });
      const rows = await readAll<Order>(mock.url, table, encoding);
      expect(rows.find((r) => r.id === 1)!.name).toBe('upserted');
      expect(rows.find((r) => r.id === 2)!.name).toBe('n2');
      expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([0, 1, 2, 7, 8]);
    });

    it('reports bad records individually with return_individual_errors and keeps the good ones', async () => {
      const table = await freshTable(1);
      const result = await ok$<{ count_inserted: number; info: Record<string, string> }>('/insert/records', {
        table_name: table,
        list: [],
        list_str: [JSON.stringify(order(5)), JSON.stringify({ ...order(6), id: 'six' }), JSON.stringify(order(0))],
        list_encoding: 'json',
        options: { return_individual_errors: 'true' },
      });
      expect(result.count_inserted).toBe(1);
      expect(result.info.bad_record_indices).toBe('1,2');
      expect(result.info.error_1).toContain("Record 1");
      expect(result.info.error_2).toContain('primary key (id=0)');
    });

    it('names the record and the column of a value that does not fit', async () => {
      const table = await freshTable();
      const tooLong = await fails$('/insert/records', insertRequest(table, [order(1), { ...order(2), name: 'x'.repeat(40) }], 'binary'));
      expect(tooLong.message).toMatch(new RegExp(`^Record 1 does not fit the type of table 'ki_home\\.${table}': column 'name': `));
      const nullKey = await fails$('/insert/records', {
        table_name: table, list: [], list_str: [JSON.stringify({ ...order(3), name: null })], list_encoding: 'json', options: {},
      });
      expect(nullKey.message).toMatch(/^Record 0 .*'name'/);
      const truncated = await ok$<{ count_inserted: number }>(
        '/insert/records',
        insertRequest(table, [{ ...order(4), name: 'y'.repeat(40) }], 'binary', { truncate_strings: 'true' }),
      );
      expect(truncated.count_inserted).toBe(1);
      expect((await readAll<Order>(mock.url, table, encoding))[0]!.name).toBe('y'.repeat(32));
    });

    it('keeps datetime and time to the millisecond, cutting finer fractions as Kinetica does', async () => {
      const table = `t${++tableCounter}`;
      const definition = JSON.stringify({
        type: 'record', name: 'events', fields: [
          { name: 'id', type: 'int' }, { name: 'at', type: 'string' }, { name: 'clock', type: 'string' },
        ],
      });
      const typeId = (await ok$<{ type_id: string }>('/create/type', {
        type_definition: definition, label: '', properties: { id: ['primary_key'], at: ['datetime'], clock: ['time'] }, options: {},
      })).type_id;
      await ok$('/create/table', { table_name: table, type_id: typeId, options: {} });
      // str(datetime.now()) in Python: six fractional digits.
      const micro = { id: 1, at: '2026-12-04 16:36:32.123456', clock: '16:36:32.987654' };
      const nano = { id: 2, at: '2026-12-04 16:36:32.000000009', clock: '16:36:32.5' };
      for (const listEncoding of ['binary', 'json'] as const) {
        await ok$('/insert/records', insertRequest(table, [micro, nano], listEncoding, { update_on_existing_pk: 'true' }, definition));
      }
      expect(await readAll(mock.url, table, encoding)).toEqual([
        { id: 1, at: '2026-12-04 16:36:32.123', clock: '16:36:32.987' },
        { id: 2, at: '2026-12-04 16:36:32.000', clock: '16:36:32.5' },
      ]);
      await ok$('/update/records', {
        table_name: table, expressions: ['id = 1'], new_values_maps: [{ at: "'2030-01-02 03:04:05.678999'" }],
        records_to_insert: [], records_to_insert_str: [], record_encoding: 'binary',
        options: { use_expressions_in_new_values_maps: 'true' },
      });
      expect((await readAll<{ at: string }>(mock.url, table, encoding))[0]!.at).toBe('2030-01-02 03:04:05.678');
      // Ten digits is not a finer clock but a mistake: still refused, naming the form.
      const tooFine = await fails$('/insert/records', insertRequest(table, [{ id: 3, at: '2026-12-04 16:36:32.1234567890', clock: '00:00:00' }], 'json', {}, definition));
      expect(tooFine.message).toContain('is not a datetime in the form YYYY-MM-DD HH:MM:SS.mmm');
    });

    it('refuses a record that does not decode with the table type', async () => {
      const table = await freshTable();
      const good = recordCodec(ORDERS_TYPE).toBuffer(order(1));
      const envelope = await fails$('/insert/records', {
        table_name: table, list: [good, good.subarray(0, 3)], list_str: [], list_encoding: 'binary', options: {},
      });
      expect(envelope.message).toBe(`Record 1 cannot be decoded with the type of table 'ki_home.${table}': column 'name': a string value claims 2 bytes but only 1 byte remains`);
      const json = await fails$('/insert/records', {
        table_name: table, list: [], list_str: ['{"id": 1,'], list_encoding: 'json', options: {},
      });
      expect(json.message).toMatch(/^Record 0 cannot be decoded with the type of table .*: not valid JSON/);
      expect(await readAll(mock.url, table, encoding)).toEqual([]);
    });

    it('refuses records in the list the encoding does not name, and inserts into a missing table', async () => {
      const table = await freshTable();
      const mismatch = await fails$('/insert/records', { ...insertRequest(table, [order(1)], 'json'), list_encoding: 'binary' });
      expect(mismatch.message).toBe("list_encoding is 'binary' but the records are in list_str: put them in list, or change list_encoding");
      const missing = await fails$('/insert/records', insertRequest('no_such_table', [order(1)], 'json'));
      expect(missing.message).toBe("Could not find the table: 'ki_home.no_such_table' (TM/SMc:1078)");
    });

    it('deletes by expression, counting per expression, and deletes all', async () => {
      const table = await freshTable(10);
      const deleted = await ok$<{ count_deleted: number; counts_deleted: number[] }>('/delete/records', {
        table_name: table, expressions: ['id < 3', 'id in (5, 6) or name = \'n9\''], options: {},
      });
      expect(deleted).toMatchObject({ count_deleted: 6, counts_deleted: [3, 3] });
      expect((await readAll<Order>(mock.url, table, encoding)).map((r) => r.id)).toEqual([3, 4, 7, 8]);
      const none = await fails$('/delete/records', { table_name: table, expressions: [], options: {} });
      expect(none.message).toContain('expressions is empty');
      const all = await ok$<{ count_deleted: number }>('/delete/records', { table_name: table, expressions: [], options: { delete_all_records: 'true' } });
      expect(all.count_deleted).toBe(4);
      expect(await readAll(mock.url, table, encoding)).toEqual([]);
    });

    it('deletes one record by the id /insert/records returned', async () => {
      const table = await freshTable();
      const inserted = await insertOrders(mock.url, table, [order(1), order(2)], encoding, { return_record_ids: 'true' });
      await ok$('/delete/records', { table_name: table, expressions: [], options: { record_id: inserted.record_ids[0]! } });
      expect((await readAll<Order>(mock.url, table, encoding)).map((r) => r.id)).toEqual([2]);
    });

    it('updates matching records with constants and with expressions', async () => {
      const table = await freshTable(5);
      const updated = await ok$<{ count_updated: number; counts_updated: number[] }>('/update/records', {
        table_name: table,
        expressions: ['id = 1', 'id >= 3'],
        new_values_maps: [{ name: 'one' }, { amount: null }],
        records_to_insert: [],
        records_to_insert_str: [],
        record_encoding: 'binary',
        options: {},
      });
      expect(updated).toMatchObject({ count_updated: 3, counts_updated: [1, 2] });
      await ok$('/update/records', {
        table_name: table,
        expressions: ['id = 2'],
        new_values_maps: [{ ts: 'ts + 1000', name: "'two'" }],
        records_to_insert: [],
        records_to_insert_str: [],
        record_encoding: 'binary',
        options: { use_expressions_in_new_values_maps: 'true' },
      });
      const rows = await readAll<Order>(mock.url, table, encoding);
      expect(rows.find((r) => r.id === 1)!.name).toBe('one');
      expect(rows.filter((r) => r.id >= 3).map((r) => r.amount)).toEqual([null, null]);
      expect(rows.find((r) => r.id === 2)).toMatchObject({ name: 'two', ts: order(2).ts + 1000 });
    });

    it('inserts records_to_insert when an update matches nothing', async () => {
      const table = await freshTable(2);
      const result = await ok$<{ count_updated: number; count_inserted: number; counts_inserted: number[] }>('/update/records', {
        table_name: table,
        expressions: ['id = 99'],
        new_values_maps: [{ name: 'never' }],
        records_to_insert: [],
        records_to_insert_str: [JSON.stringify(order(99))],
        record_encoding: 'json',
        options: {},
      });
      expect(result).toMatchObject({ count_updated: 0, count_inserted: 1, counts_inserted: [1] });
      expect((await readAll<Order>(mock.url, table, encoding)).map((r) => r.id)).toEqual([0, 1, 99]);
    });

    it('refuses an update that would break the primary key, a null in a non-nullable column, and an unknown column', async () => {
      const table = await freshTable(3);
      const base = { records_to_insert: [], records_to_insert_str: [], record_encoding: 'binary', options: {} };
      const collision = await fails$('/update/records', { table_name: table, expressions: ['id = 1'], new_values_maps: [{ id: '2' }], ...base });
      expect(collision.message).toContain('primary key (id=2)');
      const nullName = await fails$('/update/records', { table_name: table, expressions: ['id = 1'], new_values_maps: [{ name: null }], ...base });
      expect(nullName.message).toBe(`Cannot set column 'name' of table 'ki_home.${table}' to null: it is not nullable`);
      const unknown = await fails$('/update/records', { table_name: table, expressions: ['id = 1'], new_values_maps: [{ colour: 'red' }], ...base });
      expect(unknown.message).toBe(`new_values_maps names column 'colour', which table 'ki_home.${table}' lacks; its columns are: id, name, amount, ts`);
      expect((await readAll<Order>(mock.url, table, encoding)).map((r) => r.name)).toEqual(['n0', 'n1', 'n2']);
    });

    it('refuses an expression outside the supported subset, naming it', async () => {
      const table = await freshTable(2);
      const envelope = await fails$('/delete/records', { table_name: table, expressions: ['sqrt(id) > 1'], options: {} });
      expect(envelope.message.toLowerCase()).toContain('sqrt');
      expect((await readAll(mock.url, table, encoding))).toHaveLength(2);
    });
  });
}
