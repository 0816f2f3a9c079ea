/**
 * SQL views in the catalog. A view is a Table whose `view` is set (table/table.ts): a logical view
 * has no records of its own (the query layer makes it an engine view of its query); a
 * materialized view holds the rows of its last refresh as its records, so backups keep them.
 *
 * Kinetica's rules kept here (sql-ddl.mdx, CREATE VIEW / CREATE MATERIALIZED VIEW / DROP VIEW):
 * - a view reads the tables and views its query names, resolved when it is created (`sources`);
 * - dropping, altering or renaming one of them drops the view, and with it the views reading it;
 * - a view's columns are its query's result columns (every column nullable).
 */
import type { Catalog } from './catalog.js';
import { keyOf } from './names.js';
import { deleteRecords, insertRecords, PLAIN_INSERT } from './table/records.js';
import { Table, type ViewDefinition, type ViewRefresh } from './table/table.js';
import { modelFromColumns, type BaseType, type TypeModel } from './table/type-model.js';
import { viewErrors } from '../errors/views.js';

export const NO_REFRESH: Readonly<ViewRefresh> = { mode: 'off', everyMs: 0, startAt: 0, stopAt: 0, executeAs: '' };

function nameKey(schema: string | undefined, name: string): string {
  return keyOf(`${schema ?? ''}.${name}`);
}

/** The views whose query reads the table or view `schema.name` directly. */
export function viewsReading(catalog: Catalog, schema: string | undefined, name: string): Table[] {
  const key = nameKey(schema, name);
  return catalog.list<Table>('table').filter((table) => table.view?.sources.some((source) => keyOf(source) === key));
}

/**
 * Drops the views reading `schema.name` (it was dropped, altered or renamed). Each drop goes
 * through catalog.remove, whose hooks drop the views reading that view in turn.
 */
export function dropViewsReading(catalog: Catalog, schema: string | undefined, name: string): void {
  for (const view of viewsReading(catalog, schema, name)) catalog.remove(view);
}

/** The table or view a source name (`schema.name`) stands for now. */
export function sourceTable(catalog: Catalog, source: string): Table | undefined {
  const dot = source.indexOf('.');
  return catalog.table(source.slice(0, dot), source.slice(dot + 1));
}

/** Views read through views: deeper is refused (the chain is walked by recursion). */
export const MAX_VIEW_DEPTH = 32;

/**
 * These tables with every table and view their views read, each view after what it reads (the
 * engine makes a logical view only once its sources exist). A materialized view's own sources
 * are not needed to read it (its rows are its records), so they are not followed.
 */
export function withViewSources(catalog: Catalog, tables: readonly Table[]): Table[] {
  const ordered: Table[] = [];
  const visiting = new Set<Table>();
  const visit = (table: Table, depth: number): void => {
    if (ordered.includes(table) || visiting.has(table)) return;
    if (depth > MAX_VIEW_DEPTH) throw viewErrors.nestedTooDeep(table.qualifiedName, MAX_VIEW_DEPTH);
    visiting.add(table);
    if (table.view && !table.view.materialized) {
      for (const source of table.view.sources) {
        const found = sourceTable(catalog, source);
        if (found) visit(found, depth + 1);
      }
    }
    visiting.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, 0);
  return ordered;
}

/** What a refresh of a materialized view reads: its sources, with what their logical views read. */
export function refreshSources(catalog: Catalog, view: Table): Table[] {
  const direct = (view.view?.sources ?? []).map((source) => sourceTable(catalog, source)).filter((table): table is Table => table !== undefined);
  return withViewSources(catalog, direct);
}

/**
 * The materialized views that refresh ON CHANGE of this table's records: those reading it
 * directly or through logical views (a materialized view in between changes only when it is
 * refreshed itself, and its refresh is a change of its records).
 */
export function onChangeViewsOf(catalog: Catalog, table: Table): Table[] {
  const found: Table[] = [];
  const seen = new Set<Table>();
  const visit = (current: Table): void => {
    for (const reader of viewsReading(catalog, current.schema, current.name)) {
      if (seen.has(reader)) continue;
      seen.add(reader);
      if (reader.view!.materialized) {
        if (reader.view!.refresh.mode === 'on_change') found.push(reader);
      } else visit(reader);
    }
  };
  visit(table);
  return found;
}

/** A result column of a view's query, as the SQL layer describes it. */
export interface ViewColumn {
  name: string;
  avro: 'int' | 'long' | 'float' | 'double' | 'string' | 'bytes';
  /** Kinetica's data-type name: int, long, timestamp, date, decimal, char16... */
  datatype: string;
  /** A decimal's precision and scale, when the query layer knows them. */
  decimal?: { precision: number; scale: number };
}

