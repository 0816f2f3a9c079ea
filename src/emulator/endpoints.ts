/**
 * The endpoints of an emulator, as the wire's contract (src/wire/registry.ts) is filled in here:
 * a request's context carries the Emulator it is for, and an endpoint's access rule is the
 * catalog's AccessRule. The endpoint tables of src/api/ are written in these types, the SQL layer
 * calls them, and the control plane's fixtures run them.
 */
import type { AccessRule } from '../catalog/security/index.js';
import type { EndpointDefinition, EndpointPath, RequestContext, RequestOf } from '../wire/registry.js';
import type { QueryRequest, QueryRoute } from '../wire/query-routes.js';
import type { Emulator } from './emulator.js';

export type EmulatorContext = RequestContext<Emulator>;

/** An endpoint of an emulator: its handler gets the Emulator in its context. */
export type EmulatorEndpoint<P extends EndpointPath = EndpointPath> = EndpointDefinition<P, Emulator, AccessRule<RequestOf<P>>>;

/** A query-string route of an emulator (/insert/records/json, /get/records/json). */
export type EmulatorQueryRoute = QueryRoute<Emulator, AccessRule<QueryRequest>>;

/**
 * The same endpoint, acting under its emulator's faults (POST /_mock/faults). Only what a client
 * sends over the wire is wrapped: the REST twins a SQL statement runs on, and the endpoints a
 * fixture calls, are not (docs/architecture.md, "The journal and faults").
 */
export function withFaults<D extends { path: string; handler: (request: never, context: EmulatorContext) => unknown }>(definition: D): D {
  const { path, handler } = definition;
  return { ...definition, handler: (request: never, context: EmulatorContext) => context.emulator.faults.run(path, request, context, handler) };
}
