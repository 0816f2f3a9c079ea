// SELECT on the embedded engine through /execute/sql, in JSON and binary: each construct the
// issue lists, on small tables whose answers can be worked out by hand; Kinetica's headers and
// data types; paging; writes seen by the next query; and the refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import { type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { sql, sqlFails } from '../sql/client.js';

const WIRES: WireEncoding[] = ['json', 'binary'];

const SETUP = `
  CREATE SCHEMA shop;
  CREATE TABLE shop.orders (id INT NOT NULL, customer VARCHAR(16), status VARCHAR(8), amount DECIMAL(10,2), qty INT, placed TIMESTAMP, due DATE, PRIMARY KEY (id));
  CREATE TABLE shop.customers (name VARCHAR(16) NOT NULL, region VARCHAR(8), since DATETIME, PRIMARY KEY (name));
  INSERT INTO shop.orders VALUES
    (1, 'ann', 'open', 10.50, 1, '2024-01-01 10:00:00', '2024-01-10'),
    (2, 'ann', 'closed', 20.25, 2, '2024-01-15 12:30:00', '2024-01-20'),
    (3, 'bob', 'open', 5.00, 5, '2024-02-01 08:00:00', '2024-02-03'),
    (4, 'cid', 'closed', 7.75, 1, '2024-02-10 23:59:59.500', NULL),
    (5, 'dee', NULL, NULL, 3, NULL, NULL);
  INSERT INTO shop.customers VALUES ('ann', 'eu', '2020-05-01 00:00:00'), ('bob', 'us', '2021-06-15 12:00:00'), ('eve', 'eu', NULL)`;

