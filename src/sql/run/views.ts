/**
 * Views (sql-ddl.mdx): CREATE [OR REPLACE] [TEMP] [MATERIALIZED] VIEW ... [REFRESH ...] AS <query>
 * [WITH OPTIONS (EXECUTE AS = ...)], REFRESH MATERIALIZED VIEW, ALTER MATERIALIZED VIEW ... SET
 * REFRESH, DROP [MATERIALIZED] VIEW; and SHOW [CREATE] TABLE | VIEW, DESC[RIBE] [TABLE | VIEW]
 * for tables and views alike.
 *
 * No REST endpoint makes a SQL view, so CREATE works on the catalog itself (as SQL procedures
 * do), after the query's checks (src/sql/run/select.ts: syntax, functions, tables and the
 * caller's table_read on each) and the caller's table_create in the schema. The view's query is
 * kept with every table it names qualified with its schema, so it reads the same tables whoever
 * reads it and whatever their default schema. Its record type is its query's result columns
 * (run with no rows). A materialized view is filled at creation and refreshed by
 * src/emulator/views.ts. DROP goes through /clear/table, as DROP TABLE does; dropping a table or
 * view drops the views reading it (src/catalog/views.ts).
 */
import { parseScheduleTime } from '../../catalog/objects/index.js';
import { anyOf, createIn, grantCreatorAdmin, onTable } from '../../catalog/security/index.js';
import { Table, type ViewRefresh } from '../../catalog/table/table.js';
import type { ColumnModel } from '../../catalog/table/type-model.js';
import { NO_REFRESH, viewTypeModel } from '../../catalog/views.js';
import { procedureErrors } from '../../errors/procedures.js';
import { securityErrors } from '../../errors/security.js';
import { tableErrors } from '../../errors/tables.js';
import { viewErrors } from '../../errors/views.js';
import { isParseFailure, quoteIdentifier } from '../../query/index.js';
import type { AlterViewRefresh, CreateView, DropView, ProcedureInterval, QName, RefreshView, ShowTable, ViewRefreshClause } from '../ast.js';
import type { ResultSet } from '../result.js';
import { checkedShape, resolveTables, runQuery } from './select.js';
import type { Outcome, Session } from './session.js';

const VIEW_OPTIONS = ['execute_as'];
const MS_PER_UNIT: Record<ProcedureInterval['unit'], number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

function qualified(session: Session, name: QName): string {
  return `${session.schemaOf(name)}.${name.name}`;
}

function intervalMs(interval: ProcedureInterval, clause: string): number {
  const ms = Math.round(Number(interval.amount) * MS_PER_UNIT[interval.unit]);
  if (!Number.isFinite(ms) || ms < 1) throw procedureErrors.badInterval(clause, `${interval.amount} ${interval.unit.toUpperCase()}`);
  return ms;
}

function timeOf(text: string, clause: string): number {
  const value = parseScheduleTime(text);
  if (value === undefined) throw procedureErrors.badTime(clause, text);
  return value;
}

/** A REFRESH clause as the view keeps it; EVERY starts one period from now unless STARTING AT says otherwise. */
function refreshOf(clause: ViewRefreshClause | null, now: number, executeAs: string): ViewRefresh {
  if (!clause || clause.mode !== 'every') return { ...NO_REFRESH, mode: clause?.mode ?? 'off', executeAs };
  const everyMs = intervalMs(clause.every!, 'REFRESH EVERY');
  const startAt = clause.start === null ? now + everyMs : timeOf(clause.start, 'STARTING AT');
  const stop = clause.stop;
  const stopAt = stop === null ? 0 : 'at' in stop ? timeOf(stop.at, 'STOP AFTER') : startAt + intervalMs(stop.after, 'STOP AFTER');
  return { mode: 'every', everyMs, startAt, stopAt, executeAs };
}

/**
 * The query with each table it names qualified by the schema the name resolves to (the engine
 * gives where each name starts); a name already qualified stays as written.
 */
async function qualifiedQuery(session: Session, text: string, start: number): Promise<{ query: string; tables: Table[] }> {
  const shape = await checkedShape(session, text, start);
  const tables = resolveTables(session, shape);
  const inserts: { at: number; schema: string }[] = [];
  for (const reference of shape.tables) {
    if (reference.schema !== undefined || reference.at === undefined) continue;
    const { table } = session.resolveTable({ name: reference.name });
    inserts.push({ at: reference.at, schema: table.schema });
  }
  let query = text;
  for (const insert of inserts.sort((a, b) => b.at - a.at)) {
    query = `${query.slice(0, insert.at)}${quoteIdentifier(insert.schema)}.${query.slice(insert.at)}`;
  }
  // Kinetica's forms the engine reads otherwise (bare date units) are stored as the engine runs
  // them: the engine makes its view of this text, and a refresh runs it, without another reading.
  if (shape.text !== undefined) {
    const engineForm = await session.emulator.query.inspect(query);
    if (!isParseFailure(engineForm) && engineForm.text !== undefined) query = engineForm.text;
  }
  return { query, tables };
}

