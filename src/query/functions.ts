/**
 * The SQL function catalogue of SELECT on DuckDB: which function names a Kinetica query may call,
 * and the DuckDB macros that give Kinetica's names (and Kinetica's meaning) to functions DuckDB
 * has under another name, with another argument order, or not at all.
 *
 * - ENGINE_MACROS: `CREATE OR REPLACE MACRO` statements to run once on every new connection.
 *   Some of them deliberately shadow a DuckDB builtin of the same name whose meaning differs
 *   from Kinetica's (LOG is the natural log in Kinetica, STDDEV is the population deviation,
 *   CONTAINS takes the needle first, ...): SHADOWED_BUILTINS lists them. On a connection with
 *   the macros, code that wants DuckDB's own function must call `system.main.<name>(...)`.
 * - KINETICA_FUNCTIONS: the lower-case names a query may call, native or macro.
 * - ENGINE_OPERATORS: the names DuckDB's parser gives operators and internal forms in the
 *   FUNCTION nodes of `json_serialize_sql` (`+`, `~~` for LIKE, `date_part` for EXTRACT, ...).
 *
 * Kinetica's reference: the SQL "Queries" chapter (functions by family) of docs.kinetica.com.
 * What is left out and why: docs/sql-functions.md.
 *
 * Unit arguments: Kinetica writes `TIMESTAMPADD(DAY, 1, ts)` with a bare word. DuckDB parses a
 * bare word as a column reference (`COLUMN_REF` "day"), which fails to bind. The macros take the
 * unit as a string (`TIMESTAMPADD('DAY', 1, ts)`, `SQL_TSI_` prefix allowed); `quoteBareUnits`
 * rewrites the serialized AST so the bare form works too (see there).
 */

export type FunctionFamily =
  | 'aggregate'
  | 'window'
  | 'math'
  | 'string'
  | 'datetime'
  | 'conditional'
  | 'conversion'
  | 'security';

interface MacroEntry {
  readonly name: string;
  readonly family: FunctionFamily;
  /** `(params) AS body` overloads, joined into one CREATE MACRO statement */
  readonly overloads: readonly string[];
}

/* ------------------------------------------------------------------------------------------ */
/* helpers (not callable by a query: not in KINETICA_FUNCTIONS)                                */
/* ------------------------------------------------------------------------------------------ */

/** Kinetica format codes and their strftime equivalents, longest first where one contains another */
const FORMAT_CODES: ReadonlyArray<readonly [string, string]> = [
  ['HH24', '%H'], ['HH12', '%I'], ['HH', '%I'], ['MONTH', '%B'], ['MON', '%b'], ['MMM', '%g'], ['MS', '%g'],
  ['MI', '%M'], ['MM', '%m'], ['YYYY', '%Y'], ['YY', '%y'], ['DDD', '%j'], ['DD', '%d'], ['DAY', '%A'],
  ['DY', '%a'], ['SS', '%S'], ['AM', '%p'], ['PM', '%p'],
];

/** nested replace() calls turning the Kinetica format `f` into a strftime format (quotes dropped, % escaped) */
function formatCodes(f: string): string {
  let expr = `replace(replace(${f}, '%', '%%'), '"', '')`;
  for (const [code, strftime] of FORMAT_CODES) expr = `replace(${expr}, '${code}', '${strftime}')`;
  return expr;
}

const HELPER_MACROS: readonly MacroEntry[] = [
  // a Kinetica date/time unit, upper case, without the ODBC SQL_TSI_ prefix
  { name: 'ki__unit', family: 'datetime', overloads: [`(u) AS regexp_replace(upper(trim(u)), '^SQL_TSI_', '')`] },
  // whole months from a to b, counted as Kinetica does: a month only counts once the day and
  // time of b reach those of a (Mar 31 -> Apr 30 is 0 months)
  {
    name: 'ki__months',
    family: 'datetime',
    overloads: [
      `(a, b) AS date_diff('month', a, b) - CASE
        WHEN date_diff('month', a, b) > 0 AND strftime(b, '%d%H%M%S%f') < strftime(a, '%d%H%M%S%f') THEN 1
        WHEN date_diff('month', a, b) < 0 AND strftime(b, '%d%H%M%S%f') > strftime(a, '%d%H%M%S%f') THEN -1
        ELSE 0 END`,
    ],
  },
  // Kinetica's date/time format codes (YYYY-MM-DD HH24:MI:SS.MS) as strftime/strptime codes
  { name: 'ki__fmt', family: 'conversion', overloads: [`(f) AS ${formatCodes('f')}`] },
  // Kinetica's WEEK: weeks start on Sunday, the week holding Jan 1st is 1
  {
    name: 'ki__week',
    family: 'datetime',
    overloads: [
      `(d) AS CAST((date_part('doy', d) + date_part('dow', system.main.date_trunc('year', d)) - 1) // 7 + 1 AS INTEGER)`,
    ],
  },
  // population skewness (DuckDB's skewness is the sample-corrected one)
  {
    name: 'ki__skew_pop',
    family: 'aggregate',
    overloads: [
      `(x) AS (avg(CAST(x AS DOUBLE) ^ 3) - 3 * avg(CAST(x AS DOUBLE)) * avg(CAST(x AS DOUBLE) ^ 2) + 2 * avg(CAST(x AS DOUBLE)) ^ 3)
        / (var_pop(CAST(x AS DOUBLE)) ^ 1.5)`,
    ],
  },
];

/* ------------------------------------------------------------------------------------------ */
/* Kinetica functions as macros                                                                */
/* ------------------------------------------------------------------------------------------ */

