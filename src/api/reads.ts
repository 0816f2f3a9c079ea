/**
 * Reads on the query engine (src/query/): /aggregate/groupby, /aggregate/unique,
 * /aggregate/statistics, /aggregate/minmax, /aggregate/histogram, /get/records/bycolumn, /filter
 * and /filter/bylist, /filter/byrange, /filter/byvalue, /filter/bystring. Each builds one SQL query
 * on the table's engine copy (filters through src/query/expression-sql.ts, with Kinetica's
 * meaning), so a write is visible to the next read. docs/reads.md describes the options honoured
 * and the ones refused.
 */
import type { ExprNode } from '../expr/ast.js';
import type { Table } from '../catalog/table/table.js';
import { parseQualified, checkName } from '../catalog/names.js';
import { readErrors } from '../errors/reads.js';
import { tableErrors } from '../errors/tables.js';
import { optionErrors } from '../errors/options.js';
import { conditionOfTree, filterSql, findColumn, numericSql, sqlString } from '../query/expression-sql.js';
import { quoteIdentifier } from '../query/index.js';
import { bool, enumValue, integer, isTrue, list, oneOf, readOptions, text } from './options.js';
import { requireTable } from './tables.js';
import { allOf, createIn, onTable, type Requirement } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';
import {
  answerEncoding,
  checkExpressionBounds,
  creationName,
  dynamicAnswer,
  MAX_COLUMN_NAMES,
  MAX_LIST_VALUES,
  orderByTerms,
  pageOf,
  runOn,
  selectEntries,
  source,
  writeFilterView,
  writeResultTable,
} from './reads/engine-read.js';

/** Longest value (bystring's text, a bylist value), in characters. */
const MAX_VALUE_LENGTH = 65_536;
/** Most histogram bins. */
export const MAX_HISTOGRAM_BINS = 100_000;

/** The schema a created table would go in ('' when the name is invalid: the handler says why). */
function schemaOf(name: string, options: Record<string, string>): string {
  try {
    return options.collection_name ? checkName(options.collection_name, 'schema') : parseQualified(name, 'table').schema;
  } catch {
    return '';
  }
}

/** Reading the table; creating a result table or a (non-temporary) view also needs table creation in its schema. */
function readAndCreate(table: string, created: string | undefined, options: Record<string, string>): Requirement {
  const read = onTable(table, 'table_read');
  if (created === undefined || created.trim() === '' || isTrue(options.create_temp_table)) return read;
  return allOf(read, createIn(schemaOf(created, options), 'table'));
}

export const readEndpoints: EndpointTable = {
  '/aggregate/groupby': { handler: aggregateGroupBy, access: (request) => readAndCreate(request.table_name, request.options.result_table, request.options) },
  '/aggregate/unique': { handler: aggregateUnique, access: (request) => readAndCreate(request.table_name, request.options.result_table, request.options) },
  '/aggregate/statistics': { handler: aggregateStatistics, access: (request) => onTable(request.table_name, 'table_read') },
  '/aggregate/minmax': { handler: aggregateMinMax, access: (request) => onTable(request.table_name, 'table_read') },
  '/aggregate/histogram': { handler: aggregateHistogram, access: (request) => onTable(request.table_name, 'table_read') },
  '/get/records/bycolumn': { handler: getRecordsByColumn, access: (request) => onTable(request.table_name, 'table_read') },
  '/filter': { handler: filter, access: (request) => readAndCreate(request.table_name, request.view_name, request.options) },
  '/filter/bylist': { handler: filterByList, access: (request) => readAndCreate(request.table_name, request.view_name, request.options) },
  '/filter/byrange': { handler: filterByRange, access: (request) => readAndCreate(request.table_name, request.view_name, request.options) },
  '/filter/byvalue': { handler: filterByValue, access: (request) => readAndCreate(request.table_name, request.view_name, request.options) },
  '/filter/bystring': { handler: filterByString, access: (request) => readAndCreate(request.table_name, request.view_name, request.options) },
};

/** Options of a created table that Kinetica documents and the emulator keeps or need not act on. */
const RESULT_TABLE_OPTIONS = {
  create_temp_table: bool,
  collection_name: text,
  result_table: text,
  result_table_persist: bool,
  result_table_force_replicated: bool,
  result_table_generate_pk: bool,
  ttl: integer(-1),
  chunk_size: integer(1),
  chunk_column_max_memory: integer(1),
  chunk_max_memory: integer(1),
  compression_codec: text,
  view_id: text,
} as const;

