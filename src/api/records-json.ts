/**
 * /insert/records/json and /get/records/json: records as raw JSON, with the table and the options
 * in the query string (src/wire/query-routes.ts). Their answers are the records of the Avro
 * endpoints they front, checked against those schemas: /insert/records/json answers an
 * insert_records_from_payload_response (its reference page says so), and /get/records/json the
 * records, total_number_of_records and has_more_records of a /get/records response.
 */
import type { EmulatorContext, EmulatorQueryRoute } from '../emulator/endpoints.js';
import type { Catalog } from '../catalog/catalog.js';
import { displayName } from '../catalog/entry.js';
import { tableErrors } from '../errors/tables.js';
import { checkName, parseQualified } from '../catalog/names.js';
import { byColumns, deleteRecords, insertRecords, readRecords, type SortKey } from '../catalog/table/records.js';
import type { Table } from '../catalog/table/table.js';
import { parseType, recordFromJson, recordToJson, type TypeModel } from '../catalog/table/type-model.js';
import type { TableType } from '../catalog/table/table-type.js';
import { parseBoundedJson } from '../bounds/json.js';
import { checkResponse, codecOf } from '../wire/codec.js';
import type { QueryRequest } from '../wire/query-routes.js';
import { bool, integer, list, oneOf, readOptions, text } from './options.js';
import { createIn, grantCreatorAdmin, onTable } from './access.js';
import { insertAccess, pageLimit } from './records.js';
import { requireTable } from './tables.js';

/**
 * The query parameters /insert/records/json reads besides table_name: /insert/records/frompayload
 * options that apply to JSON records, and the create-table options the Java client merges in.
 */
const INSERT_OPTIONS = {
  batch_size: integer(1),
  truncate_table: bool,
  update_on_existing_pk: bool,
  ignore_existing_pk: bool,
  truncate_strings: bool,
  error_handling: oneOf('permissive', 'ignore_bad_records', 'abort'),
  // create_table_options, for a table that does not exist yet
  type_id: text,
  no_error_if_exists: bool,
  is_replicated: bool,
};

const GET_OPTIONS = {
  column_names: list,
  offset: integer(0),
  limit: integer(),
  expression: text,
  order_by: text,
  having: text,
};

const READ_ALL = Number.MAX_SAFE_INTEGER;

function tableNameOf(request: QueryRequest, endpoint: string): string {
  const name = request.query.table_name?.trim();
  if (!name) throw tableErrors.jsonMissingParameter(endpoint, 'table_name', 'table_name=my_schema.my_table');
  return name;
}

/** The query's options without table_name (handed to readOptions, which refuses unknown keys). */
function optionsOf(request: QueryRequest): Record<string, string> {
  const { table_name: _name, ...rest } = request.query;
  return rest;
}

function findTable(catalog: Catalog, name: string): Table | undefined {
  const qualified = parseQualified(name, 'table');
  return catalog.table(qualified.schema, qualified.name);
}

export const recordJsonRoutes: readonly EmulatorQueryRoute[] = [
    {
      path: '/insert/records/json',
      dataType: 'insert_records_from_payload_response',
      allowGet: false,
      // As /insert/records: table_insert, and table_update too for an upsert; a table the insert
      // creates needs table_create on its schema.
      access: (request, catalog) => {
        const name = request.query.table_name ?? '';
        const insert = insertAccess(name, request.query.update_on_existing_pk);
        try {
          return findTable(catalog, name) ? insert : createIn(parseQualified(name, 'table').schema, 'table');
        } catch {
          return insert;
        }
      },
      handler: insertJson,
    },
    {
      path: '/get/records/json',
      allowGet: true,
      access: (request) => onTable(request.query.table_name ?? '', 'table_read'),
      handler: getJson,
    },
  ];

