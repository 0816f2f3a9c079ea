/** Every emulated endpoint, family by family: the registry is built from this list. */
import type { Emulator } from '../emulator.js';
import type { EndpointDefinition } from '../wire/registry.js';
import { permissionEndpoints } from './permissions.js';
import { recordEndpoints } from './records.js';
import { schemaEndpoints } from './schemas.js';
import { securityEndpoints } from './security.js';
import { systemEndpoints } from './system.js';
import { tableEndpoints } from './tables.js';

export function allEndpoints(emulator: Emulator): EndpointDefinition[] {
  return [
    ...systemEndpoints(emulator),
    ...schemaEndpoints(emulator),
    ...tableEndpoints(emulator),
    ...recordEndpoints(emulator),
    ...securityEndpoints(emulator),
    ...permissionEndpoints(emulator),
  ];
}
