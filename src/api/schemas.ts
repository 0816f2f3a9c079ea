/**
 * Schemas: /create/schema, /drop/schema, /show/schema, /has/schema, /alter/schema.
 * Schema `ki_home` exists from the start, is the default for unqualified names, and cannot be
 * dropped or renamed.
 */
import type { Emulator } from '../emulator/emulator.js';
import { tableErrors } from '../errors/tables.js';
import { optionErrors } from '../errors/options.js';
import { checkName, keyOf } from '../catalog/names.js';
import { endpoint, type EndpointDefinition } from '../wire/registry.js';
import { bool, readOptions } from './options.js';
import { anyone, system, withAccess, type AccessRules } from './access.js';
import { displayName } from '../catalog/entry.js';

/** system_write "can manage schemas" (security-concepts); listing them is open to every user. */
const access: AccessRules = {
  '/create/schema': system('system_write'),
  '/drop/schema': system('system_write'),
  '/alter/schema': system('system_write'),
  '/has/schema': anyone,
  '/show/schema': anyone,
};

export function schemaEndpoints(emulator: Emulator): EndpointDefinition[] {
  return withAccess(access, [
    endpoint('/create/schema', (request, context) => {
      const options = readOptions(request.options, { no_error_if_exists: bool }, context);
      const name = checkName(request.schema_name, 'schema');
      const catalog = emulator.catalog;
      const existing = catalog.schema(name);
      if (existing) {
        if (!options.no_error_if_exists) throw tableErrors.schemaExists(existing.name);
      } else {
        catalog.createSchema(name);
      }
      return { schema_name: request.schema_name, info: {} };
    }),

    endpoint('/drop/schema', (request, context) => {
      const options = readOptions(request.options, { no_error_if_not_exists: bool, cascade: bool }, context);
      const name = checkName(request.schema_name, 'schema');
      const catalog = emulator.catalog;
      if (!catalog.schema(name)) {
        if (options.no_error_if_not_exists) return { schema_name: request.schema_name, info: {} };
        throw tableErrors.schemaNotFound(name);
      }
      catalog.dropSchema(name, options.cascade ?? false);
      return { schema_name: request.schema_name, info: {} };
    }),

    endpoint('/has/schema', (request, context) => {
      readOptions(request.options, {}, context);
      const exists = request.schema_name.trim() !== '' && emulator.catalog.schema(request.schema_name.trim()) !== undefined;
      return { schema_name: request.schema_name, schema_exists: exists, info: {} };
    }),

    endpoint('/show/schema', (request, context) => {
      const options = readOptions(request.options, { no_error_if_not_exists: bool }, context);
      const catalog = emulator.catalog;
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
    }),

    endpoint('/alter/schema', (request, context) => {
      readOptions(request.options, {}, context);
      const name = checkName(request.schema_name, 'schema');
      if (request.action !== 'rename_schema') throw optionErrors.invalidEnum(request.action, ['rename_schema']);
      const newName = checkName(request.value, 'schema');
      emulator.catalog.renameSchema(name, newName);
      return { schema_name: request.schema_name, info: {} };
    }),
  ]);
}
