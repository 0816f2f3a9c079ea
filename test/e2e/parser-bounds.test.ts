/**
 * The expression and SQL bounds over real HTTP: a statement or filter nested past the bound, or
 * longer than it, gets an ERROR envelope with HTTP 400 naming the request field and the bound, and
 * the table's records are left as they were. These inputs used to end in a RangeError (an internal
 * error) or, for LIKE, a request that never answered.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type Envelope } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, order, readAll, type Order } from '../support/tables.js';
import { executeSql, sql } from '../sql/client.js';
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from '../../src/expr/bounds.js';

const deep = (depth: number) => `${'('.repeat(depth)}id${')'.repeat(depth)} = 1`;

function expectRefused(envelope: Pick<Envelope, 'status' | 'httpStatus' | 'message'>, text: string): void {
  expect(envelope.status).toBe('ERROR');
  expect(envelope.httpStatus).toBe(400);
  expect(envelope.message).toContain(text);
  expect(envelope.message).not.toContain('internal error');
}

describe('expression and SQL bounds over HTTP', () => {
  const mock = useMock();
  let tables = 0;

  /** A fresh table of five orders, and its records as read back. */
  async function freshTable(): Promise<{ table: string; before: Order[] }> {
    const table = `bounds${++tables}`;
    await createOrdersTable(mock.url, table, 'json');
    await insertOrders(mock.url, table, [1, 2, 3, 4, 5].map(order), 'json');
    return { table, before: await readAll<Order>(mock.url, table, 'json') };
  }

  it('refuses a deep /execute/sql DELETE with 400 naming statement and the bound, deleting nothing', async () => {
    const { table, before } = await freshTable();
    const envelope = await executeSql(mock.url, `delete from ${table} where id = 2 or ${deep(10_000)}`);
    expectRefused(envelope, `Value of 'statement' nests too deeply: more than ${MAX_NESTING_DEPTH} levels at line 1, column`);
    expect(await readAll<Order>(mock.url, table, 'json')).toEqual(before);
  });

  it('refuses a deep /delete/records filter with 400 naming expressions[1], deleting nothing', async () => {
    const { table, before } = await freshTable();
    // The first filter alone would delete a record: nothing runs when any filter breaks a bound.
    const envelope = await fails(mock.url, '/delete/records', { table_name: table, expressions: ['id = 1', deep(10_000)], options: {} });
    expectRefused(envelope, `Value of 'expressions[1]' nests too deeply for an expression: more than ${MAX_NESTING_DEPTH} levels at position ${MAX_NESTING_DEPTH + 1}`);
    expect(await readAll<Order>(mock.url, table, 'json')).toEqual(before);
  });

  it('refuses a deep /get/records expression option with 400 naming expression', async () => {
    const { table } = await freshTable();
    const envelope = await fails(mock.url, '/get/records', { table_name: table, offset: 0, limit: 10, encoding: 'json', options: { expression: deep(10_000) } });
    expectRefused(envelope, "Value of 'expression' nests too deeply for an expression");
  });

  it('refuses an over-long global_expression and a deep value of /update/records, updating nothing', async () => {
    const { table, before } = await freshTable();
    const long = `id > 0${' '.repeat(MAX_EXPRESSION_LENGTH)}`;
    const update = (options: Record<string, string>, value: string) =>
      fails(mock.url, '/update/records', {
        table_name: table,
        expressions: ['id = 1'],
        new_values_maps: [{ amount: value }],
        records_to_insert: [],
        records_to_insert_str: [],
        record_encoding: 'json',
        options,
      });
    expectRefused(
      await update({ global_expression: long }, '7'),
      `Value of 'global_expression' is too long for an expression: ${long.length} characters, over the limit of ${MAX_EXPRESSION_LENGTH}`,
    );
    expectRefused(
      await update({ use_expressions_in_new_values_maps: 'true' }, `${'-'.repeat(10_000)}1`),
      "Value of 'new_values_maps[0].amount' nests too deeply for an expression",
    );
    expect(await readAll<Order>(mock.url, table, 'json')).toEqual(before);
  });

  it('answers a LIKE with many %s over a long value (its regular expression used to run for minutes)', async () => {
    const table = `likes${++tables}`;
    await sql(mock.url, `create table ${table} (id int not null, name varchar)`);
    await sql(mock.url, `insert into ${table} values (6, '${'a'.repeat(5_000)}'), (7, '${'a'.repeat(5_000)}b')`);
    const page = await ok<{ records_json: string[] }>(mock.url, '/get/records', {
      table_name: table,
      offset: 0,
      limit: 10,
      encoding: 'json',
      options: { expression: `name like '${'%a'.repeat(20)}%b'` },
    });
    expect(page.records_json.map((record) => (JSON.parse(record) as Order).id)).toEqual([7]);
  });

  it('inserts parameter sets whose VALUES item is a chain of 15,000 terms', async () => {
    const { table } = await freshTable();
    const amount = `1${' + 0'.repeat(15_000)}`;
    const answer = await sql(mock.url, `insert into ${table} (id, name, amount, ts) values ($1, 'chain', ${amount}, 5)`, 'json', {
      options: { query_parameters: JSON.stringify([[10], [11]]) },
    });
    expect(answer.count_affected).toBe(2);
    const rows = (await readAll<Order>(mock.url, table, 'json')).filter((row) => row.name === 'chain');
    expect(rows).toEqual([
      { id: 10, name: 'chain', amount: 1, ts: 5 },
      { id: 11, name: 'chain', amount: 1, ts: 5 },
    ]);
  });
});
