/**
 * Types and tables: /create/type, /show/types, /has/type, /create/table, /has/table,
 * /show/table, /clear/table, /alter/table.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import { displayName } from '../catalog/entry.js';
import { tableErrors } from '../errors/tables.js';
import { optionErrors } from '../errors/options.js';
import { checkName, keyOf, parseQualified } from '../catalog/names.js';
import type { Table } from '../catalog/table/table.js';
import { formatScheduleTime } from '../catalog/objects/index.js';
import type { TableType } from '../catalog/table/table-type.js';
import { parseType, typeIdOf, type TypeModel } from '../catalog/table/type-model.js';
import * as tableAlteration from '../catalog/table/alter-table.js';
import { bool, integer, isTrue, oneOf, readOptions, text } from './options.js';
import { anyone, createIn, grantCreatorAdmin, onTable, system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/** Finds a table by `[schema.]name`, or fails with Kinetica's text. */
export function requireTable(catalog: Catalog, name: string): Table {
  const qualified = parseQualified(name, 'table');
  const table = catalog.table(qualified.schema, qualified.name);
  if (!table) throw tableErrors.tableNotFound(displayName(qualified));
  return table;
}

/** The schema a /create/table request creates its table in ('' when the name is invalid: the handler says why). */
function creationSchema(tableName: string, options: Record<string, string>): string {
  try {
    return options.collection_name ? checkName(options.collection_name, 'schema') : parseQualified(tableName, 'table').schema;
  } catch {
    return '';
  }
}

/**
 * Table permissions (security-concepts): reading records needs table_read, writing them the
 * matching table_insert / table_update / table_delete, dropping or altering a table table_admin,
 * creating one table_create on its schema. Types are not secured.
 */
export const tableEndpoints: EndpointTable = {
  '/create/type': { handler: createType, access: anyone },
  '/show/types': { handler: showTypes, access: anyone },
  '/has/type': { handler: hasType, access: anyone },
  '/create/table': {
    handler: createTable,
    access: (request) => {
      // A result table "is always allowed even if the caller does not have permission to create tables";
      // a temporary table is the emulator's choice (Kinetica's docs are silent).
      if (isTrue(request.options.is_result_table) || isTrue(request.options.create_temp_table)) return anyone;
      if (isTrue(request.options.is_collection)) return system('system_write');
      return createIn(creationSchema(request.table_name, request.options), 'table');
    },
  },
  '/has/table': { handler: hasTable, access: anyone },
  '/show/table': { handler: showTable, access: anyone },
  '/clear/table': { handler: clearTable, access: (request) => onTable(request.table_name, 'table_admin') },
  '/alter/table': { handler: alterTable, access: (request) => onTable(request.table_name, 'table_admin') },
};

const CREATE_TABLE_OPTIONS = {
  no_error_if_exists: bool,
  create_temp_table: bool,
  collection_name: text,
  is_collection: bool,
  is_replicated: bool,
  foreign_keys: text,
  foreign_shard_key: text,
  partition_type: oneOf('RANGE', 'INTERVAL', 'LIST', 'HASH', 'SERIES'),
  partition_keys: text,
  partition_definitions: text,
  is_automatic_partition: bool,
  ttl: integer(-1),
  chunk_size: integer(1),
  chunk_column_max_memory: integer(1),
  chunk_max_memory: integer(1),
  is_result_table: bool,
  strategy_definition: text,
  compression_codec: text,
  load_vectors_policy: oneOf('always', 'lazy', 'on_demand', 'system'),
  build_pk_index_policy: oneOf('always', 'lazy', 'on_demand'),
  // Not in the 7.2 reference page, but the official Python client's GPUdbTableOptions sends them.
  disallow_homogeneous_tables: bool,
  primary_key_type: oneOf('memory', 'disk'),
  wal_sync_policy: text,
};

/** Options that describe the table (kept with it and in its backup definition), as opposed to ones that steer the request. */
const REQUEST_ONLY_OPTIONS = new Set(['no_error_if_exists', 'create_temp_table', 'collection_name', 'is_collection']);

function typeSchemaOf(type: TableType): string {
  return type.model.definition;
}

function describeTable(table: Table): string[] {
  if (table.view) return [table.view.materialized ? 'MATERIALIZED_VIEW' : 'LOGICAL_VIEW'];
  return table.isReplicated ? ['REPLICATED'] : [];
}

const REFRESH_METHODS = { off: 'manual', on_change: 'on_change', on_query: 'on_query', every: 'periodic' } as const;

/**
 * What /show/table adds for a view: the statement that made it (as request_avro_json, with
 * request_avro_type execute_sql: no REST request makes a SQL view) and, for a materialized view,
 * its refresh method and times (show_table_rest's view_table_name, refresh_*, *_refresh_time).
 */