function insertJson(request: QueryRequest, context: EmulatorContext): Record<string, unknown> {
  const tableName = tableNameOf(request, '/insert/records/json');
  const options = readOptions(optionsOf(request), INSERT_OPTIONS, context);
  const records = payloadRecords(request.body);
  const catalog = context.emulator.catalog;
  const tolerant = options.error_handling !== undefined && options.error_handling !== 'abort';
  const table = findTable(catalog, tableName) ?? createInferred(catalog, tableName, records, options, context.user, tolerant);
  if (options.truncate_table) deleteRecords(catalog, table, [], { deleteAll: true });
  const result = insertRecords(catalog, table, { encoding: 'json', records: records.map((record) => JSON.stringify(record)) }, {
    updateOnExistingPk: options.update_on_existing_pk ?? false,
    ignoreExistingPk: options.ignore_existing_pk ?? false,
    returnRecordIds: false,
    truncateStrings: options.truncate_strings ?? false,
    returnIndividualErrors: false,
    allowPartialBatch: tolerant,
    dryRun: false,
  });
  const model = table.type.model;
  const response = {
    table_name: table.qualifiedName,
    type_id: table.type.id,
    type_definition: model.definition,
    type_label: table.type.label,
    type_properties: model.properties,
    count_inserted: result.inserted,
    count_skipped: records.length - result.inserted - result.updated,
    count_updated: result.updated,
    info: result.info,
  };
  checkResponse(codecOf('/insert/records/frompayload'), response);
  return response;
}

/** The records of a payload: one JSON object, or an array of them. */
function payloadRecords(body: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = parseBoundedJson(body);
  } catch (error) {
    if (body.trim() === '') throw tableErrors.jsonPayloadEmpty();
    throw tableErrors.jsonPayloadNotJson((error as Error).message);
  }
  const records = Array.isArray(parsed) ? parsed : [parsed];
  if (records.length === 0) throw tableErrors.jsonPayloadEmpty();
  records.forEach((record, index) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw tableErrors.jsonRecordNotObject(index, record === null ? 'null' : Array.isArray(record) ? 'a list' : `a ${typeof record}`);
    }
  });
  return records as Record<string, unknown>[];
}

/**
 * The table an insert names but that does not exist: its type is the one type_id names, or one
 * inferred from the records, as Kinetica's reference says. Kinetica sizes its inferred columns
 * (char64, int or long...); the emulator keeps to the base kinds: int (or long beyond 32 bits),
 * double, string, int with the boolean property, and string with the json property for objects and
 * lists. A column missing from a record or null in one is nullable. Columns are in name order, as
 * the reference's example answer lists them.
 */
function createInferred(
  catalog: Catalog,
  tableName: string,
  records: Record<string, unknown>[],
  options: { type_id?: string; is_replicated?: boolean },
  user: string,
  tolerant: boolean,
): Table {
  const qualified = parseQualified(tableName, 'table');
  const schema = catalog.schema(qualified.schema);
  if (!schema) throw tableErrors.schemaMissingFor('table', displayName(qualified), qualified.schema);
  const name = checkName(qualified.name, 'table');
  let type: TableType | TypeModel;
  if (options.type_id !== undefined) {
    const found = catalog.type(options.type_id.trim());
    if (!found) throw tableErrors.typeNotFound(options.type_id);
    type = found;
  } else {
    type = parseType(JSON.stringify(inferColumns(records)), displayName({ schema: schema.name, name: qualified.name }), {});
  }
  // A request that will be refused must not leave a table (or a type) behind: the records are
  // checked against the type before anything is created, as the insert would check them.
  if (!tolerant) {
    const model = 'model' in type ? type.model : type;
    records.forEach((record, index) => {
      const converted = recordFromJson(model, record);
      if ('error' in converted) throw tableErrors.recordInvalid(index, displayName({ schema: schema.name, name }), converted.error);
    });
  }
  const registered = 'model' in type ? type : catalog.registerType(type);
  const table = catalog.createTable(schema.name, name, registered, options.is_replicated ? { is_replicated: 'true' } : {});
  grantCreatorAdmin(catalog, user, { objectType: 'table', object: table.qualifiedName }, 'table_admin');
  return table;
}

