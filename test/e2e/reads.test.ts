/**
 * The read endpoints on the query engine over real HTTP, in JSON and binary requests: each rule on
 * a small table, SQL and REST compared on the same data, writes visible to the next read, and bad
 * input answered with an ERROR envelope that names the problem.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { readAll } from '../support/tables.js';
import { decodeResult, sql, type ExecuteSqlResponse } from '../sql/client.js';

const WIRES: WireEncoding[] = ['json', 'binary'];

const SALES = [
  [1, 'a', 10, 1.5, 1000],
  [2, 'b', 20, null, 2000],
  [3, 'a', 30, 4.0, 3000],
  [4, 'c', 40, 2.0, 4000],
  [5, 'b', 50, 8.5, 5000],
  [6, 'a', 60, null, 6000],
] as const;

for (const wire of WIRES) {
  describe(`reads on the engine (${wire})`, () => {
    const mock = useMock();
    let n = 0;
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, wire);
    const fails$ = async (path: string, body: unknown) => (await fails(mock.url, path, body, wire)).message;
    /** A fresh copy of the sales table, named r.sales<n>. */
    async function sales(): Promise<string> {
      const name = `r.sales${++n}`;
      if (n === 1) {
        // SQL's SELECT sets the engine's search path to ki_home, which the engine only has once a
        // ki_home table was read (reported as a query-layer bug): read one first.
        await sql(mock.url, 'CREATE TABLE warm (i INT)', wire);
        await sql(mock.url, 'SELECT * FROM warm', wire);
      }
      await sql(mock.url, `CREATE SCHEMA IF NOT EXISTS r; CREATE TABLE ${name} (id INT NOT NULL, k VARCHAR(8), v INT NOT NULL, amount DOUBLE, ts TIMESTAMP, PRIMARY KEY (id))`, wire);
      const values = SALES.map(([id, k, v, amount, ts]) => `(${id}, '${k}', ${v}, ${amount ?? 'NULL'}, ${ts})`).join(', ');
      await sql(mock.url, `INSERT INTO ${name} (id, k, v, amount, ts) VALUES ${values}`, wire);
      return name;
    }
    const groupBy = async (table: string, columns: string[], options: Record<string, string> = {}, offset = 0, limit = -9999) =>
      decodeResult(await ok$<ExecuteSqlResponse>('/aggregate/groupby', { table_name: table, column_names: columns, offset, limit, encoding: wire === 'json' ? 'json' : 'binary', options }));
    const byColumn = async (table: string, columns: string[], options: Record<string, string> = {}, offset = 0, limit = -9999) =>
      decodeResult(await ok$<ExecuteSqlResponse>('/get/records/bycolumn', { table_name: table, column_names: columns, offset, limit, encoding: 'binary', options }));
    const count = async (path: string, body: Record<string, unknown>) => (await ok$<{ count: number }>(path, { view_name: '', options: {}, ...body })).count;

    it('groups as SQL does: the same groups, counts and sums, headers as written', async () => {
      const table = await sales();
      const rest = await groupBy(table, ['k', 'COUNT(*)', 'SUM(v)', 'AVG(amount)']);
      const viaSql = await sql(mock.url, `SELECT k, COUNT(*), SUM(v), AVG(amount) FROM ${table} GROUP BY k ORDER BY k`, wire);
      expect(rest.rows).toEqual(viaSql.rows);
      expect(rest.rows).toEqual([['a', 3, 100, 2.75], ['b', 2, 70, 8.5], ['c', 1, 40, 2]]);
      expect(rest.headers).toEqual(['k', 'COUNT(*)', 'SUM(v)', 'AVG(amount)']);
      // A key column keeps its type name, as in the SQL answer.
      expect(rest.datatypes).toEqual(['char8', 'long', 'long', 'double']);
      expect(viaSql.datatypes[0]).toBe('char8');
      expect(rest.total_number_of_records).toBe(3);
      expect(rest.has_more_records).toBe(false);
    });

    it('groupby: expression filters first, having after, sort_by value, order_by, paging', async () => {
      const table = await sales();
      expect((await groupBy(table, ['k', 'count(*)'], { expression: 'v > 10' })).rows).toEqual([['a', 2], ['b', 2], ['c', 1]]);
      expect((await groupBy(table, ['k', 'sum(v)'], { having: 'sum(v) > 50' })).rows).toEqual([['a', 100], ['b', 70]]);
      expect((await groupBy(table, ['k', 'sum(v)'], { sort_by: 'value', sort_order: 'descending' })).rows).toEqual([['a', 100], ['b', 70], ['c', 40]]);
      expect((await groupBy(table, ['k', 'max(v) as top'], { order_by: 'top desc' })).rows).toEqual([['a', 60], ['b', 50], ['c', 40]]);
      const page = await groupBy(table, ['k', 'count(*)'], {}, 1, 1);
      expect(page.rows).toEqual([['b', 2]]);
      expect(page.total_number_of_records).toBe(3);
      expect(page.has_more_records).toBe(true);
      // COUNT_DISTINCT, MEAN and arithmetic of aggregates; keys may be expressions.
      expect((await groupBy(table, ['k', 'count_distinct(v)', 'mean(v)', 'sum(v) / count(*)'])).rows[0]).toEqual(['a', 3, 100 / 3, 100 / 3]);
      // STDDEV and VAR are Kinetica's population forms.
      expect((await groupBy(table, ['k', 'stddev(v)', 'var(v)'])).rows).toEqual(
        (await sql(mock.url, `SELECT k, STDDEV_POP(v), VAR_POP(v) FROM ${table} GROUP BY k ORDER BY k`, wire)).rows,
      );
      expect((await groupBy(table, ['v / 20', 'count(*)'])).rows).toEqual([[0, 1], [1, 2], [2, 2], [3, 1]]);
      // No keys: one row over the table.
      expect((await groupBy(table, ['count(*)', 'min(ts)'])).rows).toEqual([[6, 1000]]);
    });

    it('groupby result_table makes a table of the groups, read by /get/records', async () => {
      const table = await sales();
      const answer = await ok$<ExecuteSqlResponse>('/aggregate/groupby', {
        table_name: table, column_names: ['k', 'count(*) as n', 'sum(v) as total'], offset: 0, limit: -9999, encoding: 'binary', options: { result_table: `${table}_groups` },
      });
      expect(answer.info.qualified_result_table_name).toBe(`${table}_groups`);
      expect(await readAll(mock.url, `${table}_groups`, wire)).toEqual([{ k: 'a', n: 3, total: 100 }, { k: 'b', n: 2, total: 70 }, { k: 'c', n: 1, total: 40 }]);
      expect(await fails$('/aggregate/groupby', { table_name: table, column_names: ['k', 'count(*)'], offset: 0, limit: -9999, encoding: 'binary', options: { result_table: `${table}_bad` } })).toContain("Result column 'count(*)'");
    });

    it('a write is visible to the next aggregate: insert, update, delete', async () => {
      const table = await sales();
      const sums = async () => (await groupBy(table, ['k', 'sum(v)'])).rows;
      expect(await sums()).toEqual([['a', 100], ['b', 70], ['c', 40]]);
      await sql(mock.url, `INSERT INTO ${table} (id, k, v) VALUES (7, 'c', 5)`, wire);
      expect(await sums()).toEqual([['a', 100], ['b', 70], ['c', 45]]);
      await ok$('/update/records', { table_name: table, expressions: ["k = 'b'"], new_values_maps: [{ v: '1' }], records_to_insert: [], records_to_insert_str: [], record_encoding: 'binary', options: {} });
      expect(await sums()).toEqual([['a', 100], ['b', 2], ['c', 45]]);
      await ok$('/delete/records', { table_name: table, expressions: ["k = 'a'"], options: {} });
      expect(await sums()).toEqual([['b', 2], ['c', 45]]);
      expect(await count('/filter', { table_name: table, expression: 'v < 10' })).toBe(3);
    });

    it('unique: distinct values, sorted, paged, filtered; result_table', async () => {
      const table = await sales();
      const unique = async (options: Record<string, string>, offset = 0, limit = -9999) =>
        decodeResult(await ok$<ExecuteSqlResponse>('/aggregate/unique', { table_name: table, column_name: 'k', offset, limit, encoding: 'json', options }));
      expect((await unique({})).rows).toEqual([['a'], ['b'], ['c']]);
      expect((await unique({ sort_order: 'descending' })).rows).toEqual([['c'], ['b'], ['a']]);
      expect((await unique({ expression: 'v >= 40' })).rows).toEqual([['a'], ['b'], ['c']].slice(0, 3).filter(([k]) => k !== 'x'));
      const page = await unique({}, 0, 2);
      expect(page.rows).toEqual([['a'], ['b']]);
      expect(page.has_more_records).toBe(true);
      await ok$('/aggregate/unique', { table_name: table, column_name: 'k', offset: 0, limit: -9999, encoding: 'binary', options: { result_table: `${table}_keys` } });
      expect(await readAll(mock.url, `${table}_keys`, wire)).toEqual([{ k: 'a' }, { k: 'b' }, { k: 'c' }]);
    });

    it('statistics: the documented stats, as SQL computes them', async () => {
      const table = await sales();
      const { stats } = await ok$<{ stats: Record<string, number> }>('/aggregate/statistics', {
        table_name: table, column_name: 'v', stats: 'count,mean,sum,min,max,stdv,variance,cardinality,estimated_cardinality,percentile(50),skew,kurtosis', options: {},
      });
      const viaSql = (await sql(mock.url, `SELECT COUNT(*), AVG(v), SUM(v), MIN(v), MAX(v), STDDEV_SAMP(v), VAR_SAMP(v) FROM ${table}`, wire)).rows[0]!;
      expect([stats.count, stats.mean, stats.sum, stats.min, stats.max, stats.stdv, stats.variance]).toEqual(viaSql);
      expect(stats.cardinality).toBe(6);
      expect(stats.estimated_cardinality).toBe(6);
      expect(stats['percentile(50)']).toBe(35);
      expect(stats.skew).toBeCloseTo(0, 10);
      expect(stats.kurtosis).toBeCloseTo(1.7314, 3);
      const weighted = await ok$<{ stats: Record<string, number> }>('/aggregate/statistics', { table_name: table, column_name: 'v', stats: 'weighted_average', options: { weight_column_name: 'id' } });
      expect(weighted.stats.weighted_average).toBeCloseTo(910 / 21, 10);
      expect(await fails$('/aggregate/statistics', { table_name: table, column_name: 'v', stats: 'mean,median', options: {} })).toContain("Unsupported statistic 'median'");
      expect(await fails$('/aggregate/statistics', { table_name: table, column_name: 'v', stats: 'weighted_average', options: {} })).toContain('weight_column_name');
    });

    it('minmax and histogram (timestamps as epoch milliseconds)', async () => {
      const table = await sales();
      expect(await ok$('/aggregate/minmax', { table_name: table, column_name: 'ts', options: {} })).toEqual({ min: 1000, max: 6000, info: {} });
      expect(await ok$('/aggregate/minmax', { table_name: table, column_name: 'v * 2', options: {} })).toMatchObject({ min: 20, max: 120 });
      const histogram = await ok$<{ counts: number[] }>('/aggregate/histogram', { table_name: table, column_name: 'v', start: 0, end: 60, interval: 20, options: {} });
      expect(histogram.counts).toEqual([1, 2, 3]);
      const sums = await ok$<{ counts: number[] }>('/aggregate/histogram', { table_name: table, column_name: 'v', start: 0, end: 60, interval: 20, options: { value_column: 'id' } });
      expect(sums.counts).toEqual([1, 5, 15]);
      expect(await fails$('/aggregate/histogram', { table_name: table, column_name: 'v', start: 0, end: 60, interval: 0, options: {} })).toContain('interval');
    });

    it('get/records/bycolumn: columns and expressions, filter, sort, paging', async () => {
      const table = await sales();
      const page = await byColumn(table, ['id', 'v * 2', 'ts'], { expression: 'amount is not null and v > 10', sort_by: 'v', sort_order: 'descending' }, 0, 2);
      expect(page.headers).toEqual(['id', 'v * 2', 'ts']);
      expect(page.rows).toEqual([[5, 100, 5000], [4, 80, 4000]]);
      expect(page.total_number_of_records).toBe(3);
      expect(page.has_more_records).toBe(true);
      expect((await byColumn(table, ['k', 'upper(k) as big'], { order_by: 'id desc' }, 0, 2)).rows).toEqual([['a', 'A'], ['b', 'B']]);
      expect((await byColumn(table, ['id'], { expression: 'ts >= 5000' })).rows).toEqual([[5], [6]]);
    });

    it('filter expressions mean what they mean on /get/records', async () => {
      const table = await sales();
      const expressions = [
        'v > 20', "k = 'a' or k == 'c'", 'amount is null', 'not (v between 20 and 40)', "k in ('a', 'b') and amount >= 2", "k like 'a%'",
        'v / 20 = 1', 'v % 20 = 10', '(v > 10) xor (k = \'a\')', "k != 'a'", 'ts > 2500', '-v < -35', "v = '30'", 'amount * 2 > 5', 'id',
      ];
      for (const expression of expressions) {
        const records = await readAll(mock.url, table, wire, 'json', { expression });
        expect(await count('/filter', { table_name: table, expression }), expression).toBe(records.length);
      }
      expect(await fails$('/filter', { table_name: table, view_name: '', options: {}, expression: 'colour = 1' })).toContain("Unknown column 'colour'");
      expect(await fails$('/filter', { table_name: table, view_name: '', options: {}, expression: "v = 'x'" })).toContain('Type mismatch');
      expect(await fails$('/filter', { table_name: table, view_name: '', options: {}, expression: 'v / (id - id) > 1' })).toContain('Division by zero');
    });

    it('filter view_name: a view of the matching rows, read by /get/records, counted by /show/table, dropped by /clear/table', async () => {
      const table = await sales();
      const view = `${table}_big`;
      expect(await count('/filter', { table_name: table, view_name: view, expression: 'v >= 30' })).toBe(4);
      expect((await readAll<{ id: number }>(mock.url, view, wire)).map((r) => r.id)).toEqual([3, 4, 5, 6]);
      const shown = await ok$<{ sizes: number[] }>('/show/table', { table_name: view, options: { get_sizes: 'true' } });
      expect(shown.sizes).toEqual([4]);
      expect(await count('/filter', { table_name: view, expression: "k = 'a'" })).toBe(2);
      expect(await fails$('/filter', { table_name: table, view_name: view, expression: 'v > 0', options: {} })).toContain('exists');
      await ok$('/clear/table', { table_name: view, authorization: '', options: {} });
      expect(await fails$('/get/records', { table_name: view, offset: 0, limit: 10, encoding: 'json', options: {} })).toContain('not find');
      const temp = await ok$<{ count: number; info: Record<string, string> }>('/filter', { table_name: table, view_name: '', expression: 'v < 30', options: { create_temp_table: 'true' } });
      expect(temp.count).toBe(2);
      expect(temp.info.qualified_view_name).toMatch(/^sys_temp\.temp_/);
    });

    it('filter by list, range, value and string', async () => {
      const table = await sales();
      expect(await count('/filter/bylist', { table_name: table, column_values_map: { k: ['a', 'c'] } })).toBe(4);
      expect(await count('/filter/bylist', { table_name: table, column_values_map: { k: ['a'], v: ['10', '30'] } })).toBe(2);
      expect(await count('/filter/bylist', { table_name: table, column_values_map: { k: ['a'] }, options: { filter_mode: 'not_in_list' } })).toBe(3);
      expect(await count('/filter/byrange', { table_name: table, column_name: 'v', lower_bound: 20, upper_bound: 40 })).toBe(3);
      expect(await count('/filter/byrange', { table_name: table, column_name: 'ts', lower_bound: 2000, upper_bound: 3000 })).toBe(2);
      expect(await count('/filter/byvalue', { table_name: table, is_string: false, value: 30, value_str: '', column_name: 'v' })).toBe(1);
      expect(await count('/filter/byvalue', { table_name: table, is_string: true, value: 0, value_str: 'b', column_name: 'k' })).toBe(2);
      const byString = (expression: string, mode: string, options: Record<string, string> = {}) =>
        count('/filter/bystring', { table_name: table, expression, mode, column_names: ['k'], options });
      expect(await byString('a', 'equals')).toBe(3);
      expect(await byString('A', 'equals')).toBe(0);
      expect(await byString('A', 'equals', { case_sensitive: 'false' })).toBe(3);
      expect(await byString('^[ab]$', 'regex')).toBe(5);
      expect(await byString('b', 'contains')).toBe(2);
      expect(await byString('c', 'starts_with')).toBe(1);
      expect(await fails$('/filter/bystring', { table_name: table, view_name: '', expression: 'a', mode: 'search', column_names: ['k'], options: {} })).toContain("'search'");
      expect(await fails$('/filter/bystring', { table_name: table, view_name: '', expression: 'a', mode: 'equals', column_names: ['v'], options: {} })).toContain('not a string column');
      expect(await fails$('/filter/bylist', { table_name: table, view_name: '', column_values_map: { v: ['ten'] }, options: {} })).toContain('Type mismatch');
      expect(await fails$('/filter/byrange', { table_name: table, view_name: '', column_name: 'nope', lower_bound: 0, upper_bound: 1, options: {} })).toContain('nope');
    });

    it('bad input gets an ERROR envelope naming the problem', async () => {
      const table = await sales();
      const body = { table_name: table, offset: 0, limit: -9999, encoding: 'binary' };
      expect(await fails$('/aggregate/groupby', { ...body, column_names: ['k', 'sum(colour)'], options: {} })).toContain('colour');
      expect(await fails$('/aggregate/groupby', { ...body, column_names: ['colour'], options: {} })).toContain("Unknown column 'colour'");
      expect(await fails$('/aggregate/groupby', { ...body, column_names: ['k'], options: { shoe: '1' } })).toContain("'shoe' is not a valid parameter");
      expect(await fails$('/aggregate/groupby', { ...body, column_names: ['k', 'count(*)'], options: { rollup: 'k' } })).toContain("Option 'rollup'");
      expect(await fails$('/aggregate/groupby', { ...body, column_names: [], options: {} })).toContain("'column_names' is empty");
      expect(await fails$('/aggregate/groupby', { ...body, column_names: Array.from({ length: 1025 }, () => 'k'), options: {} })).toContain('limit of 1024');
      expect(await fails$('/aggregate/groupby', { ...body, column_names: ['(select max(v) from r.other)'], options: {} })).toMatch(/other|not supported|Syntax/);
      expect(await fails$('/aggregate/groupby', { ...body, column_names: ['k', 'count(*)'], options: { having: 'count(*) > (select 1 from r.secret)' } })).toContain("not 'r.secret'");
      expect(await fails$('/aggregate/groupby', { ...body, table_name: 'r.nobody', column_names: ['k'], options: {} })).toContain('r.nobody');
      expect(await fails$('/aggregate/groupby', { ...body, column_names: ['k'], limit: -5, options: {} })).toBeTruthy();
      expect(await fails$('/get/records/bycolumn', { ...body, column_names: ['sum(v)'], options: {} })).toContain('/aggregate/groupby');
      expect(await fails$('/filter', { table_name: table, view_name: '', expression: 'x'.repeat(70_000), options: {} })).toContain("'expression' is too long");
    });
  });
}