const TIMESTAMPADD_BODY = (ts: string): string => `CASE ki__unit(u)
    WHEN 'YEAR' THEN ${ts} + to_months(CAST(12 * n AS INTEGER))
    WHEN 'QUARTER' THEN ${ts} + to_months(CAST(3 * n AS INTEGER))
    WHEN 'MONTH' THEN ${ts} + to_months(CAST(n AS INTEGER))
    WHEN 'WEEK' THEN ${ts} + to_days(CAST(7 * n AS INTEGER))
    WHEN 'DAY' THEN ${ts} + to_days(CAST(n AS INTEGER))
    WHEN 'HOUR' THEN ${ts} + to_hours(CAST(n AS BIGINT))
    WHEN 'MINUTE' THEN ${ts} + to_minutes(CAST(n AS BIGINT))
    WHEN 'SECOND' THEN ${ts} + to_microseconds(CAST(n AS BIGINT) * 1000000)
    WHEN 'MILLISECOND' THEN ${ts} + to_milliseconds(CAST(n AS BIGINT))
    WHEN 'FRAC_SECOND' THEN ${ts} + to_milliseconds(CAST(n AS BIGINT) // 1000000)
    ELSE error('unknown date/time unit: ' || u) END`;

const TIMESTAMPDIFF_BODY = (a: string, b: string): string => `CASE ki__unit(u)
    WHEN 'YEAR' THEN ki__months(${a}, ${b}) // 12
    WHEN 'QUARTER' THEN ki__months(${a}, ${b}) // 3
    WHEN 'MONTH' THEN ki__months(${a}, ${b})
    WHEN 'WEEK' THEN (epoch_us(${b}) - epoch_us(${a})) // 604800000000
    WHEN 'DAY' THEN (epoch_us(${b}) - epoch_us(${a})) // 86400000000
    WHEN 'HOUR' THEN (epoch_us(${b}) - epoch_us(${a})) // 3600000000
    WHEN 'MINUTE' THEN (epoch_us(${b}) - epoch_us(${a})) // 60000000
    WHEN 'SECOND' THEN (epoch_us(${b}) - epoch_us(${a})) // 1000000
    WHEN 'MILLISECOND' THEN (epoch_us(${b}) - epoch_us(${a})) // 1000
    WHEN 'FRAC_SECOND' THEN (epoch_us(${b}) - epoch_us(${a})) * 1000
    ELSE error('unknown date/time unit: ' || u) END`;

/** a TIME as a timestamp on one fixed day, so time-only arithmetic reuses the timestamp bodies */
const ON_DAY = (t: string): string => `(DATE '2000-01-01' + ${t})`;

const TIMESTAMPADD_OVERLOADS = [
  `(u, n, ts TIMESTAMP) AS ${TIMESTAMPADD_BODY('ts')}`,
  `(u, n, ts TIME) AS ${TIMESTAMPADD_BODY('ts')}`,
  `(u, n, ts VARCHAR) AS ${TIMESTAMPADD_BODY('CAST(ts AS TIMESTAMP)')}`,
];

const TIMESTAMPDIFF_OVERLOADS = [
  `(u, a TIMESTAMP, b TIMESTAMP) AS ${TIMESTAMPDIFF_BODY('a', 'b')}`,
  `(u, a TIME, b TIME) AS ${TIMESTAMPDIFF_BODY(ON_DAY('a'), ON_DAY('b'))}`,
  `(u, a VARCHAR, b VARCHAR) AS ${TIMESTAMPDIFF_BODY('CAST(a AS TIMESTAMP)', 'CAST(b AS TIMESTAMP)')}`,
];

const DATE_TRUNC_BODY = `CASE ki__unit(p)
    WHEN 'WEEK' THEN system.main.date_trunc('week', x + INTERVAL 1 DAY) - INTERVAL 1 DAY
    ELSE system.main.date_trunc(lower(ki__unit(p)), x) END`;

/** DECODE(expr, match_1, value_1, ..., match_n, value_n[, default]) for up to this many pairs */
const DECODE_MAX_PAIRS = 12;

function decodeOverloads(): string[] {
  const out: string[] = [];
  for (let pairs = 1; pairs <= DECODE_MAX_PAIRS; pairs++) {
    const params: string[] = ['e'];
    const whens: string[] = [];
    for (let i = 1; i <= pairs; i++) {
      params.push(`m${i}`, `v${i}`);
      whens.push(`WHEN m${i} THEN v${i}`);
    }
    out.push(`(${params.join(', ')}) AS CASE e ${whens.join(' ')} END`);
    out.push(`(${params.join(', ')}, d) AS CASE e ${whens.join(' ')} ELSE d END`);
  }
  return out;
}

/** TIME_BUCKET(width, ts[, offset[, base]]): width and offset are INTERVALs or milliseconds */
function timeBucketOverloads(): string[] {
  const forms: ReadonlyArray<readonly [string, (x: string) => string]> = [
    ['INTERVAL', (x) => x],
    ['BIGINT', (x) => `to_milliseconds(${x})`],
  ];
  const out: string[] = [];
  for (const [wType, w] of forms) {
    out.push(`(w ${wType}, ts TIMESTAMP) AS system.main.time_bucket(${w('w')}, ts)`);
    for (const [oType, o] of forms) {
      out.push(`(w ${wType}, ts TIMESTAMP, off ${oType}) AS system.main.time_bucket(${w('w')}, ts, TIMESTAMP '2000-01-03 00:00:00' + ${o('off')})`);
      out.push(`(w ${wType}, ts TIMESTAMP, off ${oType}, base TIMESTAMP) AS system.main.time_bucket(${w('w')}, ts, base + ${o('off')})`);
    }
  }
  return out;
}