function viewAdditionalInfo(table: Table, emulator: EmulatorContext['emulator']): Record<string, string> {
  const view = table.view!;
  const info: Record<string, string> = {
    request_avro_type: 'execute_sql',
    request_avro_json: JSON.stringify({ statement: view.statement }),
  };
  if (!view.materialized) return info;
  const { refresh } = view;
  info.view_table_name = table.qualifiedName;
  info.is_view_persisted = 'true';
  info.is_dirty = 'false';
  info.refresh_method = REFRESH_METHODS[refresh.mode];
  info.last_refresh_time = view.lastRefresh > 0 ? formatScheduleTime(view.lastRefresh) : '';
  if (refresh.mode === 'every') {
    const next = emulator.views.nextDue(table);
    info.refresh_period = String(refresh.everyMs / 1000);
    info.refresh_start_time = formatScheduleTime(refresh.startAt);
    info.refresh_stop_time = refresh.stopAt > 0 ? formatScheduleTime(refresh.stopAt) : '';
    info.next_refresh_time = next === undefined ? '' : formatScheduleTime(next);
    if (refresh.executeAs !== '') info.refresh_execute_as = refresh.executeAs;
  }
  return info;
}

function tableAdditionalInfo(table: Table, emulator: EmulatorContext['emulator']): Record<string, string> {
  const options = Object.fromEntries(Object.entries(table.options).filter(([key]) => !REQUEST_ONLY_OPTIONS.has(key)));
  return {
    request_avro_type: 'create_table',
    request_avro_json: JSON.stringify({ table_name: table.qualifiedName, type_id: table.type.id, options }),
    protected: 'false',
    record_bytes: String(recordBytes(table.type)),
    total_bytes: String(table.data.files.reduce((sum, file) => sum + file.byteLength, 0)),
    collection_names: table.schema,
    schema_name: table.schema,
    table_ttl: table.options.ttl ?? '-1',
    remaining_table_ttl: '-1',
    foreign_keys: table.options.foreign_keys ?? '',
    foreign_shard_key: table.options.foreign_shard_key ?? '',
    partition_type: table.options.partition_type ?? 'NONE',
    partition_keys: table.options.partition_keys ?? '',
    partition_definitions: table.options.partition_definitions ?? '',
    is_automatic_partition: table.options.is_automatic_partition ?? 'false',
    attribute_indexes: table.indexes.join(';'),
    compression_codec: table.options.compression_codec ?? 'lz4',
    created_time: new Date(table.createdAt).toISOString(),
    last_write_time: new Date(table.lastWriteAt).toISOString(),
    ...(table.comment ? { table_comment: table.comment } : {}),
    ...(table.view ? viewAdditionalInfo(table, emulator) : {}),
  };
}

/** Fixed-width in-memory size of a record, as Kinetica reports it (strings count their charN width). */
function recordBytes(type: TableType): number {
  let bytes = 0;
  for (const column of type.model.columns) {
    const charN = column.properties.map((p) => /^char(\d+)$/.exec(p)).find(Boolean);
    if (charN) bytes += Number(charN[1]);
    else if (column.base === 'int' || column.base === 'float') bytes += 4;
    else if (column.base === 'long' || column.base === 'double') bytes += 8;
    else if (column.base === 'boolean') bytes += 1;
    else bytes += 8;
  }
  return bytes;
}

function createType(request: RequestOf<'/create/type'>, context: EmulatorContext): ResponseOf<'/create/type'> {
  readOptions(request.options, { compression_codec: text }, context);
  const model = parseType(request.type_definition, request.label, request.properties);
  const type = context.emulator.catalog.registerType(model);
  return { type_id: type.id, type_definition: typeSchemaOf(type), label: type.label, properties: type.model.properties, info: {} };
}

function showTypes(request: RequestOf<'/show/types'>, context: EmulatorContext): ResponseOf<'/show/types'> {
  readOptions(request.options, { no_join_types: bool }, context);
  const catalog = context.emulator.catalog;
  let types = catalog.typeList();
  if (request.type_id !== '') {
    const type = catalog.type(request.type_id);
    if (!type) throw tableErrors.typeNotFound(request.type_id);
    types = [type];
  }
  if (request.label !== '') types = types.filter((type) => type.label === request.label);
  return {
    type_ids: types.map((type) => type.id),
    type_schemas: types.map(typeSchemaOf),
    labels: types.map((type) => type.label),
    properties: types.map((type) => type.model.properties),
    info: {},
  };
}

function hasType(request: RequestOf<'/has/type'>, context: EmulatorContext): ResponseOf<'/has/type'> {
  readOptions(request.options, {}, context);
  return { type_id: request.type_id, type_exists: context.emulator.catalog.type(request.type_id) !== undefined, info: {} };
}

