/**
 * Records: /insert/records, /insert/records/random, /get/records, /delete/records, /update/records. The record logic
 * lives in catalog/table/records.ts; here are the request fields and options.
 */
import { tableErrors } from '../errors/tables.js';
import { optionErrors } from '../errors/options.js';
import * as tableRecords from '../catalog/table/records.js';
import { randomRecords } from '../catalog/table/random-records.js';
import { checkExpressionBounds } from '../expr/index.js';
import { bool, oneOf, readOptions, text } from './options.js';
import { requireTable } from './tables.js';
import { allOf, onTable, type Requirement } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/** Kinetica's END_OF_SET: "as many as the server allows". */
const END_OF_SET = -9999;
/** The server's cap on records per /get/records call (conf.max_get_records_size). */
export const MAX_GET_RECORDS = 20000;

/**
 * The number of records a page of `limit` from `offset` may hold (/get/records, /execute/sql): the
 * offset must be at least 0 and the limit END_OF_SET or at least 0; either way at most MAX_GET_RECORDS.
 */
export function pageLimit(offset: number, limit: number): number {
  if (offset < 0) throw tableErrors.offsetOutOfRange(offset);
  if (limit < 0 && limit !== END_OF_SET) throw tableErrors.badLimit(limit);
  return limit === END_OF_SET ? MAX_GET_RECORDS : Math.min(limit, MAX_GET_RECORDS);
}

/** The records of a request, from the list its encoding names; a mismatch is an error, not an empty batch. */
function recordInput(encoding: string, binary: Buffer[], json: string[], binaryField: string, jsonField: string): tableRecords.RecordInput {
  const chosen = encoding.trim().toLowerCase();
  if (chosen === 'binary') {
    if (binary.length === 0 && json.length > 0) throw tableErrors.listEncodingMismatch('binary', binaryField, jsonField);
    return { encoding: 'binary', records: binary };
  }
  if (chosen === 'json') {
    if (json.length === 0 && binary.length > 0) throw tableErrors.listEncodingMismatch('json', jsonField, binaryField);
    return { encoding: 'json', records: json };
  }
  throw optionErrors.invalidEnum(encoding, ['binary', 'json']);
}

/** An insert's permission: table_insert, and table_update too when update_on_existing_pk makes it an upsert. */
export function insertAccess(table: string, updateOnExistingPk: string | undefined): Requirement {
  return updateOnExistingPk?.trim().toLowerCase() === 'true'
    ? allOf(onTable(table, 'table_insert'), onTable(table, 'table_update'))
    : onTable(table, 'table_insert');
}

/**
 * Record permissions (security-concepts): an upsert (update_on_existing_pk) needs table_insert and
 * table_update; so does an /update/records that inserts records when none match.
 */
export const recordEndpoints: EndpointTable = {
  '/insert/records': { handler: insertRecords, access: (request) => insertAccess(request.table_name, request.options.update_on_existing_pk) },
  '/insert/records/random': { handler: insertRandomRecords, access: (request) => onTable(request.table_name, 'table_insert') },
  '/get/records': { handler: getRecords, access: (request) => onTable(request.table_name, 'table_read') },
  '/delete/records': { handler: deleteRecords, access: (request) => onTable(request.table_name, 'table_delete') },
  '/update/records': {
    handler: updateRecords,
    access: (request) =>
      request.records_to_insert.length > 0 || request.records_to_insert_str.length > 0
        ? allOf(onTable(request.table_name, 'table_update'), onTable(request.table_name, 'table_insert'))
        : onTable(request.table_name, 'table_update'),
  },
};