type ResultTableOptions = { [K in keyof typeof RESULT_TABLE_OPTIONS]?: ReturnType<(typeof RESULT_TABLE_OPTIONS)[K]> };

/** Where a result table goes, or undefined when the request makes none. */
function resultTarget(options: ResultTableOptions): { schema: string; name: string; makeSchema: boolean } | undefined {
  if (options.result_table_generate_pk) throw readErrors.unsupportedValue('result_table_generate_pk', 'true', 'result tables have no primary key here');
  const temp = options.create_temp_table === true;
  if (!temp && (options.result_table === undefined || options.result_table.trim() === '')) return undefined;
  const collection = options.collection_name !== undefined ? checkName(options.collection_name, 'schema') : undefined;
  const target = creationName(options.result_table ?? '', temp, collection);
  return { ...target, makeSchema: temp || collection !== undefined };
}

function keptOptions(options: ResultTableOptions): Record<string, string> {
  const kept: Record<string, string> = {};
  if (options.ttl !== undefined) kept.ttl = String(options.ttl);
  if (options.result_table_force_replicated) kept.is_replicated = 'true';
  if (options.compression_codec !== undefined) kept.compression_codec = options.compression_codec;
  return kept;
}

/** The WHERE clause of an `expression` option. */
function whereOf(table: Table, expression: string | undefined, field = 'expression'): string {
  if (expression === undefined) return '';
  const condition = filterSql(expression, table.type.model.columns, field);
  return condition === undefined ? '' : ` WHERE ${condition}`;
}

// ---------------------------------------------------------------------------------------------
// /aggregate/groupby

async function aggregateGroupBy(request: RequestOf<'/aggregate/groupby'>, context: EmulatorContext): Promise<ResponseOf<'/aggregate/groupby'>> {
  const options = readOptions(
    request.options,
    {
      ...RESULT_TABLE_OPTIONS,
      expression: text,
      having: text,
      sort_order: oneOf('ascending', 'descending'),
      sort_by: oneOf('key', 'value'),
      order_by: text,
      pipelined_expression_evaluation: bool,
      strategy_definition: text,
      result_table_generate_soft_pk: bool,
      create_indexes: text,
      partition_type: text,
      partition_keys: text,
      partition_definitions: text,
      is_automatic_partition: bool,
      shard_key: text,
      pivot: text,
      pivot_values: text,
      grouping_sets: text,
      rollup: text,
      cube: text,
    },
    context,
  );
  for (const key of ['pivot', 'pivot_values', 'grouping_sets', 'rollup', 'cube', 'partition_type', 'partition_keys', 'partition_definitions', 'create_indexes', 'shard_key'] as const) {
    const value = options[key];
    if (value !== undefined && value.trim() !== '') throw readErrors.unsupportedValue(key, value, 'the emulator does not build it; compute it with /execute/sql');
  }
  if (options.expression !== undefined) checkExpressionBounds(options.expression, 'expression');
  if (options.having !== undefined) checkExpressionBounds(options.having, 'having', true);
  const encoding = answerEncoding(request.encoding);
  const page = pageOf(request.offset, request.limit);
  const target = resultTarget(options);
  const table = requireTable(context.emulator.catalog, request.table_name);
  const entries = await selectEntries(context, table, request.column_names);
  const keys = entries.flatMap((entry, i) => (entry.aggregate ? [] : [i + 1]));
  const values = entries.flatMap((entry, i) => (entry.aggregate ? [i + 1] : []));
  const anyAggregate = values.length > 0;
  let sql = `SELECT ${anyAggregate ? '' : 'DISTINCT '}${entries.map((entry) => entry.sql).join(', ')} FROM ${source(table)}${whereOf(table, options.expression)}`;
  if (anyAggregate && keys.length > 0) sql += ` GROUP BY ${keys.join(', ')}`;
  if (options.having !== undefined && options.having.trim() !== '') sql += ` HAVING ${options.having}`;
  let order: string[];
  const direction = options.sort_order === 'descending' ? 'DESC' : 'ASC';
  if (options.order_by !== undefined && options.order_by.trim() !== '') order = orderByTerms(options.order_by, entries);
  else if (options.sort_by === 'value' && values.length > 0) order = [...values.map((v) => `${v} ${direction}`), ...keys.map((k) => `${k} ASC`)];
  else order = (keys.length > 0 ? keys : values).map((k) => `${k} ${direction}`);
  if (order.length > 0) sql += ` ORDER BY ${order.join(', ')}`;
  const headers = entries.map((entry) => entry.header);
  const answer = await runOn(context, table, sql, { ...page, headers });
  if (target) {
    const made = writeResultTable(context, target, target.makeSchema, answer.columns, answer.rows, keptOptions(options));
    const empty = { ...answer, rows: [] };
    return { ...dynamicAnswer(empty, encoding, request.offset), has_more_records: false, info: { qualified_result_table_name: made.qualifiedName, count: String(answer.rows.length) } };
  }
  return { ...dynamicAnswer(answer, encoding, request.offset), info: {} };
}