function createTable(request: RequestOf<'/create/table'>, context: EmulatorContext): ResponseOf<'/create/table'> {
  const options = readOptions(request.options, CREATE_TABLE_OPTIONS, context);
  const catalog = context.emulator.catalog;
  if (options.is_collection) {
    const schemaName = checkName(request.table_name, 'schema');
    if (!catalog.schema(schemaName)) catalog.createSchema(schemaName);
    else if (!options.no_error_if_exists) throw tableErrors.schemaExists(schemaName);
    return { table_name: request.table_name, type_id: '', is_collection: true, info: { qualified_table_name: schemaName } };
  }
  // Everything is checked before anything is made: a refused request leaves no schema or type behind.
  let qualified = options.create_temp_table
    ? { schema: 'sys_temp', name: `temp_${randomUUID().replace(/-/g, '')}` }
    : parseQualified(request.table_name, 'table', options.collection_name ? checkName(options.collection_name, 'schema') : undefined);
  const schemaMadeHere = (options.create_temp_table || options.collection_name) && !catalog.schema(qualified.schema);
  const type = typeOfRequest(catalog, request.type_id);
  const typeId = 'id' in type ? type.id : typeIdOf(type);
  const schema = catalog.schema(qualified.schema);
  if (!schema && !schemaMadeHere) throw tableErrors.schemaMissingFor('table', displayName(qualified), qualified.schema);
  if (schema) qualified = { schema: schema.name, name: qualified.name };
  const existing = schema ? catalog.table(qualified.schema, qualified.name) : undefined;
  if (existing) {
    if (!options.no_error_if_exists) throw tableErrors.tableExists(existing.qualifiedName);
    if (existing.type.id !== typeId) throw tableErrors.tableExistsOtherType(existing.qualifiedName, existing.type.id, typeId);
    return {
      table_name: request.table_name,
      type_id: typeId,
      is_collection: false,
      info: { qualified_table_name: existing.qualifiedName },
    };
  }
  if (schemaMadeHere) catalog.createSchema(qualified.schema);
  const registered = 'id' in type ? type : catalog.registerType(type);
  const stored = Object.fromEntries(Object.entries(request.options).filter(([key]) => !REQUEST_ONLY_OPTIONS.has(key)));
  const table = catalog.createTable(qualified.schema, qualified.name, registered, stored);
  grantCreatorAdmin(catalog, context.user, { objectType: 'table', object: table.qualifiedName }, 'table_admin');
  return {
    table_name: options.create_temp_table ? table.name : request.table_name,
    type_id: registered.id,
    is_collection: false,
    info: { qualified_table_name: table.qualifiedName },
  };
}

function hasTable(request: RequestOf<'/has/table'>, context: EmulatorContext): ResponseOf<'/has/table'> {
  readOptions(request.options, {}, context);
  let exists = false;
  if (request.table_name.trim() !== '') {
    const qualified = parseQualified(request.table_name, 'table');
    exists = context.emulator.catalog.table(qualified.schema, qualified.name) !== undefined;
  }
  return { table_name: request.table_name, table_exists: exists, info: {} };
}

