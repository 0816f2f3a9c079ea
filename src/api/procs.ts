/**
 * UDFs: /create/proc, /delete/proc, /show/proc, /has/proc; and /show/sql/proc for SQL procedures
 * (which SQL and fixtures create through the catalog's internal API). Procs are kept, never run.
 */
import type { Emulator } from '../emulator/emulator.js';
import { objectErrors } from '../errors/objects.js';
import { checkName } from '../catalog/names.js';
import { buildUdf } from '../catalog/objects/build.js';
import { StoredProcedure, Udf } from '../catalog/objects/index.js';
import { findObject, parseObjectName } from '../catalog/objects/lookup.js';
import { endpoint, type EndpointDefinition } from '../wire/registry.js';
import { bool, integer, knownEntries, readOptions, text } from './options.js';
import { anyone, grantCreatorAdmin, onObject, system, withAccess, type AccessRules } from './access.js';

/** Function permissions (security-concepts): proc_create to create, proc_admin to delete; the creator gets proc_admin. */
const access: AccessRules = {
  '/create/proc': system('proc_create'),
  '/delete/proc': (request) => onObject('proc', request.proc_name.trim(), 'proc_admin'),
  '/has/proc': anyone,
  '/show/proc': anyone,
  '/show/sql/proc': anyone,
};

const CREATE_PROC_OPTIONS = { max_concurrency_per_node: integer(0), set_environment: text };

export function procEndpoints(emulator: Emulator): EndpointDefinition[] {
  const lookup = (name: string) => findObject<Udf>(emulator.catalog, 'user_defined_function', name);
  const find = (name: string): Udf => {
    const udf = lookup(name);
    if (!udf) throw objectErrors.procNotFound(name.trim());
    return udf;
  };

  return withAccess(access, [
    endpoint('/create/proc', (request, context) => {
      readOptions(request.options, CREATE_PROC_OPTIONS, context);
      const catalog = emulator.catalog;
      const name = checkName(request.proc_name, 'proc');
      const existing = lookup(name);
      if (existing) throw objectErrors.procExists(existing.name);
      const options = knownEntries(request.options, CREATE_PROC_OPTIONS);
      const files = new Map(Object.entries(request.files).map(([file, bytes]) => [file, Buffer.from(bytes)]));
      catalog.add(buildUdf(catalog, name, request.execution_mode, files, request.command, request.args, options));
      grantCreatorAdmin(catalog, context.user, { objectType: 'proc', object: name }, 'proc_admin');
      return { proc_name: request.proc_name, info: {} };
    }),

    endpoint('/delete/proc', (request, context) => {
      readOptions(request.options, {}, context);
      emulator.catalog.remove(find(request.proc_name));
      return { proc_name: request.proc_name, info: {} };
    }),

    endpoint('/has/proc', (request, context) => {
      readOptions(request.options, {}, context);
      const exists = request.proc_name.trim() !== '' && lookup(request.proc_name) !== undefined;
      return { proc_name: request.proc_name, proc_exists: exists, info: {} };
    }),

    endpoint('/show/proc', (request, context) => {
      const options = readOptions(request.options, { include_files: bool }, context);
      const udfs =
        request.proc_name.trim() === ''
          ? emulator.catalog.list<Udf>('user_defined_function').sort((a, b) => a.name.localeCompare(b.name))
          : [find(request.proc_name)];
      return {
        proc_names: udfs.map((udf) => udf.name),
        execution_modes: udfs.map((udf) => udf.executionMode),
        files: udfs.map((udf) => (options.include_files ? Object.fromEntries(udf.files) : {})),
        commands: udfs.map((udf) => udf.command),
        args: udfs.map((udf) => [...udf.args]),
        options: udfs.map((udf) => ({ ...udf.options })),
        info: {},
      };
    }),

    endpoint('/show/sql/proc', (request, context) => {
      const options = readOptions(request.options, { no_error_if_not_exists: bool }, context);
      const catalog = emulator.catalog;
      let procedures: StoredProcedure[];
      if (request.procedure_name.trim() === '') {
        procedures = catalog.list<StoredProcedure>('stored_procedure').sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName));
      } else {
        const parsed = parseObjectName('stored_procedure', request.procedure_name);
        const procedure = catalog.get<StoredProcedure>('stored_procedure', parsed.schema, parsed.name);
        if (!procedure && !options.no_error_if_not_exists) throw objectErrors.notFound('SQL procedure', parsed.display);
        procedures = procedure ? [procedure] : [];
      }
      return {
        procedure_names: procedures.map((procedure) => procedure.qualifiedName),
        procedure_definitions: procedures.map((procedure) => procedure.text),
        additional_info: procedures.map((procedure) => ({
          execute_as: procedure.schedule.executeAs,
          execute_interval: procedure.schedule.executeInterval,
          execute_start_time: procedure.schedule.executeStartTime,
          execute_stop_time: procedure.schedule.executeStopTime,
        })),
        info: {},
      };
    }),
  ]);
}