export async function createView(session: Session, statement: CreateView): Promise<Outcome> {
  const { catalog, clock } = session.emulator;
  const schemaName = session.schemaOf(statement.name);
  const display = qualified(session, statement.name);
  const schema = catalog.schema(schemaName);
  if (!schema) throw tableErrors.schemaMissingFor('view', display, schemaName);
  if (!session.emulator.callerMay(session.user, createIn(schema.name, 'table'))) throw securityErrors.accessDenied();
  if (!statement.materialized) {
    if (statement.refresh) throw viewErrors.refreshNotMaterialized(display);
    if (statement.options) throw viewErrors.optionsNotMaterialized(display);
  }
  let executeAs = '';
  for (const pair of statement.options ?? []) {
    if (!VIEW_OPTIONS.includes(pair.name)) throw viewErrors.unknownOption(pair.name, VIEW_OPTIONS);
    executeAs = pair.value.trim();
  }
  const existing = catalog.table(schema.name, statement.name.name);
  if (existing && !statement.orReplace) throw viewErrors.exists(existing.qualifiedName);

  const text = session.textOf(statement.query);
  const { query, tables } = await qualifiedQuery(session, text, statement.query.start);
  if (existing && tables.includes(existing)) throw viewErrors.readsItself(existing.qualifiedName);
  const columns = (await runQuery(session, text, statement.query.start, { offset: 0, limit: 0 })).columns;
  const type = catalog.registerType(viewTypeModel(columns));
  const now = clock.now();
  const refresh = statement.materialized ? refreshOf(statement.refresh, now, executeAs) : { ...NO_REFRESH };

  // OR REPLACE drops what has the name (and so what reads it), as DROP would.
  if (existing) await session.call('/clear/table', { table_name: existing.qualifiedName, authorization: '', options: {} });
  const options: Record<string, string> = statement.temp ? { is_result_table: 'true' } : {};
  const table = new Table(schema.name, statement.name.name, type, options, catalog.settings.recordsPerFile, catalog.changes.seq, now);
  table.view = {
    query,
    materialized: statement.materialized,
    statement: session.text.slice(statement.start, statement.end),
    sources: tables.map((source) => source.qualifiedName),
    refresh,
    lastRefresh: 0,
  };
  catalog.add(table);
  grantCreatorAdmin(catalog, session.user, { objectType: 'table', object: table.qualifiedName }, 'table_admin');
  if (statement.materialized) {
    try {
      await session.emulator.views.refresh(table);
    } catch (error) {
      // A view whose first rows cannot be made is not made.
      catalog.remove(table);
      throw error;
    }
  }
  return { group: 'DDL', countAffected: 1 };
}

/** A view by name, for DROP, REFRESH and ALTER; undefined when none has the name. */
function findView(session: Session, name: QName): Table | undefined {
  const table = session.emulator.catalog.table(session.schemaOf(name), name.name);
  if (!table || !session.canSee(table.qualifiedName)) return undefined;
  if (!table.view) throw viewErrors.notAView(table.qualifiedName);
  return table;
}

export async function dropView(session: Session, statement: DropView): Promise<Outcome> {
  const view = findView(session, statement.name);
  if (!view) {
    if (statement.ifExists) return { group: 'DDL', countAffected: 0 };
    throw viewErrors.notFound(qualified(session, statement.name));
  }
  await session.call('/clear/table', { table_name: view.qualifiedName, authorization: '', options: {} });
  return { group: 'DDL', countAffected: 1 };
}

function materializedView(session: Session, name: QName): Table {
  const view = findView(session, name);
  if (!view) throw viewErrors.notFound(qualified(session, name));
  if (!view.view!.materialized) throw viewErrors.notMaterialized(view.qualifiedName);
  if (!session.emulator.callerMay(session.user, anyOf(onTable(view.qualifiedName, 'table_admin'), onTable(view.qualifiedName, 'table_insert')))) {
    throw securityErrors.accessDenied();
  }
  return view;
}

export async function refreshView(session: Session, statement: RefreshView): Promise<Outcome> {
  const view = materializedView(session, statement.name);
  await session.emulator.views.refresh(view);
  return { group: 'DDL', countAffected: 1 };
}

