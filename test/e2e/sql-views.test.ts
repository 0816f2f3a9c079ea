/**
 * SQL views over real HTTP, in JSON and binary: CREATE [OR REPLACE] [MATERIALIZED] VIEW, the
 * refresh modes (OFF with REFRESH MATERIALIZED VIEW, ON CHANGE, ON QUERY, EVERY by moving the
 * clock), ALTER MATERIALIZED VIEW ... SET REFRESH, DROP VIEW and the drop of views reading a
 * dropped table, SHOW / DESCRIBE, /show/table, and backups: backup, drop, restore gives the same
 * rows from the views.
 */
import { describe, expect, it } from 'vitest';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { readAll } from '../support/tables.js';
import { sql, sqlFails } from '../sql/client.js';

const WIRES: WireEncoding[] = ['json', 'binary'];
const MINUTE = 60_000;

const STORE = `
  CREATE DATA SINK bk_sink LOCATION = 's3://kinetica-backups/views' WITH OPTIONS (REGION = 'us-east-1');
  CREATE DATA SOURCE bk_src LOCATION = 's3://kinetica-backups/views' WITH OPTIONS (REGION = 'us-east-1')`;

const SETUP = `
  CREATE SCHEMA app;
  CREATE TABLE app.orders (id INTEGER NOT NULL, region VARCHAR(16), amount DOUBLE, ts TIMESTAMP, PRIMARY KEY (id));
  INSERT INTO app.orders VALUES (1, 'eu', 10.5, '2025-01-01 10:00:00'), (2, 'us', 20, '2025-01-02 10:00:00'), (3, 'eu', 4, '2025-01-03 10:00:00')`;

interface ShowTableResponse {
  table_names: string[];
  table_descriptions: string[][];
  type_schemas: string[];
  properties: Record<string, string[]>[];
  additional_info: Record<string, string>[];
}

