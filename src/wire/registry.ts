/**
 * The endpoint registry: every emulated endpoint is defined once, as its path (which names its
 * request and response record in the Avro schemas), its handler and its access rule. The codec,
 * the JSON validation, the parity list and the journal all work from this one list. This is the
 * contract api/ implements; the wire knows nothing of the emulator behind it.
 */
import type { Encoding } from './codec.js';
import type { EndpointPath, EndpointRecords } from '../generated/records.js';
import { endpointSchemas } from './schemas.js';

export type { EndpointPath, EndpointRecords };
export type RequestOf<P extends EndpointPath> = EndpointRecords[P]['request'];
export type ResponseOf<P extends EndpointPath> = EndpointRecords[P]['response'];

/**
 * What a handler knows of the HTTP request behind the record it gets. `E` is the emulator the
 * request is for: the wire carries it from the target it was given (WireTarget) without knowing
 * what it is.
 */
export interface RequestContext<E = unknown> {
  endpoint: EndpointPath;
  encoding: Encoding;
  /** The URL the client reached this server at, with any path prefix (`http://host:9191/gpudb-0`). */
  baseUrl: string;
  /** The user the request acts as: `admin` when authentication is off. */
  user: string;
  /** Loose mode: unknown option keys are ignored instead of refused. */
  loose: boolean;
  /** Entries the wire layer adds to the response's `info` map (when it has one). */
  notes: Record<string, string>;
  /** The emulator the request is for. */
  emulator: E;
}

export type Handler<P extends EndpointPath, E = unknown> = (
  request: RequestOf<P>,
  context: RequestContext<E>,
) => ResponseOf<P> | Promise<ResponseOf<P>>;

/**
 * An endpoint: its path (which names its request and response record in the Avro schemas), its
 * handler, and who may call it. The access rule (`R`) is opaque to the wire: it hands it to the
 * target's WireSecurity, which knows what it means.
 */
export interface EndpointDefinition<P extends EndpointPath = EndpointPath, E = unknown, R = unknown> {
  path: P;
  handler: Handler<P, E>;
  /** Checked before the handler when authentication is on. */
  access?: R;
}

/**
 * Authentication and authorization, part of a target only when its authentication is on (so the
 * hot path stays as it is when it is off).
 */
export interface WireSecurity<R = unknown> {
  /** The user a request acts as, from its Authorization header; throws a 401 KineticaError. */
  authenticate(authorization: string | undefined): string;
  /** Throws `Access denied; ok` unless the user may call an endpoint with this access rule and request. */
  authorize(access: R | undefined, request: unknown, user: string): void;
}

export class EndpointRegistry<D extends { readonly path: EndpointPath } = EndpointDefinition> {
  private readonly definitions = new Map<string, D>();

  constructor(definitions: Iterable<D>) {
    for (const definition of definitions) {
      if (!endpointSchemas.has(definition.path)) {
        throw new Error(`Endpoint ${definition.path} has no schema in avro-schemas.json`);
      }
      if (this.definitions.has(definition.path)) {
        throw new Error(`Endpoint ${definition.path} is defined twice`);
      }
      this.definitions.set(definition.path, definition);
    }
  }

  get(path: string): D | undefined {
    return this.definitions.get(path);
  }

  has(path: string): boolean {
    return this.definitions.has(path);
  }

  paths(): string[] {
    return [...this.definitions.keys()].sort();
  }
}

/** Every endpoint Kinetica has (from the schemas), whether emulated or not. */
export function isKineticaEndpoint(path: string): boolean {
  return endpointSchemas.has(path);
}

/**
 * Splits a request path into a known endpoint and the path prefix before it
 * (`/gpudb-0/create/backup`): the longest ending of the path that `known` accepts wins; a trailing
 * slash is ignored.
 */
export function splitEndpointPath(path: string, known: (candidate: string) => boolean): { endpoint: string; prefix: string } | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.split('/');
  for (let start = 1; start < segments.length; start++) {
    const candidate = '/' + segments.slice(start).join('/');
    if (known(candidate)) return { endpoint: candidate, prefix: segments.slice(0, start).join('/') };
  }
  return undefined;
}

const MAX_CACHED_PATHS = 4096;
const resolved = new Map<string, { endpoint: string; prefix: string } | null>();

/**
 * Finds the Kinetica endpoint a request path names, allowing a path prefix before it
 * (`/gpudb-0/create/backup`). The longest endpoint that ends the path wins.
 */
export function resolveEndpointPath(path: string): { endpoint: string; prefix: string } | undefined {
  const cached = resolved.get(path);
  if (cached !== undefined) return cached ?? undefined;
  const result = splitEndpointPath(path, (candidate) => endpointSchemas.has(candidate)) ?? null;
  if (resolved.size < MAX_CACHED_PATHS) resolved.set(path, result);
  return result ?? undefined;
}
