/**
 * SQL procedures over real HTTP, in JSON and binary: Kinetica's backup guide scheduling nightly
 * incrementals with a procedure, run by moving the emulator's clock over a week; the statements
 * (CREATE, EXECUTE, DROP, SHOW, GRANT EXECUTE); the body's rules; failed runs and alerts; the
 * journal and GET /_mock/procedures; the table rule; backups of procedures.
 */
import { describe, expect, it } from 'vitest';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { sql, sqlFails, type SqlAnswer } from '../sql/client.js';
import { ADMIN_USER } from '../../src/catalog/security/security.js';

const WIRES: WireEncoding[] = ['json', 'binary'];
const DAY = 86_400_000;

const STORE = `
  CREATE DATA SINK backup_ds LOCATION = 's3://kinetica-backups/nightly' WITH OPTIONS (REGION = 'us-east-1');
  CREATE DATA SOURCE backup_src LOCATION = 's3://kinetica-backups/nightly' WITH OPTIONS (REGION = 'us-east-1')`;

const GUIDE_PROCEDURE = `CREATE PROCEDURE scheduled_backup
BEGIN
	BACKUP daily_backup
	DATA SINK = backup_ds
END
EXECUTE FOR EVERY 1 DAY STARTING AT '2025-01-01 00:00:00'`;

function byHeader(answer: SqlAnswer): Record<string, unknown>[] {
  return answer.rows.map((row) => Object.fromEntries(answer.headers.map((header, i) => [header, row[i]])));
}

interface AlertsResponse {
  timestamps: string[];
  types: string[];
  params: Record<string, string>[];
}