export async function alterViewRefresh(session: Session, statement: AlterViewRefresh): Promise<Outcome> {
  const view = materializedView(session, statement.name);
  const { emulator } = session;
  const definition = view.view!;
  definition.refresh = refreshOf(statement.refresh, emulator.clock.now(), definition.refresh.executeAs);
  // A change of definition for backups, without the hooks of an altered table (its readers stay).
  emulator.catalog.touch(view, false);
  emulator.views.untrack(view);
  emulator.views.track(view);
  return { group: 'DDL', countAffected: 1 };
}

// ---- SHOW and DESCRIBE

/** The table or view a SHOW or DESCRIBE names, of the kind it asks for. */
function shownTable(session: Session, statement: ShowTable): Table {
  const { table } = session.resolveTable(statement.name);
  if (statement.objectKind === 'table' && table.view) throw viewErrors.notATable(table.qualifiedName);
  if (statement.objectKind === 'view' && !table.view) throw viewErrors.notAView(table.qualifiedName);
  return table;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The properties a column's SQL type already says (the data-type property, `data`, `nullable`). */
const TYPE_WORDS: Record<string, string> = {
  boolean: 'BOOLEAN',
  int8: 'TINYINT',
  int16: 'SMALLINT',
  timestamp: 'TIMESTAMP',
  ulong: 'UNSIGNED BIGINT',
  ipv4: 'IPV4',
  uuid: 'UUID',
  json: 'JSON',
  date: 'DATE',
  time: 'TIME',
  datetime: 'DATETIME',
  wkt: 'GEOMETRY',
};
const BASE_WORDS: Record<ColumnModel['base'], string> = {
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'REAL',
  double: 'DOUBLE',
  string: 'VARCHAR',
  bytes: 'BLOB',
  boolean: 'BOOLEAN',
};

/** A column's SQL type with its other properties, as DESCRIBE and SHOW CREATE TABLE write it: `VARCHAR (32, dict)`. */
function sqlType(column: ColumnModel): string {
  let word = BASE_WORDS[column.base];
  const shown: string[] = [];
  for (const property of column.properties) {
    if (property === 'data' || property === 'nullable') continue;
    const char = /^char(\d+)$/.exec(property);
    const decimal = /^decimal\((\d+),(\d+)\)$/.exec(property);
    const vector = /^vector\((\d+)\)$/.exec(property);
    if (TYPE_WORDS[property] && !(property === 'wkt' && column.base === 'bytes')) word = TYPE_WORDS[property]!;
    else if (char) shown.unshift(char[1]!);
    else if (property === 'decimal') word = 'DECIMAL (18, 4)';
    else if (decimal) word = `DECIMAL (${decimal[1]}, ${decimal[2]})`;
    else if (vector) word = `VECTOR (${vector[1]})`;
    else shown.push(property);
  }
  return shown.length > 0 ? `${word} (${shown.join(', ')})` : word;
}

/** CREATE TABLE text of a table, in the form of Kinetica's SHOW TABLE. */
function tableDdl(table: Table): string {
  const lines = table.type.model.columns.map((column) => `    ${quoted(column.name)} ${sqlType(column)}${column.nullable ? '' : ' NOT NULL'}`);
  const kind = `${table.isReplicated ? 'REPLICATED ' : ''}${table.options.is_result_table === 'true' ? 'TEMP ' : ''}TABLE`;
  const indexes = table.indexes.map((column) => `\nATTRIBUTE INDEX (${quoted(column)})`).join('');
  return `CREATE ${kind} ${quoted(table.schema)}.${quoted(table.name)}\n(\n${lines.join(',\n')}\n)${indexes};`;
}

export async function showTable(session: Session, statement: ShowTable): Promise<Outcome> {
  const table = shownTable(session, statement);
  let ddl = table.view ? table.view.statement.trim() : tableDdl(table);
  if (!ddl.endsWith(';')) ddl += ';';
  const result: ResultSet = { columns: [{ name: 'DDL', avro: 'string', datatype: 'string', nullable: false }], rows: [[ddl]] };
  return { group: 'QUERY', countAffected: 0, result };
}

export async function describeTable(session: Session, statement: ShowTable): Promise<Outcome> {
  const table = shownTable(session, statement);
  const result: ResultSet = {
    columns: [
      { name: 'Col_num', avro: 'int', datatype: 'int', nullable: false },
      { name: 'Name', avro: 'string', datatype: 'string', nullable: false },
      { name: 'Null?', avro: 'string', datatype: 'string', nullable: false },
      { name: 'Type', avro: 'string', datatype: 'string', nullable: false },
    ],
    rows: table.type.model.columns.map((column, i) => [i, column.name, column.nullable ? '' : 'NOT NULL', sqlType(column)]),
  };
  return { group: 'QUERY', countAffected: 0, result };
}
