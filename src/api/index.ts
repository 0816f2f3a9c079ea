/** Every emulated endpoint, family by family: the registry is built from this list. */
import type { EmulatorEndpoint, EmulatorQueryRoute } from '../emulator/endpoints.js';
import { definitionsOf } from './endpoint-table.js';
import { adminEndpoints } from './admin.js';
import { alertEndpoints } from './alerts.js';
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
import { readEndpoints } from './reads.js';
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
  // One table per family (src/api/endpoint-table.ts).
  const definitions = [
    systemEndpoints,
    adminEndpoints,
    alertEndpoints,
    schemaEndpoints,
    tableEndpoints,
    recordEndpoints,
    readEndpoints,
    credentialEndpoints,
    datasinkEndpoints,
    datasourceEndpoints,
    directoryEndpoints,
    resourceGroupEndpoints,
    environmentEndpoints,
    procEndpoints,
    monitorEndpoints,
    graphEndpoints,
    dataCatalogEndpoints,
    securityEndpoints,
    permissionEndpoints,
    backupEndpoints,
  ].flatMap(definitionsOf);
  // SQL statements run on the endpoints above, so the SQL family is built last, with them.
  return [...definitions, ...sqlEndpoints(definitions)];
}

/** The endpoints without an Avro request record (/insert/records/json, /get/records/json). */
export function emulatorQueryRoutes(): readonly EmulatorQueryRoute[] {
  return recordJsonRoutes;
}
