/**
 * Kinetica expressions as engine SQL (src/query/expression-sql.ts): each rule, run on an
 * in-memory engine over a small table laid out as the mirror lays it out (TIMESTAMP, BOOLEAN,
 * DECIMAL, DATE columns), and the refusals with the messages /get/records gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parseType, type ColumnModel } from '../../src/catalog/table/type-model.js';
import { filterSql, numericSql, valueSql } from '../../src/query/expression-sql.js';

const model = parseType(
  JSON.stringify({
    type: 'record',
    name: 't',
    fields: [
      { name: 'id', type: 'int' },
      { name: 'name', type: ['string', 'null'] },
      { name: 'ratio', type: 'float' },
      { name: 'ts', type: 'long' },
      { name: 'flag', type: 'int' },
      { name: 'price', type: 'string' },
      { name: 'day', type: 'string' },
      { name: 'first_name', type: 'string' },
    ],
  }),
  't',
  { name: ['nullable'], ts: ['timestamp'], flag: ['boolean'], price: ['decimal(10,2)'], day: ['date'] },
);
const columns: ColumnModel[] = model.columns;

let connection: DuckDBConnection;
beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  connection = await db.connect();
  await connection.run(`CREATE TABLE t (id INTEGER, name VARCHAR, ratio FLOAT, ts TIMESTAMP, flag BOOLEAN, price DECIMAL(10,2), day DATE, first_name VARCHAR)`);
  await connection.run(`INSERT INTO t VALUES
    (1, 'ann', 0.1, epoch_ms(1000), true, 1.50, '2024-01-01', 'A'),
    (2, NULL, 0.5, epoch_ms(2000), false, 2.25, '2024-02-01', 'B'),
    (3, 'bob', 0.25, epoch_ms(3000), true, 10.00, '2024-03-01', 'C'),
    (-7, 'cy', 1.5, epoch_ms(4000), false, 0.00, '2024-04-01', 'D')`);
});
afterAll(() => connection?.closeSync());

async function ids(expression: string): Promise<number[]> {
  const condition = filterSql(expression, columns);
  const reader = await connection.runAndReadAll(`SELECT id FROM t${condition ? ` WHERE ${condition}` : ''} ORDER BY id`);
  return reader.getRows().map((row) => Number(row[0]));
}

async function value(expression: string, id = 1): Promise<unknown> {
  const reader = await connection.runAndReadAll(`SELECT ${valueSql(expression, columns)} FROM t WHERE id = ${id}`);
  const v = reader.getRows()[0]![0];
  return typeof v === 'bigint' ? Number(v) : v;
}

describe('filterSql', () => {
  it('reads comparisons, logic, null tests, lists, ranges and patterns', async () => {
    expect(await ids('')).toEqual([-7, 1, 2, 3]);
    expect(await ids('id = 1 or id == 3')).toEqual([1, 3]);
    expect(await ids('id <> 1 and id != 2')).toEqual([-7, 3]);
    expect(await ids('(id > 1) xor (id > 2)')).toEqual([2]);
    expect(await ids('not id > 1')).toEqual([-7, 1]);
    expect(await ids('! (id > 1)')).toEqual([-7, 1]);
    expect(await ids('name is null')).toEqual([2]);
    expect(await ids('name is not null')).toEqual([-7, 1, 3]);
    expect(await ids('name = null')).toEqual([]);
    expect(await ids('id in (1, 3, 5)')).toEqual([1, 3]);
    expect(await ids('id not in (1, null)')).toEqual([]);
    expect(await ids('id between 1 and 2')).toEqual([1, 2]);
    expect(await ids('id not between 1 and 2')).toEqual([-7, 3]);
    expect(await ids("name like 'a%'")).toEqual([1]);
    expect(await ids("name not like '_o_'")).toEqual([-7, 1]);
    expect(await ids('"first_name" = \'B\'')).toEqual([2]);
    expect(await ids('name = "bob"')).toEqual([3]);
    expect(await ids('NAME = \'ann\'')).toEqual([1]);
  });

  it('keeps Kinetica meanings: epoch ms timestamps, booleans as numbers, whole division, float constants', async () => {
    expect(await ids('ts > 2500')).toEqual([-7, 3]);
    expect(await ids('ts = 1000')).toEqual([1]);
    expect(await ids('flag')).toEqual([1, 3]);
    expect(await ids('flag = 1')).toEqual([1, 3]);
    expect(await ids("flag = 'true'")).toEqual([1, 3]);
    expect(await ids('(id > 1) + (flag = 1) = 2')).toEqual([3]);
    expect(await ids('id / 2 = 1')).toEqual([2, 3]);
    expect(await ids('id / 2 = -3')).toEqual([-7]);
    expect(await ids('id % 3 = -1')).toEqual([-7]);
    expect(await ids('id / 2.0 = 1.5')).toEqual([3]);
    expect(await ids('ratio = 0.1')).toEqual([1]);
    expect(await ids("id = '3'")).toEqual([3]);
    expect(await ids('price > 2')).toEqual([2, 3]);
    expect(await ids("day >= '2024-03-01'")).toEqual([-7, 3]);
    expect(await ids('id != 0 and 6 / id = 6')).toEqual([1]);
    expect(await ids('-id > 5')).toEqual([-7]);
  });

  it('refuses what /get/records refuses, with its messages', async () => {
    expect(() => filterSql('colour = 1', columns)).toThrow("Unknown column 'colour'");
    expect(() => filterSql("id = 'x'", columns)).toThrow('Type mismatch');
    expect(() => filterSql("name like 1", columns)).toThrow("'like' needs a string");
    expect(() => filterSql('name', columns)).toThrow('as a condition');
    expect(() => filterSql('abs(id) > 1', columns)).toThrow('Unsupported function call');
    expect(() => filterSql('id = 99999999999999999999', columns)).toThrow('outside the range');
    expect(() => filterSql('x'.repeat(70_000), columns)).toThrow("'expression' is too long");
    await expect(ids('id / (id - id) > 1')).rejects.toThrow('Division by zero');
  });
});

describe('valueSql and numericSql', () => {
  it('answers a lone column as itself and expressions with Kinetica arithmetic', async () => {
    expect(valueSql('id', columns)).toBe('"id"');
    expect(valueSql('Ts', columns)).toBe('"ts"');
    expect(await value('id * 2 + 1')).toBe(3);
    expect(await value('ts + 1')).toBe(1001);
    expect(await value('7 / 2')).toBe(3);
    expect(numericSql('ts', columns)).toBe('epoch_ms("ts")');
    expect(numericSql('flag', columns)).toBe('CAST("flag" AS INTEGER)');
  });
});
