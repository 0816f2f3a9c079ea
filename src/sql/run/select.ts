/**
 * Queries on the embedded engine (src/query/): the statement's text runs as written, after the
 * planner's checks here, in Kinetica's terms:
 * - the engine's parser reads it; a syntax error is reported at its line and column;
 * - constructs of the engine's dialect that Kinetica's SQL lacks, and functions outside
 *   docs/sql-functions.md, are refused by name;
 * - every table named is resolved as Kinetica resolves it (default schema, case, "Object ... not
 *   found", the caller's table_read), and so is every table a view among them reads;
 * - the answer's headers follow Kinetica: a column's own name, an alias as written, EXPR_<n> for
 *   an unnamed expression (Calcite's EXPR$n).
 * Only the page the request asks for is converted; the total counts every row.
 */
import { keyOf } from '../../catalog/names.js';
import { onTable } from '../../catalog/security/index.js';
import type { Table } from '../../catalog/table/table.js';
import { withViewSources } from '../../catalog/views.js';
import type { ColumnModel } from '../../catalog/table/type-model.js';
import { queryErrors } from '../../errors/query.js';
import { sqlErrors } from '../../errors/sql.js';
import { securityErrors } from '../../errors/security.js';
import { isParseFailure, type QueryShape, type ResultColumn } from '../../query/index.js';
import { isAllowedFunction, closestFunction } from '../../query/functions.js';
import type { Select } from '../ast.js';
import { positionOf } from '../parser.js';
import { resultColumnOf, type ResultSet } from '../result.js';
import type { Outcome, Session } from './session.js';

export async function select(session: Session, statement: Select): Promise<Outcome> {
  const text = session.textOf(statement);
  const result = await runQuery(session, text, statement.start, session.settings.page);
  return { group: 'QUERY', countAffected: 0, result };
}

/**
 * Runs a query text found at `start` in the session's text (positions in errors count from
 * there), answering the page asked for (all rows when undefined).
 */
export async function runQuery(session: Session, text: string, start: number, page?: { offset: number; limit: number }): Promise<ResultSet> {
  const { query } = session.emulator;
  const shape = await checkedShape(session, text, start);
  const named = resolveTables(session, shape);
  const tables = withViewSources(session.emulator.catalog, named);
  // Pending ON CHANGE refreshes end, and ON QUERY materialized views refresh, before the read.
  await session.emulator.views.beforeRead(tables);
  const answer = await query.run({ text: shape.text ?? text, defaultSchema: session.settings.defaultSchema, tables, offset: page?.offset, limit: page?.limit });
  const columns = kineticaHeaders(shape, answer.columns, named);
  return { columns, rows: answer.rows.map((row) => row.map((value, i) => columns[i]!.convert?.(value) ?? value)), total: answer.total };
}

/** The query's shape, with syntax errors, foreign constructs and unknown functions refused. */
export async function checkedShape(session: Session, text: string, start: number): Promise<QueryShape> {
  const shape = await session.emulator.query.inspect(text);
  const where = (at: number | undefined) => positionOf(session.text, start + (at ?? 0));
  if (isParseFailure(shape)) {
    const { line, column } = where(shape.at);
    throw queryErrors.syntax(shape.message, line, column);
  }
  const foreign = shape.unsupported[0];
  if (foreign) {
    const { line, column } = where(foreign.at);
    throw sqlErrors.unsupported(foreign.construct, line, column);
  }
  for (const call of shape.functions) {
    if (!isAllowedFunction(call.name)) throw queryErrors.unknownFunction(call.name, closestFunction(call.name));
  }
  return shape;
}

/** The tables a query names, resolved as Kinetica's planner does (the caller needs table_read on each). */
export function resolveTables(session: Session, shape: QueryShape): Table[] {
  const tables: Table[] = [];
  for (const reference of shape.tables) {
    if (reference.catalog !== undefined) throw queryErrors.catalogPrefix(reference.catalog, `${reference.schema}.${reference.name}`);
    const { table } = session.resolveTable({ schema: reference.schema, name: reference.name });
    // A table the caller may see but not read gets the REST twin's denial (/get/records needs table_read).
    if (!session.emulator.callerMay(session.user, onTable(table.qualifiedName, 'table_read'))) throw securityErrors.accessDenied();
    if (!tables.includes(table)) tables.push(table);
  }
  return tables;
}

interface AnswerColumn extends ResultColumn {
  convert?: (value: unknown) => unknown;
}

/**
 * Kinetica's headers and data types: a column reference keeps its column's name and type name
 * (char16, ipv4, datetime...), an unnamed expression is EXPR_<position>, an alias is as written.
 */
function kineticaHeaders(shape: QueryShape, columns: readonly ResultColumn[], tables: readonly Table[]): AnswerColumn[] {
  const items = shape.selectList;
  const stars = items.filter((item) => item.kind === 'star').length;
  const answer: AnswerColumn[] = [];
  let c = 0;
  items.forEach((item, position) => {
    if (item.kind === 'star') {
      // A lone star spans what the other items leave; with several stars, the engine's names stand.
      const span = stars === 1 ? columns.length - (items.length - 1) : 0;
      for (let k = 0; k < span && c < columns.length; k++, c++) answer.push(withColumnType(columns[c]!, columns[c]!.name, tables));
      return;
    }
    if (c >= columns.length) return;
    const engine = columns[c++]!;
    if (item.alias !== '') answer.push(item.kind === 'column' ? withColumnType(engine, item.alias, tables, item.column) : { ...engine, name: item.alias });
    else if (item.kind === 'column') answer.push(withColumnType(engine, undefined, tables, item.column));
    else answer.push({ ...engine, name: `EXPR_${position}` });
  });
  for (; c < columns.length; c++) answer.push({ ...columns[c]! });
  return answer;
}

/** A column reference's answer column: its table column's name and Kinetica type name, when one column of the tables read has that name. */
function withColumnType(engine: ResultColumn, header: string | undefined, tables: readonly Table[], name = engine.name): AnswerColumn {
  const matches: ColumnModel[] = [];
  for (const table of tables) {
    for (const column of table.type.model.columns) if (keyOf(column.name) === keyOf(name)) matches.push(column);
  }
  const column = matches.length > 0 && matches.every((other) => other.name === matches[0]!.name && sameKind(other, matches[0]!)) ? matches[0] : undefined;
  if (!column) return { ...engine, name: header ?? engine.name };
  const typed = resultColumnOf(column, header ?? column.name);
  if (typed.avro === engine.avro) return { ...engine, name: typed.name, datatype: typed.datatype };
  // A DATETIME column reads as TIMESTAMP in the engine; Kinetica answers its text.
  if (column.properties.includes('datetime') && engine.avro === 'long') {
    return { ...engine, name: typed.name, avro: 'string', datatype: 'datetime', convert: (value) => (value === null ? null : datetimeText(value as number)) };
  }
  return { ...engine, name: typed.name };
}

function sameKind(a: ColumnModel, b: ColumnModel): boolean {
  return a.base === b.base && resultColumnOf(a).datatype === resultColumnOf(b).datatype;
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' of epoch milliseconds (UTC). */
function datetimeText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
