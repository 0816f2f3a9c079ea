/**
 * Schema and table statements: CREATE / DROP SCHEMA -> /create/schema, /drop/schema;
 * CREATE TABLE -> /create/type, then /create/table (after /clear/table for OR REPLACE), then
 * /alter/table create_index for each index; DROP TABLE -> /clear/table; TRUNCATE TABLE ->
 * /delete/records with delete_all_records.
 */
import { keyOf } from '../../catalog/names.js';
import { sqlErrors } from '../../errors/sql.js';
import type { ColumnDefinition, CreateSchema, CreateTable, DropSchema, DropTable, QName, TruncateTable } from '../ast.js';
import { columnSpec } from '../column-types.js';
import { optionsMap, type Outcome, type Session } from './session.js';

/** USING TABLE PROPERTIES names, as /create/table options. */
const TABLE_PROPERTIES: Record<string, string> = {
  chunk_column_memory: 'chunk_column_max_memory',
  chunk_memory: 'chunk_max_memory',
};

function tableExists(session: Session, name: QName): boolean {
  return session.emulator.catalog.table(session.schemaOf(name), name.name) !== undefined;
}

export async function createSchema(session: Session, statement: CreateSchema): Promise<Outcome> {
  const existed = session.emulator.catalog.schema(statement.name) !== undefined;
  await session.call('/create/schema', {
    schema_name: statement.name,
    options: statement.ifNotExists ? { no_error_if_exists: 'true' } : {},
  });
  return { group: 'DDL', countAffected: existed ? 0 : 1 };
}

export async function dropSchema(session: Session, statement: DropSchema): Promise<Outcome> {
  const existed = session.emulator.catalog.schema(statement.name) !== undefined;
  const options: Record<string, string> = {};
  if (statement.ifExists) options.no_error_if_not_exists = 'true';
  if (statement.cascade) options.cascade = 'true';
  await session.call('/drop/schema', { schema_name: statement.name, options });
  return { group: 'DDL', countAffected: existed ? 1 : 0 };
}

export async function createTable(session: Session, statement: CreateTable): Promise<Outcome> {
  if (statement.orReplace && statement.ifNotExists) throw sqlErrors.conflictingClauses('OR REPLACE', 'IF NOT EXISTS');
  const restName = session.qualify(statement.name);
  const display = session.schemaOf(statement.name) + '.' + statement.name.name;
  const definitions = statement.elements.filter((element): element is ColumnDefinition => 'element' in element && element.element === 'column');
  const byKey = new Map(definitions.map((definition) => [keyOf(definition.name), definition.name]));
  const columnOf = (clause: string, column: string): string => {
    const found = byKey.get(keyOf(column));
    if (found === undefined) throw sqlErrors.constraintColumn(clause, column, display);
    return found;
  };

  const keyProperties = new Map<string, string[]>();
  const addProperty = (column: string, property: string) => {
    const list = keyProperties.get(column) ?? [];
    if (!list.includes(property)) list.push(property);
    keyProperties.set(column, list);
  };
  const foreignKeys: string[] = [];
  for (const element of statement.elements) {
    if (!('element' in element)) continue;
    switch (element.element) {
      case 'primaryKey':
        for (const column of element.columns) addProperty(columnOf('PRIMARY KEY', column), element.soft ? 'soft_primary_key' : 'primary_key');
        break;
      case 'shardKey':
        for (const column of element.columns) addProperty(columnOf('SHARD KEY', column), 'shard_key');
        break;
      case 'foreignKey': {
        const columns = element.columns.map((column) => columnOf('FOREIGN KEY', column));
        const alias = element.alias === null ? '' : ` as ${element.alias}`;
        foreignKeys.push(`(${columns.join(', ')}) references ${session.qualify(element.table)}(${element.targets.join(', ')})${alias}`);
        break;
      }
    }
  }

  const specs = definitions.map((definition) => {
    const extra = keyProperties.get(definition.name) ?? [];
    const spec = columnSpec(definition, extra.includes('primary_key'));
    for (const property of extra) if (!spec.properties.includes(property)) spec.properties.push(property);
    return spec;
  });
  const typeDefinition = JSON.stringify({
    type: 'record',
    name: 'type_name',
    fields: specs.map((spec) => ({ name: spec.name, type: spec.nullable ? [spec.base, 'null'] : spec.base })),
  });
  const properties = Object.fromEntries(specs.map((spec) => [spec.name, spec.properties]));

  const options: Record<string, string> = {};
  if (statement.replicated) options.is_replicated = 'true';
  // TEMP tables are memory-only tables: Kinetica's REST name for them is a result table.
  if (statement.temp) options.is_result_table = 'true';
  if (foreignKeys.length > 0) options.foreign_keys = foreignKeys.join(';');
  const indexes: { kind: string; column: string }[] = [];
  for (const clause of statement.clauses) {
    if (!('clause' in clause)) continue;
    if (clause.clause === 'properties') {
      for (const [name, value] of Object.entries(optionsMap(clause.properties))) options[TABLE_PROPERTIES[name] ?? name] = value;
    } else {
      if (clause.columns.length !== 1) throw sqlErrors.multiColumnIndex(clause.kind.toUpperCase().replace('_', ' '), clause.columns);
      indexes.push({ kind: clause.kind, column: columnOf('INDEX', clause.columns[0]!) });
    }
  }

  const existed = tableExists(session, statement.name);
  if (existed && statement.ifNotExists) return { group: 'DDL', countAffected: 0 };
  const type = await session.call('/create/type', { type_definition: typeDefinition, label: '', properties, options: {} });
  if (existed && statement.orReplace) {
    await session.call('/clear/table', { table_name: restName, authorization: '', options: {} });
  }
  await session.call('/create/table', { table_name: restName, type_id: type.type_id, options });
  for (const index of indexes) {
    await session.call('/alter/table', {
      table_name: restName,
      action: 'create_index',
      value: index.column,
      options: index.kind === 'column' ? {} : { index_type: index.kind },
    });
  }
  return { group: 'DDL', countAffected: existed && options.no_error_if_exists === 'true' ? 0 : 1 };
}

export async function dropTable(session: Session, statement: DropTable): Promise<Outcome> {
  const existed = tableExists(session, statement.name);
  await session.call('/clear/table', {
    table_name: session.qualify(statement.name),
    authorization: '',
    options: statement.ifExists ? { no_error_if_not_exists: 'true' } : {},
  });
  return { group: 'DDL', countAffected: existed ? 1 : 0 };
}

export async function truncateTable(session: Session, statement: TruncateTable): Promise<Outcome> {
  const { restName } = session.resolveTable(statement.name);
  const response = await session.call('/delete/records', { table_name: restName, expressions: [], options: { delete_all_records: 'true' } });
  return { group: 'DML', countAffected: response.count_deleted };
}