/** Kinetica's float (REAL) variants of double math functions: ACOSF, SQRTF, ... */
const FLOAT_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['acosf', 'acos'], ['acoshf', 'acosh'], ['asinf', 'asin'], ['asinhf', 'asinh'], ['atanf', 'atan'],
  ['atanhf', 'atanh'], ['cbrtf', 'cbrt'], ['cosf', 'cos'], ['coshf', 'cosh'], ['cotf', 'cot'],
  ['degreesf', 'degrees'], ['expf', 'exp'], ['lnf', 'ln'], ['logf', 'ln'], ['log10f', 'log10'],
  ['log2f', 'log2'], ['radiansf', 'radians'], ['sinf', 'sin'], ['sinhf', 'sinh'], ['sqrtf', 'sqrt'],
  ['tanf', 'tan'], ['tanhf', 'tanh'],
];

/** DuckDB wants constant regex options: Kinetica's mode 'i' (case-insensitive) is the one carried over */
const REGEX_MODE = `CASE WHEN instr(mode, 'i') > 0 THEN regexp_matches(s, r, 'i') ELSE regexp_matches(s, r) END`;

const INF_OR_NAN = (x: string): string => `(isnan(CAST(${x} AS DOUBLE)) OR isinf(CAST(${x} AS DOUBLE)))`;

const m = (name: string, family: FunctionFamily, ...overloads: string[]): MacroEntry => ({ name, family, overloads });