for (const wire of WIRES) {
  describe(`SQL procedures (${wire})`, () => {
    const mock = useMock();
    const run = (statement: string) => sql(mock.url, statement, wire);
    const fails = (statement: string) => sqlFails(mock.url, statement, wire);
    const snapshots = async () => byHeader(await run('DESCRIBE BACKUP daily_backup DATA SOURCE = backup_src'));

    it("takes a week of the backup guide's nightly incrementals by moving the clock, each at its scheduled time", async () => {
      mock.server.reset({ backups: true });
      await mock.server.setClock({ fix: '2025-03-10T09:30:00Z' });
      await run(STORE);
      await run('CREATE SCHEMA example_backup; CREATE TABLE example_backup.events (id INTEGER NOT NULL, PRIMARY KEY (id))');
      await run('INSERT INTO example_backup.events VALUES (0)');
      await run('CREATE BACKUP daily_backup DATA SINK = backup_ds OBJECTS (ALL = example_backup)');
      expect(await run(GUIDE_PROCEDURE)).toMatchObject({ count_affected: 1 });
      // STARTING AT in the past: the first run is at the next midnight.
      expect(mock.server.procedures()).toMatchObject([{ name: 'ki_home.scheduled_backup', everySeconds: 86400, nextDue: '2025-03-11T00:00:00.000Z', lastRuns: [] }]);

      // Day by day: a change each day, then the clock to the next morning; that night's snapshot holds the change.
      for (let day = 1; day <= 7; day++) {
        await run(`INSERT INTO example_backup.events VALUES (${day})`);
        await mock.server.setClock({ shift: DAY });
        const taken = await snapshots();
        expect(taken).toHaveLength(1 + day);
        const latest = taken[day]!;
        const due = Date.UTC(2025, 2, 10 + day);
        // The one data file the day's insert changed, with every record in it.
        expect(latest).toMatchObject({ BACKUP_TYPE: 'incremental', BACKUP_ID: due, RECORDS: day + 1 });
      }
      const runs = mock.server.procedures()[0]!.lastRuns;
      expect(runs.map((each) => each.dueTime)).toEqual([11, 12, 13, 14, 15, 16, 17].map((day) => `2025-03-${day} 00:00:00`));
      expect(runs.every((each) => each.status === 'OK' && each.trigger === 'schedule' && each.runAs === ADMIN_USER)).toBe(true);

      // A week in one move: seven runs, in order, before the clock call answers.
      const answer = await fetch(`${mock.url}/_mock/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shift: 7 * DAY }) });
      expect(answer.status).toBe(200);
      const week = (await snapshots()).slice(8);
      expect(week.map((snapshot) => snapshot.BACKUP_ID)).toEqual([18, 19, 20, 21, 22, 23, 24].map((day) => Date.UTC(2025, 2, day)));

      // The last snapshot restores every day's record.
      await run('DROP TABLE example_backup.events');
      await run('RESTORE BACKUP daily_backup DATA SOURCE = backup_src OBJECTS (ALL = example_backup)');
      expect((await run('SELECT id FROM example_backup.events ORDER BY id')).rows.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

      // Each run is in the journal with its procedure, due time and outcome.
      const journal = (await (await fetch(`${mock.url}/_mock/requests?endpoint=procedure_run&limit=2`)).json()) as { requests: { request: Record<string, unknown>; status: string }[] };
      expect(journal.requests.map((entry) => [entry.request.procedure, entry.request.trigger, entry.request.due_time, entry.status])).toEqual([
        ['ki_home.scheduled_backup', 'schedule', '2025-03-23 00:00:00', 'OK'],
        ['ki_home.scheduled_backup', 'schedule', '2025-03-24 00:00:00', 'OK'],
      ]);
      const listed = (await (await fetch(`${mock.url}/_mock/procedures`)).json()) as { procedures: { nextDue: string }[] };
      expect(listed.procedures[0]!.nextDue).toBe('2025-03-25T00:00:00.000Z');
    });

    it('creates, shows, executes and drops procedures in every documented form', async () => {
      mock.server.reset({ backups: true });
      await mock.server.setClock({ fix: '2025-06-01T12:00:00Z' });
      await run('CREATE SCHEMA app; CREATE TABLE app.t (id INTEGER NOT NULL, v VARCHAR(16), PRIMARY KEY (id))');
      await run(`CREATE OR REPLACE PROCEDURE app.fill () LANGUAGE SQL
        BEGIN
          INSERT INTO app.t VALUES (1, 'one');
          SELECT id FROM app.t;
          INSERT INTO app.t VALUES (2, 'two');
          SELECT id, v FROM app.t ORDER BY id
        END`);
      // The output of the last statement, the earlier SELECT ignored.
      const executed = await run('EXEC app.fill()');
      expect(executed.headers).toEqual(['id', 'v']);
      expect(executed.rows).toEqual([
        [1, 'one'],
        [2, 'two'],
      ]);
      // A failing statement stops the run; the ones before it stay done.
      await run("CREATE PROCEDURE app.half BEGIN INSERT INTO app.t VALUES (3, 'three'); INSERT INTO app.t VALUES (1, 'dup'); INSERT INTO app.t VALUES (4, 'four') END");
      expect(await fails('EXECUTE PROCEDURE app.half')).toMatch(/^SQL procedure 'app\.half' stopped at statement 2 of 3 \(line 1\): .*/);
      expect((await run('SELECT id FROM app.t ORDER BY id')).rows.flat()).toEqual([1, 2, 3]);

      await run("CREATE PROCEDURE app.tick BEGIN DELETE FROM app.t WHERE id > 100 END EXECUTE FOR EVERY 0.5 SECONDS STOP AFTER 2 SECONDS WITH OPTIONS (EXECUTE AS = 'admin')");
      const shown = await ok<{ procedure_names: string[]; procedure_definitions: string[]; additional_info: Record<string, string>[] }>(
        mock.url,
        '/show/sql/proc',
        { procedure_name: 'app.tick', options: {} },
        wire,
      );
      expect(shown.procedure_names).toEqual(['app.tick']);
      expect(shown.procedure_definitions[0]).toContain('EXECUTE FOR EVERY 0.5 SECONDS');
      expect(shown.additional_info[0]).toEqual({
        execute_as: 'admin',
        execute_interval: '0.5',
        execute_start_time: '2025-06-01 12:00:00',
        execute_stop_time: '2025-06-01 12:00:02',
      });
      // Due at creation (no STARTING AT), then every half second up to the stop: five runs in all.
      await mock.server.setClock({ shift: 60_000 });
      const tick = mock.server.procedures().find((procedure) => procedure.name === 'app.tick')!;
      expect(tick.lastRuns.map((each) => each.dueTime)).toEqual(['2025-06-01 12:00:00', '2025-06-01 12:00:00.500', '2025-06-01 12:00:01', '2025-06-01 12:00:01.500', '2025-06-01 12:00:02']);
      expect(tick.nextDue).toBeNull();

      expect((await run('SHOW PROCEDURE *')).rows.map((row) => /PROCEDURE (\S+)/.exec(String(row[0]))![1])).toEqual(['app.fill', 'app.half', 'app.tick']);
      expect((await run('SHOW CREATE PROCEDURE app.half')).headers).toEqual(['DDL']);
      // A procedure may call another, never itself.
      await run('CREATE PROCEDURE app.reader BEGIN SELECT id FROM app.t END; CREATE PROCEDURE app.outer BEGIN EXECUTE PROCEDURE app.reader END');
      await run('CREATE PROCEDURE app.loop BEGIN EXEC app.loop END');
      expect((await run('EXECUTE PROCEDURE app.outer')).rows).toHaveLength(3);
      expect(await fails('EXECUTE PROCEDURE app.loop')).toContain('it would call itself (app.loop -> app.loop)');
      await run('DROP PROCEDURE app.outer; DROP PROCEDURE app.loop; DROP PROCEDURE app.reader');
      expect(await run('DROP PROCEDURE app.half')).toMatchObject({ count_affected: 1 });
      expect(await run('DROP PROCEDURE IF EXISTS app.half')).toMatchObject({ count_affected: 0 });
      expect(await fails('EXECUTE PROCEDURE app.half')).toBe("SqlEngine: SQL procedure 'app.half' does not exist (S/SDc:1513)");
      expect(await fails('CREATE PROCEDURE app.fill BEGIN SELECT id FROM app.t END')).toContain("'app.fill' already exists");
      expect(await fails('CREATE PROCEDURE app.t BEGIN SELECT id FROM app.t END')).toContain('a table or view of that name exists');
    });

    it('refuses, at creation, statements a body may not hold and schedules it cannot keep', async () => {
      mock.server.reset({ backups: true });
      expect(await fails("CREATE PROCEDURE p BEGIN CREATE USER u1 WITH PASSWORD 'x' END")).toBe(
        'SqlEngine: CREATE USER is not allowed in a SQL procedure (at line 1, column 26): a procedure may hold SELECT, INSERT, UPDATE, DELETE, ' +
          'CREATE/DROP SCHEMA, CREATE/DROP/TRUNCATE TABLE, EXECUTE PROCEDURE, SHOW PROCEDURE and the backup statements (S/SDc:1513)',
      );
      expect(await fails('CREATE PROCEDURE p BEGIN CREATE PROCEDURE q BEGIN SELECT 1 END END')).toContain('is not allowed in a SQL procedure');
      expect(await fails('CREATE PROCEDURE p BEGIN SELECT a FROM t QUALIFY a > 1 END')).toContain('QUALIFY is not supported by kinetica-mock');
      expect(await fails('CREATE PROCEDURE p BEGIN END')).toContain('has no statement between BEGIN and END');
      expect(await fails('CREATE PROCEDURE p BEGIN DELETE FROM t END EXECUTE FOR EVERY 0 DAYS')).toContain("Invalid interval '0 DAY' in EXECUTE FOR EVERY");
      expect(await fails("CREATE PROCEDURE p BEGIN DELETE FROM t END EXECUTE FOR EVERY 1 DAY STARTING AT '2025-02-30'")).toContain("Invalid time '2025-02-30' in STARTING AT");
      expect(await fails("CREATE PROCEDURE p BEGIN DELETE FROM t END WITH OPTIONS (RUN AS = 'x')")).toContain("Unknown SQL procedure option 'run_as'");
      expect(await fails('CREATE PROCEDURE nowhere.p BEGIN DELETE FROM t END')).toContain("schema 'nowhere' does not exist");
      // Nothing of a refused script was created.
      expect((await run('SHOW PROCEDURE *')).rows).toEqual([]);
    });

    it('raises an alert for a failed scheduled run and keeps the schedule; stops at the move bound', async () => {
      mock.server.reset({ backups: true });
      await mock.server.setClock({ fix: '2025-01-01T00:00:00Z' });
      await run('CREATE TABLE counter (id INTEGER NOT NULL, PRIMARY KEY (id))');
      // The first run inserts 1; every later run fails on the duplicate key.
      await run("CREATE PROCEDURE hourly BEGIN INSERT INTO counter VALUES (1) END EXECUTE FOR EVERY 1 HOUR STARTING AT '2025-01-01 01:00:00'");
      await mock.server.setClock({ shift: 3 * 3_600_000 });
      const runs = mock.server.procedures()[0]!.lastRuns;
      expect(runs.map((each) => each.status)).toEqual(['OK', 'ERROR', 'ERROR']);
      const alerts = await ok<AlertsResponse>(mock.url, '/admin/show/alerts', { num_alerts: 0, options: {} }, wire);
      expect(alerts.types).toEqual(['sql_procedure', 'sql_procedure']);
      expect(alerts.timestamps).toEqual(['2025-01-01 03:00:00', '2025-01-01 02:00:00']);
      expect(alerts.params[0]).toMatchObject({ procedure_name: 'ki_home.hourly', due_time: '2025-01-01 03:00:00', run_as: ADMIN_USER });
      expect(alerts.params[0]!.message).toMatch(/^SQL procedure 'ki_home\.hourly' stopped at statement 1 of 1/);
      expect((await ok<AlertsResponse>(mock.url, '/admin/show/alerts', { num_alerts: 1, options: {} }, wire)).types).toHaveLength(1);
      expect(mock.server.procedures()[0]!.nextDue).toBe('2025-01-01T04:00:00.000Z');
      // The database coming back at a due time it has run (a state load) does not run that time again.
      mock.server.loadState(mock.server.saveState());
      expect(mock.server.procedures()[0]).toMatchObject({ nextDue: '2025-01-01T04:00:00.000Z', lastRuns: [] });
      // A dropped procedure's runs go with it: one created again under its name starts afresh.
      await run('DROP PROCEDURE hourly');
      await run("CREATE PROCEDURE hourly BEGIN DELETE FROM counter WHERE id < 0 END EXECUTE FOR EVERY 1 HOUR STARTING AT '2025-01-02 00:00:00'");
      expect(mock.server.procedures()[0]!.lastRuns).toEqual([]);
      expect(await fails('DROP PROCEDURE ghost')).toBe("SqlEngine: SQL procedure 'ki_home.ghost' does not exist (S/SDc:1513)");

      // A move past more than 10,000 due times is refused before the clock moves.
      await run("CREATE PROCEDURE minutely BEGIN DELETE FROM counter WHERE id < 0 END EXECUTE FOR EVERY 1 MINUTE STARTING AT '2025-01-01 03:00:00'");
      const refused = await fetch(`${mock.url}/_mock/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shift: 10 * DAY }) });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toContain('would pass more than 10000 due times');
      expect((await (await fetch(`${mock.url}/_mock/clock`)).json()) as { now: string }).toMatchObject({ now: '2025-01-01T03:00:00.000Z' });
    });

    it('drops a procedure with a table it reads, not with one it creates itself', async () => {
      mock.server.reset({ backups: true });
      await run('CREATE TABLE src (id INTEGER NOT NULL); CREATE TABLE other (id INTEGER NOT NULL)');
      await run('CREATE PROCEDURE copy BEGIN CREATE TABLE scratch (id INTEGER NOT NULL); INSERT INTO scratch VALUES (1); SELECT id FROM src END');
      await run('CREATE PROCEDURE touch_other BEGIN DELETE FROM other WHERE id < 0 END');
      await run('EXECUTE PROCEDURE copy');
      await run('DROP TABLE scratch');
      expect((await run('SHOW PROCEDURE *')).rows).toHaveLength(2);
      // Altering a table it reads (a column added) drops it.
      await ok(mock.url, '/alter/table', { table_name: 'other', action: 'add_column', value: 'extra', options: { column_type: 'int' } }, wire);
      expect((await run('SHOW PROCEDURE *')).rows.map((row) => /PROCEDURE (\S+)/.exec(String(row[0]))![1])).toEqual(['copy']);
      await run('DROP TABLE src');
      expect((await run('SHOW PROCEDURE *')).rows).toEqual([]);
    });

    /** A fresh emulator at 2025-05-01 with ops.log, ops.mark due daily from 2025-05-02 06:00, and a backup of ops. */
    const backUpScheduledProcedure = async () => {
      mock.server.reset({ backups: true });
      await mock.server.setClock({ fix: '2025-05-01T00:00:00Z' });
      await run(STORE);
      await run('CREATE SCHEMA ops; CREATE TABLE ops.log (id INTEGER NOT NULL)');
      await run("CREATE PROCEDURE ops.mark BEGIN INSERT INTO ops.log VALUES (7) END EXECUTE FOR EVERY 1 DAY STARTING AT '2025-05-02 06:00:00'");
      await run('CREATE BACKUP proc_backup DATA SINK = backup_ds OBJECTS (ALL = ops)');
    };

    it('keeps procedures in backups; a restored schedule runs again', async () => {
      await backUpScheduledProcedure();
      await run('DROP SCHEMA ops CASCADE');
      expect(mock.server.procedures()).toEqual([]);
      await run('RESTORE BACKUP proc_backup DATA SOURCE = backup_src OBJECTS (ALL = ops)');
      const [restored] = mock.server.procedures();
      expect(restored).toMatchObject({ name: 'ops.mark', startTime: '2025-05-02 06:00:00', nextDue: '2025-05-02T06:00:00.000Z', owner: ADMIN_USER });
      // Due 2025-05-02 06:00 and 2025-05-03 06:00: two runs in three days.
      await mock.server.setClock({ shift: 3 * DAY });
      expect((await run('SELECT id FROM ops.log')).rows.flat()).toEqual([7, 7]);
    });

    it('keeps a procedure and its table that a rename restore moves aside, and restores their twins', async () => {
      await backUpScheduledProcedure();
      // The table and the procedure are still there: the restore moves both aside to ops_old.
      await run("RESTORE BACKUP proc_backup DATA SOURCE = backup_src OBJECTS (ALL = ops) WITH OPTIONS (RESTORE_POLICY = 'rename', RENAMED_OBJECTS_SCHEMA = 'ops_old')");
      expect(mock.server.procedures().map((procedure) => procedure.name).sort()).toEqual(['ops.mark', 'ops_old.mark']);
      expect((await run('SHOW PROCEDURE ops_old.mark')).rows).toHaveLength(1);
      expect((await run('SELECT COUNT(*) FROM ops_old.log')).rows.flat()).toEqual([0]);
      // Both run on schedule; the moved one's body names ops.log, the restored table.
      await mock.server.setClock({ shift: 2 * DAY });
      expect((await run('SELECT id FROM ops.log')).rows.flat()).toEqual([7, 7]);
    });
  });
}