function insertRecords(request: RequestOf<'/insert/records'>, context: EmulatorContext): ResponseOf<'/insert/records'> {
  const options = readOptions(
    request.options,
    {
      update_on_existing_pk: bool,
      ignore_existing_pk: bool,
      pk_conflict_predicate_higher: text,
      pk_conflict_predicate_lower: text,
      return_record_ids: bool,
      truncate_strings: bool,
      return_individual_errors: bool,
      allow_partial_batch: bool,
      dry_run: bool,
    },
    context,
  );
  const catalog = context.emulator.catalog;
  const table = requireTable(catalog, request.table_name);
  for (const column of [options.pk_conflict_predicate_higher, options.pk_conflict_predicate_lower]) {
    if (column !== undefined && !table.type.columnsByName.has(column)) {
      throw tableErrors.columnNotFound(table.qualifiedName, column, table.type.columnNames);
    }
  }
  const input = recordInput(request.list_encoding, request.list, request.list_str, 'list', 'list_str');
  const result = tableRecords.insertRecords(catalog, table, input, {
    updateOnExistingPk: options.update_on_existing_pk ?? false,
    ignoreExistingPk: options.ignore_existing_pk ?? false,
    ...(options.pk_conflict_predicate_higher !== undefined ? { pkConflictHigher: options.pk_conflict_predicate_higher } : {}),
    ...(options.pk_conflict_predicate_lower !== undefined ? { pkConflictLower: options.pk_conflict_predicate_lower } : {}),
    returnRecordIds: options.return_record_ids ?? false,
    truncateStrings: options.truncate_strings ?? false,
    returnIndividualErrors: options.return_individual_errors ?? false,
    allowPartialBatch: options.allow_partial_batch ?? false,
    dryRun: options.dry_run ?? false,
  });
  return {
    record_ids: result.recordIds,
    count_inserted: result.inserted,
    count_updated: result.updated,
    info: result.info,
  };
}

function insertRandomRecords(request: RequestOf<'/insert/records/random'>, context: EmulatorContext): ResponseOf<'/insert/records/random'> {
  // options is a map of maps of numbers (seed, all, a column), checked by randomRecords.
  const catalog = context.emulator.catalog;
  const table = requireTable(catalog, request.table_name);
  const records = randomRecords(table, { count: request.count, options: request.options });
  tableRecords.insertRecords(catalog, table, { encoding: 'binary', records: records.map((record) => table.type.encode(record)) }, tableRecords.PLAIN_INSERT);
  return { table_name: request.table_name, count: request.count, info: {} };
}

async function getRecords(request: RequestOf<'/get/records'>, context: EmulatorContext): Promise<ResponseOf<'/get/records'>> {
  const options = readOptions(
    request.options,
    { expression: text, fast_index_lookup: bool, sort_by: text, sort_order: oneOf('ascending', 'descending') },
    context,
  );
  if (options.expression !== undefined) checkExpressionBounds(options.expression, 'expression');
  let encoding = request.encoding.trim().toLowerCase();
  // The Python client's key lookup (get_records_by_key) on a SNAPPY connection asks for its
  // connection encoding, 'snappy', and decodes records_binary: snappy is the transport, the
  // records are binary.
  if (encoding === 'snappy') encoding = 'binary';
  if (encoding !== 'binary' && encoding !== 'json') throw optionErrors.invalidEnum(request.encoding, ['binary', 'json']);
  const limit = pageLimit(request.offset, request.limit);
  if (options.sort_order !== undefined && options.sort_by === undefined) {
    throw optionErrors.invalidValue('sort_order', options.sort_order, ['(only with sort_by)']);
  }
  const { emulator } = context;
  // A view reads as its rows now: a logical view's query runs, a materialized view catches up.
  const table = await emulator.views.readable(requireTable(emulator.catalog, request.table_name), emulator.settings.recordsPerFile);
  const result = tableRecords.readRecords(table, {
    offset: request.offset,
    limit,
    ...(options.expression !== undefined ? { expression: options.expression } : {}),
    ...(options.sort_by !== undefined && options.sort_by !== '' ? { sortBy: options.sort_by } : {}),
    sortOrder: options.sort_order ?? 'ascending',
  });
  return {
    table_name: request.table_name,
    type_name: table.type.id,
    type_schema: table.type.model.definition,
    records_binary: encoding === 'binary' ? result.records : [],
    records_json: encoding === 'json' ? tableRecords.recordsAsJson(table, result.records) : [],
    total_number_of_records: result.total,
    has_more_records: result.hasMore,
    info: {},
  };
}