// ---------------------------------------------------------------------------------------------
// /aggregate/unique

async function aggregateUnique(request: RequestOf<'/aggregate/unique'>, context: EmulatorContext): Promise<ResponseOf<'/aggregate/unique'>> {
  const options = readOptions(
    request.options,
    { ...RESULT_TABLE_OPTIONS, expression: text, sort_order: oneOf('ascending', 'descending'), order_by: text },
    context,
  );
  if (options.expression !== undefined) checkExpressionBounds(options.expression, 'expression');
  const encoding = answerEncoding(request.encoding);
  const page = pageOf(request.offset, request.limit);
  const target = resultTarget(options);
  const table = requireTable(context.emulator.catalog, request.table_name);
  const entries = await selectEntries(context, table, [request.column_name], 'column_name');
  if (entries.length !== 1 || entries[0]!.aggregate) throw readErrors.badEntry('column_name', request.column_name, 'name one column or a non-aggregate expression');
  const entry = entries[0]!;
  let sql = `SELECT DISTINCT ${entry.sql} FROM ${source(table)}${whereOf(table, options.expression)}`;
  const direction = options.sort_order === 'descending' ? 'DESC' : 'ASC';
  const order = options.order_by !== undefined && options.order_by.trim() !== '' ? orderByTerms(options.order_by, entries) : [`1 ${direction}`];
  sql += ` ORDER BY ${order.join(', ')}`;
  const answer = await runOn(context, table, sql, { ...page, headers: [entry.header] });
  if (target) {
    const made = writeResultTable(context, target, target.makeSchema, answer.columns, answer.rows, keptOptions(options));
    return {
      table_name: request.table_name,
      ...withoutTotal(dynamicAnswer({ ...answer, rows: [] }, encoding, request.offset)),
      has_more_records: false,
      info: { qualified_result_table_name: made.qualifiedName, count: String(answer.rows.length) },
    };
  }
  return { table_name: request.table_name, ...withoutTotal(dynamicAnswer(answer, encoding, request.offset)), info: {} };
}