describe('SQL procedures with authentication on', () => {
  const mock = useMock({ auth: true, adminPassword: 'admin-pw' });
  const as = (user: string, password: string) => ({ headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
  const admin = as('admin', 'admin-pw');

  it('honours EXECUTE permission, GRANT and REVOKE, and EXECUTE AS on schedule', async () => {
    await mock.server.setClock({ fix: '2025-01-01T00:00:00Z' });
    await sql(mock.url, "CREATE USER runner WITH PASSWORD = 'pw'; CREATE USER reader WITH PASSWORD = 'pw'; CREATE TABLE audit (id INTEGER NOT NULL)", 'json', admin);
    await sql(mock.url, 'GRANT INSERT ON audit TO runner', 'json', admin);
    await sql(
      mock.url,
      "CREATE PROCEDURE audit_tick BEGIN INSERT INTO audit VALUES (1) END EXECUTE FOR EVERY 1 HOUR STARTING AT '2025-01-01 01:00:00' WITH OPTIONS (EXECUTE AS = 'runner')",
      'json',
      admin,
    );
    // reader holds no EXECUTE permission; runner got it with EXECUTE AS.
    expect(await sqlFails(mock.url, 'EXECUTE PROCEDURE audit_tick', 'json', as('reader', 'pw'))).toBe('Access denied; ok');
    await sql(mock.url, 'GRANT EXECUTE PROCEDURE ON audit_tick TO reader', 'json', admin);
    // On demand with EXECUTE AS: the body runs as runner, who may insert.
    await sql(mock.url, 'EXECUTE PROCEDURE audit_tick', 'json', as('reader', 'pw'));
    await sql(mock.url, 'REVOKE EXECUTE PROCEDURE ON audit_tick FROM reader', 'json', admin);
    expect(await sqlFails(mock.url, 'EXEC audit_tick', 'json', as('reader', 'pw'))).toBe('Access denied; ok');

    await mock.server.setClock({ shift: 3_600_000 });
    expect(mock.server.procedures()[0]!.lastRuns.at(-1)).toMatchObject({ trigger: 'schedule', runAs: 'runner', status: 'OK' });
    // Once runner loses EXECUTE, the scheduled run fails and raises an alert.
    await sql(mock.url, 'REVOKE EXECUTE ON PROCEDURE audit_tick FROM runner', 'json', admin);
    await mock.server.setClock({ shift: 3_600_000 });
    expect(mock.server.procedures()[0]!.lastRuns.at(-1)).toMatchObject({ runAs: 'runner', status: 'ERROR' });
    expect(mock.server.emulator.alerts.latest(1)[0]!.params.message).toContain("user 'runner' may not execute it");
    expect((await sql(mock.url, 'SELECT COUNT(*) FROM audit', 'json', admin)).rows).toEqual([[2]]);
  });
});

describe('SQL procedures with the clock running', () => {
  const mock = useMock();

  it('runs a procedure that is due by itself, without a clock move', async () => {
    await sql(mock.url, 'CREATE TABLE beats (id INTEGER NOT NULL); CREATE PROCEDURE beat BEGIN INSERT INTO beats VALUES (1) END EXECUTE FOR EVERY 1 HOUR', 'json');
    // No STARTING AT: due at creation; the scheduler's timer runs it within moments.
    for (let tries = 0; tries < 100 && mock.server.procedures()[0]!.lastRuns.length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mock.server.procedures()[0]!.lastRuns).toMatchObject([{ trigger: 'schedule', status: 'OK' }]);
    expect((await sql(mock.url, 'SELECT id FROM beats', 'json')).rows).toEqual([[1]]);
  });
});