const KINETICA_MACROS: readonly MacroEntry[] = [
  /* ---- conditional / null ---- */
  m('nvl', 'conditional', `(a, b) AS COALESCE(a, b)`),
  m('nvl2', 'conditional', `(e, if_not_null, if_null) AS CASE WHEN e IS NOT NULL THEN if_not_null ELSE if_null END`),
  m('is_null', 'conditional', `(e) AS CAST(e IS NULL AS INTEGER)`),
  m('isnull', 'conditional', `(e) AS CAST(e IS NULL AS INTEGER)`),
  m('zeroifnull', 'conditional', `(e) AS COALESCE(e, 0)`),
  m('remove_nullable', 'conditional', `(e) AS COALESCE(e, 0)`),
  m('decode', 'conditional', ...decodeOverloads()),

  /* ---- conversion ---- */
  m('long', 'conversion', `(x TIMESTAMP) AS epoch_ms(x)`, `(x DOUBLE) AS CAST(x AS BIGINT)`, `(x VARCHAR) AS CAST(x AS BIGINT)`),
  m('ulong', 'conversion', `(x) AS CAST(x AS UBIGINT)`),
  m('double', 'conversion', `(x) AS CAST(x AS DOUBLE)`),
  m('string', 'conversion', `(x) AS CAST(x AS VARCHAR)`),
  ...[1, 2, 4, 8, 16, 32, 64, 128, 256].map((n) => m(`char${n}`, 'conversion', `(x) AS left(CAST(x AS VARCHAR), ${n})`)),
  m('datetime', 'conversion', `(x BIGINT) AS epoch_ms(x)`, `(x TIMESTAMP) AS x`, `(x VARCHAR) AS CAST(x AS TIMESTAMP)`),
  m('to_char', 'conversion', `(x, f) AS strftime(x, ki__fmt(f))`),

  /* ---- date/time ---- */
  m('current_datetime', 'datetime', `() AS timezone('UTC', get_current_timestamp())`),
  m('clock_timestamp', 'datetime', `() AS timezone('UTC', get_current_timestamp())`),
  // with parentheses these do not exist in DuckDB; defining them also redefines the bare keyword
  m('current_timestamp', 'datetime', `() AS timezone('UTC', get_current_timestamp())`),
  m('current_date', 'datetime', `() AS CAST(timezone('UTC', get_current_timestamp()) AS DATE)`),
  m('current_time', 'datetime', `() AS CAST(timezone('UTC', get_current_timestamp()) AS TIME)`),
  m('timestampadd', 'datetime', ...TIMESTAMPADD_OVERLOADS),
  m('dateadd', 'datetime', ...TIMESTAMPADD_OVERLOADS),
  m('timestampdiff', 'datetime', ...TIMESTAMPDIFF_OVERLOADS),
  // shadows DuckDB's datediff (which counts boundaries crossed: Mar 31 -> Apr 30 is 1 month)
  m(
    'datediff',
    'datetime',
    `(a TIMESTAMP, b TIMESTAMP) AS (epoch_us(b) - epoch_us(a)) // 86400000000`,
    `(a VARCHAR, b VARCHAR) AS (epoch_us(CAST(b AS TIMESTAMP)) - epoch_us(CAST(a AS TIMESTAMP))) // 86400000000`,
    ...TIMESTAMPDIFF_OVERLOADS,
  ),
  // shadow DuckDB's: a Kinetica week starts on Sunday
  m('date_trunc', 'datetime', `(p, x) AS ${DATE_TRUNC_BODY}`),
  m('timestamp_trunc', 'datetime', `(p, x) AS ${DATE_TRUNC_BODY}`),
  m(
    'datepart',
    'datetime',
    `(p, x) AS CASE ki__unit(p)
      WHEN 'MSECS_SINCE_EPOCH' THEN epoch_ms(CAST(x AS TIMESTAMP))
      WHEN 'SECS_SINCE_EPOCH' THEN epoch_ms(CAST(x AS TIMESTAMP)) // 1000
      WHEN 'WEEK' THEN ki__week(CAST(x AS TIMESTAMP))
      WHEN 'MILLISECOND' THEN date_part('millisecond', CAST(x AS TIMESTAMP)) % 1000
      ELSE date_part(CASE WHEN ki__unit(p) IN ('MSECS_SINCE_EPOCH', 'SECS_SINCE_EPOCH', 'WEEK', 'MILLISECOND') THEN 'year'
        ELSE lower(ki__unit(p)) END, CAST(x AS TIMESTAMP)) END`,
  ),
  // shadows DuckDB's (0 = Sunday): Kinetica's is 1 = Sunday .. 7 = Saturday
  m('dayofweek', 'datetime', `(x) AS CAST(date_part('dow', x) + 1 AS INTEGER)`),
  m('day_of_week', 'datetime', `(x) AS CAST(date_part('dow', x) + 1 AS INTEGER)`),
  m('day_of_year', 'datetime', `(x) AS CAST(date_part('doy', x) AS INTEGER)`),
  // shadows DuckDB's ISO week
  m('week', 'datetime', `(x) AS ki__week(x)`),
  m('msec', 'datetime', `(x) AS CAST(date_part('millisecond', x) % 1000 AS INTEGER)`),
  m('sec', 'datetime', `(x) AS CAST(date_part('second', x) AS INTEGER)`),
  m('msecs_since_epoch', 'datetime', `(x TIMESTAMP) AS epoch_ms(x)`, `(x VARCHAR) AS epoch_ms(CAST(x AS TIMESTAMP))`),
  m('secs_since_epoch', 'datetime', `(x TIMESTAMP) AS epoch_ms(x) // 1000`, `(x VARCHAR) AS epoch_ms(CAST(x AS TIMESTAMP)) // 1000`),
  m('unix_timestamp', 'datetime', `(x TIMESTAMP) AS epoch_ms(x) // 1000`, `(x VARCHAR) AS epoch_ms(CAST(x AS TIMESTAMP)) // 1000`),
  m('epoch_msecs_to_datetime', 'datetime', `(ms) AS epoch_ms(CAST(ms AS BIGINT))`),
  m('epoch_secs_to_datetime', 'datetime', `(s) AS epoch_ms(CAST(s AS BIGINT) * 1000)`),
  m(
    'date_to_epoch_msecs',
    'datetime',
    `(y, mo, d, h, mi, s, ms) AS epoch_ms(make_timestamp(y, mo, d, h, mi, s)) + ms`,
  ),
  m('date_to_epoch_secs', 'datetime', `(y, mo, d, h, mi, s) AS epoch_ms(make_timestamp(y, mo, d, h, mi, s)) // 1000`),
  m('timestamp_from_date_time', 'datetime', `(d, t) AS CAST(d AS DATE) + CAST(t AS TIME)`),
  m(
    'week_to_epoch_secs',
    'datetime',
    `(y, w) AS epoch_ms(make_date(y, 1, 1) - CAST(date_part('dow', make_date(y, 1, 1)) AS INTEGER) + CAST(7 * (w - 1) AS INTEGER)) // 1000`,
  ),
  m(
    'week_to_epoch_msecs',
    'datetime',
    `(y, w) AS epoch_ms(make_date(y, 1, 1) - CAST(date_part('dow', make_date(y, 1, 1)) AS INTEGER) + CAST(7 * (w - 1) AS INTEGER))`,
  ),
  m(
    'next_day',
    'datetime',
    `(x, dow) AS CAST(x AS DATE) + CAST(((((instr('sunmontuewedthufrisat', lower(left(trim(dow), 3))) - 1) // 3)
      - date_part('dow', CAST(x AS DATE)) + 6) % 7) + 1 AS INTEGER)`,
  ),
  // shadows DuckDB's (INTERVAL width only): Kinetica also takes milliseconds, and an offset from a base
  m('time_bucket', 'datetime', ...timeBucketOverloads()),
  m(
    'date_bucket',
    'datetime',
    `(w, ds) AS CAST(system.main.time_bucket(to_days(CAST(w AS INTEGER)), CAST(ds AS DATE), DATE '2000-01-03') AS DATE)`,
    `(w, ds, off) AS CAST(system.main.time_bucket(to_days(CAST(w AS INTEGER)), CAST(ds AS DATE), CAST(DATE '2000-01-03' + CAST(off AS INTEGER) AS DATE)) AS DATE)`,
    `(w, ds, off, base) AS CAST(system.main.time_bucket(to_days(CAST(w AS INTEGER)), CAST(ds AS DATE), CAST(CAST(base AS DATE) + CAST(off AS INTEGER) AS DATE)) AS DATE)`,
  ),

  /* ---- math ---- */
  // shadows DuckDB's log (base 10): Kinetica's LOG is the natural logarithm
  m('log', 'math', `(x) AS ln(x)`),
  ...FLOAT_VARIANTS.map(([name, base]) => m(name, 'math', `(x) AS CAST(${base}(x) AS REAL)`)),
  m('atan2f', 'math', `(y, x) AS CAST(atan2(y, x) AS REAL)`),
  m('atn2', 'math', `(y, x) AS atan2(y, x)`),
  m('atn2f', 'math', `(y, x) AS CAST(atan2(y, x) AS REAL)`),
  m('powf', 'math', `(b, e) AS CAST(pow(b, e) AS REAL)`),
  m('powerf', 'math', `(b, e) AS CAST(pow(b, e) AS REAL)`),
  m('hypot', 'math', `(x, y) AS sqrt(CAST(x AS DOUBLE) * x + CAST(y AS DOUBLE) * y)`),
  m('hypotf', 'math', `(x, y) AS CAST(sqrt(CAST(x AS DOUBLE) * x + CAST(y AS DOUBLE) * y) AS REAL)`),
  m('ldexp', 'math', `(x, e) AS x * pow(2, e)`),
  m('ldexpf', 'math', `(x, e) AS CAST(x * pow(2, e) AS REAL)`),
  m('log1p', 'math', `(x) AS ln(1 + CAST(x AS DOUBLE))`),
  m('log1pf', 'math', `(x) AS CAST(ln(1 + CAST(x AS DOUBLE)) AS REAL)`),
  m('divz', 'math', `(a, b, c) AS CASE WHEN b = 0 THEN c ELSE a / b END`),
  m('greater', 'math', `(a, b) AS greatest(a, b)`),
  m('lesser', 'math', `(a, b) AS least(a, b)`),
  m('if_error', 'math', `(x, v) AS CASE WHEN ${INF_OR_NAN('x')} THEN v ELSE x END`),
  m('iferror', 'math', `(x, v) AS CASE WHEN ${INF_OR_NAN('x')} THEN v ELSE x END`),
  m('if_inf', 'math', `(x, v) AS CASE WHEN isinf(CAST(x AS DOUBLE)) THEN v ELSE x END`),
  m('ifinf', 'math', `(x, v) AS CASE WHEN isinf(CAST(x AS DOUBLE)) THEN v ELSE x END`),
  m('if_infinity', 'math', `(x, v) AS CASE WHEN isinf(CAST(x AS DOUBLE)) THEN v ELSE x END`),
  m('ifinfinity', 'math', `(x, v) AS CASE WHEN isinf(CAST(x AS DOUBLE)) THEN v ELSE x END`),
  m('if_nan', 'math', `(x, v) AS CASE WHEN isnan(CAST(x AS DOUBLE)) THEN v ELSE x END`),
  m('ifnan', 'math', `(x, v) AS CASE WHEN isnan(CAST(x AS DOUBLE)) THEN v ELSE x END`),
  m('isinfinity', 'math', `(x) AS CAST(isinf(CAST(x AS DOUBLE)) AS INTEGER)`),
  m('is_infinity', 'math', `(x) AS CAST(isinf(CAST(x AS DOUBLE)) AS INTEGER)`),
  m('is_nan', 'math', `(x) AS CAST(isnan(CAST(x AS DOUBLE)) AS INTEGER)`),
  m('isnumeric', 'math', `(x) AS CAST(NOT ${INF_OR_NAN('x')} AS INTEGER)`),
  m('is_numeric', 'math', `(x) AS CAST(NOT ${INF_OR_NAN('x')} AS INTEGER)`),
  m('next_after', 'math', `(x) AS nextafter(CAST(x AS DOUBLE), CAST('inf' AS DOUBLE))`, `(x, t) AS nextafter(CAST(x AS DOUBLE), CAST(t AS DOUBLE))`),
  m('next_before', 'math', `(x) AS nextafter(CAST(x AS DOUBLE), CAST('-inf' AS DOUBLE))`),
  m('rand', 'math', `() AS random()`),
  m(
    'truncate',
    'math',
    `(x) AS trunc(x)`,
    `(x, s) AS trunc(CAST(x AS DOUBLE) * pow(10, s)) / pow(10, s)`,
  ),
  m(
    'width_bucket',
    'math',
    `(x, lo, hi, n) AS CASE WHEN x < lo THEN 0 WHEN x >= hi THEN n + 1
      ELSE CAST(floor((x - lo) * n / (hi - lo)) AS BIGINT) + 1 END`,
  ),
  m('regr_valx', 'math', `(y, x) AS CASE WHEN y IS NULL THEN NULL ELSE x END`),
  m('regr_valy', 'math', `(y, x) AS CASE WHEN x IS NULL THEN NULL ELSE y END`),

  /* ---- aggregates ---- */
  // shadow DuckDB's (sample): Kinetica's STDDEV, VARIANCE, KURTOSIS, SKEWNESS are population statistics
  m('stddev', 'aggregate', `(x) AS stddev_pop(x)`),
  m('variance', 'aggregate', `(x) AS var_pop(x)`),
  m('var', 'aggregate', `(x) AS var_pop(x)`),
  m('variance_pop', 'aggregate', `(x) AS var_pop(x)`),
  m('variance_samp', 'aggregate', `(x) AS var_samp(x)`),
  m('count_distinct', 'aggregate', `(x) AS count(DISTINCT x)`),
  m('cov', 'aggregate', `(a, b) AS covar_pop(a, b)`),
  m('covar', 'aggregate', `(a, b) AS covar_pop(a, b)`),
  m('covariance', 'aggregate', `(a, b) AS covar_pop(a, b)`),
  m('correlation', 'aggregate', `(a, b) AS corr(a, b)`),
  m('corrcoef', 'aggregate', `(a, b) AS corr(a, b)`),
  m('kurtosis', 'aggregate', `(x) AS kurtosis_pop(x)`),
  m('kurt', 'aggregate', `(x) AS kurtosis_pop(x)`),
  m('kurt_pop', 'aggregate', `(x) AS kurtosis_pop(x)`),
  m('kurtosis_samp', 'aggregate', `(x) AS system.main.kurtosis(x)`),
  m('kurt_samp', 'aggregate', `(x) AS system.main.kurtosis(x)`),
  m('skewness', 'aggregate', `(x) AS ki__skew_pop(x)`),
  m('skew', 'aggregate', `(x) AS ki__skew_pop(x)`),
  m('skew_pop', 'aggregate', `(x) AS ki__skew_pop(x)`),
  m('skewness_pop', 'aggregate', `(x) AS ki__skew_pop(x)`),
  m('skew_samp', 'aggregate', `(x) AS system.main.skewness(x)`),
  m('skewness_samp', 'aggregate', `(x) AS system.main.skewness(x)`),
  m('approx_median', 'aggregate', `(x) AS approx_quantile(x, CAST(0.5 AS FLOAT))`),
  m('approx_percentile', 'aggregate', `(x, p) AS approx_quantile(x, CAST(p / 100.0 AS FLOAT))`),
  // shadow DuckDB's: Kinetica's ARG_MAX(agg_expr, ret_expr) names the compared value first
  m('arg_max', 'aggregate', `(agg, ret) AS system.main.arg_max(ret, agg)`),
  m('arg_min', 'aggregate', `(agg, ret) AS system.main.arg_min(ret, agg)`),
  // shadow DuckDB's one-argument first/last: Kinetica's FIRST(ret, agg) is ARG_MIN(agg, ret)
  m('first', 'aggregate', `(x) AS system.main.first(x)`, `(ret, agg) AS system.main.arg_min(ret, agg)`),
  m('last', 'aggregate', `(x) AS system.main.last(x)`, `(ret, agg) AS system.main.arg_max(ret, agg)`),
  m('attr', 'aggregate', `(x) AS CASE WHEN min(x) = max(x) THEN CAST(min(x) AS VARCHAR) ELSE '*' END`),
  m('array_agg_distinct', 'aggregate', `(x) AS array_agg(DISTINCT x)`),
  m('string_agg_distinct', 'aggregate', `(x) AS string_agg(DISTINCT x, ',')`, `(x, d) AS string_agg(DISTINCT x, d)`),

  /* ---- string ---- */
  // shadow DuckDB's (haystack first, BOOLEAN): Kinetica's take the needle first and answer 1 or 0
  m('contains', 'string', `(needle, s) AS CAST(instr(s, needle) > 0 AS INTEGER)`),
  m('starts_with', 'string', `(needle, s) AS CAST(system.main.starts_with(s, needle) AS INTEGER)`),
  m('ends_with', 'string', `(needle, s) AS CAST(suffix(s, needle) AS INTEGER)`),
  m(
    'locate',
    'string',
    `(needle, s) AS instr(s, needle)`,
    `(needle, s, start) AS CASE WHEN start < 1 OR start > length(s) OR instr(substring(s, start), needle) = 0 THEN 0
      ELSE instr(substring(s, start), needle) + start - 1 END`,
  ),
  m(
    'initcap',
    'string',
    `(s) AS array_to_string(list_transform(string_split(lower(s), ' '), lambda w: upper(left(w, 1)) || substring(w, 2)), ' ')`,
  ),
  m('space', 'string', `(n) AS repeat(' ', CAST(n AS BIGINT))`),
  m('strcmp', 'string', `(a, b) AS CASE WHEN a < b THEN -1 WHEN a > b THEN 1 ELSE 0 END`),
  m('split', 'string', `(s, d, n) AS COALESCE(string_split(s, d)[n], '')`),
  m('edit_distance', 'string', `(a, b) AS levenshtein(a, b)`),
  m('regexp_like', 'string', `(s, r) AS regexp_matches(s, r)`, `(s, r, mode) AS ${REGEX_MODE}`),
  m('regexp_match', 'string', `(s, r) AS regexp_matches(s, r)`, `(s, r, mode) AS ${REGEX_MODE}`),
  m(
    'regexp_count',
    'string',
    `(s, r) AS length(regexp_extract_all(s, r))`,
    `(s, r, pos) AS length(regexp_extract_all(substring(s, pos), r))`,
  ),
  m('regexp_instr', 'string', `(s, r) AS CASE WHEN regexp_matches(s, r) THEN instr(s, regexp_extract(s, r)) ELSE 0 END`),
  m(
    'regexp_substr',
    'string',
    `(s, r) AS regexp_extract(s, r)`,
    `(s, r, pos) AS regexp_extract(substring(s, pos), r)`,
    `(s, r, pos, occ) AS COALESCE(regexp_extract_all(substring(s, pos), r)[occ], '')`,
  ),
  // shadows DuckDB's, which replaces the first match only and needs the replacement
  m(
    'regexp_replace',
    'string',
    `(s, r) AS system.main.regexp_replace(s, r, '', 'g')`,
    `(s, r, repl) AS system.main.regexp_replace(s, r, repl, 'g')`,
  ),
  m('replace_char', 'string', `(s, a, b) AS replace(s, a, b)`),
  m('replace_truncate', 'string', `(s, a, b) AS left(replace(s, a, b), 256)`),
  // shadow DuckDB's hex/bin (no minimum-digits argument)
  m('hex', 'string', `(x) AS system.main.hex(x)`, `(x, n) AS lpad(system.main.hex(x), CAST(greatest(n, length(system.main.hex(x))) AS INTEGER), '0')`),
  m('to_hex', 'string', `(x) AS system.main.hex(x)`, `(x, n) AS lpad(system.main.hex(x), CAST(greatest(n, length(system.main.hex(x))) AS INTEGER), '0')`),
  m('dec2hex', 'string', `(x) AS system.main.hex(x)`, `(x, n) AS lpad(system.main.hex(x), CAST(greatest(n, length(system.main.hex(x))) AS INTEGER), '0')`),
  m('bin', 'string', `(x) AS system.main.bin(x)`, `(x, n) AS lpad(system.main.bin(x), CAST(greatest(n, length(system.main.bin(x))) AS INTEGER), '0')`),
  m('oct', 'string', `(x) AS printf('%o', x)`, `(x, n) AS lpad(printf('%o', x), CAST(greatest(n, length(printf('%o', x))) AS INTEGER), '0')`),
  // shadow DuckDB's unhex/from_hex (which return a BLOB): Kinetica's answer the number
  m('unhex', 'string', `(s) AS CAST('0x' || system.main.regexp_replace(s, '^0[xX]', '') AS BIGINT)`),
  m('from_hex', 'string', `(s) AS CAST('0x' || system.main.regexp_replace(s, '^0[xX]', '') AS BIGINT)`),
  m('hex2dec', 'string', `(s) AS CAST('0x' || system.main.regexp_replace(s, '^0[xX]', '') AS BIGINT)`),
  m('ipv4_part', 'string', `(s, n) AS CAST(split_part(s, '.', n) AS INTEGER)`),
  m(
    'is_ipv4',
    'string',
    `(s) AS CAST(COALESCE(regexp_full_match(s, '((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'), false) AS INTEGER)`,
  ),
  m(
    'isipv4',
    'string',
    `(s) AS CAST(COALESCE(regexp_full_match(s, '((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'), false) AS INTEGER)`,
  ),

  /* ---- user/security ---- */
  m(
    'mask',
    'security',
    `(s, start, n) AS left(s, start - 1) || repeat('*', greatest(least(n, length(s) - start + 1), 0)) || substring(s, start + n)`,
    `(s, start, n, c) AS left(s, start - 1) || repeat(c, greatest(least(n, length(s) - start + 1), 0)) || substring(s, start + n)`,
  ),
  m('new_uuid', 'security', `() AS CAST(uuid() AS VARCHAR)`),
];

