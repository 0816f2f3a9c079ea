/**
 * Python function environments: /create/environment, /alter/environment, /drop/environment,
 * /show/environment. The emulator installs nothing: an environment is the list of package
 * specifications (and requirement files) asked for, which /show/environment gives back.
 */
import { connectorErrors } from '../errors/connectors.js';
import { objectErrors } from '../errors/objects.js';
import { checkName } from '../catalog/names.js';
import { FunctionEnvironment } from '../catalog/objects/index.js';
import { packageName } from '../catalog/objects/environment.js';
import { findObject, requireObject } from '../catalog/objects/lookup.js';
import { describeEntry, referrersOf } from '../catalog/objects/references.js';
import { bool, enumValue, readOptions, text } from './options.js';
import { anyone, onObject } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';
import { isAll } from './object-access.js';

/** proc_admin on all procs "also allows management access to function environments" (security-concepts). */
const manageEnvironments = onObject('proc', '', 'proc_admin');
export const environmentEndpoints: EndpointTable = {
  '/create/environment': { handler: createEnvironment, access: manageEnvironments },
  '/alter/environment': { handler: alterEnvironment, access: manageEnvironments },
  '/drop/environment': { handler: dropEnvironment, access: manageEnvironments },
  '/show/environment': { handler: showEnvironment, access: anyone },
};

const ACTIONS = ['install_package', 'install_requirements', 'uninstall_package', 'uninstall_requirements', 'reset', 'rebuild'] as const;

/** How a requirements file is listed among an environment's packages. */
function requirementsEntry(path: string): string {
  return `-r ${path.trim()}`;
}

const lookup = (context: EmulatorContext, name: string) =>
  findObject<FunctionEnvironment>(context.emulator.catalog, 'function_environment', name);

function createEnvironment(request: RequestOf<'/create/environment'>, context: EmulatorContext): ResponseOf<'/create/environment'> {
  readOptions(request.options, {}, context);
  const name = checkName(request.environment_name, 'function environment');
  const existing = lookup(context, name);
  if (existing) throw objectErrors.environmentExists(existing.name);
  context.emulator.catalog.add(new FunctionEnvironment(name, []));
  return { environment_name: request.environment_name, info: {} };
}

function alterEnvironment(request: RequestOf<'/alter/environment'>, context: EmulatorContext): ResponseOf<'/alter/environment'> {
  const options = readOptions(request.options, { datasource_name: text }, context);
  const action = enumValue(ACTIONS, request.action);
  const environment = lookup(context, request.environment_name);
  if (!environment) throw objectErrors.environmentNotFound(request.environment_name.trim());
  if (options.datasource_name?.trim()) {
    requireObject(context.emulator.catalog, 'datasource', options.datasource_name, connectorErrors.datasourceNotFound);
  }
  const value = request.value.trim();
  let packages = [...environment.packages];
  switch (action) {
    case 'install_package': {
      if (value === '') throw objectErrors.environmentActionNeedsValue(action, 'package name');
      const specifications = value.split(/[\s,]+/).filter((item) => item !== '');
      for (const specification of specifications) {
        packages = packages.filter((installed) => packageName(installed) !== packageName(specification));
        packages.push(specification);
      }
      break;
    }
    case 'uninstall_package': {
      if (value === '') throw objectErrors.environmentActionNeedsValue(action, 'package name');
      const names = new Set(value.split(/[\s,]+/).filter((item) => item !== '').map(packageName));
      packages = packages.filter((installed) => !names.has(packageName(installed)));
      break;
    }
    case 'install_requirements':
      if (value === '') throw objectErrors.environmentActionNeedsValue(action, 'requirements file path');
      packages = [...packages.filter((installed) => installed !== requirementsEntry(value)), requirementsEntry(value)];
      break;
    case 'uninstall_requirements':
      if (value === '') throw objectErrors.environmentActionNeedsValue(action, 'requirements file path');
      packages = packages.filter((installed) => installed !== requirementsEntry(value));
      break;
    case 'reset':
      packages = [];
      break;
    case 'rebuild':
      break;
  }
  if (JSON.stringify(packages) !== JSON.stringify(environment.packages)) {
    environment.packages = packages;
    context.emulator.catalog.touch(environment);
  }
  return { environment_name: request.environment_name, info: {} };
}

function dropEnvironment(request: RequestOf<'/drop/environment'>, context: EmulatorContext): ResponseOf<'/drop/environment'> {
  const options = readOptions(request.options, { no_error_if_not_exists: bool }, context);
  const catalog = context.emulator.catalog;
  const environment = lookup(context, request.environment_name);
  if (!environment) {
    if (options.no_error_if_not_exists) return { environment_name: request.environment_name, info: {} };
    throw objectErrors.environmentNotFound(request.environment_name.trim());
  }
  const users = referrersOf(catalog, environment);
  if (users.length > 0) throw objectErrors.inUse('function environment', environment.name, users.map(describeEntry));
  catalog.remove(environment);
  return { environment_name: request.environment_name, info: {} };
}

function showEnvironment(request: RequestOf<'/show/environment'>, context: EmulatorContext): ResponseOf<'/show/environment'> {
  const options = readOptions(request.options, { no_error_if_not_exists: bool, show_names_only: bool }, context);
  const wanted = request.environment_name.trim();
  let environments: FunctionEnvironment[];
  if (isAll(wanted)) {
    environments = context.emulator.catalog.list<FunctionEnvironment>('function_environment').sort((a, b) => a.name.localeCompare(b.name));
  } else {
    const environment = lookup(context, wanted);
    if (!environment && !options.no_error_if_not_exists) throw objectErrors.environmentNotFound(wanted);
    environments = environment ? [environment] : [];
  }
  return {
    environment_names: environments.map((environment) => environment.name),
    packages: environments.map((environment) => (options.show_names_only ? [] : [...environment.packages])),
    info: {},
  };
}
