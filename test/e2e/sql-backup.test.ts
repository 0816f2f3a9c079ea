// Every backup statement of sql-backup-restore.mdx with each of its clauses and options (and the
// emulator's VERIFY BACKUP), through /execute/sql in JSON and binary requests, with the errors
// of their REST twins.
import { describe, expect, it } from 'vitest';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { sql, sqlFails } from '../sql/client.js';

const WIRES: WireEncoding[] = ['json', 'binary'];

const DESCRIBE_COLUMNS = [
  'BACKUP_NAME', 'BACKUP_ID', 'BACKUP_TYPE', 'TIME', 'DURATION', 'CLUSTER_ID', 'HOST_NAME', 'HOST_ID', 'OBJECTS', 'SIZE', 'FILES', 'RECORDS', 'COMMENT',
];

for (const wire of WIRES) {
  describe(`backup statements (${wire})`, () => {
    const mock = useMock();
    const run = (statement: string) => sql(mock.url, statement, wire);
    const refused = (statement: string) => sqlFails(mock.url, statement, wire);
    /** DESCRIBE BACKUP rows as objects, by column name. */
    const snapshots = async (pattern: string) => {
      const answer = await run(`DESCRIBE BACKUP ${pattern} DATA SOURCE = store_source`);
      return answer.rows.map((row) => Object.fromEntries(answer.headers.map((header, i) => [header, row[i]])));
    };

    it('sets up a store and objects of several kinds', async () => {
      await run(`
        CREATE DATA SINK store_sink LOCATION = 's3://sql-backups/prod' WITH OPTIONS (REGION = 'us-east-1');
        CREATE DATA SOURCE store_source LOCATION = 'S3' WITH OPTIONS (BUCKET NAME = 'sql-backups/prod', REGION = 'us-east-1');
        CREATE SCHEMA shop;
        CREATE TABLE shop.orders (id INT NOT NULL, amount DOUBLE, PRIMARY KEY (id));
        CREATE TABLE shop.items (id INT NOT NULL, name VARCHAR(16));
        INSERT INTO shop.orders VALUES (1, 10), (2, 20), (3, 30);
        INSERT INTO shop.items VALUES (1, 'pen');
        CREATE ROLE clerk;
        CREATE USER ann IDENTIFIED BY 'pw';
        CREATE CREDENTIAL shop.cred TYPE = 'aws_access_key' IDENTITY = 'id' SECRET = 'key'`);
    });

    it('CREATE BACKUP makes a full snapshot of the OBJECTS, with its options', async () => {
      const full = await run(`CREATE BACKUP nightly DATA SINK = store_sink
        OBJECTS (ALL = shop, ROLE = clerk, USER = ann)
        WITH OPTIONS (CHECKSUM = 'true', COMMENT = 'first', MAX_INCREMENTAL_BACKUPS_TO_KEEP = 2)`);
      expect(full).toMatchObject({ count_affected: 1, info: { 'X-Kinetica-Group': 'DDL', last_endpoint: '/create/backup' } });
      const [snapshot] = await snapshots('nightly');
      expect(snapshot).toMatchObject({ BACKUP_NAME: 'nightly', BACKUP_TYPE: 'full', RECORDS: 4, COMMENT: 'first' });
      expect(snapshot!.OBJECTS).toBe('credential: shop.cred; role: clerk; table: shop.items, shop.orders; user: ann');

      expect(await refused('CREATE BACKUP nightly DATA SINK = store_sink OBJECTS (ALL = shop)')).toContain("Backup 'nightly' already exists");
      const recreated = await run("CREATE BACKUP scratch DATA SINK = store_sink OBJECTS (TABLE = shop.items) WITH OPTIONS (DDL_ONLY = 'true')");
      expect(recreated.count_affected).toBe(1);
      await run("CREATE BACKUP scratch DATA SINK = store_sink OBJECTS (TABLE = shop.orders, shop.items) WITH OPTIONS (RECREATE = 'true')");
      expect((await snapshots('scratch')).map((s) => s.OBJECTS)).toEqual(['table: shop.items, shop.orders']);
      const dry = await run("CREATE BACKUP dry DATA SINK = store_sink OBJECTS (ALL = shop) WITH OPTIONS (DRY_RUN = 'true')");
      expect(dry).toMatchObject({ count_affected: 0, info: { dry_run: 'true' } });
      expect(await refused("CREATE BACKUP dry DATA SINK store_sink OBJECTS (ALL = shop) WITH OPTIONS (SPEED = 'fast')")).toMatch(
        /^Parameter map key: 'speed' is not a valid parameter\. Valid keys are: checksum, comment, ddl_only/,
      );
      expect(await refused('CREATE BACKUP dry DATA SINK nothing OBJECTS (ALL = shop)')).toMatch(/^Data sink 'nothing' does not exist/);
      expect(await refused('CREATE BACKUP dry DATA SINK store_sink OBJECTS (TABLE = shop.nothing)')).toBe(
        "backup_objects_map names table 'shop.nothing', which does not exist",
      );
    });

    it('BACKUP makes incremental snapshots, and differential ones with TYPE before or after DATA SINK', async () => {
      await run('INSERT INTO shop.orders VALUES (4, 40)');
      const incremental = await run('BACKUP nightly DATA SINK = store_sink');
      expect(incremental).toMatchObject({ count_affected: 1, info: { last_endpoint: '/create/backup' } });
      await run('DELETE FROM shop.orders WHERE id = 1');
      await run("BACKUP nightly DATA SINK store_sink WITH OPTIONS (COMMENT = 'second')");
      await run("INSERT INTO shop.items VALUES (2, 'ink')");
      // TYPE after DATA SINK, as Kinetica's 7.2 page writes it (sql-backup-workflow.test.ts runs it before).
      const differential = await run("BACKUP nightly DATA SINK = store_sink TYPE = 'differential' WITH OPTIONS (DELETE_INTERMEDIATE_BACKUPS = 'true')");
      expect(differential.count_affected).toBe(1);
      const types = (await snapshots('nightly')).map((s) => s.BACKUP_TYPE);
      expect(types).toEqual(['full', 'differential']);
      expect(await refused('BACKUP never DATA SINK = store_sink')).toContain("Backup 'never' does not exist");
      expect(await refused('BACKUP nightly DATA SINK = store_sink OBJECTS (ALL = shop)')).toContain('backup_objects_map must be empty');
      expect(await refused("BACKUP nightly TYPE = 'weekly' DATA SINK = store_sink")).toBe(
        "Value: 'weekly' not a valid parameter. Valid values are: full, incremental, differential (U/PUh:355)",
      );
      expect(await refused("BACKUP nightly DATA SINK = store_sink TYPE = 'weekly'")).toBe(
        "Value: 'weekly' not a valid parameter. Valid values are: full, incremental, differential (U/PUh:355)",
      );
      expect(await refused("BACKUP nightly TYPE = 'differential' DATA SINK = store_sink TYPE = 'differential'")).toMatch(/^SqlEngine: Encountered "TYPE" at line 1, column 61\./);
    });

    it('DESCRIBE BACKUP answers the 13 documented columns, one row per snapshot', async () => {
      const answer = await run('DESC BACKUP * DATA SOURCE store_source');
      expect(answer.headers).toEqual(DESCRIBE_COLUMNS);
      expect(answer.datatypes).toEqual(['string', 'long', 'string', 'datetime', 'long', 'string', 'string', 'string', 'string', 'long', 'long', 'long', 'string']);
      expect(answer).toMatchObject({ count_affected: 0, info: { 'X-Kinetica-Group': 'QUERY', last_endpoint: '/show/backup' } });
      const rows = answer.rows.map((row) => Object.fromEntries(DESCRIBE_COLUMNS.map((column, i) => [column, row[i]])));
      expect(rows.map((row) => [row.BACKUP_NAME, row.BACKUP_TYPE])).toEqual([
        ['nightly', 'full'],
        ['nightly', 'differential'],
        ['scratch', 'full'],
      ]);
      for (const row of rows) {
        expect(row.TIME).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
        expect(typeof row.BACKUP_ID).toBe('number');
        expect(row.HOST_ID).toBe('127.0.0.1');
      }
      expect((await run('DESCRIBE BACKUP "night*" DATA SOURCE = store_source')).rows).toHaveLength(2);
      expect(await refused('DESCRIBE BACKUP never DATA SOURCE store_source')).toContain("Backup 'never' does not exist");
    });

    it('SHOW BACKUP answers the DDL of each backup in one DDL column, which recreates it', async () => {
      const answer = await run('SHOW BACKUP nightly DATA SOURCE = store_source');
      expect(answer).toMatchObject({ headers: ['DDL'], datatypes: ['string'], info: { last_endpoint: '/show/backup' } });
      const ddl = answer.rows[0]![0] as string;
      expect(ddl).toBe(
        [
          'CREATE BACKUP nightly',
          'DATA SINK = ki_home.store_sink',
          'OBJECTS (ALL = shop, ROLE = clerk, USER = ann)',
          "WITH OPTIONS (CHECKSUM = 'true', MAX_INCREMENTAL_BACKUPS_TO_KEEP = '2', COMMENT = 'first')",
        ].join('\n'),
      );
      await run(ddl.replace('nightly', 'nightly_copy'));
      expect((await run('SHOW BACKUP nightly_copy DATA SOURCE store_source')).rows[0]![0]).toBe(ddl.replace('nightly', 'nightly_copy'));
      expect((await run('SHOW BACKUP * DATA SOURCE store_source')).rows).toHaveLength(3);
    });

    it('ALTER BACKUP sets properties, purges a snapshot and merges the chain', async () => {
      const set = await run("ALTER BACKUP nightly DATA SINK = store_sink SET MAX_INCREMENTAL_BACKUPS_TO_KEEP = 5, DDL_ONLY = 'false', CHECKSUM = 'true'");
      expect(set).toMatchObject({ count_affected: 1, info: { last_endpoint: '/alter/backup' } });
      expect((await run('SHOW BACKUP nightly DATA SOURCE store_source')).rows[0]![0]).toContain("MAX_INCREMENTAL_BACKUPS_TO_KEEP = '5'");
      expect(await refused('ALTER BACKUP nightly DATA SINK = store_sink SET COLOUR = 1')).toBe(
        "SqlEngine: Unknown backup property 'COLOUR' in ALTER BACKUP ... SET; valid properties are: CHECKSUM, DDL_ONLY, MAX_INCREMENTAL_BACKUPS_TO_KEEP (S/SDc:1513)",
      );

      await run('INSERT INTO shop.orders VALUES (5, 50)');
      await run('BACKUP nightly DATA SINK = store_sink');
      const [, , latest] = await snapshots('nightly');
      const purged = await run(`ALTER BACKUP nightly DATA SINK = store_sink PURGE ${latest!.BACKUP_ID}`);
      expect(purged.count_affected).toBe(1);
      expect((await snapshots('nightly')).map((s) => s.BACKUP_TYPE)).toEqual(['full', 'differential']);
      const [full] = await snapshots('nightly');
      expect(await refused(`ALTER BACKUP nightly DATA SINK = store_sink PURGE ${full!.BACKUP_ID}`)).toContain('is a full snapshot');

      const dryMerge = await run("ALTER BACKUP nightly DATA SINK = store_sink MERGE WITH OPTIONS (DRY_RUN = 'true')");
      expect(dryMerge).toMatchObject({ count_affected: 0, info: { dry_run: 'true' } });
      await run("ALTER BACKUP nightly DATA SINK = store_sink MERGE WITH OPTIONS (COMMENT = 'merged')");
      expect((await snapshots('nightly')).map((s) => s.BACKUP_TYPE)).toEqual(['full']);
      // The comment is the backup's, as /alter/backup keeps it.
      const shown = await ok<{ backup_description: Record<string, string>[] }>(mock.url, '/show/backup', { backup_name: 'nightly', datasource_name: 'store_source', options: {} }, wire);
      expect(shown.backup_description[0]).toMatchObject({ comment: 'merged', snapshots: '1' });
      expect(await refused('ALTER BACKUP nightly DATA SINK = store_sink MERGE')).toContain('there is nothing to merge');
    });

    it('VERIFY BACKUP answers each backup\'s snapshots and what is wrong with them', async () => {
      const answer = await run('VERIFY BACKUP * DATA SOURCE store_source');
      expect(answer).toMatchObject({ headers: ['BACKUP_NAME', 'BACKUP_IDS', 'ERRORS'], info: { last_endpoint: '/verify/backup' } });
      expect(answer.rows.map((row) => [row[0], row[2]])).toEqual([
        ['nightly', ''],
        ['nightly_copy', ''],
        ['scratch', ''],
      ]);
      const [snapshot] = await snapshots('nightly');
      const one = await run(`VERIFY BACKUP nightly DATA SOURCE store_source WITH OPTIONS (BACKUP_ID = '${snapshot!.BACKUP_ID}')`);
      expect(one.rows).toEqual([['nightly', String(snapshot!.BACKUP_ID), '']]);
    });

    it('RESTORE BACKUP brings objects back, with each restore option', async () => {
      await run('DROP TABLE shop.orders; DROP ROLE clerk');
      const restored = await run('RESTORE BACKUP nightly DATA SOURCE = store_source OBJECTS (TABLE = shop.orders, ROLE = clerk)');
      expect(restored).toMatchObject({ count_affected: 2, info: { last_endpoint: '/restore/backup' } });
      // Order 5 went with the snapshot purged above (it was the latest: nothing to fold it into).
      expect((await run('SELECT id FROM shop.orders ORDER BY id')).rows.flat()).toEqual([2, 3, 4]);

      expect(await refused('RESTORE BACKUP nightly DATA SOURCE store_source OBJECTS (ALL = shop)')).toMatch(/^Cannot restore: .* already exist/);
      const dry = await run("RESTORE BACKUP nightly DATA SOURCE store_source OBJECTS (ALL = shop) WITH OPTIONS (RESTORE_POLICY = 'replace', DRY_RUN = 'true')");
      expect(dry).toMatchObject({ count_affected: 0, info: { dry_run: 'true' } });

      await run('DELETE FROM shop.orders');
      const renamed = await run(
        "RESTORE BACKUP nightly DATA SOURCE = store_source OBJECTS (TABLE = shop.orders) WITH OPTIONS (RESTORE_POLICY = 'rename', RENAMED_OBJECTS_SCHEMA = 'shop_old', CHECKSUM = 'true')",
      );
      expect(renamed.count_affected).toBe(1);
      expect((await run('SELECT COUNT(*) FROM shop_old.orders')).rows).toEqual([[0]]);
      expect((await run('SELECT COUNT(*) FROM shop.orders')).rows).toEqual([[3]]);

      const [snapshot] = await snapshots('scratch');
      await run('DROP SCHEMA shop_old CASCADE');
      await run(
        `RESTORE BACKUP scratch DATA SOURCE store_source OBJECTS (TABLE = shop.items)
         WITH OPTIONS (BACKUP_ID = '${snapshot!.BACKUP_ID}', RESTORE_POLICY = 'replace', DDL_ONLY = 'true', CREATE_SCHEMA_IF_NOT_EXIST = 'false')`,
      );
      expect((await run('SELECT COUNT(*) FROM shop.items')).rows).toEqual([[0]]);
      expect(await refused("RESTORE BACKUP scratch DATA SOURCE store_source OBJECTS (TABLE = shop.items) WITH OPTIONS (RESTORE_POLICY = 'merge')")).toBe(
        "Value: 'merge' not a valid parameter for 'restore_policy'. Valid values are: none, replace, rename (U/PUh:355)",
      );
    });

    it('DROP BACKUP drops one backup, several with DELETE_ALL_BACKUPS, and nothing on a dry run', async () => {
      expect(await refused('DROP BACKUP * DATA SINK = store_sink')).toMatch(/^'\*' matches 3 backups .*delete_all_backups=true/);
      const dry = await run("DROP BACKUP \"night*\" DATA SINK = store_sink WITH OPTIONS (DELETE_ALL_BACKUPS = true, DRY_RUN = 'true')");
      expect(dry).toMatchObject({ count_affected: 0, info: { dry_run: 'true', last_endpoint: '/drop/backup' } });
      expect(await run('DROP BACKUP scratch DATA SINK store_sink')).toMatchObject({ count_affected: 1 });
      expect(await run("DROP BACKUP \"night*\" DATA SINK = store_sink WITH OPTIONS (DELETE_ALL_BACKUPS = 'true')")).toMatchObject({ count_affected: 2 });
      expect(await refused('DROP BACKUP scratch DATA SINK store_sink')).toContain("Backup 'scratch' does not exist");
      expect(await run("DROP BACKUP scratch DATA SINK store_sink WITH OPTIONS (NO_ERROR_IF_NOT_EXISTS = 'true')")).toMatchObject({ count_affected: 0 });
      expect((await ok<{ backup_description: unknown[] }>(mock.url, '/show/backup', { backup_name: '*', datasource_name: 'store_source', options: { no_error_if_not_exists: 'true' } }, wire)).backup_description).toEqual([]);
    });
  });
}