/* ------------------------------------------------------------------------------------------ */
/* Kinetica functions DuckDB runs under the same name, with the same meaning                   */
/* ------------------------------------------------------------------------------------------ */

const NATIVE: Readonly<Record<FunctionFamily, readonly string[]>> = {
  aggregate: [
    'avg', 'count', 'max', 'min', 'sum', 'mean', 'product', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp',
    'corr', 'covar_pop', 'covar_samp', 'kurtosis_pop', 'approx_count_distinct', 'regr_avgx', 'regr_avgy',
    'regr_count', 'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy',
    'string_agg', 'array_agg',
  ],
  window: [
    'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value',
    'last_value',
  ],
  math: [
    'abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'atan2', 'cbrt', 'ceil', 'ceiling', 'cos', 'cosh',
    'cot', 'degrees', 'exp', 'floor', 'greatest', 'least', 'ln', 'log10', 'log2', 'mod', 'pi', 'pow', 'power',
    'radians', 'round', 'sign', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'isnan',
  ],
  string: [
    'ascii', 'concat', 'lcase', 'ucase', 'lower', 'upper', 'left', 'right', 'len', 'length', 'lpad', 'rpad',
    'ltrim', 'rtrim', 'trim', 'position', 'replace', 'reverse', 'substr', 'substring', 'sha256',
  ],
  datetime: [
    'year', 'quarter', 'month', 'day', 'dayofmonth', 'dayofyear', 'hour', 'minute', 'second', 'dayname',
    'monthname', 'last_day', 'now',
  ],
  conditional: ['nullif'],
  conversion: [],
  security: [],
};