function deleteRecords(request: RequestOf<'/delete/records'>, context: EmulatorContext): ResponseOf<'/delete/records'> {
  const options = readOptions(
    request.options,
    { global_expression: text, record_id: text, delete_all_records: bool },
    context,
  );
  checkExpressionFields(request.expressions, options.global_expression);
  const catalog = context.emulator.catalog;
  const table = requireTable(catalog, request.table_name);
  const counts = tableRecords.deleteRecords(catalog, table, request.expressions, {
    deleteAll: options.delete_all_records ?? false,
    ...(options.record_id !== undefined ? { onlyRowId: rowIdOf(options.record_id) } : {}),
    ...(options.global_expression !== undefined ? { globalExpression: options.global_expression } : {}),
  });
  return { count_deleted: counts.reduce((sum, count) => sum + count, 0), counts_deleted: counts, info: {} };
}

function updateRecords(request: RequestOf<'/update/records'>, context: EmulatorContext): ResponseOf<'/update/records'> {
  const options = readOptions(
    request.options,
    {
      global_expression: text,
      bypass_safety_checks: bool,
      update_on_existing_pk: bool,
      ignore_existing_pk: bool,
      update_partition: bool,
      truncate_strings: bool,
      use_expressions_in_new_values_maps: bool,
      record_id: text,
    },
    context,
  );
  checkExpressionFields(request.expressions, options.global_expression);
  if (options.use_expressions_in_new_values_maps) {
    request.new_values_maps.forEach((values, i) => {
      for (const [column, value] of Object.entries(values)) {
        if (value !== null) checkExpressionBounds(value, `new_values_maps[${i}].${column}`);
      }
    });
  }
  const catalog = context.emulator.catalog;
  const table = requireTable(catalog, request.table_name);
  const hasInserts = request.records_to_insert.length > 0 || request.records_to_insert_str.length > 0;
  const result = tableRecords.updateRecords(catalog, table, request.expressions, request.new_values_maps, {
    useExpressions: options.use_expressions_in_new_values_maps ?? false,
    ...(options.record_id !== undefined ? { onlyRowId: rowIdOf(options.record_id) } : {}),
    ...(options.global_expression !== undefined ? { globalExpression: options.global_expression } : {}),
    updateOnExistingPk: options.update_on_existing_pk ?? false,
    ignoreExistingPk: options.ignore_existing_pk ?? false,
    truncateStrings: options.truncate_strings ?? false,
    ...(hasInserts
      ? {
          recordsToInsert: recordInput(
            request.record_encoding,
            request.records_to_insert,
            request.records_to_insert_str,
            'records_to_insert',
            'records_to_insert_str',
          ),
        }
      : {}),
  });
  const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);
  return {
    count_updated: sum(result.updated),
    counts_updated: result.updated,
    count_inserted: sum(result.inserted),
    counts_inserted: result.inserted,
    info: {},
  };
}

/**
 * The bounds of the filters of /delete/records and /update/records (src/expr/bounds.ts), checked
 * for every one before the table is touched, so the error names the field that broke one.
 */
function checkExpressionFields(expressions: readonly string[], globalExpression: string | undefined): void {
  expressions.forEach((expression, i) => checkExpressionBounds(expression, `expressions[${i}]`));
  if (globalExpression !== undefined) checkExpressionBounds(globalExpression, 'global_expression');
}

/** The row a record_id (as /insert/records returned it) names; an id that names no row is an error. */
function rowIdOf(recordId: string): number {
  const trimmed = recordId.trim();
  const rowId = /^[0-9a-f]{1,16}$/i.test(trimmed) ? Number.parseInt(trimmed, 16) : Number.NaN;
  if (!Number.isSafeInteger(rowId) || rowId <= 0) throw tableErrors.badRecordId(recordId);
  return rowId;
}
