// INSERT, UPDATE, DELETE and SELECT through /execute/sql, on the record endpoints, in JSON and
// binary requests: what they change (read back over REST), what they answer, and their errors.
import { describe, expect, it } from 'vitest';
import { type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { readAll } from '../support/tables.js';
import { sql, sqlFails } from '../sql/client.js';

const WIRES: WireEncoding[] = ['json', 'binary'];

for (const wire of WIRES) {
  describe(`INSERT, UPDATE, DELETE (${wire})`, () => {
    const mock = useMock();

    it('inserts rows, giving omitted columns null or, when not nullable, an empty string or 0', async () => {
      await sql(mock.url, 'CREATE SCHEMA dml; CREATE TABLE dml.people (id INT NOT NULL, name VARCHAR(16) NOT NULL, nick VARCHAR(8), score DOUBLE NOT NULL, PRIMARY KEY (id))', wire);
      const answer = await sql(mock.url, "INSERT INTO dml.people (id, nick) VALUES (1, 'a'), (2, NULL), (-3, 'c')", wire);
      expect(answer).toMatchObject({ count_affected: 3, info: { 'X-Kinetica-Group': 'DML', count: '3', last_endpoint: '/insert/records' } });
      expect(await readAll(mock.url, 'dml.people', wire)).toEqual([
        { id: 1, name: '', nick: 'a', score: 0 },
        { id: 2, name: '', nick: null, score: 0 },
        { id: -3, name: '', nick: 'c', score: 0 },
      ]);
      await sql(mock.url, "insert into DML.PEOPLE values (4, 'four', 'f', 2.5 * 2)", wire);
      expect((await sql(mock.url, 'SELECT name, score FROM dml.people WHERE id = 4', wire)).rows).toEqual([['four', 5]]);
    });

    it('fills omitted INIT_WITH_NOW and INIT_WITH_UUID columns, nullable or not', async () => {
      await sql(mock.url, 'CREATE TABLE dml.stamped (id INT, at TIMESTAMP(INIT_WITH_NOW), day DATE(INIT_WITH_NOW) NOT NULL, tag UUID(INIT_WITH_UUID))', wire);
      await sql(mock.url, 'INSERT INTO dml.stamped (id) VALUES (1)', wire);
      const [id, at, day, tag] = (await sql(mock.url, 'SELECT * FROM dml.stamped', wire)).rows[0] as [number, number, string, string];
      expect(id).toBe(1);
      expect(typeof at).toBe('number');
      expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(tag).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    });

    it('refuses rows that do not fit the columns', async () => {
      const cases: [string, string][] = [
        ['INSERT INTO dml.people (id, name) VALUES (5)', 'SqlEngine: Number of INSERT target columns (2) does not equal number of source items (1) (S/SDc:1513)'],
        ['INSERT INTO dml.people VALUES (5)', 'SqlEngine: Number of INSERT target columns (4) does not equal number of source items (1) (S/SDc:1513)'],
        ['INSERT INTO dml.people (id, shoe) VALUES (5, 1)', "SqlEngine: Column 'shoe' not found in any table (S/SDc:1513)"],
        ['INSERT INTO dml.people (id, ID) VALUES (5, 6)', "SqlEngine: Target column 'id' is assigned more than once (S/SDc:1513)"],
        ['INSERT INTO dml.people (id) VALUES (score)', "SqlEngine: Column 'score' not found in any table (S/SDc:1513)"],
        ['INSERT INTO dml.nobody VALUES (1)', "SqlEngine: Object 'nobody' not found within 'dml' (S/SDc:1513)"],
      ];
      for (const [statement, message] of cases) expect(await sqlFails(mock.url, statement, wire), statement).toBe(message);
      // Values are checked as the record endpoints check them.
      expect(await sqlFails(mock.url, "INSERT INTO dml.people (id) VALUES ('x')", wire)).toContain("'x'");
      expect(await sqlFails(mock.url, 'INSERT INTO dml.people (id, name) VALUES (6, NULL)', wire)).toContain("'name'");
      expect(await sqlFails(mock.url, "INSERT INTO dml.people (id, nick) VALUES (7, 'much too long')", wire)).toContain('char8');
    });

    it('applies primary-key policies: an error by default, the KI_HINT hints, ON CONFLICT DO NOTHING and the options', async () => {
      expect(await sqlFails(mock.url, "INSERT INTO dml.people (id, name) VALUES (1, 'again')", wire)).toContain('primary key');
      const ignored = await sql(mock.url, "INSERT INTO dml.people /* KI_HINT_IGNORE_EXISTING_PK */ (id, name) VALUES (1, 'again'), (10, 'ten')", wire);
      expect(ignored.count_affected).toBe(1);
      const nothing = await sql(mock.url, "INSERT INTO dml.people (id, name) VALUES (1, 'again') ON CONFLICT (id) DO NOTHING", wire);
      expect(nothing.count_affected).toBe(0);
      const upserted = await sql(mock.url, "INSERT INTO dml.people /* KI_HINT_UPDATE_ON_EXISTING_PK */ (id, name) VALUES (1, 'replaced')", wire);
      expect(upserted.count_affected).toBe(1);
      await sql(mock.url, "INSERT INTO dml.people (id, name) VALUES (10, 'ten again')", wire, { options: { update_on_existing_pk: 'true' } });
      expect((await sql(mock.url, 'SELECT id, name FROM dml.people WHERE id IN (1, 10) ORDER BY id', wire)).rows).toEqual([
        [1, 'replaced'],
        [10, 'ten again'],
      ]);
    });

    it('updates the rows a WHERE selects, with expressions over their values', async () => {
      const answer = await sql(mock.url, "UPDATE dml.people SET score = score + id * 10, nick = 'big' WHERE id >= 4", wire);
      expect(answer).toMatchObject({ count_affected: 2, info: { last_endpoint: '/update/records', count: '2' } });
      expect((await sql(mock.url, 'SELECT id, score, nick FROM dml.people WHERE id >= 4 ORDER BY id', wire)).rows).toEqual([
        [4, 45, 'big'],
        [10, 100, 'big'],
      ]);
      expect((await sql(mock.url, 'UPDATE dml.people SET score = 1', wire)).count_affected).toBe(5);
      expect((await sql(mock.url, 'UPDATE dml.people SET score = 2 WHERE id = 99', wire)).count_affected).toBe(0);
      expect(await sqlFails(mock.url, 'UPDATE dml.people SET shoe = 1', wire)).toBe("SqlEngine: Column 'shoe' not found in any table (S/SDc:1513)");
      expect(await sqlFails(mock.url, 'UPDATE dml.people SET score = 1 WHERE shoe = 2', wire)).toBe("SqlEngine: Column 'shoe' not found in any table (S/SDc:1513)");
      expect(await sqlFails(mock.url, 'UPDATE dml.people SET score = 1, SCORE = 2', wire)).toBe("SqlEngine: Target column 'score' is assigned more than once (S/SDc:1513)");
      expect(await sqlFails(mock.url, "UPDATE dml.people SET score = 'high'", wire)).toContain("'high'");
    });

    it('deletes the rows a WHERE selects, or every row', async () => {
      // Conditions fail as /delete/records fails them.
      expect(await sqlFails(mock.url, 'DELETE FROM dml.people WHERE id / 0 = 1', wire)).toMatch(/^Division by zero in 'id \/ 0'/);
      // The upsert above replaced row 1 whole: its nick is null now.
      const answer = await sql(mock.url, "DELETE FROM dml.people WHERE nick = 'big' OR nick IS NULL", wire);
      expect(answer).toMatchObject({ count_affected: 4, info: { last_endpoint: '/delete/records' } });
      expect((await sql(mock.url, 'SELECT id FROM dml.people ORDER BY id', wire)).rows).toEqual([[-3]]);
      expect((await sql(mock.url, 'DELETE FROM dml.people', wire)).count_affected).toBe(1);
      expect((await sql(mock.url, 'SELECT COUNT(*) FROM dml.people', wire)).rows).toEqual([[0]]);
    });

    it('writes SQL date strings to TIMESTAMP columns and numbers to DECIMAL columns', async () => {
      await sql(mock.url, 'CREATE TABLE dml.events (id INT, at TIMESTAMP, price DECIMAL(10,2), made DATE)', wire);
      await sql(mock.url, "INSERT INTO dml.events VALUES (1, '2024-03-01 10:20:30.250', 12.5, '2024-03-01'), (2, 1709280000000, -3, null)", wire);
      await sql(mock.url, "UPDATE dml.events SET at = '2024-03-02' WHERE at < '2024-03-01 10:00:00'", wire);
      // AT is a keyword of the engine's parser (docs/sql.md): quoted, it is a name.
      const rows = (await sql(mock.url, 'SELECT id, "at", price, made FROM dml.events ORDER BY id', wire)).rows;
      expect(rows).toEqual([
        // A query answers a DECIMAL(p,s) with its scale's digits.
        [1, Date.UTC(2024, 2, 1, 10, 20, 30, 250), '12.50', '2024-03-01'],
        [2, Date.UTC(2024, 2, 2), '-3.00', null],
      ]);
      expect(await sqlFails(mock.url, "INSERT INTO dml.events (id, at) VALUES (3, 'yesterday')", wire)).toBe(
        "SqlEngine: Value 'yesterday' for TIMESTAMP column 'at' is not a date and time (use 'YYYY-MM-DD[ HH:MM:SS[.mmm]]' or epoch milliseconds) (S/SDc:1513)",
      );
    });
  });

  describe(`SELECT (${wire})`, () => {
    const mock = useMock();

    it('selects columns, aliases and * from one table, in any case, with quoted names', async () => {
      await sql(
        mock.url,
        `CREATE TABLE scores ("Player" VARCHAR(16) NOT NULL, points INT, team VARCHAR(4));
         INSERT INTO scores VALUES ('ann', 30, 'red'), ('bob', 10, 'blue'), ('cid', 20, 'red'), ('dee', NULL, 'blue')`,
        wire,
      );
      const star = await sql(mock.url, 'SELECT * FROM scores', wire);
      expect(star.headers).toEqual(['Player', 'points', 'team']);
      expect(star.rows).toHaveLength(4);
      const some = await sql(mock.url, 'select POINTS as p, "Player" who from SCORES where team = \'red\' order by p', wire);
      expect(some).toMatchObject({ headers: ['p', 'who'], rows: [[20, 'cid'], [30, 'ann']] });
    });

    it('filters with the expression subset of the record endpoints', async () => {
      const names = async (condition: string) =>
        (await sql(mock.url, `SELECT "Player" FROM scores WHERE ${condition} ORDER BY 1`, wire)).rows.map((row) => row[0]);
      expect(await names('points BETWEEN 10 AND 20')).toEqual(['bob', 'cid']);
      expect(await names("team IN ('blue') AND points IS NOT NULL")).toEqual(['bob']);
      expect(await names("\"Player\" LIKE '_e%' OR points > 25")).toEqual(['ann', 'dee']);
      expect(await names('NOT (points < 25)')).toEqual(['ann']);
      expect(await names('points = NULL')).toEqual([]);
    });

    it('orders by several keys, by position or alias, and pages with LIMIT and OFFSET', async () => {
      const ordered = await sql(mock.url, 'SELECT team, "Player" AS p FROM scores ORDER BY team DESC, 2 ASC', wire);
      expect(ordered.rows).toEqual([['red', 'ann'], ['red', 'cid'], ['blue', 'bob'], ['blue', 'dee']]);
      const byAlias = await sql(mock.url, 'SELECT points AS pts FROM scores ORDER BY pts DESC LIMIT 2 OFFSET 1', wire);
      expect(byAlias.rows).toEqual([[20], [10]]);
      // Nulls sort first, as /get/records sort_by orders them.
      expect((await sql(mock.url, 'SELECT points FROM scores ORDER BY points', wire)).rows.flat()).toEqual([null, 10, 20, 30]);
      expect((await sql(mock.url, 'SELECT points FROM scores ORDER BY points OFFSET 3', wire)).rows).toEqual([[30]]);
    });

    it('counts rows with COUNT(*), optionally filtered and aliased', async () => {
      expect(await sql(mock.url, 'SELECT COUNT(*) FROM scores', wire)).toMatchObject({ headers: ['EXPR_0'], datatypes: ['long'], rows: [[4]] });
      expect(await sql(mock.url, "SELECT count(*) AS n FROM scores WHERE team = 'red'", wire)).toMatchObject({ headers: ['n'], rows: [[2]] });
      expect(await sqlFails(mock.url, 'SELECT COUNT(*), team FROM scores', wire)).toBe("SqlEngine: Expression 'team' is not being grouped (S/SDc:1513)");
    });

    it('names what it cannot resolve as the planner does', async () => {
      const cases: [string, string][] = [
        ['SELECT * FROM nothing', "SqlEngine: Object 'nothing' not found (S/SDc:1513)"],
        ['SELECT * FROM nowhere.nothing', "SqlEngine: Object 'nowhere' not found (S/SDc:1513)"],
        ['SELECT * FROM ki_home.nothing', "SqlEngine: Object 'nothing' not found within 'ki_home' (S/SDc:1513)"],
        ['SELECT shoe FROM scores', "SqlEngine: Column 'shoe' not found in any table (S/SDc:1513)"],
        ['SELECT * FROM scores WHERE shoe = 1', "SqlEngine: Column 'shoe' not found in any table (S/SDc:1513)"],
        ['SELECT * FROM scores ORDER BY shoe', "SqlEngine: Column 'shoe' not found in any table (S/SDc:1513)"],
        ['SELECT team FROM scores ORDER BY 2', 'SqlEngine: Ordinal out of range: an ORDER BY position must be from 1 to 1, the number of selected columns (S/SDc:1513)'],
      ];
      for (const [statement, message] of cases) expect(await sqlFails(mock.url, statement, wire), statement).toBe(message);
      // Type errors of a condition come from the filter compiler, as for /get/records.
      expect(await sqlFails(mock.url, "SELECT * FROM scores WHERE points = 'many'", wire)).toContain("'many'");
    });

    it('reads a table larger than one /get/records page', async () => {
      await sql(mock.url, 'CREATE TABLE wide (n INT)', wire);
      const batch = (from: number) => Array.from({ length: 1000 }, (_, i) => `(${from + i})`).join(', ');
      for (let from = 0; from < 21000; from += 1000) await sql(mock.url, `INSERT INTO wide VALUES ${batch(from)}`, wire);
      const last = await sql(mock.url, 'SELECT n FROM wide ORDER BY n DESC LIMIT 2', wire);
      expect(last.rows).toEqual([[20999], [20998]]);
      expect((await sql(mock.url, 'SELECT COUNT(*) FROM wide WHERE n >= 20000', wire)).rows).toEqual([[1000]]);
    });
  });
}