/* ------------------------------------------------------------------------------------------ */
/* operators and internal forms, as json_serialize_sql names them in FUNCTION nodes            */
/* ------------------------------------------------------------------------------------------ */

/**
 * Function names DuckDB's parser produces for operators and special syntax. Comparisons, AND/OR,
 * NOT, IS [NOT] NULL, IN, BETWEEN, CASE, CAST, COALESCE (and IFNULL, IF) are not FUNCTION nodes
 * (they are COMPARISON, CONJUNCTION, OPERATOR, BETWEEN, CASE, CAST nodes), so they need no name here.
 */
export const ENGINE_OPERATORS: ReadonlySet<string> = new Set([
  '+', '-', '*', '/', '%', // arithmetic (`-x` is `-` with one child; a negative literal is a constant)
  '||', // string concatenation
  '~~', '!~~', '~~*', '!~~*', // LIKE, NOT LIKE, ILIKE, NOT ILIKE
  '&', '|', '<<', '>>', '~', 'xor', // bitwise (Kinetica's `^` is XOR, DuckDB's is power: `^` is left out)
  'date_part', // EXTRACT(part FROM x)
  'position', // POSITION(a IN b)
  'substring', // SUBSTRING(s FROM i FOR n)
  'trim', 'ltrim', 'rtrim', // TRIM([BOTH|LEADING|TRAILING] c FROM s)
  'count_star', // COUNT(*)
  // INTERVAL '1' DAY is to_days(CAST(trunc(CAST('1' AS DOUBLE)) AS INTEGER)), and so on per unit
  'trunc', 'to_years', 'to_quarters', 'to_months', 'to_weeks', 'to_days', 'to_hours', 'to_minutes',
  'to_seconds', 'to_milliseconds', 'to_microseconds',
]);

