/**
 * What the SQL layer needs to run a statement on its REST twin: one call of an endpoint on behalf
 * of the SQL request, with the endpoint's own access rule. api/ provides it (src/api/rest-twins.ts)
 * when it builds the /execute/sql endpoint; sql/ never imports api/. Behaviour, errors and
 * permissions are therefore those of the REST endpoint.
 */
import type { EmulatorContext } from '../emulator/endpoints.js';
import type { EndpointPath, RequestOf, ResponseOf } from '../wire/registry.js';

export interface RestTwins {
  /** Calls the endpoint at `path` as the SQL request's user; what it notes joins the SQL request's notes. */
  call<P extends EndpointPath>(path: P, request: RequestOf<P>, outer: EmulatorContext): Promise<ResponseOf<P>>;
}
