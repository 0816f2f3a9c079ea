/**
 * The record operations of a table: insert (binary or JSON, with Kinetica's primary-key
 * policies), read (with a filter, an order and paging), delete and update (by filter
 * expressions). Every record is checked against the table's type; every change is logged by file.
 */
import { AvroBoundsError, avroFailureKind } from '../../bounds/avro.js';
import { parseBoundedJson } from '../../bounds/json.js';
import { tableErrors } from '../../errors/tables.js';
import { KineticaError } from '../../errors/kinetica-error.js';
import { compileFilter, compileValue } from '../../expr/index.js';
import type { Catalog } from '../catalog.js';
import type { Table } from './table.js';
import type { TableData } from './table-data.js';
import { randomUUID } from 'node:crypto';
import { charLimit, recordFromJson, recordToJson, replacedOnInsert, truncatedToMilliseconds, type ColumnModel } from './type-model.js';

// -------------------------------------------------------------------------------------------------
// Insert

export interface InsertOptions {
  updateOnExistingPk: boolean;
  ignoreExistingPk: boolean;
  /** Column whose higher (or lower) value wins a primary-key conflict. */
  pkConflictHigher?: string;
  pkConflictLower?: string;
  returnRecordIds: boolean;
  truncateStrings: boolean;
  returnIndividualErrors: boolean;
  allowPartialBatch: boolean;
  dryRun: boolean;
}

/** An insert with every option off, Kinetica's defaults: a primary-key clash is an error, the batch is all or nothing. */
export const PLAIN_INSERT: Readonly<InsertOptions> = {
  updateOnExistingPk: false,
  ignoreExistingPk: false,
  returnRecordIds: false,
  truncateStrings: false,
  returnIndividualErrors: false,
  allowPartialBatch: false,
  dryRun: false,
};

export type RecordInput = { encoding: 'binary'; records: Buffer[] } | { encoding: 'json'; records: string[] };

export interface InsertResult {
  recordIds: string[];
  inserted: number;
  updated: number;
  info: Record<string, string>;
}

interface Prepared {
  index: number;
  value: Record<string, unknown>;
  bytes: Buffer;
  key: string | undefined;
}

