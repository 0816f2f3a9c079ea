// The SQL grammar on its own: what it reads, how it reports what it cannot read, and the
// constructs it names as unsupported. Statements run end to end in test/e2e/sql-*.test.ts.
import { describe, expect, it } from 'vitest';
import { parseScript, prepareText } from '../../src/sql/parser.js';
import { parseSql as parse } from '../support/sql.js';
import type { Statement } from '../../src/sql/ast.js';
import type { ParameterValue } from '../../src/sql/parameters.js';

/** Reads without the script check (several of these statements return rows). */
function shapes(text: string): Statement[] {
  return parseScript(prepareText(text, undefined));
}

function refusal(text: string, parameters?: ParameterValue[]): string {
  try {
    parse(text, parameters);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected a refusal of: ${text}`);
}

describe('the SQL grammar', () => {
  it('reads keywords in any case', () => {
    const [lower] = parse('create backup b data sink = s objects (table = t)');
    const [mixed] = parse('CrEaTe BaCkUp b DaTa SiNk = s ObJeCtS (TaBlE = t)');
    expect(lower).toMatchObject({ kind: 'createBackup', name: 'b', sink: { name: 's' }, objects: [{ type: 'table', names: ['t'] }] });
    expect(mixed).toMatchObject({ kind: 'createBackup', name: 'b', sink: { name: 's' }, objects: [{ type: 'table', names: ['t'] }] });
  });

  it('reads double-quoted names as written, with "" for a quote, and keywords as names when quoted', () => {
    const [statement] = parse('DELETE FROM "My Schema"."order" WHERE "a""b" = 1');
    expect(statement).toMatchObject({ kind: 'delete', table: { schema: 'My Schema', name: 'order' }, where: { left: { kind: 'column', name: 'a"b' } } });
  });

  it('reads words that start clauses as names where no clause can start', () => {
    expect(parse('DELETE FROM full WHERE from = 1')[0]).toMatchObject({ table: { name: 'full' }, where: { left: { kind: 'column', name: 'from' } } });
  });

  it('finds the extent of a query (its text goes to the engine): to the ; outside parentheses, strings and quoted names', () => {
    const text = `SELECT ';', "a;b" FROM t WHERE x IN (SELECT 1) ; WITH c AS (SELECT 1) SELECT * FROM c; (SELECT 1) UNION SELECT 2`;
    const statements = shapes(text);
    expect(statements.map((statement) => [statement.kind, text.slice(statement.start, statement.end).trim()])).toEqual([
      ['select', `SELECT ';', "a;b" FROM t WHERE x IN (SELECT 1)`],
      ['select', 'WITH c AS (SELECT 1) SELECT * FROM c'],
      ['select', '(SELECT 1) UNION SELECT 2'],
    ]);
    expect(refusal('SELECT (1; SELECT 2)')).toMatch(/^SqlEngine: Encountered ";" at line 1, column 10\./);
  });

  it('skips line and block comments, keeping line and column numbers', () => {
    const statements = parse('-- first\nDROP TABLE /* the table */ t; /* a\n comment */ DROP TABLE u -- last');
    expect(statements.map((s) => [s.kind, s.line, s.column])).toEqual([
      ['dropTable', 2, 1],
      ['dropTable', 3, 13],
    ]);
  });

  it('keeps KI_HINT_ words of comments as hints, at their place in the text', () => {
    const prepared = prepareText('INSERT INTO t /* KI_HINT_UPDATE_ON_EXISTING_PK, ki_hint_other */ VALUES (1)', undefined);
    expect(prepared.hints.map((hint) => hint.name)).toEqual(['KI_HINT_UPDATE_ON_EXISTING_PK', 'KI_HINT_OTHER']);
    expect(prepared.text).not.toContain('KI_HINT');
  });

  it('leaves comment markers inside strings and quoted names alone', () => {
    const [statement] = parse(`INSERT INTO t VALUES ('-- not a comment /* nor this */')`);
    expect(statement).toMatchObject({ rows: [[{ kind: 'string', value: '-- not a comment /* nor this */' }]] });
  });

  it('reads several statements separated by semicolons, skipping empty ones', () => {
    const statements = parse(';; CREATE SCHEMA a ; ; DROP SCHEMA a;\n');
    expect(statements.map((s) => s.kind)).toEqual(['createSchema', 'dropSchema']);
  });

  it('binds $n and ? parameters outside quoted text, as literals', () => {
    const [statement] = parse(`INSERT INTO t VALUES ($2, ?, '$1', $1)`, ["it's", 7]);
    expect(statement).toMatchObject({
      rows: [[{ kind: 'number', value: 7 }, { kind: 'string', value: "it's" }, { kind: 'string', value: '$1' }, { kind: 'string', value: "it's" }]],
    });
    expect(parse('DELETE FROM t WHERE a = $1 AND b = $2', [null, true])[0]).toMatchObject({
      where: { left: { right: { kind: 'null' } }, right: { right: { kind: 'boolean', value: true } } },
    });
  });

  it('refuses a parameter without a value', () => {
    expect(refusal('DELETE FROM t WHERE a = $2', [1])).toBe('SqlEngine: Parameter $2 has no value: only 1 parameter was given (S/SDc:1513)');
    expect(refusal('DELETE FROM t WHERE a = ?')).toBe('SqlEngine: Parameter $1 has no value: no parameters were given (S/SDc:1513)');
  });

  it('reports a syntax error with the token, its line and column, and what was expected', () => {
    expect(refusal('DROP TABLE t;\nDROP TABEL u')).toBe(
      'SqlEngine: Encountered "TABEL" at line 2, column 6. Was expecting one of: "BACKUP", "CREDENTIAL", "DATA", "EXTERNAL", ' +
        '"MATERIALIZED", "PROCEDURE", "ROLE", "SCHEMA", "TABLE", "USER", "VIEW" (S/SDc:1513)',
    );
    expect(refusal('DELETE FROM')).toMatch(/^SqlEngine: Encountered "<EOF>" at line 1, column 12\./);
    expect(refusal('FROBNICATE t')).toMatch(/^SqlEngine: Encountered "FROBNICATE" at line 1, column 1\. Was expecting one of: .*"CREATE"/);
  });

  it('names unterminated strings, names and comments', () => {
    expect(refusal("DELETE FROM t WHERE a = 'x")).toBe('SqlEngine: Unterminated string literal starting at line 1, column 25 (S/SDc:1513)');
    expect(refusal('DELETE FROM "t')).toBe('SqlEngine: Unterminated quoted name starting at line 1, column 13 (S/SDc:1513)');
    expect(refusal('SELECT * FROM t /* never closed')).toBe('SqlEngine: Unterminated comment starting at line 1, column 17 (S/SDc:1513)');
  });

  it('refuses an empty statement text', () => {
    expect(refusal(' -- nothing but a comment\n ; ')).toBe('SqlEngine: No SQL statement was given (S/SDc:1513)');
  });

  it('lets only the last statement of a script return rows', () => {
    expect(refusal('SELECT * FROM t; DROP TABLE t')).toBe(
      'SqlEngine: Only the last statement of a script may return rows (the statement at line 1, column 1 returns rows): ' +
        'run queries in a request of their own, or last (S/SDc:1513)',
    );
    expect(parse('DROP TABLE u; SELECT * FROM t')).toHaveLength(2);
  });
});

describe('constructs outside the subset', () => {
  const cases: [string, string, string][] = [
    ['CREATE STREAM s ON TABLE t', 'CREATE STREAM', '1, column 1'],
    ['ALTER MATERIALIZED VIEW v MOVE TO s', 'ALTER MATERIALIZED VIEW', '1, column 1'],
    ['CREATE EXTERNAL TABLE t FILE PATHS \'x\'', 'CREATE EXTERNAL TABLE', '1, column 1'],
    ['EXPLAIN SELECT * FROM t', 'EXPLAIN', '1, column 1'],
    ['SHOW SCHEMA s', 'SHOW SCHEMA', '1, column 1'],
    ['MERGE INTO t USING s ON t.a = s.a', 'MERGE INTO', '1, column 1'],
    ['SELECT * FROM t;\nSET CURRENT SCHEMA s', 'SET CURRENT SCHEMA', '2, column 1'],
    ['DELETE FROM t WHERE t.a = 1', "qualified column name 't.a'", '1, column 21'],
    ['INSERT INTO t SELECT * FROM u', 'INSERT INTO ... SELECT', '1, column 15'],
    ['INSERT INTO t VALUES (1) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a', 'ON CONFLICT ... DO UPDATE', '1, column 42'],
    ['INSERT INTO t VALUES (1) WITH OPTIONS (BATCH SIZE = 10)', 'WITH OPTIONS on INSERT (a JDBC-only clause)', '1, column 1'],
    ['UPDATE t SET a = 1 FROM u WHERE t.a = u.a', 'UPDATE ... FROM', '1, column 20'],
    ['CREATE TABLE t AS SELECT * FROM u', 'CREATE TABLE ... AS', '1, column 16'],
    ['CREATE TABLE t (a INT) PARTITION BY RANGE (a)', 'PARTITION BY clause', '1, column 24'],
    ['CREATE TABLE t (a INT) TIER STRATEGY (( VRAM 1 ))', 'TIER STRATEGY clause', '1, column 24'],
    ['GRANT EXECUTE ON FUNCTION f TO u', 'GRANT/REVOKE on FUNCTION', '1, column 7'],
    ['GRANT ALL ON PROCEDURE p TO u', 'GRANT/REVOKE on PROCEDURE', '1, column 7'],
    ['GRANT SELECT ON GRAPH g TO u', 'GRANT/REVOKE on GRAPH', '1, column 7'],
    ['GRANT SELECT TO u', 'GRANT/REVOKE of a table privilege without ON (every table, now and in the future)', '1, column 7'],
    ['GRANT SELECT ON t (HASH(ssn), name) TO u', 'column security function HASH()', '1, column 20'],
  ];
  for (const [text, construct, where] of cases) {
    it(`names ${construct}`, () => {
      expect(refusal(text)).toBe(
        `SqlEngine: ${construct} is not supported by kinetica-mock (at line ${where}); see docs/sql.md for the supported statements (S/SDc:1513)`,
      );
    });
  }

  it('checks the whole text before anything runs: an unsupported statement anywhere refuses all', () => {
    expect(refusal('CREATE SCHEMA a; CREATE STREAM s ON TABLE t')).toContain('CREATE STREAM is not supported');
  });
});

describe('statement shapes', () => {
  it('reads every backup statement with its clauses', () => {
    const statements = shapes(`
      CREATE BACKUP b DATA SINK = s.sink OBJECTS (ALL = sales, TABLE = a.x, a.y, "b".*, ROLE = r, DATA SINK = *) WITH OPTIONS (CHECKSUM = 'true', DDL_ONLY = false, MAX_INCREMENTAL_BACKUPS_TO_KEEP = 5);
      BACKUP b DATA SINK sink;
      BACKUP b TYPE = 'differential' DATA SINK = sink WITH OPTIONS (DELETE_INTERMEDIATE_BACKUPS = 'true');
      BACKUP b DATA SINK = sink TYPE = 'differential';
      ALTER BACKUP b DATA SINK = sink MERGE WITH OPTIONS (COMMENT = 'merged', DRY_RUN = 'true');
      ALTER BACKUP b DATA SINK = sink PURGE 1654321012345;
      ALTER BACKUP b DATA SINK = sink SET MAX_INCREMENTAL_BACKUPS_TO_KEEP = 5, CHECKSUM = 'true';
      RESTORE BACKUP b DATA SOURCE = src OBJECTS (TABLE = a.x, a.y) WITH OPTIONS (RESTORE_POLICY = 'rename', RENAMED_OBJECTS_SCHEMA = 'old');
      DROP BACKUP "conf*" DATA SINK = sink WITH OPTIONS (DELETE_ALL_BACKUPS = true);
      DROP BACKUP * DATA SINK sink;
      SHOW BACKUP * DATA SOURCE = src;
      DESC BACKUP b DATA SOURCE src;
      VERIFY BACKUP b DATA SOURCE src WITH OPTIONS (BACKUP_ID = '')`);
    const [full, incremental, differential, differentialAfterSink, merge, purge, set, restore, dropPrefix, dropAll, show, describe, verify] = statements;
    expect(full).toMatchObject({
      kind: 'createBackup',
      type: 'full',
      sink: { schema: 's', name: 'sink' },
      objects: [
        { type: 'all', names: ['sales'] },
        { type: 'table', names: ['a.x', 'a.y', 'b.*'] },
        { type: 'role', names: ['r'] },
        { type: 'datasink', names: ['*'] },
      ],
      options: [
        { name: 'checksum', value: 'true' },
        { name: 'ddl_only', value: 'false' },
        { name: 'max_incremental_backups_to_keep', value: '5' },
      ],
    });
    expect(incremental).toMatchObject({ kind: 'createBackup', type: 'incremental', objects: [], options: null });
    expect(differential).toMatchObject({ type: 'differential', options: [{ name: 'delete_intermediate_backups', value: 'true' }] });
    expect(differentialAfterSink).toMatchObject({ kind: 'createBackup', type: 'differential', sink: { name: 'sink' }, options: null });
    expect(merge).toMatchObject({ kind: 'alterBackup', action: 'merge', options: [{ name: 'comment' }, { name: 'dry_run' }] });
    expect(purge).toMatchObject({ action: 'purge', value: '1654321012345' });
    expect(set).toMatchObject({ action: 'set', settings: [{ name: 'max_incremental_backups_to_keep', value: '5' }, { name: 'checksum', value: 'true' }] });
    expect(restore).toMatchObject({ kind: 'restoreBackup', source: { name: 'src' }, objects: [{ type: 'table', names: ['a.x', 'a.y'] }] });
    expect(dropPrefix).toMatchObject({ kind: 'dropBackup', pattern: 'conf*' });
    expect(dropAll).toMatchObject({ kind: 'dropBackup', pattern: '*', options: null });
    expect(show).toMatchObject({ kind: 'showBackup', pattern: '*' });
    expect(describe).toMatchObject({ kind: 'describeBackup', pattern: 'b' });
    expect(verify).toMatchObject({ kind: 'verifyBackup', options: [{ name: 'backup_id', value: '' }] });
  });

  it('maps every documented object type of OBJECTS to its objects-map key', () => {
    const [statement] = parse(`RESTORE BACKUP b DATA SOURCE s OBJECTS (ALL = a, CONTEXT = c, CREDENTIAL = c, DATA SINK = d, DATA SOURCE = d,
      FUNCTION = f, FUNCTION ENVIRONMENT = e, PROCEDURE = p, RESOURCE GROUP = g, ROLE = r, STREAM = m, TABLE = t, USER = u)`);
    expect((statement as { objects: { type: string }[] }).objects.map((group) => group.type)).toEqual([
      'all', 'context', 'credential', 'datasink', 'datasource', 'user_defined_function', 'function_environment',
      'stored_procedure', 'resource_group', 'role', 'monitor', 'table', 'user',
    ]);
  });

  it('reads multi-word and quoted option names', () => {
    const [source] = parse(`CREATE DATA SOURCE s LOCATION = 'S3' USER = 'u' PASSWORD = 'p' WITH OPTIONS (BUCKET NAME = 'b', 'security.protocol' = 'SSL', WAIT TIMEOUT = 10)`);
    expect(source).toMatchObject({
      kind: 'createDataSource',
      user: 'u',
      password: 'p',
      options: [{ name: 'bucket_name', value: 'b' }, { name: 'security.protocol', value: 'SSL' }, { name: 'wait_timeout', value: '10' }],
    });
  });

  it('reads user and role names in lower case unless quoted', () => {
    expect(parse('CREATE USER JSmith IDENTIFIED BY \'pw\'')[0]).toMatchObject({ name: 'jsmith', settings: [{ setting: 'password', value: 'pw' }] });
    expect(parse('CREATE USER "@JSmith"')[0]).toMatchObject({ name: '@JSmith' });
    expect(parse('GRANT Analyst TO JSmith')[0]).toMatchObject({ kind: 'grantRole', role: 'analyst', member: 'jsmith' });
  });
});