function withoutTotal<T extends { total_number_of_records: number }>(answer: T): Omit<T, 'total_number_of_records'> {
  const { total_number_of_records: _total, ...rest } = answer;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// /aggregate/statistics

const STATS = [
  'count', 'mean', 'stdv', 'variance', 'skew', 'kurtosis', 'sum', 'min', 'max', 'weighted_average',
  'cardinality', 'estimated_cardinality', 'percentile', 'percentile_rank',
] as const;

/** The value columns statistics read: the column_name (and additional_column_names pooled). */
async function aggregateStatistics(request: RequestOf<'/aggregate/statistics'>, context: EmulatorContext): Promise<ResponseOf<'/aggregate/statistics'>> {
  const options = readOptions(request.options, { additional_column_names: list, weight_column_name: text }, context);
  checkExpressionBounds(request.stats, 'stats', true);
  checkExpressionBounds(request.column_name, 'column_name');
  const table = requireTable(context.emulator.catalog, request.table_name);
  const columns = table.type.model.columns;
  const value = numericSql(request.column_name, columns, 'column_name');
  const additional = (options.additional_column_names ?? []).map((name, i) => {
    checkExpressionBounds(name, `additional_column_names[${i}]`);
    return numericSql(name, columns, `additional_column_names[${i}]`);
  });
  if (additional.length > MAX_COLUMN_NAMES) throw readErrors.tooManyEntries('additional_column_names', additional.length, MAX_COLUMN_NAMES);
  const weight = options.weight_column_name !== undefined ? numericSql(options.weight_column_name, columns, 'weight_column_name') : undefined;
  const requested = statItems(request.stats);
  const terms: string[] = [];
  for (const stat of requested) {
    const [name, args] = [stat.name, stat.args];
    switch (name) {
      case 'count':
        terms.push('(SELECT count(*) FROM t)');
        break;
      case 'mean':
        terms.push('avg(x)');
        break;
      case 'stdv':
        terms.push('stddev_samp(x)');
        break;
      case 'variance':
        terms.push('var_samp(x)');
        break;
      case 'skew':
        terms.push('avg(power((x - m.mean) / m.sd, 3))');
        break;
      case 'kurtosis':
        terms.push('avg(power((x - m.mean) / m.sd, 4))');
        break;
      case 'sum':
        terms.push('sum(x)');
        break;
      case 'min':
        terms.push('min(x)');
        break;
      case 'max':
        terms.push('max(x)');
        break;
      case 'weighted_average':
        if (weight === undefined) throw readErrors.statNeeds(name, "the option 'weight_column_name'");
        if (additional.length > 0) throw readErrors.statNeeds(name, 'a single column (no additional_column_names)');
        terms.push('sum(x * w) / sum(w)');
        break;
      case 'cardinality':
        terms.push('count(DISTINCT x)');
        break;
      case 'estimated_cardinality':
        terms.push('approx_count_distinct(x)');
        break;
      case 'percentile': {
        const p = args[0];
        if (p === undefined || !(p >= 0 && p <= 100)) throw readErrors.statNeeds(stat.text, 'a percentage from 0 to 100, e.g. percentile(50)');
        terms.push(`quantile_cont(x, ${p / 100})`);
        break;
      }
      case 'percentile_rank': {
        const v = args[0];
        if (v === undefined) throw readErrors.statNeeds(stat.text, 'a value, e.g. percentile_rank(10)');
        terms.push(`100.0 * (count(*) FILTER (WHERE x < ${v}) + 0.5 * count(*) FILTER (WHERE x = ${v})) / count(x)`);
        break;
      }
    }
  }
  const filtered = `SELECT * FROM ${source(table)}`;
  const pooled = [value, ...additional].map((expr) => `SELECT ${expr} AS x${weight !== undefined ? `, ${weight} AS w` : ''} FROM t`).join(' UNION ALL ');
  const sql =
    `WITH t AS (${filtered}), v AS (${pooled}), m AS (SELECT avg(x) AS mean, stddev_pop(x) AS sd FROM v) ` +
    `SELECT ${terms.map((term) => `CAST(${term} AS DOUBLE)`).join(', ')} FROM v, m GROUP BY m.mean, m.sd`;
  const answer = await runOn(context, table, sql);
  const row = answer.rows[0];
  const stats: Record<string, number> = {};
  requested.forEach((stat, i) => {
    const result = row?.[i];
    stats[stat.text] = typeof result === 'number' && Number.isFinite(result) ? result : stat.name === 'count' || stat.name.endsWith('cardinality') ? 0 : 0;
  });
  if (!row) {
    // No values at all: count is the table's (0 rows filtered in), the rest 0.
    for (const stat of requested) stats[stat.text] = 0;
  }
  return { stats, info: {} };
}

/** Parses the stats list: names, with arguments in parentheses for percentile(...). */
function statItems(stats: string): { name: (typeof STATS)[number]; args: number[]; text: string }[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < stats.length; i++) {
    if (stats[i] === '(') depth++;
    else if (stats[i] === ')') depth--;
    else if (stats[i] === ',' && depth === 0) {
      items.push(stats.slice(start, i));
      start = i + 1;
    }
  }
  items.push(stats.slice(start));
  const parsed = items
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const match = /^([a-z_]+)\s*(?:\((.*)\))?$/i.exec(item);
      const name = match?.[1]?.toLowerCase();
      if (!match || !(STATS as readonly string[]).includes(name!)) throw readErrors.unknownStat(item, STATS);
      const args = (match[2] ?? '')
        .split(',')
        .map((arg) => arg.trim())
        .filter((arg) => arg !== '')
        .map((arg) => {
          const number = Number(arg);
          if (!Number.isFinite(number)) throw readErrors.statNeeds(item, 'numeric arguments');
          return number;
        });
      return { name: name as (typeof STATS)[number], args, text: item };
    });
  if (parsed.length === 0) throw readErrors.unknownStat(stats, STATS);
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// /aggregate/minmax, /aggregate/histogram

