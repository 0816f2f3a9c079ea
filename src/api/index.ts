/** Every emulated endpoint, family by family: the registry is built from this list. */
import type { Emulator } from '../emulator.js';
import type { EndpointDefinition } from '../wire/registry.js';
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
import { resourceGroupEndpoints } from './resource-groups.js';
import { schemaEndpoints } from './schemas.js';
import { securityEndpoints } from './security.js';
import { sqlEndpoints } from './sql.js';
import { systemEndpoints } from './system.js';
import { tableEndpoints } from './tables.js';

export function allEndpoints(emulator: Emulator): EndpointDefinition[] {
  const definitions = [
    ...systemEndpoints(emulator),
    ...adminEndpoints(emulator),
    ...schemaEndpoints(emulator),
    ...tableEndpoints(emulator),
    ...recordEndpoints(emulator),
    ...credentialEndpoints(emulator),
    ...datasinkEndpoints(emulator),
    ...datasourceEndpoints(emulator),
    ...directoryEndpoints(emulator),
    ...resourceGroupEndpoints(emulator),
    ...environmentEndpoints(emulator),
    ...procEndpoints(emulator),
    ...monitorEndpoints(emulator),
    ...graphEndpoints(emulator),
    ...dataCatalogEndpoints(emulator),
    ...securityEndpoints(emulator),
    ...permissionEndpoints(emulator),
    ...backupEndpoints(emulator),
  ];
  // SQL statements run on the endpoints above, so the SQL family is built last, with them.
  return [...definitions, ...sqlEndpoints(emulator, definitions)];
}