/** Kinetica's widest decimal: precision 27, scale 18 (type-model.ts). */
function decimalProperty(decimal: { precision: number; scale: number } | undefined): string {
  if (!decimal) return 'decimal';
  const precision = Math.min(Math.max(decimal.precision, 1), 27);
  return `decimal(${precision},${Math.min(decimal.scale, 18, precision)})`;
}

/** Data-type names that are column properties of the Avro base they come with. */
const TYPE_PROPERTIES = new Set(['boolean', 'int8', 'int16', 'timestamp', 'date', 'time', 'datetime', 'decimal', 'ulong', 'uuid', 'ipv4', 'json', 'wkt']);

/** The record type of a view: one nullable column per result column, with its data-type property. */
export function viewTypeModel(columns: readonly ViewColumn[]): TypeModel {
  return modelFromColumns(
    '',
    columns.map((column) => {
      const property =
        column.datatype === 'decimal' ? [decimalProperty(column.decimal)] : TYPE_PROPERTIES.has(column.datatype) || /^char\d+$/.test(column.datatype) ? [column.datatype] : [];
      return { name: column.name, base: column.avro as BaseType, nullable: true, properties: property };
    }),
  );
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' of epoch milliseconds (UTC): a DATETIME value. */
function datetimeText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Replaces a materialized view's records with these rows (values in the order of its columns,
 * in Kinetica's forms as the query layer answers them), through the record operations: the
 * change log sees every file, so backups take the new rows, and monitors and ON CHANGE views
 * hear of it.
 */
export function replaceViewRecords(catalog: Catalog, table: Table, rows: readonly (readonly unknown[])[]): void {
  const records = viewRecordsOf(table, rows);
  deleteRecords(catalog, table, [], { deleteAll: true });
  if (records.length > 0) insertRecords(catalog, table, { encoding: 'binary', records }, PLAIN_INSERT);
}

/**
 * A logical view's rows as a table of its type that no catalog holds: the record endpoints
 * (/get/records with its expression, sort and paging) then read a view as they read a table.
 */
export function viewSnapshot(view: Table, rows: readonly (readonly unknown[])[], recordsPerFile: number, now: number): Table {
  const snapshot = new Table(view.schema, view.name, view.type, { ...view.options }, recordsPerFile, 0, now);
  snapshot.data.append(viewRecordsOf(view, rows), undefined, 0, new Set());
  return snapshot;
}

/** Rows in the query layer's answer forms, encoded as records of the view's type. */
function viewRecordsOf(table: Table, rows: readonly (readonly unknown[])[]): Buffer[] {
  const columns = table.type.model.columns;
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      let value = row[i] ?? null;
      if (value !== null && column.properties.includes('datetime') && typeof value === 'number') value = datetimeText(value);
      if (value !== null && column.base === 'bytes' && !Buffer.isBuffer(value)) value = Buffer.from(String(value));
      record[column.name] = value;
    });
    return table.type.encode(record);
  });
}

/** Due times of an EVERY refresh (the scheduler's Recurrence); undefined for the other modes. */
export function viewRecurrence(refresh: ViewRefresh): { anchor: number; everyMs: number; stopAt: number | undefined } | undefined {
  if (refresh.mode !== 'every' || refresh.everyMs <= 0) return undefined;
  return { anchor: refresh.startAt, everyMs: refresh.everyMs, stopAt: refresh.stopAt > 0 ? refresh.stopAt : undefined };
}

const MODES = new Set<ViewRefresh['mode']>(['off', 'on_change', 'on_query', 'every']);

/** A view as a backup's table definition holds it (`view`), checked; undefined for a plain table. */
export function viewFromDefinition(definition: Record<string, unknown>): ViewDefinition | undefined {
  const view = definition.view as Record<string, unknown> | undefined;
  if (view === undefined) return undefined;
  const refresh = (view.refresh ?? {}) as Partial<ViewRefresh>;
  const sources = view.sources;
  if (typeof view.query !== 'string' || !Array.isArray(sources) || !sources.every((source) => typeof source === 'string') || !MODES.has(refresh.mode!)) {
    throw viewErrors.unreadableDefinition(String(definition.table_name));
  }
  return {
    query: view.query,
    materialized: view.materialized === true,
    statement: typeof view.statement === 'string' ? view.statement : '',
    sources: [...(sources as string[])],
    refresh: {
      mode: refresh.mode!,
      everyMs: Number(refresh.everyMs ?? 0),
      startAt: Number(refresh.startAt ?? 0),
      stopAt: Number(refresh.stopAt ?? 0),
      executeAs: String(refresh.executeAs ?? ''),
    },
    lastRefresh: 0,
  };
}
