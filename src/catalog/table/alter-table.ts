/**
 * /alter/table: the actions the emulator carries out (renames, moves, columns, indexes, comments,
 * TTL) and the list of every action Kinetica knows, so an unknown one and an unemulated one get
 * different answers.
 */
import type { Catalog } from '../catalog.js';
import { tableErrors } from '../../errors/tables.js';
import { checkName, keyOf, parseQualified } from '../names.js';
import type { Table } from './table.js';
import { isStoredBase, modelFromColumns, type BaseType, type ColumnModel, type TypeModel } from './type-model.js';

/** Every action of Kinetica's /alter/table. */
export const TABLE_ACTIONS = [
  'allow_homogeneous_tables', 'create_index', 'refresh_index', 'delete_index', 'move_to_collection', 'move_to_schema',
  'protected', 'rename_table', 'ttl', 'add_comment', 'add_column', 'change_column', 'delete_column',
  'create_foreign_key', 'delete_foreign_key', 'add_partition', 'remove_partition', 'delete_partition',
  'set_global_access_mode', 'refresh', 'set_refresh_method', 'set_refresh_start_time', 'set_refresh_stop_time',
  'set_refresh_period', 'set_refresh_span', 'set_refresh_execute_as', 'remove_text_search_attributes',
  'remove_shard_keys', 'set_strategy_definition', 'cancel_datasource_subscription', 'drop_datasource_subscription',
  'pause_datasource_subscription', 'resume_datasource_subscription', 'change_owner', 'set_load_vectors_policy',
  'set_build_pk_index_policy', 'set_build_materialized_view_policy',
] as const;
export type TableAction = (typeof TABLE_ACTIONS)[number];

const EMULATED: readonly TableAction[] = [
  'rename_table', 'move_to_schema', 'move_to_collection', 'add_column', 'delete_column', 'change_column',
  'create_index', 'delete_index', 'refresh_index', 'ttl', 'add_comment', 'protected',
];

export interface AlterOptions {
  column_default_value?: string;
  column_properties?: string;
  column_type?: string;
  rename_column?: string;
}

export function alterTable(catalog: Catalog, table: Table, action: TableAction, value: string, options: AlterOptions): void {
  switch (action) {
    case 'rename_table': {
      if (value.trim() === '') throw tableErrors.missingAlterValue(action, 'new table name');
      const target = value.includes('.') ? parseQualified(value, 'table') : { schema: table.schema, name: checkName(value, 'table') };
      moveTable(catalog, table, target.schema, target.name);
      return;
    }
    case 'move_to_schema':
    case 'move_to_collection': {
      if (value.trim() === '') throw tableErrors.missingAlterValue(action, 'schema name');
      moveTable(catalog, table, checkName(value, 'schema'), table.name);
      return;
    }
    case 'add_column':
      return addColumn(catalog, table, checkName(value, 'column'), options);
    case 'delete_column':
      return deleteColumn(catalog, table, value);
    case 'change_column':
      return changeColumn(catalog, table, value, options);
    case 'create_index':
    case 'refresh_index': {
      const column = requireColumn(table, value);
      if (action === 'create_index' && !table.indexes.includes(column.name)) table.indexes.push(column.name);
      catalog.touch(table);
      return;
    }
    case 'delete_index': {
      const at = table.indexes.findIndex((column) => keyOf(column) === keyOf(value));
      if (at < 0) throw tableErrors.indexNotFound(table.qualifiedName, value);
      table.indexes.splice(at, 1);
      catalog.touch(table);
      return;
    }
    case 'ttl': {
      if (!/^-?\d+$/.test(value.trim())) throw tableErrors.missingAlterValue(action, 'time-to-live in minutes (-1 for none)');
      table.options.ttl = value.trim();
      catalog.touch(table);
      return;
    }
    case 'add_comment':
      table.comment = value;
      catalog.touch(table);
      return;
    case 'protected': {
      const lower = value.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw tableErrors.missingAlterValue(action, 'true or false');
      table.options.protected = lower;
      catalog.touch(table);
      return;
    }
    default:
      throw tableErrors.actionNotEmulated(action, [...EMULATED]);
  }
}

function moveTable(catalog: Catalog, table: Table, schemaName: string, name: string): void {
  const schema = catalog.schema(schemaName);
  if (!schema) throw tableErrors.schemaNotFound(schemaName);
  const existing = catalog.table(schema.name, name);
  if (existing && existing !== table) throw tableErrors.tableExists(existing.qualifiedName);
  catalog.rename(table, schema.name, name);
}

function requireColumn(table: Table, name: string): ColumnModel {
  const column = table.type.model.columns.find((c) => keyOf(c.name) === keyOf(name.trim()));
  if (!column) throw tableErrors.columnNotFound(table.qualifiedName, name, table.type.columnNames);
  return column;
}

function parseProperties(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p.length > 0);
}

function parseBase(text: string | undefined): BaseType {
  const base = (text ?? '').trim().toLowerCase();
  if (base === '') throw tableErrors.missingColumnType();
  if (!isStoredBase(base)) throw tableErrors.badColumnTypeOption(text ?? '');
  return base;
}

