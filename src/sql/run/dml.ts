/**
 * INSERT, UPDATE and DELETE (sql-dml.mdx) on the record endpoints: INSERT INTO ... VALUES ->
 * /insert/records (JSON records), UPDATE -> /update/records (the SET values as expressions),
 * DELETE -> /delete/records. WHERE conditions are handed to the endpoints as text, so they go
 * through the same filter compiler as REST requests; the planner only checks column names first.
 * Primary-key policies come from the request options, the KI_HINT_UPDATE_ON_EXISTING_PK and
 * KI_HINT_IGNORE_EXISTING_PK hints, and ON CONFLICT DO NOTHING.
 */
import type { ColumnModel } from '../../catalog/table/type-model.js';
import type { Table } from '../../catalog/table/table.js';
import { keyOf } from '../../catalog/names.js';
import { compileValue } from '../../expr/index.js';
import { walkNodes, type ExprNode } from '../../expr/ast.js';
import { sqlErrors } from '../../errors/sql.js';
import type { Delete, Insert, Update } from '../ast.js';
import { checkColumns, conditionText, resolveColumn, timestampOf, type Outcome, type Session } from './session.js';

const UPDATE_HINT = 'KI_HINT_UPDATE_ON_EXISTING_PK';
const IGNORE_HINT = 'KI_HINT_IGNORE_EXISTING_PK';

/** An omitted init_with_now TIMESTAMP gets a value out of the timestamp range, which an insert replaces by now. */
const NOW_SENTINEL = Number.MIN_SAFE_INTEGER;

function primaryKeyOptions(session: Session, statement: { start: number; end: number }, ignore = false): Record<string, string> {
  const hints = session.hintsWithin(statement);
  const options: Record<string, string> = {};
  if (session.settings.updateOnExistingPk || hints.has(UPDATE_HINT)) options.update_on_existing_pk = 'true';
  if (session.settings.ignoreExistingPk || hints.has(IGNORE_HINT) || ignore) options.ignore_existing_pk = 'true';
  return options;
}

const has = (column: ColumnModel, property: string) =>
  column.properties.some((p) => p === property || p.startsWith(`${property}(`));

/** A negative or positive number literal, as written, or undefined. */
function numberText(node: ExprNode): string | undefined {
  if (node.kind === 'number') return node.text;
  if (node.kind === 'negate' && node.operand.kind === 'number') return `-${node.operand.text}`;
  return undefined;
}

/**
 * The text a value expression is handed over as, where SQL writes a value differently from the
 * expression language: a date string for a TIMESTAMP column, a number for a DECIMAL or UNSIGNED
 * BIGINT column (stored as strings).
 */
function valueText(session: Session, column: ColumnModel, node: ExprNode): string {
  if (node.kind === 'string' && has(column, 'timestamp')) return String(timestampOf(column, node.value));
  const number = numberText(node);
  if (number !== undefined && column.base === 'string' && (has(column, 'decimal') || has(column, 'ulong'))) return `'${number}'`;
  return session.textOf(node);
}

/** VALUES items may not name columns (Calcite: the column is found in no table). */
function refuseColumns(node: ExprNode): void {
  walkNodes(node, (current) => {
    if (current.kind === 'column') throw sqlErrors.columnNotFound(current.name);
  });
}

/** A VALUES item as the JSON value /insert/records takes for the column. */
function jsonValueOf(session: Session, table: Table, column: ColumnModel, node: ExprNode): unknown {
  refuseColumns(node);
  if (node.kind === 'null') return null;
  if (node.kind === 'string' && column.base === 'bytes') return Buffer.from(node.value, 'utf8').toString('latin1');
  // Plain literals of the column's kind go as they are (/insert/records checks them); the rest is computed.
  if (node.kind === 'string' && column.base === 'string' && !has(column, 'timestamp')) return node.value;
  if (node.kind === 'number' && node.integer && Number.isSafeInteger(node.value) && (column.base === 'int' || column.base === 'long') && !has(column, 'boolean')) {
    return node.value;
  }
  const target = table.type.exprColumns.find((candidate) => candidate.name === column.name)!;
  // SQL: double quotes name something, never a string (see DoubleQuotes).
  const value = compileValue(valueText(session, column, node), [], target, 'column')({});
  return Buffer.isBuffer(value) ? value.toString('latin1') : value;
}

/**
 * What an omitted column gets: for INIT_WITH_NOW and INIT_WITH_UUID columns, the value the insert
 * replaces by now or a new UUID; else null when nullable, or Kinetica's defaults ('' for strings,
 * 0 for numbers).
 */
function omittedValue(column: ColumnModel): unknown {
  if (has(column, 'init_with_now')) return column.base === 'long' ? NOW_SENTINEL : '';
  if (has(column, 'init_with_uuid')) return '';
  if (column.nullable) return null;
  return column.base === 'string' || column.base === 'bytes' ? '' : 0;
}

export async function insert(session: Session, statement: Insert): Promise<Outcome> {
  const { table, restName } = session.resolveTable(statement.table);
  const targets = statement.columns === null ? table.type.model.columns : statement.columns.map((name) => resolveColumn(table, name));
  const seen = new Set<string>();
  for (const column of targets) {
    if (seen.has(keyOf(column.name))) throw sqlErrors.duplicateColumn(column.name);
    seen.add(keyOf(column.name));
  }
  const records = statement.rows.map((row) => {
    if (row.length !== targets.length) throw sqlErrors.insertArity(targets.length, row.length);
    const record: Record<string, unknown> = {};
    for (const column of table.type.model.columns) {
      const index = targets.indexOf(column);
      record[column.name] = index < 0 ? omittedValue(column) : jsonValueOf(session, table, column, row[index]!);
    }
    return JSON.stringify(record);
  });
  const response = await session.call('/insert/records', {
    table_name: restName,
    list: [],
    list_str: records,
    list_encoding: 'json',
    options: primaryKeyOptions(session, statement, statement.conflict === 'nothing'),
  });
  return { group: 'DML', countAffected: response.count_inserted + response.count_updated };
}

export async function update(session: Session, statement: Update): Promise<Outcome> {
  const { table, restName } = session.resolveTable(statement.table);
  checkColumns(table, statement.where);
  const values: Record<string, string> = {};
  for (const assignment of statement.assignments) {
    const column = resolveColumn(table, assignment.column);
    if (column.name in values) throw sqlErrors.duplicateColumn(column.name);
    checkColumns(table, assignment.value);
    values[column.name] = valueText(session, column, assignment.value);
  }
  const response = await session.call('/update/records', {
    table_name: restName,
    expressions: [conditionText(session, table, statement.where)],
    new_values_maps: [values],
    records_to_insert: [],
    records_to_insert_str: [],
    record_encoding: 'json',
    options: { use_expressions_in_new_values_maps: 'true', ...primaryKeyOptions(session, statement) },
  });
  return { group: 'DML', countAffected: response.count_updated + response.count_inserted };
}

export async function remove(session: Session, statement: Delete): Promise<Outcome> {
  const { table, restName } = session.resolveTable(statement.table);
  checkColumns(table, statement.where);
  const response = await session.call(
    '/delete/records',
    statement.where
      ? { table_name: restName, expressions: [conditionText(session, table, statement.where)], options: {} }
      : { table_name: restName, expressions: [], options: { delete_all_records: 'true' } },
  );
  return { group: 'DML', countAffected: response.count_deleted };
}
