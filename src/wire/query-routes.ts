/**
 * Kinetica's two JSON-only endpoints, /insert/records/json and /get/records/json. They have no Avro
 * request record: the table and the options come in the query string (the Java and Python clients
 * URL-encode them there), the records of an insert are the raw JSON body, and the answer is a JSON
 * object whose `data` is an object, not the `data_str` text of the other endpoints. So they are
 * routes of their own, beside the registry: the wire plugin parses the query string and the body,
 * checks access, runs the handler and writes the answer; the handler returns the `data` object,
 * built from (and checked against) the response record of the Avro endpoint it stands for.
 */
import { splitEndpointPath, type RequestContext } from './registry.js';

export interface QueryRequest {
  /** The query string's parameters; a parameter given more than once has its values joined by commas. */
  query: Record<string, string>;
  /** The body as text (the JSON records of an insert; ignored by a read). */
  body: string;
}

/** A query-string route; like an endpoint's, its context carries an emulator (`E`) and its access rule (`R`) is opaque here. */
export interface QueryRoute<E = unknown, R = unknown> {
  path: string;
  /** The data_type an answer names, as Kinetica's reference shows it (none for /get/records/json). */
  dataType?: string;
  /** Accepts GET as well as POST (the reference's curl and requests examples read with GET). */
  allowGet: boolean;
  /** Who may call it, handed to the target's WireSecurity with the request. */
  access: R;
  /** The answer's data; a promise only when a fault delays the answer. */
  handler: (request: QueryRequest, context: RequestContext<E>) => Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** The query string of a URL as the handlers read it (see QueryRequest.query). */
export function queryParameters(url: string): Record<string, string> {
  const at = url.indexOf('?');
  // No prototype: a parameter named like one of Object's members (constructor, __proto__) is an
  // ordinary key, not found already there nor dropped.
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>;
  if (at === -1) return parameters;
  for (const [key, value] of new URLSearchParams(url.slice(at + 1))) {
    parameters[key] = key in parameters ? `${parameters[key]},${value}` : value;
  }
  return parameters;
}

/** Finds the route a path names, allowing a path prefix before it (`/gpudb-0/insert/records/json`). */
export function findQueryRoute<Q extends QueryRoute<never, unknown>>(routes: ReadonlyMap<string, Q>, path: string): { route: Q; prefix: string } | undefined {
  const found = splitEndpointPath(path, (candidate) => routes.has(candidate));
  return found && { route: routes.get(found.endpoint)!, prefix: found.prefix };
}

/** The answer's JSON: status, message, the data_type when the route has one, and data. */
export function queryAnswer(route: Pick<QueryRoute, 'dataType'>, data: Record<string, unknown>): string {
  return JSON.stringify({ status: 'OK', message: '', ...(route.dataType ? { data_type: route.dataType } : {}), data });
}

export function queryError(route: Pick<QueryRoute, 'dataType'> | undefined, message: string): string {
  return JSON.stringify({ status: 'ERROR', message, ...(route?.dataType ? { data_type: route.dataType } : {}) });
}
