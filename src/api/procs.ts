/**
 * UDFs: /create/proc, /delete/proc, /show/proc, /has/proc; and /show/sql/proc for SQL procedures
 * (which SQL and fixtures create through the catalog's internal API). Procs are kept, never run.
 */
import { objectErrors } from '../errors/objects.js';
import { checkName } from '../catalog/names.js';
import { buildUdf } from '../catalog/objects/build.js';
import { StoredProcedure, Udf } from '../catalog/objects/index.js';
import { findObject, parseObjectName } from '../catalog/objects/lookup.js';
import { bool, integer, knownEntries, readOptions, text } from './options.js';
import { anyone, grantCreatorAdmin, onObject, system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/** Function permissions (security-concepts): proc_create to create, proc_admin to delete; the creator gets proc_admin. */
export const procEndpoints: EndpointTable = {
  '/create/proc': { handler: createProc, access: system('proc_create') },
  '/delete/proc': { handler: deleteProc, access: (request) => onObject('proc', request.proc_name.trim(), 'proc_admin') },
  '/has/proc': { handler: hasProc, access: anyone },
  '/show/proc': { handler: showProc, access: anyone },
  '/show/sql/proc': { handler: showSqlProc, access: anyone },
};

const CREATE_PROC_OPTIONS = { max_concurrency_per_node: integer(0), set_environment: text };

const lookup = (context: EmulatorContext, name: string) => findObject<Udf>(context.emulator.catalog, 'user_defined_function', name);

function find(context: EmulatorContext, name: string): Udf {
  const udf = lookup(context, name);
  if (!udf) throw objectErrors.procNotFound(name.trim());
  return udf;
}

function createProc(request: RequestOf<'/create/proc'>, context: EmulatorContext): ResponseOf<'/create/proc'> {
  readOptions(request.options, CREATE_PROC_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const name = checkName(request.proc_name, 'proc');
  const existing = lookup(context, name);
  if (existing) throw objectErrors.procExists(existing.name);
  const options = knownEntries(request.options, CREATE_PROC_OPTIONS);
  const files = new Map(Object.entries(request.files).map(([file, bytes]) => [file, Buffer.from(bytes)]));
  catalog.add(buildUdf(catalog, name, request.execution_mode, files, request.command, request.args, options));
  grantCreatorAdmin(catalog, context.user, { objectType: 'proc', object: name }, 'proc_admin');
  return { proc_name: request.proc_name, info: {} };
}

function deleteProc(request: RequestOf<'/delete/proc'>, context: EmulatorContext): ResponseOf<'/delete/proc'> {
  readOptions(request.options, {}, context);
  context.emulator.catalog.remove(find(context, request.proc_name));
  return { proc_name: request.proc_name, info: {} };
}

function hasProc(request: RequestOf<'/has/proc'>, context: EmulatorContext): ResponseOf<'/has/proc'> {
  readOptions(request.options, {}, context);
  const exists = request.proc_name.trim() !== '' && lookup(context, request.proc_name) !== undefined;
  return { proc_name: request.proc_name, proc_exists: exists, info: {} };
}

function showProc(request: RequestOf<'/show/proc'>, context: EmulatorContext): ResponseOf<'/show/proc'> {
  const options = readOptions(request.options, { include_files: bool }, context);
  const udfs =
    request.proc_name.trim() === ''
      ? context.emulator.catalog.list<Udf>('user_defined_function').sort((a, b) => a.name.localeCompare(b.name))
      : [find(context, request.proc_name)];
  return {
    proc_names: udfs.map((udf) => udf.name),
    execution_modes: udfs.map((udf) => udf.executionMode),
    files: udfs.map((udf) => (options.include_files ? Object.fromEntries(udf.files) : {})),
    commands: udfs.map((udf) => udf.command),
    args: udfs.map((udf) => [...udf.args]),
    options: udfs.map((udf) => ({ ...udf.options })),
    info: {},
  };
}

function showSqlProc(request: RequestOf<'/show/sql/proc'>, context: EmulatorContext): ResponseOf<'/show/sql/proc'> {
  const options = readOptions(request.options, { no_error_if_not_exists: bool }, context);
  const catalog = context.emulator.catalog;
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
}