for (const wire of WIRES) {
  describe(`SQL views (${wire})`, () => {
    const mock = useMock();
    const run = (statement: string) => sql(mock.url, statement, wire);
    const fails = (statement: string) => sqlFails(mock.url, statement, wire);
    const rows = async (statement: string) => (await run(statement)).rows;
    const showTable = (name: string) => ok<ShowTableResponse>(mock.url, '/show/table', { table_name: name, options: {} }, wire);

    it('/get/records reads a view as its rows now: a logical view runs its query, an ON CHANGE view catches up with a REST write', async () => {
      mock.server.reset();
      await run('CREATE TABLE src (k INT, v DOUBLE); INSERT INTO src VALUES (1, 1.5), (2, 2.5), (3, 3.5)');
      await run('CREATE VIEW big AS SELECT k, v FROM src WHERE v > 2');
      await run('CREATE MATERIALIZED VIEW keys REFRESH ON CHANGE AS SELECT k FROM src');
      expect(await readAll(mock.url, 'big', wire)).toHaveLength(2);
      expect(await readAll(mock.url, 'big', wire, undefined, { expression: 'k = 3', sort_by: 'k' })).toEqual([{ k: 3, v: 3.5 }]);
      await ok(mock.url, '/insert/records', { table_name: 'src', list: [], list_str: [JSON.stringify({ k: 4, v: 9 })], list_encoding: 'json', options: {} }, wire);
      expect((await readAll(mock.url, 'big', wire)).map((record) => record.k).sort()).toEqual([2, 3, 4]);
      expect(await readAll(mock.url, 'keys', wire)).toHaveLength(4);
    });

    it('the REST aggregates read a materialized view as a query does: after its pending ON CHANGE refresh, and ON QUERY refreshed', async () => {
      mock.server.reset();
      await run('CREATE TABLE facts (k INT); INSERT INTO facts VALUES (1), (2)');
      await run('CREATE MATERIALIZED VIEW on_change REFRESH ON CHANGE AS SELECT k FROM facts');
      await run('CREATE MATERIALIZED VIEW on_query REFRESH ON QUERY AS SELECT k FROM facts');
      await ok(mock.url, '/insert/records', { table_name: 'facts', list: [], list_str: [JSON.stringify({ k: 3 })], list_encoding: 'json', options: {} }, wire);
      for (const view of ['on_change', 'on_query']) {
        const stats = await ok<{ stats: Record<string, number> }>(mock.url, '/aggregate/statistics', { table_name: view, column_name: 'k', stats: 'count,sum', options: {} }, wire);
        expect(stats.stats).toEqual({ count: 3, sum: 6 });
      }
    });

    it('a view keeps Kinetica forms the engine reads otherwise (bare date units); a materialized view whose query fails is not made', async () => {
      mock.server.reset();
      await run("CREATE TABLE ev (id INT, ts TIMESTAMP); INSERT INTO ev VALUES (1, '2024-01-01 00:00:00')");
      await run('CREATE VIEW next_day AS SELECT id, TIMESTAMPADD(DAY, 1, ts) AS nxt FROM ev');
      await run('CREATE MATERIALIZED VIEW next_day_m AS SELECT id, TIMESTAMPADD(DAY, 1, ts) AS nxt FROM ev');
      const expected = [[1, Date.UTC(2024, 0, 2)]];
      expect(await rows('SELECT * FROM next_day')).toEqual(expected);
      expect(await rows('SELECT * FROM next_day_m')).toEqual(expected);
      expect(await fails("CREATE MATERIALIZED VIEW broken AS SELECT CAST('x' AS INTEGER) AS n FROM ev")).toContain('Conversion error');
      expect(await fails('SELECT * FROM broken')).toBe("SqlEngine: Object 'broken' not found (S/SDc:1513)");
    });

    it('a materialized view keeps the precision and scale of a decimal its query answers', async () => {
      mock.server.reset();
      await run('CREATE TABLE prices (p DECIMAL(10,2)); INSERT INTO prices VALUES (1.25), (2.5)');
      await run('CREATE MATERIALIZED VIEW price_total AS SELECT SUM(p) AS total FROM prices');
      expect(await rows('SELECT total FROM price_total')).toEqual([['3.75']]);
      // SUM of a DECIMAL(10,2) is the engine's DECIMAL(38,2): Kinetica's widest precision is 27.
      expect(await rows('DESCRIBE price_total')).toEqual([[0, 'total', '', 'DECIMAL (27, 2)']]);
    });

    it('a view answers its query over the current rows, with its own columns', async () => {
      mock.server.reset();
      await run(SETUP);
      expect(await run('CREATE VIEW app.eu AS SELECT id, amount FROM app.orders WHERE region = \'eu\'')).toMatchObject({ count_affected: 1 });
      expect(await rows('SELECT * FROM app.eu ORDER BY id')).toEqual([[1, 10.5], [3, 4]]);
      await run("INSERT INTO app.orders VALUES (4, 'eu', 1, '2025-01-04 00:00:00')");
      expect(await rows('SELECT id FROM app.eu ORDER BY id')).toEqual([[1], [3], [4]]);
      // Unqualified names in the query are the creator's default schema's, kept qualified.
      const grouped = await sql(mock.url, 'CREATE VIEW app.totals AS SELECT region, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY region', wire, {
        options: { current_schema: 'app' },
      });
      expect(grouped).toMatchObject({ count_affected: 1 });
      const answer = await run('SELECT * FROM app.totals ORDER BY region');
      expect(answer.headers).toEqual(['region', 'total', 'n']);
      expect(answer.rows).toEqual([['eu', 15.5, 3], ['us', 20, 1]]);
      // A view on a view.
      await run('CREATE VIEW app.big AS SELECT region FROM app.totals WHERE total > 16');
      expect(await rows('SELECT * FROM app.big')).toEqual([['us']]);
      // DESCRIBE and SHOW.
      const described = await run('DESCRIBE app.totals');
      expect(described.headers).toEqual(['Col_num', 'Name', 'Null?', 'Type']);
      expect(described.rows).toEqual([[0, 'region', '', 'VARCHAR (16)'], [1, 'total', '', 'DOUBLE'], [2, 'n', '', 'BIGINT']]);
      expect((await rows('SHOW VIEW app.eu'))[0]![0]).toBe("CREATE VIEW app.eu AS SELECT id, amount FROM app.orders WHERE region = 'eu';");
      expect(await fails('SHOW TABLE app.eu')).toContain("'app.eu' is a view, not a table");
      expect(await fails('DESC VIEW app.orders')).toContain("'app.orders' is a table, not a view");
      expect((await rows('SHOW CREATE TABLE app.orders'))[0]![0]).toBe(
        'CREATE TABLE "app"."orders"\n(\n    "id" INTEGER (primary_key) NOT NULL,\n    "region" VARCHAR (16),\n    "amount" DOUBLE,\n    "ts" TIMESTAMP\n);',
      );
      expect((await run('DESC app.orders')).rows[0]).toEqual([0, 'id', 'NOT NULL', 'INTEGER (primary_key)']);
    });

    it('CREATE OR REPLACE, DROP VIEW, and dropping a table drops the views reading it', async () => {
      mock.server.reset();
      await run(SETUP);
      await run('CREATE VIEW app.v AS SELECT id FROM app.orders');
      expect(await fails('CREATE VIEW app.v AS SELECT id FROM app.orders')).toContain('a table or view of that name exists');
      await run('CREATE VIEW app.w AS SELECT id FROM app.v WHERE id > 1');
      await run('CREATE OR REPLACE VIEW app.v AS SELECT id, region FROM app.orders');
      // Replacing v dropped w, which read it (Kinetica: OR REPLACE is a drop).
      expect(await fails('SELECT * FROM app.w')).toMatch(/not found/i);
      expect((await run('SELECT * FROM app.v ORDER BY id')).headers).toEqual(['id', 'region']);
      expect(await fails('CREATE OR REPLACE VIEW app.v AS SELECT * FROM app.v')).toContain('cannot read itself');
      expect(await fails('DROP VIEW app.orders')).toContain('is a table, not a view');
      expect(await run('DROP VIEW IF EXISTS app.nothing')).toMatchObject({ count_affected: 0 });
      expect(await fails('DROP VIEW app.nothing')).toContain("View 'app.nothing' does not exist");

      await run('CREATE MATERIALIZED VIEW app.m AS SELECT COUNT(*) AS n FROM app.v');
      await run('CREATE VIEW app.on_m AS SELECT n FROM app.m');
      await run('DROP TABLE app.orders');
      for (const name of ['app.v', 'app.m', 'app.on_m']) expect(await fails(`SELECT * FROM ${name}`)).toMatch(/not found/i);

      await run(SETUP.replace('CREATE SCHEMA app;', ''));
      await run('CREATE VIEW app.v AS SELECT id FROM app.orders');
      expect(await run('DROP MATERIALIZED VIEW app.v')).toMatchObject({ count_affected: 1, info: { last_endpoint: '/clear/table' } });
      expect(await fails('CREATE VIEW app.x REFRESH ON CHANGE AS SELECT 1')).toContain('REFRESH applies to a materialized view');
    });

    it('materialized views: OFF refreshes on REFRESH only, ON CHANGE at each change, ON QUERY at each read', async () => {
      mock.server.reset();
      await run(SETUP);
      await run('CREATE MATERIALIZED VIEW app.off_v AS SELECT COUNT(*) AS n FROM app.orders');
      await run('CREATE MATERIALIZED VIEW app.change_v REFRESH ON CHANGE AS SELECT region, COUNT(*) AS n FROM app.orders GROUP BY region');
      await run('CREATE MATERIALIZED VIEW app.query_v REFRESH ON QUERY AS SELECT MAX(id) AS top FROM app.orders');
      await run("INSERT INTO app.orders VALUES (4, 'us', 1, NULL)");
      expect(await rows('SELECT n FROM app.off_v')).toEqual([[3]]);
      expect(await rows('SELECT * FROM app.change_v ORDER BY region')).toEqual([['eu', 2], ['us', 2]]);
      expect(await rows('SELECT top FROM app.query_v')).toEqual([[4]]);
      expect(await run('REFRESH MATERIALIZED VIEW app.off_v')).toMatchObject({ count_affected: 1 });
      expect(await rows('SELECT n FROM app.off_v')).toEqual([[4]]);
      // The rows are the view's records: /get/records reads them too.
      const records = await ok<{ total_number_of_records: number }>(mock.url, '/get/records', { table_name: 'app.change_v', offset: 0, limit: 10, encoding: 'json', options: {} }, wire);
      expect(records.total_number_of_records).toBe(2);
      await run('DELETE FROM app.orders WHERE region = \'eu\'');
      expect(await rows('SELECT * FROM app.change_v ORDER BY region')).toEqual([['us', 2]]);
      expect(await fails('REFRESH MATERIALIZED VIEW app.orders')).toContain('is a table, not a view');
      await run('CREATE VIEW app.plain AS SELECT id FROM app.orders');
      expect(await fails('REFRESH MATERIALIZED VIEW app.plain')).toContain('is not a materialized view');
    });

    it('REFRESH EVERY runs on the emulator clock; ALTER ... SET REFRESH changes it', async () => {
      mock.server.reset();
      await mock.server.setClock({ fix: '2025-03-10T09:00:00Z' });
      await run(SETUP);
      await run('CREATE MATERIALIZED VIEW app.every_v REFRESH EVERY 5 MINUTES AS SELECT COUNT(*) AS n FROM app.orders');
      const info = (await showTable('app.every_v')).additional_info[0]!;
      expect(info).toMatchObject({ refresh_method: 'periodic', refresh_period: '300', next_refresh_time: '2025-03-10 09:05:00', last_refresh_time: '2025-03-10 09:00:00' });
      await run("INSERT INTO app.orders VALUES (4, 'us', 1, NULL)");
      await mock.server.setClock({ shift: 4 * MINUTE });
      expect(await rows('SELECT n FROM app.every_v')).toEqual([[3]]);
      await mock.server.setClock({ shift: MINUTE });
      expect(await rows('SELECT n FROM app.every_v')).toEqual([[4]]);
      expect((await showTable('app.every_v')).additional_info[0]).toMatchObject({ last_refresh_time: '2025-03-10 09:05:00', next_refresh_time: '2025-03-10 09:10:00' });

      await run("INSERT INTO app.orders VALUES (5, 'us', 1, NULL)");
      await run('ALTER MATERIALIZED VIEW app.every_v SET REFRESH OFF');
      await mock.server.setClock({ shift: 10 * MINUTE });
      expect(await rows('SELECT n FROM app.every_v')).toEqual([[4]]);
      await run("ALTER MATERIALIZED VIEW app.every_v SET REFRESH EVERY .5 HOURS STARTING AT '2025-03-10 10:00:00'");
      await mock.server.setClock({ fix: '2025-03-10T10:00:00Z' });
      expect(await rows('SELECT n FROM app.every_v')).toEqual([[5]]);
    });

    it('/show/table describes views and materialized views', async () => {
      mock.server.reset();
      await run(SETUP);
      await run("CREATE VIEW app.lv AS SELECT id, ts FROM app.orders");
      await run('CREATE MATERIALIZED VIEW app.mv REFRESH ON CHANGE AS SELECT region, SUM(amount) AS total FROM app.orders GROUP BY region');
      const shown = await showTable('app');
      const at = (name: string) => shown.table_names.indexOf(name);
      expect(shown.table_descriptions[at('app.lv')]).toEqual(['LOGICAL_VIEW']);
      expect(shown.table_descriptions[at('app.mv')]).toEqual(['MATERIALIZED_VIEW']);
      expect(shown.table_descriptions[at('app.orders')]).toEqual([]);
      expect(shown.properties[at('app.lv')]).toEqual({ id: ['data', 'nullable'], ts: ['data', 'timestamp', 'nullable'] });
      expect(shown.additional_info[at('app.lv')]).toMatchObject({
        request_avro_type: 'execute_sql',
        request_avro_json: JSON.stringify({ statement: 'CREATE VIEW app.lv AS SELECT id, ts FROM app.orders' }),
      });
      expect(shown.additional_info[at('app.mv')]).toMatchObject({ refresh_method: 'on_change', view_table_name: 'app.mv', is_view_persisted: 'true' });
    });

    it('backup, drop, restore: the views come back after their tables and answer the same rows', async () => {
      mock.server.reset({ backups: true });
      await run(STORE);
      await run(SETUP);
      await run('CREATE VIEW app.a_view AS SELECT region, amount FROM app.orders WHERE amount > 5');
      await run('CREATE MATERIALIZED VIEW app.a_mat AS SELECT region, COUNT(*) AS n FROM app.a_view GROUP BY region');
      await run("INSERT INTO app.orders VALUES (4, 'us', 99, NULL)");
      const before = {
        view: await rows('SELECT * FROM app.a_view ORDER BY amount'),
        mat: await rows('SELECT * FROM app.a_mat ORDER BY region'),
      };
      // The materialized view was not refreshed since the insert: its backup holds its rows as they are.
      expect(before.mat).toEqual([['eu', 1], ['us', 1]]);
      await run('CREATE BACKUP views_bk DATA SINK = bk_sink OBJECTS (ALL = app)');
      await run('DROP SCHEMA app CASCADE');
      const restored = await run('RESTORE BACKUP views_bk DATA SOURCE = bk_src OBJECTS (ALL = app)');
      expect(restored.count_affected).toBeGreaterThanOrEqual(0);
      expect(await rows('SELECT * FROM app.a_view ORDER BY amount')).toEqual(before.view);
      expect(await rows('SELECT * FROM app.a_mat ORDER BY region')).toEqual(before.mat);
      expect((await showTable('app.a_mat')).table_descriptions[0]).toEqual(['MATERIALIZED_VIEW']);
      // Restored, they are views again: a refresh and the drop rule work on them.
      await run('REFRESH MATERIALIZED VIEW app.a_mat');
      expect(await rows('SELECT * FROM app.a_mat ORDER BY region')).toEqual([['eu', 1], ['us', 2]]);
      // A view alone cannot come back without what it reads.
      await run('DROP SCHEMA app CASCADE');
      expect(await fails('RESTORE BACKUP views_bk DATA SOURCE = bk_src OBJECTS (TABLE = app.a_view)')).toContain('it reads does not exist');
    });
  });
}
