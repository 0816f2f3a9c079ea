/**
 * What the read endpoints (src/api/reads.ts) share: column_names entries as engine SQL, the check
 * of a generated query before it runs, the run itself, paging, and the tables an aggregate or a
 * filter makes (result_table, view_name).
 */
import { NO_REFRESH, withViewSources } from '../../catalog/views.js';
import { randomUUID } from 'node:crypto';
import { displayName } from '../../catalog/entry.js';
import { keyOf, parseQualified } from '../../catalog/names.js';
import * as tableRecords from '../../catalog/table/records.js';
import type { Table } from '../../catalog/table/table.js';
import { parseType, type ColumnModel } from '../../catalog/table/type-model.js';
import { KineticaError } from '../../errors/kinetica-error.js';
import { queryErrors } from '../../errors/query.js';
import { readErrors } from '../../errors/reads.js';
import { tableErrors } from '../../errors/tables.js';
import { checkExpressionBounds } from '../../expr/index.js';
import { parseExpression } from '../../expr/parser.js';
import { engineTableName, isParseFailure, quoteIdentifier, type QueryPage, type ResultColumn } from '../../query/index.js';
import { valueSql } from '../../query/expression-sql.js';
import { encodeResult } from '../../sql/result.js';
import { optionErrors } from '../../errors/options.js';
import { grantCreatorAdmin } from '../access.js';
import type { EmulatorContext } from '../endpoint-table.js';
import { pageLimit } from '../records.js';
import { resultColumnOf } from '../../sql/result.js';

/** Most entries in column_names (a wide table's columns with an aggregate or two each). */
export const MAX_COLUMN_NAMES = 1024;
/** Most entries in a list a filter endpoint takes (column_values_map's values, bystring's columns). */
export const MAX_LIST_VALUES = 100_000;

/** Aggregate functions: an entry of column_names calling one is an aggregate, the others are grouping keys. */
const AGGREGATES = new Set([
  'count', 'count_star', 'sum', 'min', 'max', 'avg', 'mean', 'stddev', 'stddev_pop', 'stddev_samp', 'var', 'var_pop', 'var_samp',
  'variance', 'arg_min', 'arg_max', 'count_distinct', 'approx_count_distinct', 'median', 'mode', 'string_agg', 'first', 'last',
  'any_value', 'bool_and', 'bool_or', 'product', 'quantile', 'quantile_cont', 'quantile_disc', 'list', 'array_agg', 'attr',
]);

export interface SelectEntry {
  /** As the engine runs it. */
  sql: string;
  /** The answer's header: the alias, else the entry as written. */
  header: string;
  aggregate: boolean;
  /** The entry as written, trimmed (order_by may name it). */
  written: string;
}

/**
 * The entries of column_names: Kinetica expressions (columns, arithmetic, the grammar of
 * docs/expressions.md) with Kinetica's meaning, else, for what that grammar does not read
 * (function calls such as SUM(x), aliases with AS), the text in the engine's dialect, checked by
 * the engine's parser. Aggregate entries are those calling an aggregate function.
 */
export async function selectEntries(context: EmulatorContext, table: Table, entries: readonly string[], field = 'column_names'): Promise<SelectEntry[]> {
  if (entries.length === 0) throw readErrors.noColumns(field);
  if (entries.length > MAX_COLUMN_NAMES) throw readErrors.tooManyEntries(field, entries.length, MAX_COLUMN_NAMES);
  const columns = table.type.model.columns;
  const result: SelectEntry[] = [];
  for (const [i, entry] of entries.entries()) {
    const name = `${field}[${i}]`;
    checkExpressionBounds(entry, name, true);
    const written = entry.trim();
    if (written === '') throw readErrors.badEntry(field, entry, 'it is blank');
    if (written === '*') {
      for (const column of columns) result.push({ sql: quoteIdentifier(column.name), header: column.name, aggregate: false, written: column.name });
      continue;
    }
    let parsed = false;
    try {
      parseExpression(written, name);
      parsed = true;
    } catch (error) {
      if (!(error instanceof KineticaError)) throw error;
    }
    if (parsed) {
      result.push({ sql: valueSql(written, columns, name), header: written, aggregate: false, written });
      continue;
    }
    const shape = await context.emulator.query.inspect(`SELECT ${written} FROM "#entry"`);
    if (isParseFailure(shape) || shape.selectList.length !== 1) {
      // Neither reading works: the Kinetica grammar's message says what it expected.
      parseExpression(written, name);
      throw readErrors.badEntry(field, written, isParseFailure(shape) ? shape.message : 'one column or expression was expected');
    }
    if (shape.unsupported[0]) throw readErrors.badEntry(field, written, `${shape.unsupported[0].construct} is not supported`);
    const foreign = shape.tables.find((reference) => reference.name !== '#entry' || reference.schema !== undefined);
    if (foreign) throw readErrors.foreignTable(field, reference(foreign));
    const item = shape.selectList[0]!;
    const aggregate = shape.functions.some((call) => AGGREGATES.has(call.name));
    // An alias stays in the text (valid in a select list) and names the answer's column.
    result.push({ sql: written, header: item.alias !== '' ? item.alias : written, aggregate, written });
  }
  return result;
}