for (const wire of WIRES) {
  describe(`SELECT on the engine (${wire})`, () => {
    const mock = useMock();
    const rows = async (text: string) => (await sql(mock.url, text, wire)).rows;

    beforeAll(async () => {
      await sql(mock.url, SETUP, wire);
    });

    it('aggregates: COUNT, COUNT(DISTINCT), SUM, AVG, MIN, MAX, STDDEV, VARIANCE, with GROUP BY and HAVING', async () => {
      const answer = await sql(mock.url, 'SELECT status, COUNT(*), COUNT(DISTINCT customer) AS who, SUM(amount), MIN(qty), MAX(qty) FROM shop.orders GROUP BY status HAVING COUNT(*) > 1 ORDER BY status', wire);
      expect(answer.headers).toEqual(['status', 'EXPR_1', 'who', 'EXPR_3', 'EXPR_4', 'EXPR_5']);
      expect(answer.datatypes).toEqual(['char8', 'long', 'long', 'decimal', 'int', 'int']);
      expect(answer.rows).toEqual([
        ['closed', 2, 2, '28.00', 1, 2],
        ['open', 2, 2, '15.50', 1, 5],
      ]);
      const [avg, stddev, variance] = (await rows('SELECT AVG(qty), STDDEV(qty), VARIANCE(qty) FROM shop.orders'))[0] as number[];
      expect(avg).toBeCloseTo(2.4);
      // Kinetica's STDDEV and VARIANCE are the population forms (STDDEV_SAMP, VAR_SAMP for the others).
      expect(variance).toBeCloseTo(2.24);
      expect(stddev).toBeCloseTo(Math.sqrt(2.24));
      expect(await rows('SELECT COUNT(*), COUNT(status), COUNT(DISTINCT status) FROM shop.orders')).toEqual([[5, 4, 2]]);
    });

    it('DISTINCT, ORDER BY expressions, aliases and ordinals, LIMIT and OFFSET, nulls first when ascending', async () => {
      expect(await rows('SELECT DISTINCT customer FROM shop.orders ORDER BY 1')).toEqual([['ann'], ['bob'], ['cid'], ['dee']]);
      expect(await rows('SELECT id, qty * 2 AS double_qty FROM shop.orders ORDER BY double_qty DESC, id LIMIT 2 OFFSET 1')).toEqual([[5, 6], [2, 4]]);
      expect(await rows('SELECT id FROM shop.orders ORDER BY amount * -1 LIMIT 3')).toEqual([[5], [2], [1]]);
      expect(await rows('SELECT status FROM shop.orders ORDER BY status')).toEqual([[null], ['closed'], ['closed'], ['open'], ['open']]);
      expect(await rows('SELECT status FROM shop.orders ORDER BY status DESC LIMIT 1 OFFSET 4')).toEqual([[null]]);
    });

    it('joins: inner, left, right, full, cross; ON and USING', async () => {
      const join = (kind: string) => rows(`SELECT o.id, c.name FROM shop.orders o ${kind} JOIN shop.customers c ON o.customer = c.name ORDER BY o.id NULLS LAST, c.name`);
      expect(await join('INNER')).toEqual([[1, 'ann'], [2, 'ann'], [3, 'bob']]);
      expect(await join('LEFT')).toEqual([[1, 'ann'], [2, 'ann'], [3, 'bob'], [4, null], [5, null]]);
      expect(await join('RIGHT')).toEqual([[1, 'ann'], [2, 'ann'], [3, 'bob'], [null, 'eve']]);
      expect(await join('FULL')).toEqual([[1, 'ann'], [2, 'ann'], [3, 'bob'], [4, null], [5, null], [null, 'eve']]);
      expect(await rows('SELECT COUNT(*) FROM shop.orders CROSS JOIN shop.customers')).toEqual([[15]]);
      expect(await rows('SELECT COUNT(*) FROM shop.orders, shop.customers WHERE customer = name')).toEqual([[3]]);
      await sql(mock.url, "CREATE TABLE shop.regions (region VARCHAR(8), label VARCHAR(16)); INSERT INTO shop.regions VALUES ('eu', 'Europe')", wire);
      expect(await rows('SELECT name, label FROM shop.customers JOIN shop.regions USING (region) ORDER BY name')).toEqual([['ann', 'Europe'], ['eve', 'Europe']]);
    });

    it('subqueries in FROM, IN, EXISTS and as scalars; WITH; UNION [ALL], INTERSECT, EXCEPT', async () => {
      expect(await rows('SELECT n FROM (SELECT customer, COUNT(*) AS n FROM shop.orders GROUP BY customer) t WHERE customer = \'ann\'')).toEqual([[2]]);
      expect(await rows('SELECT id FROM shop.orders WHERE customer IN (SELECT name FROM shop.customers WHERE region = \'eu\') ORDER BY id')).toEqual([[1], [2]]);
      expect(await rows('SELECT name FROM shop.customers c WHERE NOT EXISTS (SELECT 1 FROM shop.orders o WHERE o.customer = c.name)')).toEqual([['eve']]);
      expect(await rows('SELECT id FROM shop.orders WHERE qty = (SELECT MAX(qty) FROM shop.orders)')).toEqual([[3]]);
      expect(await rows('WITH big AS (SELECT id FROM shop.orders WHERE qty >= 3) SELECT COUNT(*) AS n FROM big')).toEqual([[2]]);
      expect(await rows('SELECT customer FROM shop.orders UNION SELECT name FROM shop.customers ORDER BY 1')).toEqual([['ann'], ['bob'], ['cid'], ['dee'], ['eve']]);
      expect((await rows('SELECT customer FROM shop.orders UNION ALL SELECT name FROM shop.customers'))).toHaveLength(8);
      expect(await rows('SELECT customer FROM shop.orders INTERSECT SELECT name FROM shop.customers ORDER BY 1')).toEqual([['ann'], ['bob']]);
      expect(await rows('SELECT name FROM shop.customers EXCEPT SELECT customer FROM shop.orders')).toEqual([['eve']]);
    });

    it('CASE, CAST, COALESCE, string, math and date/time functions, typed literals and INTERVAL', async () => {
      expect(
        await rows(
          "SELECT CASE WHEN qty > 2 THEN 'many' ELSE 'few' END, CAST(qty AS DOUBLE) / 2, COALESCE(status, 'none'), UPPER(customer) || '!', LENGTH(customer), ABS(-qty), ROUND(amount * 1.5, 1) FROM shop.orders WHERE id = 3",
        ),
      ).toEqual([['many', 2.5, 'open', 'BOB!', 3, 5, '7.5']]);
      expect(await rows('SELECT id FROM shop.orders WHERE placed >= TIMESTAMP \'2024-02-01 00:00:00\' AND due < DATE \'2024-03-01\' ORDER BY id')).toEqual([[3]]);
      expect(await rows("SELECT YEAR(placed), MONTH(placed), DAY(due) FROM shop.orders WHERE id = 2")).toEqual([[2024, 1, 20]]);
      // Kinetica writes date units bare; the engine reads them as strings.
      expect(await rows('SELECT TIMESTAMPADD(DAY, 1, placed), TIMESTAMPDIFF(MONTH, placed, TIMESTAMP \'2024-06-01 00:00:00\') FROM shop.orders WHERE id = 2')).toEqual([
        [Date.UTC(2024, 0, 16, 12, 30), 4],
      ]);
      expect(await rows('SELECT NVL(status, \'none\'), DECODE(qty, 1, \'one\', 5, \'five\', \'other\') FROM shop.orders WHERE id = 5')).toEqual([['none', 'other']]);
      const [shifted, noon] = (await rows("SELECT placed + INTERVAL '1' DAY, TIME '12:00:00' FROM shop.orders WHERE id = 1"))[0]!;
      expect(shifted).toBe(Date.UTC(2024, 0, 2, 10));
      expect(noon).toBe('12:00:00.000');
      expect(await rows('SELECT DATE \'2024-02-29\' + INTERVAL \'1\' DAY')).toEqual([[Date.UTC(2024, 2, 1)]]);
    });

    it('answers Kinetica types: timestamps as epoch ms, dates and datetimes as text, decimals with their scale', async () => {
      const answer = await sql(mock.url, "SELECT id, placed, due, amount, amount + 1 AS more FROM shop.orders WHERE id = 4", wire);
      expect(answer.datatypes).toEqual(['int', 'timestamp', 'date', 'decimal', 'decimal']);
      expect(answer.rows).toEqual([[4, Date.UTC(2024, 1, 10, 23, 59, 59, 500), null, '7.75', '8.75']]);
      const since = await sql(mock.url, "SELECT since FROM shop.customers WHERE name = 'bob'", wire);
      expect(since).toMatchObject({ datatypes: ['datetime'], rows: [['2021-06-15 12:00:00.000']] });
    });

    it('pages by the request offset and limit, counting every row', async () => {
      const page = await sql(mock.url, 'SELECT id FROM shop.orders ORDER BY id', wire, { offset: 1, limit: 2 });
      expect(page).toMatchObject({ rows: [[2], [3]], total_number_of_records: 5, has_more_records: true });
      const last = await sql(mock.url, 'SELECT id FROM shop.orders ORDER BY id', wire, { offset: 4, limit: 2 });
      expect(last).toMatchObject({ rows: [[5]], total_number_of_records: 5, has_more_records: false });
    });

    it('sees every write at the next query: insert, update, delete, a dropped and recreated table', async () => {
      await sql(mock.url, 'CREATE TABLE shop.live (k INT, v DOUBLE)', wire);
      const total = async () => (await rows('SELECT COUNT(*), SUM(v) FROM shop.live'))[0];
      expect(await total()).toEqual([0, null]);
      await sql(mock.url, 'INSERT INTO shop.live VALUES (1, 1.5), (2, 2.5)', wire);
      expect(await total()).toEqual([2, 4]);
      await sql(mock.url, 'UPDATE shop.live SET v = 10 WHERE k = 1', wire);
      expect(await total()).toEqual([2, 12.5]);
      await sql(mock.url, 'DELETE FROM shop.live WHERE k = 2', wire);
      expect(await total()).toEqual([1, 10]);
      await sql(mock.url, 'DROP TABLE shop.live; CREATE TABLE shop.live (k INT, v DOUBLE, w INT); INSERT INTO shop.live VALUES (7, 7, 7)', wire);
      expect(await rows('SELECT * FROM shop.live')).toEqual([[7, 7, 7]]);
      await sql(mock.url, 'DROP TABLE shop.live', wire);
      expect(await sqlFails(mock.url, 'SELECT * FROM shop.live', wire)).toBe("SqlEngine: Object 'live' not found within 'shop' (S/SDc:1513)");
    });

    it('resolves names as Kinetica does: the default schema, any case, quoted names', async () => {
      expect(await rows('SELECT COUNT(*) FROM SHOP.Orders')).toEqual([[5]]);
      expect((await sql(mock.url, 'SELECT COUNT(*) FROM orders', wire, { options: { current_schema: 'shop' } })).rows).toEqual([[5]]);
      await sql(mock.url, 'CREATE TABLE "Mixed" ("Upper" INT, "order" INT); INSERT INTO "Mixed" VALUES (3, 4)', wire);
      expect(await sql(mock.url, 'SELECT upper, "order" FROM mixed', wire)).toMatchObject({ headers: ['Upper', 'order'], rows: [[3, 4]] });
      expect((await sql(mock.url, 'SELECT u FROM (SELECT "Upper" AS u FROM "Mixed")', wire)).rows).toEqual([[3]]);
    });

    it('refuses what it cannot run, with the position and the fix', async () => {
      expect(await sqlFails(mock.url, 'SELECT * FROM shop.nothing', wire)).toBe("SqlEngine: Object 'nothing' not found within 'shop' (S/SDc:1513)");
      expect(await sqlFails(mock.url, 'SELECT nope FROM shop.orders', wire)).toBe("SqlEngine: Column 'nope' not found in any table (S/SDc:1513)");
      expect(await sqlFails(mock.url, 'SELECT status, qty FROM shop.orders GROUP BY status', wire)).toBe("SqlEngine: Expression 'qty' is not being grouped (S/SDc:1513)");
      expect(await sqlFails(mock.url, 'SELECT id FROM shop.orders WHERE', wire)).toMatch(/^SqlEngine: Syntax error at line 1, column 33: syntax error at end of input/);
      expect(await sqlFails(mock.url, "SELECT * FROM read_csv('/etc/passwd')", wire)).toContain('the table function read_csv() is not supported by kinetica-mock (at line 1, column 15)');
      expect(await sqlFails(mock.url, 'SELECT * FROM memory.main.x', wire)).toContain('without a catalog');
      expect(await sqlFails(mock.url, 'SELECT #1 FROM shop.orders', wire)).toContain('a positional reference (#n) is not supported');
      expect(await sqlFails(mock.url, 'SELECT * FROM "#raw".r1', wire)).toBe("SqlEngine: Object '#raw' not found (S/SDc:1513)");
      expect(await sqlFails(mock.url, 'SELECT * FROM information_schema.tables', wire)).toBe("SqlEngine: Object 'information_schema' not found (S/SDc:1513)");
      expect(await sqlFails(mock.url, "SELECT current_setting('memory_limit')", wire)).toContain('No match found for function signature CURRENT_SETTING(...)');
    });
  });
}

describe('a query past --query-timeout', () => {
  const mock = useMock({ queryTimeout: 300 });

  it('is stopped with an error naming the bound and the fix, and the next query runs', async () => {
    const endless = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT COUNT(*) FROM r';
    for (const wire of WIRES) {
      expect(await sqlFails(mock.url, endless, wire)).toBe(
        "Query ran longer than 300 ms and was stopped (kinetica-mock's limit for one query); narrow it with WHERE or LIMIT, or raise the limit with --query-timeout",
      );
      expect((await sql(mock.url, 'SELECT 1 AS one', wire)).rows).toEqual([[1]]);
    }
  });
});