/** The value init_with_now or init_with_uuid puts in place of an empty one. */
function generatedValue(column: ColumnModel, kind: 'now' | 'uuid', now: number): unknown {
  if (kind === 'uuid') return randomUUID();
  if (column.base === 'long') return now;
  const iso = new Date(now).toISOString();
  if (column.properties.includes('date')) return iso.slice(0, 10);
  if (column.properties.includes('time')) return iso.slice(11, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Decodes and checks one incoming record; returns it ready to store, or the error for it. */
function prepareRecord(table: Table, input: RecordInput, index: number, truncate: boolean, now: number): Prepared | KineticaError {
  const type = table.type;
  let value: Record<string, unknown>;
  let bytes: Buffer | undefined;
  if (input.encoding === 'binary') {
    const raw = input.records[index]!;
    try {
      value = type.decodeUntrusted(raw);
      bytes = raw;
    } catch (error) {
      return tableErrors.recordNotDecodable(index, table.qualifiedName, avroProblem(error as Error, raw.length));
    }
  } else {
    let json: unknown;
    try {
      json = parseBoundedJson(input.records[index]!);
    } catch (error) {
      return tableErrors.recordNotDecodable(index, table.qualifiedName, `not valid JSON (${(error as Error).message})`);
    }
    const converted = recordFromJson(type.model, json);
    if ('error' in converted) return tableErrors.recordInvalid(index, table.qualifiedName, converted.error);
    value = converted.value;
  }
  let changed = false;
  for (const column of type.model.columns) {
    const generated = replacedOnInsert(column, value[column.name]);
    if (generated) {
      value[column.name] = generatedValue(column, generated, now);
      changed = true;
    }
    const truncated = truncatedToMilliseconds(column, value[column.name]);
    if (truncated !== undefined) {
      value[column.name] = truncated;
      changed = true;
    }
    const cell = value[column.name];
    if (cell === null || cell === undefined) {
      if (!column.nullable) return tableErrors.nullInNonNullable(index, table.qualifiedName, column.name);
      continue;
    }
    let problem = column.check(cell);
    if (problem && truncate && typeof cell === 'string') {
      const limit = charLimit(column.properties);
      if (limit !== undefined && [...cell].length > limit) {
        value[column.name] = [...cell].slice(0, limit).join('');
        changed = true;
        problem = column.check(value[column.name]);
      }
    }
    if (problem) return tableErrors.recordInvalid(index, table.qualifiedName, `column '${column.name}': ${problem}`);
  }
  if (!bytes || changed) bytes = type.encode(value);
  return { index, value, bytes, key: type.primaryKeyOf(value) };
}

function avroProblem(error: Error, length: number): string {
  const kind = avroFailureKind(error);
  if (kind === 'ended') return `the record ends early (${length} bytes)`;
  if (kind === 'trailing') return `bytes remain after the last column (${length} bytes)`;
  // The walk names a record's field; in a table record that field is a column.
  return error instanceof AvroBoundsError ? error.message.replace(/^field '/, "column '") : error.message;
}

/** Whether a new record wins a key conflict against the one held, under the options. */
function newRecordWins(options: InsertOptions, held: Record<string, unknown>, incoming: Record<string, unknown>): boolean {
  const compare = (column: string) => {
    const a = incoming[column];
    const b = held[column];
    if (a === null || a === undefined) return -1;
    if (b === null || b === undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  if (options.pkConflictHigher) return compare(options.pkConflictHigher) > 0;
  if (options.pkConflictLower) return compare(options.pkConflictLower) < 0;
  return true;
}

export function insertRecords(catalog: Catalog, table: Table, input: RecordInput, options: InsertOptions): InsertResult {
  const partial = options.allowPartialBatch || options.returnIndividualErrors;
  const upsert = options.updateOnExistingPk || options.pkConflictHigher !== undefined || options.pkConflictLower !== undefined;
  const errors = new Map<number, string>();
  const fresh: Prepared[] = [];
  /** Key -> position in `fresh`, for conflicts inside the batch. */
  const batchKeys = new Map<string, number>();
  /** Existing row id -> the record replacing it. */
  const replacements = new Map<number, Prepared>();
  const data = table.data;

  for (let index = 0; index < input.records.length; index++) {
    const prepared = prepareRecord(table, input, index, options.truncateStrings, catalog.settings.now());
    if (prepared instanceof KineticaError) {
      if (!partial) throw prepared;
      errors.set(index, prepared.message);
      continue;
    }
    const key = prepared.key;
    if (key === undefined) {
      fresh.push(prepared);
      continue;
    }
    const inBatch = batchKeys.get(key);
    const existing = inBatch === undefined ? data.primaryKeys?.get(key) : undefined;
    if (inBatch === undefined && existing === undefined) {
      batchKeys.set(key, fresh.length);
      fresh.push(prepared);
      continue;
    }
    if (upsert) {
      if (inBatch !== undefined) {
        if (newRecordWins(options, fresh[inBatch]!.value, prepared.value)) fresh[inBatch] = prepared;
      } else {
        const held = replacements.get(existing!)?.value ?? table.type.decode(recordBytes(table, existing!));
        if (newRecordWins(options, held, prepared.value)) replacements.set(existing!, prepared);
      }
      continue;
    }
    if (options.ignoreExistingPk) continue;
    const error = tableErrors.duplicatePrimaryKey(index, table.qualifiedName, table.type.describeKey(prepared.value));
    if (!partial) throw error;
    errors.set(index, error.message);
  }

  const info: Record<string, string> = {};
  if (errors.size > 0) {
    info.bad_record_indices = [...errors.keys()].join(',');
    for (const [index, message] of errors) info[`error_${index}`] = message;
  }
  if (options.dryRun) {
    info.dry_run = 'true';
    return { recordIds: [], inserted: fresh.length, updated: replacements.size, info };
  }
  const seq = catalog.beginDataChange();
  const touched = new Set<number>();
  if (replacements.size > 0) {
    data.change([], new Map([...replacements].map(([rowId, prepared]) => [rowId, prepared.bytes])), seq, touched);
  }
  const rowIds = data.append(
    fresh.map((prepared) => prepared.bytes),
    fresh.map((prepared) => prepared.key),
    seq,
    touched,
  );
  if (touched.size > 0) catalog.recordDataChange(table, seq, touched);
  // Insert monitors get every row image the insert wrote, new or replacing one, in batch order.
  catalog.recordsChanged({
    table,
    event: 'insert',
    count: replacements.size + fresh.length,
    records: () => [...replacements.values(), ...fresh].sort((a, b) => a.index - b.index).map((prepared) => prepared.bytes),
  });
  return {
    recordIds: options.returnRecordIds ? rowIds.map(formatRecordId) : [],
    inserted: fresh.length,
    updated: replacements.size,
    info,
  };
}

function recordBytes(table: Table, rowId: number): Buffer {
  const where = table.data.locate(rowId)!;
  return table.data.files[where.file]!.recordAt(where.position);
}

/** Kinetica's record ids are opaque strings; ours are the row ids, zero-padded to 16 hex digits. */
export function formatRecordId(rowId: number): string {
  return rowId.toString(16).padStart(16, '0');
}

// -------------------------------------------------------------------------------------------------
// Read

export interface ReadOptions {
  offset: number;
  /** Records wanted; the server's cap applies. */
  limit: number;
  expression?: string;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
}

export interface ReadResult {
  /** Encoded records of the page, in order. */
  records: Buffer[];
  /** Records matching the filter, before paging. */
  total: number;
  hasMore: boolean;
}

export function readRecords(table: Table, options: ReadOptions): ReadResult {
  const type = table.type;
  const needsValues = Boolean(options.expression?.trim()) || options.sortBy !== undefined;
  if (!needsValues) {
    const total = table.data.count;
    const records: Buffer[] = [];
    let skipped = 0;
    for (const row of table.data.rows()) {
      if (skipped < options.offset) {
        skipped++;
        continue;
      }
      if (records.length >= options.limit) break;
      records.push(row.bytes);
    }
    return { records, total, hasMore: options.offset + records.length < total };
  }
  const matches = options.expression?.trim() ? compileFilter(options.expression, type.exprColumns) : () => true;
  let rows: { bytes: Buffer; value: Record<string, unknown> }[] = [];
  for (const row of table.data.rows()) {
    const value = type.decode(row.bytes);
    if (matches(value)) rows.push({ bytes: row.bytes, value });
  }
  if (options.sortBy !== undefined) {
    const column = options.sortBy;
    if (!type.columnsByName.has(column)) throw tableErrors.unknownSortColumn(table.qualifiedName, column, type.columnNames);
    const direction = options.sortOrder === 'descending' ? -1 : 1;
    rows = rows
      .map((row, position) => ({ row, position }))
      .sort((a, b) => direction * compareValues(a.row.value[column], b.row.value[column]) || a.position - b.position)
      .map(({ row }) => row);
  }
  const page = rows.slice(options.offset, options.offset + options.limit);
  return { records: page.map((row) => row.bytes), total: rows.length, hasMore: options.offset + page.length < rows.length };
}

/** One key of a multi-column order: a column, ascending (1) or descending (-1). */
export interface SortKey {
  column: string;
  direction: 1 | -1;
}

/** A comparator of decoded records by several columns in turn (ties keep their order: Array.sort is stable). */
export function byColumns(keys: readonly SortKey[]): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  return (a, b) => {
    for (const { column, direction } of keys) {
      const order = direction * compareValues(a[column], b[column]);
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** Order for sort_by: nulls first, then numbers, strings and bytes in their natural order. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

export function recordsAsJson(table: Table, records: Buffer[]): string[] {
  return records.map((bytes) => JSON.stringify(recordToJson(table.type.model, table.type.decode(bytes))));
}

// -------------------------------------------------------------------------------------------------
// Delete and update

/** Every row, or only the one a record id names. */
function* rowsToVisit(data: TableData, onlyRowId: number | undefined) {
  if (onlyRowId === undefined) {
    yield* data.rows();
    return;
  }
  const where = data.locate(onlyRowId);
  if (!where) return;
  yield { rowId: onlyRowId, bytes: data.files[where.file]!.recordAt(where.position), file: where.file, position: where.position };
}

/** Deletes the records matching any of the expressions (within the global expression, when given); returns the count per expression. */
export function deleteRecords(
  catalog: Catalog,
  table: Table,
  expressions: string[],
  options: { deleteAll: boolean; globalExpression?: string; onlyRowId?: number },
): number[] {
  const deleteAll = options.deleteAll;
  const type = table.type;
  const data = table.data;
  if (deleteAll) {
    const count = data.count;
    if (count > 0) {
      const seq = catalog.beginDataChange();
      const touched = new Set<number>();
      data.clear(touched);
      catalog.recordDataChange(table, seq, touched);
    }
    catalog.recordsChanged({ table, event: 'delete', count });
    return [count];
  }
  if (expressions.length === 0 && options.onlyRowId === undefined) throw tableErrors.noDeleteExpression();
  // A record id alone selects its record; with expressions, the record must also match one.
  const filters = (expressions.length > 0 ? expressions : ['']).map((expression) => compileFilter(expression, type.exprColumns));
  const inScope = options.globalExpression?.trim() ? compileFilter(options.globalExpression, type.exprColumns) : () => true;
  const counts = filters.map(() => 0);
  const doomed: number[] = [];
  const doomedKeys: string[] = [];
  for (const row of rowsToVisit(data, options.onlyRowId)) {
    const value = type.decode(row.bytes);
    if (!inScope(value)) continue;
    const hit = filters.findIndex((matches) => matches(value));
    if (hit < 0) continue;
    counts[hit]!++;
    doomed.push(row.rowId);
    const key = type.primaryKeyOf(value);
    if (key !== undefined) doomedKeys.push(key);
  }
  if (doomed.length > 0) {
    const seq = catalog.beginDataChange();
    const touched = new Set<number>();
    data.change(doomed, new Map(), seq, touched);
    data.forgetKeys(doomedKeys);
    catalog.recordDataChange(table, seq, touched);
  }
  catalog.recordsChanged({ table, event: 'delete', count: doomed.length });
  return counts;
}

export interface UpdateOptions {
  /** New values are expressions (quoted strings, columns, arithmetic) rather than constants. */
  useExpressions: boolean;
  /** Narrows the records every expression looks at. */
  globalExpression?: string;
  /** A key taken over by an update replaces the record that held it (instead of failing). */
  updateOnExistingPk: boolean;
  /** A key collision skips the update instead of failing. */
  ignoreExistingPk: boolean;
  truncateStrings: boolean;
  /** Records to insert, one per expression, when that expression matches nothing. */
  recordsToInsert?: RecordInput;
  /** Only this row is considered (the record_id option). */
  onlyRowId?: number;
}

export interface UpdateResult {
  updated: number[];
  inserted: number[];
}

/** A constant new value (use_expressions_in_new_values_maps=false): the text read as the column's type. */
function constantFor(column: ColumnModel, text: string): unknown {
  switch (column.base) {
    case 'int':
    case 'long': {
      const value = Number(text.trim());
      if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
        throw tableErrors.badNewValue(column.name, text, `an integer for a ${column.base} column`);
      }
      return value;
    }
    case 'float':
    case 'double': {
      const value = Number(text.trim());
      if (text.trim() === '' || Number.isNaN(value)) throw tableErrors.badNewValue(column.name, text, `a number for a ${column.base} column`);
      return value;
    }
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw tableErrors.badNewValue(column.name, text, 'true or false');
      return lower === 'true';
    }
    case 'bytes':
      return Buffer.from(text, 'utf8');
    case 'string':
      return text;
  }
}

/** One column an update sets: its new value, computed from the record being updated. */
interface Assignment {
  column: ColumnModel;
  compute: (row: Record<string, unknown>) => unknown;
}

/** One expression of an update: which records it takes, and what it sets in them. */
interface UpdatePlan {
  matches: (row: Record<string, unknown>) => boolean;
  assignments: Assignment[];
}

/** What the matched records become, gathered before anything is written. */
interface MatchedUpdates {
  /** Records updated, per expression. */
  counts: number[];
  /** The new bytes of each updated row. */
  replacements: Map<number, Buffer>;
  /** Primary keys the updates change, from the old key to the new one. */
  keyMoves: { from: string; to: string; rowId: number }[];
  /** The new keys the updates take (and, later, the inserts: row -1), against collisions within the request. */
  claimedKeys: Map<string, number>;
}

/**
 * Updates the records matching each expression with the values of its map. A record is updated
 * by the first expression it matches. An expression that matches nothing inserts its record from
 * records_to_insert, when given. Returns the counts per expression.
 */
export function updateRecords(
  catalog: Catalog,
  table: Table,
  expressions: string[],
  newValues: Record<string, string | null>[],
  options: UpdateOptions,
): UpdateResult {
  const plans = planUpdates(table, expressions, newValues, options.useExpressions);
  const matched = matchUpdates(table, plans, options);
  const { inserts, inserted } = insertsForUnmatched(catalog, table, matched, options);
  writeUpdates(catalog, table, matched, inserts);
  catalog.recordsChanged({ table, event: 'update', count: matched.replacements.size });
  // Records inserted in place of expressions that matched nothing are inserts to monitors.
  catalog.recordsChanged({ table, event: 'insert', count: inserts.length, records: () => inserts.map((prepared) => prepared.bytes) });
  return { updated: matched.counts, inserted };
}

/** Reads the request: one plan per expression, its new values compiled (or read as constants) before its filter. */
function planUpdates(table: Table, expressions: string[], newValues: Record<string, string | null>[], useExpressions: boolean): UpdatePlan[] {
  const type = table.type;
  if (expressions.length !== newValues.length) throw tableErrors.expressionCountMismatch(expressions.length, newValues.length);
  return expressions.map((expression, i) => {
    const assignments = Object.entries(newValues[i]!).map(([columnName, valueText]) => assignmentFor(table, columnName, valueText, useExpressions));
    return { matches: compileFilter(expression, type.exprColumns), assignments };
  });
}

/** One entry of a new-values map: null, an expression over the record, or a constant of the column's type. */
function assignmentFor(table: Table, columnName: string, valueText: string | null, useExpressions: boolean): Assignment {
  const type = table.type;
  const column = type.columnsByName.get(columnName);
  if (!column) throw tableErrors.unknownUpdateColumn(table.qualifiedName, columnName, type.columnNames);
  const target = type.exprColumns.find((c) => c.name === column.name)!;
  let compute: (row: Record<string, unknown>) => unknown;
  if (valueText === null) compute = () => null;
  else if (useExpressions) compute = compileValue(valueText, type.exprColumns, target);
  else {
    const constant = constantFor(column, valueText);
    compute = () => constant;
  }
  return { column, compute };
}

/** Visits the records in scope and works out what each matched one becomes; nothing is written yet. */
function matchUpdates(table: Table, plans: UpdatePlan[], options: UpdateOptions): MatchedUpdates {
  const type = table.type;
  const inScope = options.globalExpression?.trim() ? compileFilter(options.globalExpression, type.exprColumns) : () => true;
  const matched: MatchedUpdates = { counts: plans.map(() => 0), replacements: new Map(), keyMoves: [], claimedKeys: new Map() };
  for (const row of rowsToVisit(table.data, options.onlyRowId)) {
    const value = type.decode(row.bytes);
    if (!inScope(value)) continue;
    const hit = plans.findIndex((plan) => plan.matches(value));
    if (hit < 0) continue;
    const updated = updatedRecord(table, value, plans[hit]!.assignments, options.truncateStrings);
    if (!claimNewKey(table, matched, row.rowId, value, updated, options)) continue;
    matched.counts[hit]!++;
    matched.replacements.set(row.rowId, type.encode(updated));
  }
  return matched;
}

/** A record with an expression's new values in it, each checked against its column (long strings cut when asked). */
function updatedRecord(table: Table, value: Record<string, unknown>, assignments: Assignment[], truncateStrings: boolean): Record<string, unknown> {
  const updated = { ...value };
  for (const { column, compute } of assignments) {
    let next = compute(value);
    if (next === null || next === undefined) {
      if (!column.nullable) throw tableErrors.nullInUpdate(table.qualifiedName, column.name);
      updated[column.name] = null;
      continue;
    }
    next = truncatedToMilliseconds(column, next) ?? next;
    let problem = column.check(next);
    if (problem && truncateStrings && typeof next === 'string') {
      const limit = charLimit(column.properties);
      if (limit !== undefined) {
        next = [...next].slice(0, limit).join('');
        problem = column.check(next);
      }
    }
    if (problem) throw tableErrors.badNewValue(column.name, String(next), problem);
    updated[column.name] = next;
  }
  return updated;
}

/**
 * Takes the primary key an update gives a record, when it changes: false when the key is held by
 * another record and the update is to be skipped (ignore_existing_pk); a collision otherwise fails,
 * unless update_on_existing_pk lets the update take the key over.
 */
function claimNewKey(
  table: Table,
  matched: MatchedUpdates,
  rowId: number,
  value: Record<string, unknown>,
  updated: Record<string, unknown>,
  options: UpdateOptions,
): boolean {
  const type = table.type;
  const oldKey = type.primaryKeyOf(value);
  const newKey = type.primaryKeyOf(updated);
  if (newKey === undefined || oldKey === newKey) return true;
  const holder = matched.claimedKeys.get(newKey) ?? table.data.primaryKeys?.get(newKey);
  if (holder !== undefined && holder !== rowId && !options.updateOnExistingPk) {
    if (options.ignoreExistingPk) return false;
    throw tableErrors.updateKeyCollision(table.qualifiedName, type.describeKey(updated));
  }
  matched.claimedKeys.set(newKey, rowId);
  matched.keyMoves.push({ from: oldKey!, to: newKey, rowId });
  return true;
}

/** The records_to_insert of the expressions that matched nothing, checked (and their keys claimed), with the count per expression. */
function insertsForUnmatched(
  catalog: Catalog,
  table: Table,
  matched: MatchedUpdates,
  options: UpdateOptions,
): { inserts: Prepared[]; inserted: number[] } {
  const inserts: Prepared[] = [];
  const inserted = matched.counts.map(() => 0);
  const toInsert = options.recordsToInsert;
  if (!toInsert || toInsert.records.length === 0) return { inserts, inserted };
  if (toInsert.records.length !== matched.counts.length) throw tableErrors.insertCountMismatch(matched.counts.length, toInsert.records.length);
  matched.counts.forEach((count, i) => {
    if (count > 0) return;
    const prepared = prepareRecord(table, toInsert, i, options.truncateStrings, catalog.settings.now());
    if (prepared instanceof KineticaError) throw prepared;
    if (prepared.key !== undefined && (table.data.primaryKeys?.has(prepared.key) || matched.claimedKeys.has(prepared.key))) {
      if (options.ignoreExistingPk) return;
      throw tableErrors.duplicatePrimaryKey(i, table.qualifiedName, table.type.describeKey(prepared.value));
    }
    if (prepared.key !== undefined) matched.claimedKeys.set(prepared.key, -1);
    inserts.push(prepared);
    inserted[i] = 1;
  });
  return { inserts, inserted };
}

/** Writes the updated records, the records whose keys they took over, the moved keys and the inserts, as one data change. */
function writeUpdates(catalog: Catalog, table: Table, matched: MatchedUpdates, inserts: Prepared[]): void {
  const { replacements, keyMoves } = matched;
  if (replacements.size === 0 && inserts.length === 0) return;
  const data = table.data;
  const seq = catalog.beginDataChange();
  const touched = new Set<number>();
  // A key taken over by an update replaces the record that held it.
  const displaced = keyMoves
    .map((move) => data.primaryKeys?.get(move.to))
    .filter((rowId): rowId is number => rowId !== undefined && !replacements.has(rowId));
  if (replacements.size > 0 || displaced.length > 0) data.change(displaced, replacements, seq, touched);
  data.forgetKeys(keyMoves.map((move) => move.from));
  for (const move of keyMoves) data.setKey(move.to, move.rowId);
  if (inserts.length > 0) {
    data.append(inserts.map((p) => p.bytes), inserts.map((p) => p.key), seq, touched);
  }
  catalog.recordDataChange(table, seq, touched);
}
