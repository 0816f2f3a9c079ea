import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  ENGINE_MACROS,
  ENGINE_OPERATORS,
  KINETICA_FUNCTIONS,
  MACRO_FUNCTIONS,
  NATIVE_FUNCTIONS,
  SHADOWED_BUILTINS,
  SYNTAX_FORMS,
  closestFunction,
  isAllowedFunction,
  quoteBareUnits,
} from '../../src/query/functions.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  for (const statement of ENGINE_MACROS) await connection.run(statement);
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** the first row of a query, values as JS (BIGINT as number when small, TIMESTAMP as ISO text) */
async function row(sql: string): Promise<unknown[]> {
  const reader = await connection.runAndReadAll(sql);
  const first = reader.getRowsJS()[0] ?? [];
  return first.map((v) => {
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
    return v;
  });
}

const one = async (sql: string): Promise<unknown> => (await row(`SELECT ${sql}`))[0];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** json_serialize_sql's "no location" value, 2^64 - 1, which JSON.parse cannot hold exactly */
const NO_LOCATION = '18446744073709551615';

async function serialize(sql: string): Promise<Json> {
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${quote(sql)})`);
  const text = String(reader.getRowsJS()[0]?.[0]).replaceAll(`"query_location":${NO_LOCATION}`, '"query_location":-1');
  const tree = JSON.parse(text) as Json;
  expect((tree as { error?: boolean }).error).toBe(false);
  return tree;
}

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** names of the FUNCTION (and WINDOW) nodes of a serialized tree */
function functionNames(tree: Json, classes: readonly string[] = ['FUNCTION']): string[] {
  const names: string[] = [];
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    if (typeof node['class'] === 'string' && classes.includes(node['class']) && typeof node['function_name'] === 'string') {
      names.push(node['function_name']);
    }
    Object.values(node).forEach(visit);
  };
  visit(tree);
  return names;
}

describe('the catalogue', () => {
  it('every allowed name is a DuckDB function or one of our macros (a typo fails here)', async () => {
    const reader = await connection.runAndReadAll('SELECT DISTINCT lower(function_name) FROM duckdb_functions()');
    const known = new Set(reader.getRowsJS().map((r) => String(r[0])));
    const missing = [...KINETICA_FUNCTIONS].filter((name) => !known.has(name));
    expect(missing).toEqual([]);
  });

  it('every macro name is a Kinetica name and not also listed as native', () => {
    for (const name of MACRO_FUNCTIONS.keys()) {
      expect(NATIVE_FUNCTIONS.has(name), name).toBe(false);
      expect(name.startsWith('ki__'), name).toBe(false);
    }
  });

  it('the shadowed builtins do exist in DuckDB (else the comment is stale) and are redefined by a macro', async () => {
    const reader = await connection.runAndReadAll(
      "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE schema_name = 'main' AND database_name = 'system'",
    );
    const builtins = new Set(reader.getRowsJS().map((r) => String(r[0])));
    for (const name of SHADOWED_BUILTINS) {
      expect(builtins.has(name), name).toBe(true);
      expect(MACRO_FUNCTIONS.has(name), name).toBe(true);
    }
  });

  it('macros are idempotent: running them again on the same connection works', async () => {
    for (const statement of ENGINE_MACROS) await connection.run(statement);
    expect(await one('nvl(NULL, 2)')).toBe(2);
  });

  it('isAllowedFunction is case-blind and refuses unknown and helper names', () => {
    expect(isAllowedFunction('TIMESTAMPADD')).toBe(true);
    expect(isAllowedFunction('count_star')).toBe(true);
    expect(isAllowedFunction('~~')).toBe(true);
    expect(isAllowedFunction('st_contains')).toBe(false);
    expect(isAllowedFunction('read_csv')).toBe(false);
    expect(isAllowedFunction('ki__unit')).toBe(false);
  });

  it('closestFunction suggests a near name, or none', () => {
    expect(closestFunction('TIMESTMPADD')).toBe('timestampadd');
    expect(closestFunction('nvll')).toBe('nvl');
    expect(closestFunction('read_parquet')).toBeUndefined();
  });
});

describe('operators and internal forms', () => {
  const queries = [
    'SELECT a + b * c - d / e % f FROM t',
    'SELECT -a FROM t',
    'SELECT s || t FROM t',
    "SELECT s LIKE 'x%', s NOT LIKE 'y', s ILIKE 'z', s NOT ILIKE 'w' FROM t",
    'SELECT x BETWEEN 1 AND 2, x NOT BETWEEN 3 AND 4 FROM t',
    'SELECT x IN (1, 2), x NOT IN (3) FROM t',
    "SELECT CASE WHEN a > 1 THEN 'a' ELSE 'b' END, CASE a WHEN 1 THEN 2 END FROM t",
    'SELECT CAST(a AS INTEGER), a::DOUBLE, TRY_CAST(a AS BIGINT) FROM t',
    'SELECT COALESCE(a, b), NULLIF(a, b), IFNULL(a, 1), IF(a > 1, 2, 3) FROM t',
    'SELECT NOT a, a IS NULL, a IS NOT NULL FROM t',
    'SELECT EXTRACT(YEAR FROM ts), EXTRACT(EPOCH FROM ts) FROM t',
    "SELECT ts + INTERVAL '1' DAY, ts - INTERVAL 2 HOUR, ts + INTERVAL '3' MONTH, ts + INTERVAL 5 MINUTES FROM t",
    "SELECT ts + INTERVAL '1' YEAR, ts - INTERVAL '1' SECOND, ts + INTERVAL 1 WEEK, ts + INTERVAL 10 MILLISECOND FROM t",
    "SELECT POSITION('b' IN s), SUBSTRING(s FROM 2 FOR 3), TRIM(BOTH 'x' FROM s), TRIM(LEADING 'x' FROM s), TRIM(TRAILING 'x' FROM s) FROM t",
    'SELECT COUNT(*), COUNT(DISTINCT a), SUM(a) FROM t GROUP BY ROLLUP(b) HAVING GROUPING(b) = 0',
    'SELECT a & b, a | b, a << 1, a >> 1, ~a, xor(a, b) FROM t',
    'SELECT * FROM t WHERE a = ANY (SELECT 1) AND EXISTS (SELECT 1)',
  ];

  it.each(queries)('covers %s', async (sql) => {
    const names = functionNames(await serialize(sql));
    const uncovered = names.filter((name) => !isAllowedFunction(name));
    expect(uncovered).toEqual([]);
  });

  it('the forms the parser turns into other nodes produce no FUNCTION node of their name', async () => {
    const tree = await serialize('SELECT COALESCE(a, b), IFNULL(a, 1), IF(a, 1, 2), CAST(a AS INT), DATE(a), GROUPING(a) FROM t GROUP BY a');
    const names = functionNames(tree);
    for (const form of SYNTAX_FORMS) expect(names).not.toContain(form);
  });

  it('window functions are WINDOW nodes carrying function_name, and those names are allowed', async () => {
    const tree = await serialize(
      'SELECT ROW_NUMBER() OVER (ORDER BY a), LAG(a, 1) OVER (ORDER BY a), SUM(a) OVER (), STDDEV(a) OVER (PARTITION BY b) FROM t',
    );
    expect(functionNames(tree)).toEqual([]);
    const windows = functionNames(tree, ['WINDOW']);
    expect(windows).toEqual(['row_number', 'lag', 'sum', 'stddev']);
    for (const name of windows) expect(isAllowedFunction(name), name).toBe(true);
  });

  it('every ENGINE_OPERATORS name shows up in at least one of the queries above', async () => {
    const seen = new Set<string>();
    for (const sql of queries) for (const name of functionNames(await serialize(sql))) seen.add(name);
    // the rarer interval units, checked here rather than in a query of their own
    for (const name of ['to_quarters', 'to_microseconds']) seen.add(name);
    expect([...ENGINE_OPERATORS].filter((name) => !seen.has(name))).toEqual([]);
  });
});

describe('bare-word units', () => {
  it('DuckDB reads TIMESTAMPADD(DAY, 1, ts) with DAY as a column reference', async () => {
    const tree = await serialize('SELECT TIMESTAMPADD(DAY, 1, ts) FROM t');
    expect(JSON.stringify(tree)).toContain('"class":"COLUMN_REF","type":"COLUMN_REF","alias":"","query_location":20,"column_names":["DAY"]');
    await expect(connection.run("SELECT TIMESTAMPADD(DAY, 1, TIMESTAMP '2000-01-01')")).rejects.toThrow(/day/i);
  });

  it('quoteBareUnits turns the bare unit into a string, and the text runs', async () => {
    const tree = await serialize(
      "SELECT TIMESTAMPADD(DAY, 1, TIMESTAMP '2000-12-31 00:00:00') AS a, DATEDIFF(SQL_TSI_MONTH, DATE '2000-03-31', DATE '2000-04-30') AS b, t.day AS c FROM (SELECT 1 AS day) t",
    );
    expect(quoteBareUnits(tree)).toBe(2);
    const json = JSON.stringify(tree).replaceAll('"query_location":-1', `"query_location":${NO_LOCATION}`);
    const reader = await connection.runAndReadAll(`SELECT json_deserialize_sql(${quote(json)})`);
    const text = String(reader.getRowsJS()[0]?.[0]);
    expect(await row(text)).toEqual(['2001-01-01 00:00:00.000', 0, 1]);
  });

  it('a qualified column named like a unit is left alone', async () => {
    const tree = await serialize('SELECT DATEADD(t.day, 1, ts) FROM t');
    expect(quoteBareUnits(tree)).toBe(0);
  });
});

describe('conditional and null macros', () => {
  it.each([
    ['IFNULL(NULL, 2)', 2],
    ['NVL(NULL, 2)', 2],
    ['NVL(1, 2)', 1],
    ["NVL2(1, 'a', 'b')", 'a'],
    ["NVL2(NULL, 'a', 'b')", 'b'],
    ['IS_NULL(NULL)', 1],
    ['ISNULL(3)', 0],
    ['ZEROIFNULL(NULL)', 0],
    ['REMOVE_NULLABLE(5)', 5],
    ["DECODE(2, 1, 'one', 2, 'two', 'other')", 'two'],
    ["DECODE(5, 1, 'one', 'other')", 'other'],
    ["DECODE(5, 1, 'one')", null],
    ["DECODE(12, 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e', 6, 'f', 7, 'g', 8, 'h', 9, 'i', 10, 'j', 11, 'k', 12, 'l')", 'l'],
    ["IF(1 > 0, 'y', 'n')", 'y'],
    ["IF(NULL, 'y', 'n')", 'n'],
  ])('%s is %j', async (sql, expected) => {
    expect(await one(sql)).toEqual(expected);
  });
});

describe('date/time macros', () => {
  it.each([
    ["TIMESTAMPADD('DAY', 1, TIMESTAMP '2000-12-31 00:00:00')", '2001-01-01 00:00:00.000'],
    ["TIMESTAMPADD('SQL_TSI_YEAR', 1, '2000-10-10')", '2001-10-10 00:00:00.000'],
    ["DATEADD('QUARTER', 1, DATE '2000-11-30')", '2001-02-28 00:00:00.000'],
    ["DATEADD('month', 1, '2000-01-31')", '2000-02-29 00:00:00.000'],
    ["DATEADD('WEEK', 53, '2000-01-01')", '2001-01-06 00:00:00.000'],
    ["DATEADD('HOUR', 12, '2000-10-10 12:34:56')", '2000-10-11 00:34:56.000'],
    ["DATEADD('SECOND', 1, '2000-12-31 23:59:59')", '2001-01-01 00:00:00.000'],
    ["DATEADD('MILLISECOND', 1, '2000-10-10 12:34:56')", '2000-10-10 12:34:56.001'],
    ["DATEADD('FRAC_SECOND', 1000000, '2000-10-10 12:34:56')", '2000-10-10 12:34:56.001'],
    ["CAST(TIMESTAMPADD('SQL_TSI_SECOND', 1, TIME '12:34:56') AS VARCHAR)", '12:34:57'],
    ["TIMESTAMPDIFF('MONTH', TIMESTAMP '2000-10-10 01:23:45.678', TIMESTAMP '2000-12-31 12:34:56.789')", 2],
    ["TIMESTAMPDIFF('MONTH', TIMESTAMP '2000-03-31 01:23:45.678', TIMESTAMP '2000-04-30 12:34:56.789')", 0],
    ["TIMESTAMPDIFF('MONTH', TIMESTAMP '2000-12-31 01:23:45.678', TIMESTAMP '2000-10-10 12:34:56.789')", -2],
    ["TIMESTAMPDIFF('HOUR', TIMESTAMP '2000-10-10 12:34:56.789', EPOCH_MSECS_TO_DATETIME(978222896678))", 1955],
    ["TIMESTAMPDIFF('YEAR', DATE '2000-02-29', DATE '2001-02-28')", 0],
    ["TIMESTAMPDIFF('MINUTE', TIME '10:00:00', TIME '10:59:59')", 59],
    ["DATEDIFF(DATE '2000-10-10', DATE '2000-12-31')", 82],
    ["DATEDIFF(DATE '2000-03-31', DATE '2000-04-30')", 30],
    ["DATEDIFF(DATE '2000-12-31', DATE '2000-10-10')", -82],
    ["DATEDIFF(DATETIME('2000-10-10 12:34:56'), DATETIME(978222896000))", 81],
    ["DATEDIFF('MONTH', DATE '2000-10-10', DATE '2000-12-31')", 2],
    ["DATEDIFF('MONTH', DATE '2000-03-31', DATE '2000-04-30')", 0],
    ["DATEDIFF('HOUR', DATETIME('2000-10-10 12:34:56'), DATETIME(978222896000))", 1956],
    ["DATE_TRUNC('WEEK', TIMESTAMP '2008-09-10 12:34:56.789')", '2008-09-07 00:00:00.000'],
    ["DATE_TRUNC('QUARTER', TIMESTAMP '2008-09-10 12:34:56.789')", '2008-07-01 00:00:00.000'],
    ["TIMESTAMP_TRUNC('MILLISECOND', TIMESTAMP '2008-09-10 12:34:56.789')", '2008-09-10 12:34:56.789'],
    ["DATEPART('YEAR', '2000-12-31')", 2000],
    ["DATEPART('SECOND', '2000-03-31 12:34:56.220')", 56],
    ["DATEPART('MSECS_SINCE_EPOCH', '2000-03-31 12:34:56.220')", 954506096220],
    ["DAYOFWEEK(DATE '2000-10-08')", 1], // a Sunday
    ["DAY_OF_WEEK(DATE '2000-10-14')", 7], // a Saturday
    ["DAY_OF_YEAR(DATE '2000-12-31')", 366],
    ["WEEK(DATE '2000-01-01')", 1], // a Saturday: the week holding Jan 1st
    ["WEEK(DATE '2000-01-02')", 2], // the next Sunday starts week 2
    ["MSEC(TIMESTAMP '2000-01-01 00:00:01.789')", 789],
    ["SEC(TIMESTAMP '2000-01-01 00:00:42')", 42],
    ["MSECS_SINCE_EPOCH('2000-10-10 12:34:56.789')", 971181296789],
    ["SECS_SINCE_EPOCH('2000-10-10 12:34:56')", 971181296],
    ["UNIX_TIMESTAMP(TIMESTAMP '2000-10-10 12:34:56')", 971181296],
    ['EPOCH_MSECS_TO_DATETIME(971181296789)', '2000-10-10 12:34:56.789'],
    ['EPOCH_SECS_TO_DATETIME(971181296)', '2000-10-10 12:34:56.000'],
    ['DATE_TO_EPOCH_MSECS(2017, 06, 15, 09, 22, 15, 42)', 1497518535042],
    ['DATE_TO_EPOCH_SECS(2017, 06, 15, 09, 22, 15)', 1497518535],
    ["TIMESTAMP_FROM_DATE_TIME('2017-06-15', '10:37:30')", '2017-06-15 10:37:30.000'],
    ['WEEK_TO_EPOCH_MSECS(2017, -32)', 1463270400000],
    ['WEEK_TO_EPOCH_SECS(2017, -32)', 1463270400],
    ["NEXT_DAY('2000-10-10', 'Wednesday')", '2000-10-11 00:00:00.000'],
    ["NEXT_DAY('2000-10-10', 'Tuesday')", '2000-10-17 00:00:00.000'],
    ["TIME_BUCKET(INTERVAL 5 MINUTES, TIMESTAMP '2023-02-28 00:03:00', INTERVAL '-150' SECONDS, TIMESTAMP '2023-02-28 00:00:00')", '2023-02-28 00:02:30.000'],
    ["TIME_BUCKET(300000, TIMESTAMP '2023-02-28 00:03:00')", '2023-02-28 00:00:00.000'],
    ["DATE_BUCKET(7, DATE '2023-02-20', -3, DATE '2023-02-21')", '2023-02-18 00:00:00.000'],
    ["EXTRACT(YEAR FROM TIMESTAMP '2000-10-10 12:34:56')", 2000],
    ["TIMESTAMP '2000-10-10 12:34:56' + INTERVAL '1' DAY", '2000-10-11 12:34:56.000'],
  ])('%s is %j', async (sql, expected) => {
    expect(await one(sql)).toEqual(expected);
  });

  it('an unknown unit is an error, not a NULL', async () => {
    await expect(connection.run("SELECT TIMESTAMPADD('FORTNIGHT', 1, TIMESTAMP '2000-01-01')")).rejects.toThrow(/unknown date\/time unit: FORTNIGHT/);
  });

  it('the current date/time functions answer UTC values of the right types', async () => {
    const reader = await connection.runAndReadAll(
      'SELECT typeof(CURRENT_DATETIME()), typeof(NOW()), typeof(CURRENT_DATE()), typeof(CURRENT_DATE), typeof(CURRENT_TIME()), typeof(CURRENT_TIMESTAMP()), typeof(CLOCK_TIMESTAMP())',
    );
    expect(reader.getRowsJS()[0]).toEqual(['TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'DATE', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP']);
    const [now] = await row('SELECT epoch_ms(CURRENT_DATETIME())');
    expect(Math.abs(Number(now) - Date.now())).toBeLessThan(60_000);
  });
});

describe('math macros', () => {
  it.each([
    ['LOG(EXP(2))', 2],
    ['LN(EXP(1))', 1],
    ['SQRTF(4)', 2],
    ['LOGF(1)', 0],
    ['HYPOT(3, 4)', 5],
    ['LDEXP(3, 2)', 12],
    ['TRUNCATE(12345.678)', 12345],
    ['TRUNCATE(12345.678, 2)', 12345.67],
    ['TRUNCATE(12345.678, -2)', 12300],
    ['ROUND(12345.678, -2)', 12300],
    ['WIDTH_BUCKET(-1, 0, 10, 5)', 0],
    ['WIDTH_BUCKET(0, 0, 10, 5)', 1],
    ['WIDTH_BUCKET(5, 0, 10, 5)', 3],
    ['WIDTH_BUCKET(10, 0, 10, 5)', 6],
    ['WIDTH_BUCKET(11, 0, 10, 5)', 6],
    ['DIVZ(10, 0, -1)', -1],
    ['DIVZ(10, 4, -1)', 2.5],
    ['GREATER(1, 2)', 2],
    ['LESSER(1, 2)', 1],
    ["IF_NAN(CAST('nan' AS DOUBLE), -1)", -1],
    ["IF_INF(CAST('inf' AS DOUBLE), 999)", 999],
    ["IF_ERROR(CAST('-inf' AS DOUBLE), 1)", 1],
    ['IFERROR(2.5, 1)', 2.5],
    ["IS_INFINITY(CAST('inf' AS DOUBLE))", 1],
    ["ISNUMERIC(CAST('nan' AS DOUBLE))", 0],
    ['IS_NUMERIC(1.5)', 1],
    ['NEXT_AFTER(1.0) > 1', true],
    ['NEXT_BEFORE(1.0) < 1', true],
    ['RAND() BETWEEN 0 AND 1', true],
    ['REGR_VALX(NULL, 1)', null],
    ['REGR_VALY(2, 1)', 2],
    ['MOD(7, 3)', 1],
    ['SIGN(-4)', -1],
  ])('%s is %j', async (sql, expected) => {
    const value = await one(sql);
    if (typeof expected === 'number' && typeof value === 'number') expect(value).toBeCloseTo(expected, 5);
    else expect(value).toEqual(expected);
  });
});

describe('aggregate macros', () => {
  const data = "(VALUES (1.0, 'a'), (2.0, 'b'), (4.0, 'b'), (9.0, 'c')) t(v, w)";

  it.each([
    ['STDDEV(v)', Math.sqrt(9.5)], // population: Kinetica's STDDEV divides by N
    ['STDDEV_SAMP(v)', Math.sqrt(38 / 3)],
    ['VARIANCE(v)', 9.5],
    ['VAR(v)', 9.5],
    ['VARIANCE_SAMP(v)', 38 / 3],
    ['SKEWNESS(v)', 22.5 / Math.pow(9.5, 1.5)],
    ['SKEW_SAMP(v)', ((22.5 / Math.pow(9.5, 1.5)) * Math.sqrt(12)) / 2],
    ['KURTOSIS(v)', -1],
    ['COUNT_DISTINCT(w)', 3],
    ['COVAR(v, v)', 9.5],
    ['CORRELATION(v, v)', 1],
    ['MEAN(v)', 4],
    ['PRODUCT(v)', 72],
    ['ARG_MAX(v, w)', 'c'], // the w where v is largest
    ['ARG_MIN(v, w)', 'a'],
    ['FIRST(w, v)', 'a'], // FIRST(ret, agg) = ARG_MIN(agg, ret)
    ['LAST(w, v)', 'c'],
    ['ATTR(w)', '*'],
    ["ATTR(CASE WHEN v > 0 THEN 'same' END)", 'same'],
    ["array_to_string(list_sort(string_split(STRING_AGG_DISTINCT(w, '|'), '|')), '|')", 'a|b|c'],
    ["length(STRING_AGG_DISTINCT(w))", 5],
    ['len(ARRAY_AGG_DISTINCT(w))', 3], // three values, the default ',' between
  ])('%s is %j', async (sql, expected) => {
    const [value] = await row(`SELECT ${sql} FROM ${data}`);
    if (typeof expected === 'number') expect(Number(value)).toBeCloseTo(expected, 9);
    else expect(value).toEqual(expected);
  });

  it('APPROX_MEDIAN and APPROX_PERCENTILE (p in 0..100) answer values in range', async () => {
    const [median, p100, p0] = await row(`SELECT APPROX_MEDIAN(v), APPROX_PERCENTILE(v, 100), APPROX_PERCENTILE(v, 0) FROM ${data}`);
    expect(Number(median)).toBeGreaterThanOrEqual(2);
    expect(Number(median)).toBeLessThanOrEqual(4);
    expect(Number(p100)).toBe(9);
    expect(Number(p0)).toBe(1);
  });

  it('a macro aggregate takes no DISTINCT, ORDER BY or FILTER (DuckDB refuses them on macros)', async () => {
    await expect(connection.run(`SELECT STDDEV(DISTINCT v) FROM ${data}`)).rejects.toThrow(/Macro Function/);
  });

  it('a shadowed aggregate still works as a window function', async () => {
    const reader = await connection.runAndReadAll('SELECT STDDEV(v) OVER () FROM (VALUES (1.0), (3.0)) t(v)');
    expect(reader.getRowsJS().map((r) => r[0])).toEqual([1, 1]);
  });
});

describe('string macros', () => {
  it.each([
    ["LCASE('AbC')", 'abc'],
    ["UCASE('AbC')", 'ABC'],
    ["CONTAINS('b', 'abc')", 1], // CONTAINS(match, expr)
    ["CONTAINS('abc', 'b')", 0],
    ["STARTS_WITH('ab', 'abc')", 1],
    ["ENDS_WITH('bc', 'abc')", 1],
    ["ENDS_WITH('ab', 'abc')", 0],
    ["LOCATE('b', 'abcb')", 2],
    ["LOCATE('b', 'abcb', 3)", 4],
    ["LOCATE('b', 'abc', 9)", 0],
    ["POSITION('c' IN 'abc')", 3],
    ["INITCAP('hello wORLD')", 'Hello World'],
    ["SPACE(3) || '|'", '   |'],
    ["STRCMP('a', 'b')", -1],
    ["STRCMP('b', 'b')", 0],
    ["SPLIT('a,b,c', ',', 2)", 'b'],
    ["SPLIT('a,b,c', ',', -1)", 'c'],
    ["SPLIT('a', ',', 5)", ''],
    ["EDIT_DISTANCE('kitten', 'sitting')", 3],
    ["REGEXP_LIKE('partial', 'part')", true],
    ["REGEXP_LIKE('Case', 'cAsE', 'i')", true],
    ["REGEXP_LIKE('Case', 'cAsE')", false],
    ["REGEXP_MATCH('A to Z', '^A.*Z$')", true],
    ["REGEXP_COUNT('abababab', 'abab')", 2],
    ["REGEXP_COUNT('abababab', 'abab', 2)", 1],
    ["REGEXP_INSTR('abcdefg', 'bc')", 2],
    ["REGEXP_SUBSTR('abcdefg', 'b.')", 'bc'],
    ["REGEXP_SUBSTR('abcadeafghij', 'a...', 2, 1)", 'adea'],
    ["REGEXP_SUBSTR('abcadeafghij', 'a...', 1, 2)", 'afgh'],
    ["REGEXP_REPLACE('abc', 'b')", 'ac'],
    ["REGEXP_REPLACE('abc', 'b.', 'x')", 'ax'],
    ["REGEXP_REPLACE('abcd', '(b(.))', '-\\2-')", 'a-c-d'],
    ["REPLACE_CHAR('a.b.c', '.', '/')", 'a/b/c'],
    ['HEX(42)', '2A'],
    ['HEX(42, 8)', '0000002A'],
    ['TO_HEX(255)', 'FF'],
    ['BIN(42)', '101010'],
    ['BIN(42, 8)', '00101010'],
    ['OCT(42)', '52'],
    ['OCT(42, 8)', '00000052'],
    ["UNHEX('2A')", 42],
    ["HEX2DEC('0x2a')", 42],
    ["IPV4_PART('12.34.56.78', 1)", 12],
    ["IPV4_PART('12.34.56.78', 4)", 78],
    ["IS_IPV4('12.34.56.78')", 1],
    ["ISIPV4('12.34.56')", 0],
    ["IS_IPV4('256.1.1.1')", 0],
    ["LPAD('test', 9, 'pad')", 'padpatest'],
    ["LPAD('test', 3, 'pad')", 'tes'],
    ["REVERSE('Reverse')", 'esreveR'],
    ["CONCAT(CONCAT('ABC', '123'), '!')", 'ABC123!'],
    ["ASCII('A')", 65],
  ])('%s is %j', async (sql, expected) => {
    expect(await one(sql)).toEqual(expected);
  });
});

describe('conversion and security macros', () => {
  it.each([
    ["LONG(TIMESTAMP '2000-10-10 12:34:56.789')", 971181296789],
    ["LONG('42')", 42],
    ["DOUBLE('1.5')", 1.5],
    ['STRING(42)', '42'],
    ["CHAR4('abcdefg')", 'abcd'],
    ['CHAR1(12)', '1'],
    ['ULONG(5)', 5],
    ['DATETIME(971181296000)', '2000-10-10 12:34:56.000'],
    ["DATETIME('2000-10-10 12:00:00')", '2000-10-10 12:00:00.000'],
    ["DATE('2000-10-10')", '2000-10-10 00:00:00.000'],
    ["DATE(TIMESTAMP '2000-10-10 12:34:56')", '2000-10-10 00:00:00.000'],
    ["TO_CHAR(TIMESTAMP '2000-10-10 12:34:56', '\"Last login: \"YYYY-MM-DD')", 'Last login: 2000-10-10'],
    ["TO_CHAR(TIMESTAMP '2000-10-10 13:04:05', 'MM/DD/YY HH24:MI:SS')", '10/10/00 13:04:05'],
    ["TO_CHAR(DATE '2000-10-10', 'DAY MONTH')", 'Tuesday October'],
    ["MASK('abcdefg', 2, 3)", 'a***efg'],
    ["MASK('abc', 2, 9, '#')", 'a##'],
    ['LENGTH(NEW_UUID())', 36],
    ["SHA256('abc')", 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('%s is %j', async (sql, expected) => {
    expect(await one(sql)).toEqual(expected);
  });
});
