/**
 * The backup workflow of test/e2e/backup-workflow.test.ts written entirely in SQL, over real HTTP
 * in each encoding: a sink and a source on one bucket, a full backup, changes, an incremental, a
 * differential, describe, drop the tables, restore, read the records back, verify, purge, and drop
 * the backup. Then the same store read by a restarted emulator (a data folder).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { order } from '../support/tables.js';
import { startMock } from '../../src/index.js';
import { sql, sqlFails, type SqlAnswer } from '../sql/client.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary', 'snappy'];

/** The rows of test/support/tables.ts order(), as SQL VALUES. */
function values(...ids: number[]): string {
  return ids
    .map((id) => {
      const { name, amount, ts } = order(id);
      return `(${id}, '${name}', ${amount === null ? 'NULL' : amount}, ${ts})`;
    })
    .join(', ');
}

const STORE = `
  CREATE DATA SINK backup_sink LOCATION = 's3://kinetica-backups/prod' WITH OPTIONS (REGION = 'us-east-1');
  CREATE DATA SOURCE backup_source LOCATION = 's3://kinetica-backups/prod' WITH OPTIONS (REGION = 'us-east-1')`;

/** The orders table of the REST fixtures: id int primary key, name char32, amount nullable double, ts timestamp. */
const ordersTable = (name: string) =>
  `CREATE TABLE ${name} (id INTEGER NOT NULL, name VARCHAR(32) NOT NULL, amount DOUBLE, ts TIMESTAMP NOT NULL, PRIMARY KEY (id))`;

/** DESCRIBE BACKUP rows as objects, by column name. */
function snapshots(answer: SqlAnswer): Record<string, unknown>[] {
  return answer.rows.map((row) => Object.fromEntries(answer.headers.map((header, i) => [header, row[i]])));
}

for (const encoding of ENCODINGS) {
  describe(`the backup workflow in SQL (${encoding})`, () => {
    const mock = useMock();

    it('runs from the first backup to the last drop', async () => {
      const run = (statement: string) => sql(mock.url, statement, encoding);
      await run(STORE);
      await run(`CREATE SCHEMA sales; ${ordersTable('sales.orders')}; ${ordersTable('sales.customers')}`);
      await run(`INSERT INTO sales.orders VALUES ${values(1, 2, 3)}; INSERT INTO sales.customers VALUES ${values(10)}`);

      const full = await run("CREATE BACKUP nightly DATA SINK = backup_sink OBJECTS (ALL = sales) WITH OPTIONS (CHECKSUM = 'true')");
      expect(full).toMatchObject({ count_affected: 1, info: { last_endpoint: '/create/backup' } });

      await run(`INSERT INTO sales.orders VALUES ${values(4)}; DELETE FROM sales.orders WHERE id = 1`);
      expect(await run('BACKUP nightly DATA SINK = backup_sink')).toMatchObject({ count_affected: 1 });

      await run(`INSERT INTO sales.customers VALUES ${values(11)}`);
      expect(await run("BACKUP nightly TYPE = 'differential' DATA SINK = backup_sink")).toMatchObject({ count_affected: 1 });

      const described = snapshots(await run('DESCRIBE BACKUP nightly DATA SOURCE = backup_source'));
      expect(described.map((s) => s.BACKUP_TYPE)).toEqual(['full', 'incremental', 'differential']);
      // What each snapshot copied, as /create/backup counted it: one data file, then two.
      expect(described.map((s) => s.FILES).slice(1)).toEqual([1, 2]);
      const incrementalId = described[1]!.BACKUP_ID as number;

      await run('DROP TABLE sales.orders; DROP TABLE sales.customers');
      const restored = await run("RESTORE BACKUP nightly DATA SOURCE = backup_source OBJECTS (ALL = sales) WITH OPTIONS (CHECKSUM = 'true')");
      expect(restored).toMatchObject({ count_affected: 2, info: { last_endpoint: '/restore/backup' } });
      expect((await run('SELECT id FROM sales.orders ORDER BY id')).rows.flat()).toEqual([2, 3, 4]);
      expect((await run('SELECT id FROM sales.customers ORDER BY id')).rows.flat()).toEqual([10, 11]);
      expect((await run('SELECT * FROM sales.orders WHERE id = 3')).rows).toEqual([[3, 'n3', null, order(3).ts]]);

      const verified = await run("VERIFY BACKUP nightly DATA SOURCE backup_source WITH OPTIONS (BACKUP_ID = '')");
      expect(verified.rows.map((row) => [row[0], row[2]])).toEqual([['nightly', '']]);

      await run(`ALTER BACKUP nightly DATA SINK = backup_sink PURGE ${incrementalId}`);
      const afterPurge = snapshots(await run('DESCRIBE BACKUP nightly DATA SOURCE backup_source'));
      expect(afterPurge.map((s) => s.BACKUP_TYPE)).toEqual(['full', 'differential']);

      expect(await run('DROP BACKUP nightly DATA SINK backup_sink')).toMatchObject({ count_affected: 1, info: { last_endpoint: '/drop/backup' } });
      expect(await sqlFails(mock.url, 'SHOW BACKUP nightly DATA SOURCE backup_source', encoding)).toContain("Backup 'nightly' does not exist");
    });
  });
}

describe('a file-backed store across restarts, in SQL', () => {
  it('keeps backups when the emulator restarts with the same data folder, and takes incrementals after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetica-mock-sql-data-'));
    try {
      const first = await startMock({ dataDir: dir });
      await sql(first.url, `${STORE}; ${ordersTable('kept')}; INSERT INTO kept VALUES ${values(1, 2)}`, 'binary');
      await sql(first.url, 'CREATE BACKUP durable DATA SINK = backup_sink OBJECTS (TABLE = kept)', 'binary');
      const [full] = snapshots(await sql(first.url, 'DESCRIBE BACKUP durable DATA SOURCE backup_source', 'binary'));
      await first.close();

      const second = await startMock({ dataDir: dir });
      try {
        await sql(second.url, STORE, 'json');
        const shown = snapshots(await sql(second.url, 'DESCRIBE BACKUP durable DATA SOURCE backup_source', 'json'));
        expect(shown.map((s) => s.BACKUP_ID)).toEqual([full!.BACKUP_ID]);
        // The new database is empty: an incremental records the table as gone.
        await sql(second.url, 'BACKUP durable DATA SINK = backup_sink', 'json');
        await sql(second.url, `RESTORE BACKUP durable DATA SOURCE backup_source OBJECTS (TABLE = kept) WITH OPTIONS (BACKUP_ID = '${full!.BACKUP_ID}')`, 'json');
        expect((await sql(second.url, 'SELECT id FROM kept ORDER BY id', 'json')).rows.flat()).toEqual([1, 2]);
        // Restored records count as changed: the next incremental copies them again.
        await sql(second.url, 'BACKUP durable DATA SINK = backup_sink', 'json');
        const after = snapshots(await sql(second.url, 'DESCRIBE BACKUP durable DATA SOURCE backup_source', 'json'));
        expect(after.map((s) => s.BACKUP_TYPE)).toEqual(['full', 'incremental', 'incremental']);
        expect(after[2]).toMatchObject({ FILES: 2, RECORDS: 2 });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
