/** Every emulated endpoint, family by family: the registry is built from this list. */
import type { Emulator } from '../emulator.js';
import type { EndpointDefinition } from '../wire/registry.js';
import { systemEndpoints } from './system.js';

export function allEndpoints(emulator: Emulator): EndpointDefinition[] {
  return [...systemEndpoints(emulator)];
}
