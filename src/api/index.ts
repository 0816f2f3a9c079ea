/** Every emulated endpoint, family by family: the registry is built from this list. */
import type { Emulator } from '../emulator/emulator.js';
import type { EmulatorEndpoint, EmulatorQueryRoute } from '../emulator/endpoints.js';
import type { EndpointDefinition } from '../wire/registry.js';
import { definitionsOf } from './endpoint-table.js';
import { adminEndpoints } from './admin.js';
import { backupEndpoints } from './backups.js';
import { credentialEndpoints } from './credentials.js';
import { dataCatalogEndpoints } from './data-catalogs.js';
import { datasinkEndpoints } from './datasinks.js';
import { datasourceEndpoints } from './datasources.js';
import { directoryEndpoints } from './directories.js';
import { environmentEndpoints } from './environments.js';
import { graphEndpoints } from './graphs.js';
import { monitorEndpoints } from './monitors.js';
import { permissionEndpoints } from './permissions.js';
import { procEndpoints } from './procs.js';
import { recordEndpoints } from './records.js';
import { recordJsonRoutes } from './records-json.js';
import { resourceGroupEndpoints } from './resource-groups.js';
import { schemaEndpoints } from './schemas.js';
import { securityEndpoints } from './security.js';
import { sqlEndpoints } from './sql.js';
import { systemEndpoints } from './system.js';
import { tableEndpoints } from './tables.js';

/** The endpoints of an emulator; the same list serves every emulator, as each request's context names its own. */
export function emulatorEndpoints(): EmulatorEndpoint[] {
  const definitions = [
    ...definitionsOf(systemEndpoints),
    ...definitionsOf(adminEndpoints),
    ...definitionsOf(schemaEndpoints),
    ...definitionsOf(tableEndpoints),
    ...definitionsOf(recordEndpoints),
    ...definitionsOf(credentialEndpoints),
    ...fromFactory(datasinkEndpoints),
    ...fromFactory(datasourceEndpoints),
    ...fromFactory(directoryEndpoints),
    ...fromFactory(resourceGroupEndpoints),
    ...fromFactory(environmentEndpoints),
    ...definitionsOf(procEndpoints),
    ...definitionsOf(monitorEndpoints),
    ...definitionsOf(graphEndpoints),
    ...fromFactory(dataCatalogEndpoints),
    ...fromFactory(securityEndpoints),
    ...fromFactory(permissionEndpoints),
    ...definitionsOf(backupEndpoints),
  ];
  // SQL statements run on the endpoints above, so the SQL family is built last, with them.
  return [...definitions, ...sqlEndpoints(definitions)];
}

/** The endpoints without an Avro request record (/insert/records/json, /get/records/json). */
export function emulatorQueryRoutes(): readonly EmulatorQueryRoute[] {
  return recordJsonRoutes;
}

/**
 * TRANSITION (issue 13): a family still written as a factory over one emulator, until it is a
 * table. Its definitions are built once per emulator and found by the request's emulator.
 */
function fromFactory(factory: (emulator: Emulator) => EndpointDefinition[]): EmulatorEndpoint[] {
  const built = new WeakMap<Emulator, Map<string, EndpointDefinition>>();
  const of = (emulator: Emulator) => {
    let map = built.get(emulator);
    if (!map) built.set(emulator, (map = new Map(factory(emulator).map((definition) => [definition.path, definition]))));
    return map;
  };
  return factory(undefined as never).map(
    (template) =>
      ({
        path: template.path,
        access: template.access,
        handler: (request: never, context: { emulator: Emulator }) => of(context.emulator).get(template.path)!.handler(request, context as never),
      }) as unknown as EmulatorEndpoint,
  );
}
