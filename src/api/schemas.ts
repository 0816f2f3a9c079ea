/**
 * Schemas: /create/schema, /drop/schema, /show/schema, /has/schema, /alter/schema.
 * Schema `ki_home` exists from the start, is the default for unqualified names, and cannot be
 * dropped or renamed.
 */
import { tableErrors } from '../errors/tables.js';
import { optionErrors } from '../errors/options.js';
import { checkName, keyOf } from '../catalog/names.js';
import { bool, readOptions } from './options.js';
import { anyone, system } from './access.js';
import { displayName } from '../catalog/entry.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/** system_write "can manage schemas" (security-concepts); listing them is open to every user. */
export const schemaEndpoints: EndpointTable = {
  '/create/schema': { handler: createSchema, access: system('system_write') },
  '/drop/schema': { handler: dropSchema, access: system('system_write') },
  '/has/schema': { handler: hasSchema, access: anyone },
  '/show/schema': { handler: showSchema, access: anyone },
  '/alter/schema': { handler: alterSchema, access: system('system_write') },
};

function createSchema(request: RequestOf<'/create/schema'>, context: EmulatorContext): ResponseOf<'/create/schema'> {
  const options = readOptions(request.options, { no_error_if_exists: bool }, context);
  const name = checkName(request.schema_name, 'schema');
  const catalog = context.emulator.catalog;
  const existing = catalog.schema(name);
  if (existing) {
    if (!options.no_error_if_exists) throw tableErrors.schemaExists(existing.name);
  } else {
    catalog.createSchema(name);
  }
  return { schema_name: request.schema_name, info: {} };
}

function dropSchema(request: RequestOf<'/drop/schema'>, context: EmulatorContext): ResponseOf<'/drop/schema'> {
  const options = readOptions(request.options, { no_error_if_not_exists: bool, cascade: bool }, context);
  const name = checkName(request.schema_name, 'schema');
  const catalog = context.emulator.catalog;
  if (!catalog.schema(name)) {
    if (options.no_error_if_not_exists) return { schema_name: request.schema_name, info: {} };
    throw tableErrors.schemaNotFound(name);
  }
  catalog.dropSchema(name, options.cascade ?? false);
  return { schema_name: request.schema_name, info: {} };
}

function hasSchema(request: RequestOf<'/has/schema'>, context: EmulatorContext): ResponseOf<'/has/schema'> {
  readOptions(request.options, {}, context);
  const exists = request.schema_name.trim() !== '' && context.emulator.catalog.schema(request.schema_name.trim()) !== undefined;
  return { schema_name: request.schema_name, schema_exists: exists, info: {} };
}

function showSchema(request: RequestOf<'/show/schema'>, context: EmulatorContext): ResponseOf<'/show/schema'> {
  const options = readOptions(request.options, { no_error_if_not_exists: bool }, context);
  const catalog = context.emulator.catalog;
  const wanted = request.schema_name.trim();
  let schemas = catalog.schemaList();
  if (wanted !== '') {
    const schema = catalog.schema(wanted);
    if (!schema) {
      if (options.no_error_if_not_exists) {
        return { schema_name: request.schema_name, schema_names: [], schema_tables: [], additional_info: [], info: {} };
      }
      throw tableErrors.schemaNotFound(wanted);
    }
    schemas = [schema];
  }
  return {
    schema_name: request.schema_name,
    schema_names: schemas.map((schema) => schema.name),
    schema_tables: schemas.map((schema) =>
      catalog
        .objectsInSchema(schema.name)
        .filter((entry) => entry.kind === 'table')
        .map((entry) => displayName(entry))
        .sort(),
    ),
    additional_info: schemas.map((schema) => ({
      create_time: new Date(schema.createdAt).toISOString(),
      is_default: String(keyOf(schema.name) === 'ki_home'),
    })),
    info: {},
  };
}

function alterSchema(request: RequestOf<'/alter/schema'>, context: EmulatorContext): ResponseOf<'/alter/schema'> {
  readOptions(request.options, {}, context);
  const name = checkName(request.schema_name, 'schema');
  if (request.action !== 'rename_schema') throw optionErrors.invalidEnum(request.action, ['rename_schema']);
  const newName = checkName(request.value, 'schema');
  context.emulator.catalog.renameSchema(name, newName);
  return { schema_name: request.schema_name, info: {} };
}