function reference(ref: { schema: string | undefined; name: string }): string {
  return ref.schema === undefined ? ref.name : `${ref.schema}.${ref.name}`;
}

/**
 * Runs a generated query on `table`: the engine's parser checks first that it reads that table and
 * no other (client text in it, such as having, can name nothing else), then the page is read.
 */
export async function runOn(
  context: EmulatorContext,
  table: Table,
  text: string,
  page: { offset?: number; limit?: number; headers?: readonly string[] } = {},
): Promise<QueryPage> {
  const shape = await context.emulator.query.inspect(text);
  if (isParseFailure(shape)) throw queryErrors.syntax(shape.message, 1, (shape.at ?? 0) + 1);
  if (shape.unsupported[0]) throw readErrors.badEntry('query', text, `${shape.unsupported[0].construct} is not supported`);
  for (const ref of shape.tables) {
    if (ref.catalog !== undefined || keyOf(ref.name) !== keyOf(table.name) || (ref.schema !== undefined && keyOf(ref.schema) !== keyOf(table.schema))) {
      throw readErrors.foreignTable('options', reference(ref));
    }
  }
  const tables = withViewSources(context.emulator.catalog, [table]);
  // As a SQL query does: pending ON CHANGE refreshes end, ON QUERY views refresh, before the read.
  await context.emulator.views.beforeRead(tables);
  const answer = await context.emulator.query.run({
    text,
    defaultSchema: table.schema,
    tables,
    ...(page.offset !== undefined ? { offset: page.offset } : {}),
    ...(page.limit !== undefined ? { limit: page.limit } : {}),
    ...(page.headers ? { headers: page.headers } : {}),
  });
  return { ...answer, columns: answer.columns.map((column) => withColumnDatatype(table, column)) };
}

/** A result column headed by one of the table's columns keeps that column's type name (char8, ipv4...), as a SQL query's does. */
function withColumnDatatype(table: Table, result: ResultColumn): ResultColumn {
  const column = table.type.model.columns.find((candidate) => keyOf(candidate.name) === keyOf(result.name));
  if (!column) return result;
  const typed = resultColumnOf(column, result.name);
  return typed.avro === result.avro ? { ...result, datatype: typed.datatype } : result;
}

/** The engine name of a table. */
export function source(table: Table): string {
  return engineTableName(table.schema, table.name);
}

/** The encoding of a dynamic-schema answer: binary or json ('snappy' is a transport: binary). */
export function answerEncoding(encoding: string): 'binary' | 'json' {
  const chosen = encoding.trim().toLowerCase();
  if (chosen === 'binary' || chosen === 'snappy' || chosen === '') return 'binary';
  if (chosen === 'json') return 'json';
  throw optionErrors.invalidEnum(encoding, ['binary', 'json']);
}

/** The page a request asks for: offset and the number of rows (END_OF_SET and the cap as /get/records). */
export function pageOf(offset: number, limit: number): { offset: number; limit: number } {
  return { offset, limit: pageLimit(offset, limit) };
}

/** A page as the dynamic-schema fields of a response. */
export function dynamicAnswer(page: QueryPage, encoding: 'binary' | 'json', offset: number) {
  const encoded = encodeResult({ columns: page.columns as ResultColumn[], rows: page.rows }, page.rows, encoding);
  return {
    response_schema_str: encoded.response_schema_str,
    binary_encoded_response: encoded.binary_encoded_response,
    json_encoded_response: encoded.json_encoded_response,
    total_number_of_records: page.total,
    has_more_records: offset + page.rows.length < page.total,
  };
}

/** Parses `order_by` ('a asc, b desc'): each item's text and direction, commas inside parentheses kept. */
export function orderItems(orderBy: string): { text: string; descending: boolean }[] {
  const items: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < orderBy.length; i++) {
    const c = orderBy[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      items.push(orderBy.slice(start, i));
      start = i + 1;
    }
  }
  items.push(orderBy.slice(start));
  return items
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const match = /^(.*?)\s+(asc|desc|ascending|descending)$/i.exec(item);
      return match ? { text: match[1]!.trim(), descending: match[2]!.toLowerCase().startsWith('desc') } : { text: item, descending: false };
    });
}

/** Text compared loosely: no spaces, any case. */
export function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
}