/**
 * Kinetica forms DuckDB's parser turns into nodes other than FUNCTION (so a caller checking
 * FUNCTION and WINDOW names never meets them): COALESCE and IFNULL are OPERATOR_COALESCE, IF is a
 * CASE node, CAST and TRY_CAST are CAST nodes, and so is DATE(x) (a cast to DATE: DATE of a
 * number of milliseconds fails), GROUPING is GROUPING_FUNCTION. Listed for the docs
 * and the tests; they are not macros and not in KINETICA_FUNCTIONS.
 */
export const SYNTAX_FORMS: readonly string[] = ['coalesce', 'ifnull', 'if', 'cast', 'date', 'grouping'];

/* ------------------------------------------------------------------------------------------ */
/* what the module exports                                                                     */
/* ------------------------------------------------------------------------------------------ */

const createMacro = (entry: MacroEntry): string =>
  `CREATE OR REPLACE MACRO "${entry.name}"${entry.overloads.join(',\n  ')}`;

/** DuckDB statements to run once on each new connection, in this order (helpers first). */
export const ENGINE_MACROS: readonly string[] = [...HELPER_MACROS, ...KINETICA_MACROS].map(createMacro);

/** Kinetica function names the macros define (lower case), by family. */
export const MACRO_FUNCTIONS: ReadonlyMap<string, FunctionFamily> = new Map(
  KINETICA_MACROS.map((entry) => [entry.name, entry.family]),
);