async function aggregateMinMax(request: RequestOf<'/aggregate/minmax'>, context: EmulatorContext): Promise<ResponseOf<'/aggregate/minmax'>> {
  readOptions(request.options, {}, context);
  checkExpressionBounds(request.column_name, 'column_name');
  const table = requireTable(context.emulator.catalog, request.table_name);
  const value = numericSql(request.column_name, table.type.model.columns, 'column_name');
  const answer = await runOn(context, table, `SELECT CAST(min(${value}) AS DOUBLE), CAST(max(${value}) AS DOUBLE) FROM ${source(table)}`);
  const [min, max] = answer.rows[0] ?? [null, null];
  return { min: typeof min === 'number' ? min : 0, max: typeof max === 'number' ? max : 0, info: {} };
}

async function aggregateHistogram(request: RequestOf<'/aggregate/histogram'>, context: EmulatorContext): Promise<ResponseOf<'/aggregate/histogram'>> {
  const options = readOptions(request.options, { value_column: text }, context);
  const { start, end, interval } = request;
  if (![start, end, interval].every(Number.isFinite)) throw readErrors.badHistogram('start, end and interval must be finite numbers');
  if (!(end > start)) throw readErrors.badHistogram(`end (${end}) must be greater than start (${start})`);
  if (!(interval > 0)) throw readErrors.badHistogram(`interval (${interval}) must be greater than 0`);
  const bins = Math.ceil((end - start) / interval);
  if (bins > MAX_HISTOGRAM_BINS) throw readErrors.badHistogram(`(end - start) / interval gives ${bins} bins, over kinetica-mock's limit of ${MAX_HISTOGRAM_BINS}; widen the interval`);
  checkExpressionBounds(request.column_name, 'column_name');
  const table = requireTable(context.emulator.catalog, request.table_name);
  const columns = table.type.model.columns;
  const x = numericSql(request.column_name, columns, 'column_name');
  const measure = options.value_column !== undefined ? `sum(${numericSql(options.value_column, columns, 'value_column')})` : 'count(*)';
  // Bins are [start + i*interval, start + (i+1)*interval); a value equal to end counts in the last bin.
  const bin = `LEAST(CAST(floor((${x} - ${start}) / ${interval}) AS BIGINT), ${bins - 1})`;
  const sql = `SELECT ${bin} AS b, CAST(${measure} AS DOUBLE) FROM ${source(table)} WHERE ${x} >= ${start} AND ${x} <= ${end} GROUP BY b`;
  const answer = await runOn(context, table, sql);
  const counts = new Array<number>(bins).fill(0);
  for (const [b, value] of answer.rows) counts[b as number] = typeof value === 'number' ? value : 0;
  return { counts, start, end, info: {} };
}

// ---------------------------------------------------------------------------------------------
// /get/records/bycolumn

async function getRecordsByColumn(request: RequestOf<'/get/records/bycolumn'>, context: EmulatorContext): Promise<ResponseOf<'/get/records/bycolumn'>> {
  const options = readOptions(
    request.options,
    { expression: text, sort_by: text, sort_order: oneOf('ascending', 'descending'), order_by: text, convert_wkts_to_wkbs: bool, route_to_tom: text },
    context,
  );
  if (options.convert_wkts_to_wkbs) throw readErrors.unsupportedValue('convert_wkts_to_wkbs', 'true', 'the emulator keeps WKT columns as text');
  if (options.expression !== undefined) checkExpressionBounds(options.expression, 'expression');
  if (options.sort_order !== undefined && options.sort_by === undefined) throw optionErrors.invalidValue('sort_order', options.sort_order, ['(only with sort_by)']);
  const encoding = answerEncoding(request.encoding);
  const page = pageOf(request.offset, request.limit);
  const table = requireTable(context.emulator.catalog, request.table_name);
  const entries = await selectEntries(context, table, request.column_names);
  const aggregate = entries.find((entry) => entry.aggregate);
  if (aggregate) throw readErrors.badEntry('column_names', aggregate.written, 'aggregates belong in /aggregate/groupby');
  let sql = `SELECT ${entries.map((entry) => entry.sql).join(', ')} FROM ${source(table)}${whereOf(table, options.expression)}`;
  const order: string[] = [];
  if (options.sort_by !== undefined && options.sort_by.trim() !== '') {
    const column = findColumn(table.type.model.columns, options.sort_by.trim());
    if (column === undefined || column === 'ambiguous') throw tableErrors.columnNotFound(table.qualifiedName, options.sort_by, table.type.columnNames);
    order.push(`${quoteIdentifier(column.name)} ${options.sort_order === 'descending' ? 'DESC' : 'ASC'}`);
  }
  if (options.order_by !== undefined && options.order_by.trim() !== '') order.push(...orderByTerms(options.order_by, entries));
  if (order.length > 0) sql += ` ORDER BY ${order.join(', ')}`;
  const answer = await runOn(context, table, sql, { ...page, headers: entries.map((entry) => entry.header) });
  return { table_name: request.table_name, ...dynamicAnswer(answer, encoding, request.offset), info: {} };
}