/** A column's value read from option text (column_default_value). */
function valueFromText(column: ColumnModel, text: string): unknown {
  const trimmed = text.trim();
  switch (column.base) {
    case 'int':
    case 'long': {
      if (!/^-?\d+$/.test(trimmed)) throw tableErrors.badColumnDefault(column.name, text, 'not an integer');
      return Number(trimmed);
    }
    case 'float':
    case 'double': {
      const number = Number(trimmed);
      if (trimmed === '' || Number.isNaN(number)) throw tableErrors.badColumnDefault(column.name, text, 'not a number');
      return number;
    }
    case 'boolean':
      return trimmed.toLowerCase() === 'true';
    case 'bytes':
      return Buffer.from(text, 'utf8');
    case 'string':
      return text;
  }
}

function zeroValue(base: BaseType): unknown {
  switch (base) {
    case 'string':
      return '';
    case 'bytes':
      return Buffer.alloc(0);
    case 'boolean':
      return false;
    default:
      return 0;
  }
}

type ColumnSpec = { name: string; base: BaseType; nullable: boolean; properties: string[] };

function specOf(column: ColumnModel): ColumnSpec {
  return { name: column.name, base: column.base, nullable: column.nullable, properties: column.properties };
}

/** Replaces the table's type with one of `model` (built by the caller) and re-encodes every record through `convert`. */
function retype(catalog: Catalog, table: Table, model: TypeModel, convert: (record: Record<string, unknown>) => Record<string, unknown>): void {
  const oldType = table.type;
  const newType = catalog.registerType(model);
  const converted: Buffer[][] = table.data.files.map((file) => {
    const out: Buffer[] = [];
    for (let position = 0; position < file.count; position++) out.push(newType.encode(convert(oldType.decode(file.recordAt(position)))));
    return out;
  });
  // Every record was converted before anything changes, so a failed conversion leaves the table as it was.
  const seq = catalog.beginDataChange();
  const touched = new Set<number>();
  table.data.reencode(converted, seq, touched);
  table.type = newType;
  catalog.recordDataChange(table, seq, touched);
  catalog.touch(table);
}

function addColumn(catalog: Catalog, table: Table, name: string, options: AlterOptions): void {
  if (table.type.model.columns.some((c) => keyOf(c.name) === keyOf(name))) throw tableErrors.columnExists(table.qualifiedName, name);
  const properties = parseProperties(options.column_properties);
  const spec: ColumnSpec = { name, base: parseBase(options.column_type), nullable: properties.includes('nullable'), properties };
  const columns = [...table.type.model.columns.map(specOf), spec];
  const model = modelFromColumns(table.type.label, columns);
  const column = model.columns[model.columns.length - 1]!;
  let fill: unknown = column.nullable ? null : zeroValue(column.base);
  if (options.column_default_value !== undefined && !column.nullable) {
    fill = valueFromText(column, options.column_default_value);
    const problem = column.check(fill);
    if (problem) throw tableErrors.badColumnDefault(name, options.column_default_value, problem);
  }
  retype(catalog, table, model, (record) => ({ ...record, [name]: fill }));
}

function deleteColumn(catalog: Catalog, table: Table, name: string): void {
  const column = requireColumn(table, name);
  if (column.primaryKey || column.shardKey) throw tableErrors.cannotDeleteKeyColumn(table.qualifiedName, column.name);
  if (table.type.model.columns.length === 1) throw tableErrors.cannotDeleteLastColumn(table.qualifiedName, column.name);
  const columns = table.type.model.columns.filter((c) => c !== column).map(specOf);
  table.indexes = table.indexes.filter((indexed) => indexed !== column.name);
  const model = modelFromColumns(table.type.label, columns);
  retype(catalog, table, model, (record) => {
    const { [column.name]: _dropped, ...rest } = record;
    return rest;
  });
}

/** change_column: a new name (rename_column), new properties (column_properties) and/or a new base type (column_type). */
function changeColumn(catalog: Catalog, table: Table, name: string, options: AlterOptions): void {
  const column = requireColumn(table, name);
  const newName = options.rename_column?.trim() ? checkName(options.rename_column, 'column') : column.name;
  if (newName !== column.name && table.type.model.columns.some((c) => c !== column && keyOf(c.name) === keyOf(newName))) {
    throw tableErrors.columnExists(table.qualifiedName, newName);
  }
  const properties = options.column_properties !== undefined ? parseProperties(options.column_properties) : column.properties;
  const base = options.column_type !== undefined ? parseBase(options.column_type) : column.base;
  const spec: ColumnSpec = { name: newName, base, nullable: properties.includes('nullable'), properties };
  const columns = table.type.model.columns.map((c) => (c === column ? spec : specOf(c)));
  const model = modelFromColumns(table.type.label, columns);
  const target = model.columns.find((c) => c.name === newName)!;
  retype(catalog, table, model, (record) => {
    const { [column.name]: old, ...rest } = record;
    let value: unknown = old;
    if (value === null || value === undefined) {
      if (!target.nullable) throw tableErrors.cannotConvertColumn(table.qualifiedName, column.name, 'a record holds null and the new column is not nullable');
      value = null;
    } else if (base !== column.base) {
      value = valueFromText(target, Buffer.isBuffer(value) ? value.toString('utf8') : String(value));
    }
    if (value !== null) {
      const problem = target.check(value);
      if (problem) throw tableErrors.cannotConvertColumn(table.qualifiedName, column.name, `a record's value does not fit: ${problem}`);
    }
    const out: Record<string, unknown> = {};
    for (const c of model.columns) out[c.name] = c.name === newName ? value : rest[c.name];
    return out;
  });
  table.indexes = table.indexes.map((indexed) => (indexed === column.name ? newName : indexed));
}