/** Kinetica function names DuckDB runs itself (lower case), by family. */
export const NATIVE_FUNCTIONS: ReadonlyMap<string, FunctionFamily> = new Map(
  (Object.entries(NATIVE) as Array<[FunctionFamily, readonly string[]]>).flatMap(([family, names]) =>
    names.map((name) => [name, family] as const),
  ),
);

/** DuckDB builtins the macros replace with Kinetica's meaning (call `system.main.<name>` for DuckDB's). */
export const SHADOWED_BUILTINS: readonly string[] = [
  'log', 'datediff', 'date_trunc', 'dayofweek', 'week', 'time_bucket', 'stddev', 'variance',
  'kurtosis', 'skewness', 'arg_max', 'arg_min', 'first', 'last', 'contains', 'starts_with', 'ends_with',
  'regexp_replace', 'hex', 'to_hex', 'bin', 'unhex', 'from_hex', 'decode', 'current_date',
];

/** Every function name a Kinetica query may call (lower case): native, macro, or operator form. */
export const KINETICA_FUNCTIONS: ReadonlySet<string> = new Set([
  ...NATIVE_FUNCTIONS.keys(),
  ...MACRO_FUNCTIONS.keys(),
  ...ENGINE_OPERATORS,
]);

/** Whether a query may call the function `name` (any case; `main.`/`system.main.` qualification is not accepted). */
export function isAllowedFunction(name: string): boolean {
  return KINETICA_FUNCTIONS.has(name.toLowerCase());
}

/** The allowed function name nearest to `name` by edit distance (for a "did you mean" hint), if one is near. */
export function closestFunction(name: string): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of KINETICA_FUNCTIONS) {
    if (!/^[a-z]/.test(candidate)) continue;
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue;
    const d = editDistance(wanted, candidate, bestDistance);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string, cap: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/* ------------------------------------------------------------------------------------------ */
/* bare-word units                                                                             */
/* ------------------------------------------------------------------------------------------ */

/** Functions whose first argument is a date/time unit or part, which Kinetica writes as a bare word. */
export const UNIT_FIRST_FUNCTIONS: ReadonlySet<string> = new Set([
  'timestampadd', 'dateadd', 'timestampdiff', 'datediff', 'datepart', 'date_trunc', 'timestamp_trunc',
]);

/** The words a bare unit may be (upper case, after an optional SQL_TSI_ prefix). */
export const DATE_TIME_UNITS: ReadonlySet<string> = new Set([
  'YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'FRAC_SECOND',
  'MSECS_SINCE_EPOCH', 'SECS_SINCE_EPOCH',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Rewrites, in place, a `json_serialize_sql` tree so that `TIMESTAMPADD(DAY, 1, ts)` reads as
 * `TIMESTAMPADD('DAY', 1, ts)`: the first child of a FUNCTION node named in UNIT_FIRST_FUNCTIONS
 * that is an unqualified COLUMN_REF spelling a unit becomes a VARCHAR constant. (A column really
 * named `day` can still be passed qualified: `t.day`.) Answers how many were rewritten; feed the
 * tree to `json_deserialize_sql` to get the text DuckDB runs.
 */
export function quoteBareUnits(tree: Json): number {
  let rewritten = 0;
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (node['class'] === 'FUNCTION' && typeof node['function_name'] === 'string' && UNIT_FIRST_FUNCTIONS.has(node['function_name'].toLowerCase())) {
      const children = node['children'];
      const first = Array.isArray(children) ? children[0] : undefined;
      if (first && typeof first === 'object' && !Array.isArray(first) && first['class'] === 'COLUMN_REF') {
        const names = first['column_names'];
        const word = Array.isArray(names) && names.length === 1 && typeof names[0] === 'string' ? names[0].toUpperCase() : '';
        if (DATE_TIME_UNITS.has(word.replace(/^SQL_TSI_/, '')) && Array.isArray(children)) {
          children[0] = {
            class: 'CONSTANT',
            type: 'VALUE_CONSTANT',
            alias: '',
            query_location: first['query_location'] ?? null,
            value: { type: { id: 'VARCHAR', type_info: null }, is_null: false, value: word },
          };
          rewritten++;
        }
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(tree);
  return rewritten;
}