function showTable(request: RequestOf<'/show/table'>, context: EmulatorContext): ResponseOf<'/show/table'> {
  const options = readOptions(
    request.options,
    {
      dependencies: bool,
      force_synchronous: bool,
      get_access_data: bool,
      get_cached_sizes: bool,
      get_sizes: bool,
      referencing_materialized_views: bool,
      skip_additional_info: bool,
      no_error_if_not_exists: bool,
      skip_temp_schemas: bool,
      show_children: bool,
      get_column_info: bool,
    },
    context,
  );
  const catalog = context.emulator.catalog;
  const name = request.table_name.trim();
  const showChildren = options.show_children ?? true;
  const sizes = options.get_sizes === true || options.get_cached_sizes === true;
  let tables: Table[] = [];
  let schemaOnly: string | undefined;
  if (name === '') {
    tables = catalog.list<Table>('table').filter((table) => !(options.skip_temp_schemas && keyOf(table.schema) === 'sys_temp'));
  } else {
    const asSchema = !name.includes('.') ? catalog.schema(name) : undefined;
    const qualified = parseQualified(name, 'table');
    const table = catalog.table(qualified.schema, qualified.name);
    if (table) tables = [table];
    else if (asSchema) {
      if (showChildren) tables = catalog.objectsInSchema(asSchema.name).filter((e): e is Table => e.kind === 'table');
      else schemaOnly = asSchema.name;
    } else if (options.no_error_if_not_exists) {
      return emptyShowTable(request.table_name, { WARNING_0: `Could not find the table: '${name}' (TM/SMc:1046)` });
    } else {
      throw tableErrors.noMatchingTableOrSchema(name);
    }
  }
  tables.sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName));
  if (schemaOnly !== undefined) {
    return {
      ...emptyShowTable(request.table_name, {}),
      table_names: [schemaOnly],
      table_descriptions: [['SCHEMA']],
      type_ids: [''],
      type_schemas: [''],
      type_labels: [''],
      properties: [{}],
      additional_info: [{ schema_name: schemaOnly, collection_names: '' }],
      sizes: sizes ? [0] : [],
      full_sizes: sizes ? [0] : [],
      join_sizes: sizes ? [0] : [],
      total_size: sizes ? 0 : -1,
      total_full_size: sizes ? 0 : -1,
    };
  }
  const counts = tables.map((table) => table.data.count);
  const total = counts.reduce((sum, count) => sum + count, 0);
  return {
    table_name: request.table_name,
    table_names: tables.map((table) => table.qualifiedName),
    table_descriptions: tables.map(describeTable),
    type_ids: tables.map((table) => table.type.id),
    type_schemas: tables.map((table) => typeSchemaOf(table.type)),
    type_labels: tables.map((table) => table.type.label),
    properties: tables.map((table) => table.type.model.properties),
    additional_info: tables.map((table) => (options.skip_additional_info ? {} : tableAdditionalInfo(table, context.emulator))),
    sizes: sizes ? counts : [],
    full_sizes: sizes ? counts : [],
    join_sizes: sizes ? counts.map(() => 0) : [],
    total_size: sizes ? total : -1,
    total_full_size: sizes ? total : -1,
    info: {},
  };
}

function clearTable(request: RequestOf<'/clear/table'>, context: EmulatorContext): ResponseOf<'/clear/table'> {
  const options = readOptions(request.options, { no_error_if_not_exists: bool }, context);
  const catalog = context.emulator.catalog;
  const qualified = parseQualified(request.table_name, 'table');
  const table = catalog.table(qualified.schema, qualified.name);
  if (!table) {
    if (options.no_error_if_not_exists) return { table_name: request.table_name, info: {} };
    throw tableErrors.tableNotFound(displayName(qualified));
  }
  catalog.remove(table);
  return { table_name: request.table_name, info: {} };
}

function alterTable(request: RequestOf<'/alter/table'>, context: EmulatorContext): ResponseOf<'/alter/table'> {
  const options = readOptions(
    request.options,
    {
      action: text,
      column_name: text,
      table_name: text,
      column_default_value: text,
      column_properties: text,
      column_type: text,
      copy_values_from_column: text,
      rename_column: text,
      validate_change_column: bool,
      update_last_access_time: bool,
      add_column_expression: text,
      strategy_definition: text,
      index_type: text,
      index_options: text,
    },
    context,
  );
  if (!(tableAlteration.TABLE_ACTIONS as readonly string[]).includes(request.action)) {
    throw optionErrors.invalidEnum(request.action, [...tableAlteration.TABLE_ACTIONS]);
  }
  const catalog = context.emulator.catalog;
  const table = requireTable(catalog, request.table_name);
  tableAlteration.alterTable(catalog, table, request.action as tableAlteration.TableAction, request.value, options);
  return {
    table_name: request.table_name,
    action: request.action,
    value: request.value,
    type_id: table.type.id,
    type_definition: typeSchemaOf(table.type),
    properties: table.type.model.properties,
    label: table.type.label,
    info: { qualified_table_name: table.qualifiedName },
  };
}

/**
 * The type of a /create/table request. Kinetica's reference lets type_id be a type definition in
 * place of an id: an Avro record, or the column list the Python client's create_table passes
 * ([["id","int","primary_key"],["name","string","char64"]]). A definition is checked as
 * /create/type would check it (same errors when it is bad) and returned unregistered: the caller
 * registers it (same id for the same definition) once the request is sure to succeed.
 */
function typeOfRequest(catalog: Catalog, typeId: string): TableType | TypeModel {
  const trimmed = typeId.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseType(trimmed, '', {});
  const type = catalog.type(trimmed);
  if (!type) throw tableErrors.typeNotFound(typeId);
  return type;
}

function emptyShowTable(tableName: string, info: Record<string, string>) {
  return {
    table_name: tableName,
    table_names: [] as string[],
    table_descriptions: [] as string[][],
    type_ids: [] as string[],
    type_schemas: [] as string[],
    type_labels: [] as string[],
    properties: [] as Record<string, string[]>[],
    additional_info: [] as Record<string, string>[],
    sizes: [] as number[],
    full_sizes: [] as number[],
    join_sizes: [] as number[],
    total_size: -1,
    total_full_size: -1,
    info,
  };
}