// ---------------------------------------------------------------------------------------------
// /filter and its forms

const VIEW_OPTIONS = { create_temp_table: bool, collection_name: text, view_id: text, ttl: integer(-1) } as const;

/** Counts the rows matching a condition; with a view name (or create_temp_table), makes the view of them. */
async function filterAnswer(
  context: EmulatorContext,
  table: Table,
  viewName: string,
  condition: string | undefined,
  options: { create_temp_table?: boolean; collection_name?: string; ttl?: number },
): Promise<{ count: number; info: Record<string, string> }> {
  const temp = options.create_temp_table === true;
  if (temp || viewName.trim() !== '') {
    const collection = options.collection_name !== undefined ? checkName(options.collection_name, 'schema') : undefined;
    const target = creationName(viewName, temp, collection);
    const view = await writeFilterView(context, table, target, temp || collection !== undefined, condition, options.ttl !== undefined ? { ttl: String(options.ttl) } : {});
    return { count: view.data.count, info: temp ? { qualified_view_name: view.qualifiedName } : { qualified_view_name: view.qualifiedName } };
  }
  const answer = await runOn(context, table, `SELECT count(*) FROM ${source(table)}${condition ? ` WHERE ${condition}` : ''}`);
  return { count: Number(answer.rows[0]?.[0] ?? 0), info: {} };
}

async function filter(request: RequestOf<'/filter'>, context: EmulatorContext): Promise<ResponseOf<'/filter'>> {
  const options = readOptions(request.options, VIEW_OPTIONS, context);
  checkExpressionBounds(request.expression, 'expression');
  const table = requireTable(context.emulator.catalog, request.table_name);
  const condition = filterSql(request.expression, table.type.model.columns, 'expression');
  return filterAnswer(context, table, request.view_name, condition, options);
}

/** A tree node spanning no text (the trees the filter forms build). */
const span = { start: 0, end: 0 };
const columnNode = (name: string): ExprNode => ({ kind: 'column', name, quoted: false, ...span });
const stringNode = (value: string): ExprNode => ({ kind: 'string', value, ...span });
const numberNode = (value: number): ExprNode => ({ kind: 'number', value, text: String(value), integer: Number.isSafeInteger(value), ...span });

/** The table column a filter form names, or the table's column-not-found error. */
function columnOf(table: Table, name: string): string {
  const found = findColumn(table.type.model.columns, name.trim());
  if (found === undefined || found === 'ambiguous') throw tableErrors.columnNotFound(table.qualifiedName, name, table.type.columnNames);
  return found.name;
}

async function filterByList(request: RequestOf<'/filter/bylist'>, context: EmulatorContext): Promise<ResponseOf<'/filter/bylist'>> {
  const options = readOptions(request.options, { ...VIEW_OPTIONS, filter_mode: oneOf('in_list', 'not_in_list') }, context);
  const entries = Object.entries(request.column_values_map);
  if (entries.length === 0) throw readErrors.nothingToCompare('column_values_map');
  if (entries.length > MAX_COLUMN_NAMES) throw readErrors.tooManyEntries('column_values_map', entries.length, MAX_COLUMN_NAMES);
  let values = 0;
  for (const [column, list] of entries) {
    values += list.length;
    for (const value of list) if (value.length > MAX_VALUE_LENGTH) throw readErrors.tooLong(`column_values_map.${column}`, value.length, MAX_VALUE_LENGTH);
  }
  if (values > MAX_LIST_VALUES) throw readErrors.tooManyEntries('column_values_map', values, MAX_LIST_VALUES);
  const table = requireTable(context.emulator.catalog, request.table_name);
  const negated = options.filter_mode === 'not_in_list';
  const parts = entries.map(([column, list]) => {
    const name = columnOf(table, column);
    if (list.length === 0) return negated ? 'TRUE' : 'FALSE';
    const tree: ExprNode = { kind: 'in', operand: columnNode(name), negated, list: list.map(stringNode), ...span };
    return conditionOfTree(tree, `${name} ${negated ? 'not in' : 'in'} (...)`, table.type.model.columns);
  });
  return filterAnswer(context, table, request.view_name, parts.join(' AND '), options);
}