/** ORDER BY terms for order_by: an item naming an entry (as written or by its header) is its position, else engine text. */
export function orderByTerms(orderBy: string, entries: readonly SelectEntry[], field = 'order_by'): string[] {
  checkExpressionBounds(orderBy, field, true);
  return orderItems(orderBy).map(({ text, descending }) => {
    const position = entries.findIndex((entry) => sameText(entry.written, text) || sameText(entry.header, text));
    const term = position >= 0 ? String(position + 1) : text;
    return `${term} ${descending ? 'DESC' : 'ASC'}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Tables made by reads

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Column properties of a result column (its Kinetica data type). */
function propertiesOf(column: ResultColumn): string[] {
  const properties: string[] = [];
  const datatype = column.datatype;
  if (['boolean', 'int8', 'int16', 'timestamp', 'date', 'time', 'datetime', 'ulong', 'uuid', 'decimal'].includes(datatype) || /^char\d+$/.test(datatype)) {
    properties.push(datatype);
  }
  if (column.nullable) properties.push('nullable');
  return properties;
}

/** Where a created table goes: a sys_temp name for create_temp_table, else the name given (schema from collection_name). */
export function creationName(name: string, temp: boolean, collection: string | undefined): { schema: string; name: string } {
  if (temp) return { schema: 'sys_temp', name: `temp_${randomUUID().replace(/-/g, '')}` };
  return parseQualified(name, 'table', collection);
}

function prepareTarget(context: EmulatorContext, qualified: { schema: string; name: string }, makeSchema: boolean): { schema: string; name: string } {
  const catalog = context.emulator.catalog;
  const schema = catalog.schema(qualified.schema);
  if (!schema && !makeSchema) throw tableErrors.schemaMissingFor('table', displayName(qualified), qualified.schema);
  const target = schema ? { schema: schema.name, name: qualified.name } : qualified;
  const existing = schema ? catalog.table(target.schema, target.name) : undefined;
  if (existing) throw tableErrors.tableExists(existing.qualifiedName);
  return target;
}

/**
 * Makes result_table: a table typed from the result's columns (headers must be column names:
 * an expression needs an alias), holding the rows.
 */
export function writeResultTable(
  context: EmulatorContext,
  qualified: { schema: string; name: string },
  makeSchema: boolean,
  columns: readonly ResultColumn[],
  rows: readonly unknown[][],
  options: Record<string, string>,
): Table {
  for (const column of columns) if (!NAME.test(column.name)) throw readErrors.resultTableColumn(column.name);
  const catalog = context.emulator.catalog;
  const target = prepareTarget(context, qualified, makeSchema);
  const definition = {
    type: 'record',
    name: 'result_table_t',
    fields: columns.map((column) => ({ name: column.name, type: column.nullable ? [column.avro, 'null'] : column.avro })),
  };
  const model = parseType(JSON.stringify(definition), target.name, Object.fromEntries(columns.map((column) => [column.name, propertiesOf(column)])));
  if (!catalog.schema(target.schema)) catalog.createSchema(target.schema);
  const type = catalog.registerType(model);
  const table = catalog.createTable(target.schema, target.name, type, options);
  grantCreatorAdmin(catalog, context.user, { objectType: 'table', object: table.qualifiedName }, 'table_admin');
  insertRows(context, table, rows.map((row) => Object.fromEntries(columns.map((column, i) => [column.name, row[i] ?? null]))));
  return table;
}

/**
 * Makes a filter's view: a table of the source's type holding the rows that matched when it was
 * made (a snapshot, as Kinetica's filter result sets are), with its query kept as a materialized
 * view's. /get/records reads it, /show/table counts it, /clear/table drops it.
 */
export async function writeFilterView(
  context: EmulatorContext,
  sourceTable: Table,
  qualified: { schema: string; name: string },
  makeSchema: boolean,
  condition: string | undefined,
  options: Record<string, string>,
): Promise<Table> {
  const catalog = context.emulator.catalog;
  const target = prepareTarget(context, qualified, makeSchema);
  const columns = sourceTable.type.model.columns;
  const query = `SELECT ${columns.map((column) => quoteIdentifier(column.name)).join(', ')} FROM ${source(sourceTable)}${condition ? ` WHERE ${condition}` : ''}`;
  const page = await runOn(context, sourceTable, query);
  if (!catalog.schema(target.schema)) catalog.createSchema(target.schema);
  const view = catalog.createTable(target.schema, target.name, sourceTable.type, options);
  // A materialized view that never refreshes: its rows are the snapshot, and it goes with its
  // source (the drop rule of views, catalog/views.ts), as Kinetica's filter views do.
  view.view = {
    query,
    materialized: true,
    statement: `CREATE MATERIALIZED VIEW ${view.qualifiedName} REFRESH OFF AS ${query}`,
    sources: [sourceTable.qualifiedName],
    refresh: { ...NO_REFRESH },
    lastRefresh: context.emulator.clock.now(),
  };
  grantCreatorAdmin(catalog, context.user, { objectType: 'table', object: view.qualifiedName }, 'table_admin');
  insertRows(context, view, page.rows.map((row) => Object.fromEntries(columns.map((column, i) => [column.name, storedValue(column, row[i])]))));
  return view;
}

/** An engine value (in Kinetica's answer form) as the column stores it. */
function storedValue(column: ColumnModel, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.base === 'boolean') return value === 1 || value === true;
  if (column.properties.includes('datetime') && typeof value === 'number') return new Date(value).toISOString().replace('T', ' ').replace('Z', '');
  return value;
}

function insertRows(context: EmulatorContext, table: Table, records: Record<string, unknown>[]): void {
  if (records.length === 0) return;
  tableRecords.insertRecords(
    context.emulator.catalog,
    table,
    { encoding: 'binary', records: records.map((record) => table.type.encode(record)) },
    tableRecords.PLAIN_INSERT,
  );
}

export { checkExpressionBounds };
