/**
 * How each endpoint family is written: one table from path to a named handler function and its
 * access rule, side by side.
 *
 *   export const credentialEndpoints: EndpointTable = {
 *     '/create/credential': { handler: createCredential, access: (request) => createIn(...) },
 *     '/show/credential': { handler: showCredential, access: anyone },
 *   };
 *
 *   function createCredential(request: RequestOf<'/create/credential'>, context: EmulatorContext): ResponseOf<'/create/credential'> {
 *     const { catalog } = context.emulator;
 *     ...
 *   }
 *
 * The table's type ties each entry's handler and rule to the path's request and response records,
 * and makes a rule as required as a handler. A handler reads the emulator from its context, so it
 * is a plain function: a test calls it with a request record and a context, without HTTP.
 */
import type { AccessRule } from '../catalog/security/index.js';
import type { EmulatorContext, EmulatorEndpoint } from '../emulator/endpoints.js';
import type { EndpointPath, RequestOf, ResponseOf } from '../wire/registry.js';

export type { EmulatorContext } from '../emulator/endpoints.js';
export type { RequestOf, ResponseOf } from '../wire/registry.js';

export interface EndpointEntry<P extends EndpointPath> {
  handler: (request: RequestOf<P>, context: EmulatorContext) => ResponseOf<P> | Promise<ResponseOf<P>>;
  /** Who may call the endpoint when authentication is on (src/catalog/security/access.ts). */
  access: AccessRule<RequestOf<P>>;
}

/** One family's endpoints. */
export type EndpointTable = { [P in EndpointPath]?: EndpointEntry<P> };

/** A table's endpoints as the registry takes them. */
export function definitionsOf(table: EndpointTable): EmulatorEndpoint[] {
  return Object.entries(table).map(([path, entry]) => ({ path, handler: entry.handler, access: entry.access }) as unknown as EmulatorEndpoint);
}