function kindOf(value: unknown): string {
  if (typeof value === 'boolean') return 'booleans';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) <= 2147483647 ? 'ints' : 'longs') : 'decimals';
  if (typeof value === 'string') return 'strings';
  return 'objects';
}

function inferColumns(records: Record<string, unknown>[]): string[][] {
  const names = [...new Set(records.flatMap((record) => Object.keys(record)))].sort();
  return names.map((name) => {
    const values = records.map((record) => record[name]);
    const present = values.filter((value) => value !== undefined && value !== null);
    const nullable = present.length < values.length ? ['nullable'] : [];
    const kinds = new Set(present.map(kindOf));
    // Whole numbers widen to long, and whole and fractional numbers to double.
    if (kinds.has('ints') && kinds.has('longs')) kinds.delete('ints');
    if (kinds.has('decimals')) ['ints', 'longs'].forEach((kind) => kinds.delete(kind));
    if (kinds.size > 1) throw tableErrors.jsonCannotInferColumn(name, [...kinds].sort());
    const kind = [...kinds][0] ?? 'strings';
    switch (kind) {
      case 'booleans': return [name, 'boolean', ...nullable];
      case 'ints': return [name, 'int', ...nullable];
      case 'longs': return [name, 'long', ...nullable];
      case 'decimals': return [name, 'double', ...nullable];
      case 'objects': return [name, 'json', ...nullable];
      default: return [name, 'string', ...nullable];
    }
  });
}

function getJson(request: QueryRequest, context: EmulatorContext): Record<string, unknown> {
  const table = requireTable(context.emulator.catalog, tableNameOf(request, '/get/records/json'));
  const options = readOptions(optionsOf(request), GET_OPTIONS, context);
  if (options.having !== undefined && options.having.trim() !== '') throw tableErrors.jsonHavingNotEmulated();
  const offset = options.offset ?? 0;
  const limit = pageLimit(offset, options.limit ?? -9999);
  const model = table.type.model;
  const columns = (options.column_names ?? []).filter((name) => name !== '*').map((item) => columnNamed(table, 'column_names', item));
  const order = orderOf(table, options.order_by ?? '');

  // Every matching record, then the order, then the page: order_by may name several columns.
  const matching = readRecords(table, {
    offset: 0,
    limit: READ_ALL,
    ...(options.expression !== undefined && options.expression.trim() !== '' ? { expression: options.expression } : {}),
    sortOrder: 'ascending',
  });
  const values = matching.records.map((bytes) => table.type.decode(bytes));
  if (order.length > 0) values.sort(byColumns(order));
  const page = values.slice(offset, offset + limit).map((value) => {
    const json = recordToJson(model, value);
    return columns.length === 0 ? json : Object.fromEntries(columns.map((column) => [column, json[column]]));
  });
  const hasMore = offset + page.length < values.length;
  // The fields it shares with /get/records, checked against that schema.
  checkResponse(codecOf('/get/records'), {
    table_name: table.qualifiedName,
    type_name: table.type.id,
    type_schema: model.definition,
    records_binary: [],
    records_json: page.map((record) => JSON.stringify(record)),
    total_number_of_records: values.length,
    has_more_records: hasMore,
    info: {},
  });
  return { records: page, total_number_of_records: values.length, has_more_records: hasMore };
}

/** A plain column of the table (any case, as the expressions resolve names); anything else is refused. */
function columnNamed(table: Table, parameter: string, item: string): string {
  const name = item.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw tableErrors.jsonNotPlainColumn(parameter, item);
  const names = table.type.columnNames;
  const found = names.find((column) => column === name) ?? names.find((column) => column.toLowerCase() === name.toLowerCase());
  if (!found) throw tableErrors.columnNotFound(table.qualifiedName, name, names);
  return found;
}

function orderOf(table: Table, text: string): SortKey[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const match = /^(\S+)(?:\s+(asc|desc|ascending|descending))?$/i.exec(item);
      if (!match) throw tableErrors.jsonBadOrderBy(item);
      return { column: columnNamed(table, 'order_by', match[1]!), direction: match[2]?.toLowerCase().startsWith('desc') ? -1 : 1 };
    });
}