async function filterByRange(request: RequestOf<'/filter/byrange'>, context: EmulatorContext): Promise<ResponseOf<'/filter/byrange'>> {
  const options = readOptions(request.options, VIEW_OPTIONS, context);
  if (!Number.isFinite(request.lower_bound) || !Number.isFinite(request.upper_bound)) throw readErrors.badEntry('lower_bound/upper_bound', `${request.lower_bound}..${request.upper_bound}`, 'the bounds must be finite');
  const table = requireTable(context.emulator.catalog, request.table_name);
  const name = columnOf(table, request.column_name);
  const tree: ExprNode = { kind: 'between', operand: columnNode(name), negated: false, low: numberNode(request.lower_bound), high: numberNode(request.upper_bound), ...span };
  const condition = conditionOfTree(tree, `${name} between ${request.lower_bound} and ${request.upper_bound}`, table.type.model.columns);
  return filterAnswer(context, table, request.view_name, condition, options);
}

async function filterByValue(request: RequestOf<'/filter/byvalue'>, context: EmulatorContext): Promise<ResponseOf<'/filter/byvalue'>> {
  const options = readOptions(request.options, VIEW_OPTIONS, context);
  if (request.value_str.length > MAX_VALUE_LENGTH) throw readErrors.tooLong('value_str', request.value_str.length, MAX_VALUE_LENGTH);
  const table = requireTable(context.emulator.catalog, request.table_name);
  const name = columnOf(table, request.column_name);
  const right = request.is_string ? stringNode(request.value_str) : numberNode(request.value);
  const tree: ExprNode = { kind: 'binary', op: '=', left: columnNode(name), right, ...span };
  const condition = conditionOfTree(tree, `${name} = ${request.is_string ? `'${request.value_str}'` : request.value}`, table.type.model.columns);
  return filterAnswer(context, table, request.view_name, condition, options);
}

const STRING_MODES = ['search', 'equals', 'contains', 'starts_with', 'regex'] as const;

async function filterByString(request: RequestOf<'/filter/bystring'>, context: EmulatorContext): Promise<ResponseOf<'/filter/bystring'>> {
  const options = readOptions(request.options, { ...VIEW_OPTIONS, case_sensitive: bool }, context);
  const mode = enumValue(STRING_MODES, request.mode);
  if (mode === 'search') throw readErrors.unsupportedValue('mode', 'search', "full-text search needs Kinetica's text index; use contains, starts_with, equals or regex");
  if (request.expression.length > MAX_VALUE_LENGTH) throw readErrors.tooLong('expression', request.expression.length, MAX_VALUE_LENGTH);
  if (request.column_names.length === 0) throw readErrors.noColumns('column_names');
  if (request.column_names.length > MAX_COLUMN_NAMES) throw readErrors.tooManyEntries('column_names', request.column_names.length, MAX_COLUMN_NAMES);
  const table = requireTable(context.emulator.catalog, request.table_name);
  const caseSensitive = options.case_sensitive ?? true;
  const fold = (sql: string) => (caseSensitive ? sql : `lower(${sql})`);
  const needle = fold(sqlString(request.expression));
  const parts = request.column_names.map((given) => {
    const name = columnOf(table, given);
    const column = table.type.model.columns.find((c) => c.name === name)!;
    if (column.base !== 'string') throw readErrors.notAStringColumn(name, mode);
    const value = fold(quoteIdentifier(name));
    switch (mode) {
      case 'equals':
        return `${value} = ${needle}`;
      case 'contains':
        return `contains(${value}, ${needle})`;
      case 'starts_with':
        return `starts_with(${value}, ${needle})`;
      default:
        return `regexp_matches(${quoteIdentifier(name)}, ${sqlString(request.expression)}${caseSensitive ? '' : ", 'i'"})`;
    }
  });
  const answer = await filterAnswer(context, table, request.view_name, `(${parts.join(' OR ')})`, options);
  return { ...answer, stats_data: Buffer.alloc(0) };
}
