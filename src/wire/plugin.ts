/**
 * The Fastify side of the wire protocol: one catch-all route takes every Kinetica request, finds
 * its endpoint (after any path prefix), decodes the body by Content-type, runs the handler and
 * answers with the envelope in the request's encoding. Every failure, including Fastify's own
 * (body too large, broken Content-Length), becomes an ERROR envelope: never a 404 or a 500.
 */
import { maxHeaderSize, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isKineticaError, type KineticaError } from '../errors/kinetica-error.js';
import { wireErrors } from '../errors/wire.js';
import {
  checkResponse,
  codecOf,
  decodeRequest,
  encodingOf,
  errorEnvelope,
  MEDIA_TYPES,
  okEnvelope,
  responseContentType,
  type Encoding,
  type EndpointCodec,
} from './codec.js';
import {
  isKineticaEndpoint,
  resolveEndpointPath,
  type EndpointDefinition,
  type EndpointPath,
  type EndpointRegistry,
  type RequestContext,
  type WireSecurity,
} from './registry.js';
import { findQueryRoute, queryAnswer, queryError, queryParameters, type QueryRequest, type QueryRoute } from './query-routes.js';

// `any`: the wire carries the emulator and the access rules without knowing their types.
type AnyDefinition = EndpointDefinition<EndpointPath, any, any>;
type AnyQueryRoute = QueryRoute<any, any>;

/**
 * What a request is for: the emulator its handler gets (opaque to the wire), and that emulator's
 * settings the wire itself applies.
 */
export interface WireTarget<E = unknown> {
  emulator: E;
  /** Loose mode: unknown option keys are ignored instead of refused. */
  loose: boolean;
  /** Authentication and authorization; absent when authentication is off (every request acts as admin). */
  security: WireSecurity | undefined;
  /** Called once per Kinetica request with what happened, for the journal; absent when nothing listens. */
  onOutcome: ((outcome: RequestOutcome) => void) | undefined;
  /**
   * Why the target can no longer serve (it was closed while a request ran: a removed tenant, a
   * server stopping), or undefined; a handler that fails then is answered with this, not as a bug.
   */
  closed?: () => KineticaError | undefined;
}

export interface WireOptions {
  registry: EndpointRegistry<AnyDefinition>;
  /** The endpoints without an Avro request record (/insert/records/json, /get/records/json). */
  queryRoutes?: readonly AnyQueryRoute[];
  bodyLimit: number;
  /** Server URL to advertise when a request carries no Host header. */
  fallbackBaseUrl: () => string;
  /** The target of a request (the emulator of the tenant its path names); may throw a KineticaError that refuses it. */
  targetOf: (request: FastifyRequest) => WireTarget;
  /** Where emulator bugs are logged (the Fastify instance itself runs without a logger: see app.ts). */
  logger: Logger;
}

export interface RequestOutcome {
  endpoint: string;
  encoding: Encoding;
  request: unknown;
  httpStatus: number;
  message: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The Kinetica exchange a request became, for the request log; null for other requests. */
    kinetica: Exchange | null;
  }
}

const CONTROL_PREFIX = '/_mock/';

/**
 * Whether a URL is the control plane's: /_mock/ at the root, or after a tenant's prefix
 * (/t/<tenant>/_mock/). Such paths answer `{ "error": ... }`, never a Kinetica envelope.
 */
export function isControlPath(url: string): boolean {
  if (url.startsWith(CONTROL_PREFIX)) return true;
  if (!url.startsWith('/t/')) return false;
  const end = url.indexOf('/', 3);
  return end > 3 && url.startsWith(CONTROL_PREFIX, end);
}

/** Installs the wire protocol on a Fastify instance: body parsers, the error handler and the one catch-all route. */
export function registerWire(app: FastifyInstance, options: WireOptions): void {
  // Declared up front so every request object keeps one shape (Fastify's advice for speed).
  app.decorateRequest('kinetica', null);
  keepBodiesAsBytes(app, options.bodyLimit);
  // x-request-time-secs counts from the moment the request's head arrived. Fastify keeps no such
  // time when it runs without a logger, and a hook to take one would cost every request more.
  app.server.prependListener('request', stampArrival);
  app.setErrorHandler(errorHandler(options));
  const route = new WireRoute(options);
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: '/*',
    // Not an async function, for speed: endpoint handlers are mostly synchronous, and answering
    // them within this call spares every request a promise and the microtasks that settle it.
    // Only a handler that returns a promise makes the route return one, which Fastify awaits.
    handler: (request, reply) => route.serve(request, reply),
  });
}

/**
 * Every body is read as bytes; the route decodes it by Content-type. The three media types are
 * named as well as the catch-all because Fastify caches the parser it finds for a named type,
 * while for the catch-all it parses the Content-type header again on every request.
 */
function keepBodiesAsBytes(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  const keepBytes = (_request: FastifyRequest, body: Buffer, done: (error: null, body: Buffer) => void) => done(null, body);
  app.addContentTypeParser([...MEDIA_TYPES.keys()], { parseAs: 'buffer', bodyLimit }, keepBytes);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, keepBytes);
}

/** Fastify's own failures (body too large, a broken head) as ERROR envelopes, or `{ error }` under /_mock/. */
function errorHandler({ bodyLimit, logger }: WireOptions) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const encoding = encodingOf(request.headers['content-type']) ?? 'json';
    if (isControlPath(request.url)) {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      return addProtocolHeaders(reply).code(status).send({ error: error.message });
    }
    if (isKineticaError(error)) return sendError(reply, encoding, error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, encoding, wireErrors.bodyTooLarge(bodyLimit));
    if (error.statusCode && error.statusCode < 500) {
      return sendError(reply, encoding, wireErrors.badRequestHeader(error.message));
    }
    logger.error({ reqId: request.id, err: error }, 'unexpected error');
    return sendError(reply, encoding, wireErrors.internal(error.message));
  };
}

const sendError = (reply: FastifyReply, encoding: Encoding, error: KineticaError, extraHeaders?: string[]) =>
  sendEnvelope(reply, error.httpStatus, encoding, errorEnvelope(encoding, error.message), extraHeaders);

/** The catch-all route: finds what a request names, and serves an endpoint or a query-string route. */
class WireRoute {
  private readonly queryRoutes: ReadonlyMap<string, AnyQueryRoute>;

  constructor(private readonly options: WireOptions) {
    this.queryRoutes = new Map((options.queryRoutes ?? []).map((route) => [route.path, route]));
  }

  serve(request: FastifyRequest, reply: FastifyReply): Promise<void> | void {
    const url = request.url;
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (isControlPath(path)) {
      addProtocolHeaders(reply).code(404).send({ error: `Unknown control-plane route ${request.method} ${path}` });
      return;
    }
    if (request.method === 'OPTIONS') {
      addProtocolHeaders(reply).code(204).header('access-control-allow-methods', 'POST, OPTIONS').header('access-control-allow-headers', '*').send();
      return;
    }
    const resolved = resolveEndpointPath(path);
    // Only a path that names no Avro endpoint can name a query-string route (they have no schema).
    if (!resolved && this.queryRoutes.size > 0) {
      const found = findQueryRoute(this.queryRoutes, path);
      if (found) return this.serveQueryRoute(request, reply, found.route, found.prefix, path);
    }
    return this.serveEndpoint(request, reply, resolved, path);
  }

  /** Serves an Avro endpoint: decode, authorize, run the handler, answer in the request's encoding. */
  private serveEndpoint(
    request: FastifyRequest,
    reply: FastifyReply,
    resolved: { endpoint: string; prefix: string } | undefined,
    path: string,
  ): Promise<void> | void {
    const contentEncoding = encodingOf(request.headers['content-type']);
    const target = this.targetOf(request, reply, contentEncoding ?? 'json');
    if (!target) return;
    const exchange = new Exchange(request, reply, resolved?.endpoint, contentEncoding ?? 'json', target);
    if (request.method !== 'POST') return this.fail(exchange, wireErrors.methodNotAllowed(request.method, path), ['allow', 'POST']);
    try {
      if (!resolved) throw wireErrors.unknownUri(path);
      const definition = this.options.registry.get(resolved.endpoint);
      if (!definition) throw wireErrors.notEmulated(resolved.endpoint);
      if (!contentEncoding) throw wireErrors.unsupportedContentType(request.headers['content-type']);
      request.kinetica = exchange;
      const { security } = target;
      const user = security ? security.authenticate(request.headers.authorization) : 'admin';
      const codec = codecOf(resolved.endpoint);
      const body = Buffer.isBuffer(request.body) ? request.body : EMPTY_BODY;
      const record = decodeRequest(codec, contentEncoding, body, this.options.bodyLimit);
      exchange.record = record;
      if (security) security.authorize(definition.access, record, user);
      // Plain data properties only, no getter, for speed: for a getter in an object literal V8
      // allocates an AccessorPair straight in the old generation, and that pair, pointing at the
      // getter's closure, kept every request (headers, buffers, logger) alive through young GCs
      // until the next full GC: young-GC pauses grew eightfold and each request cost a third
      // more CPU (bench/wire.ts).
      const context: RequestContext = {
        endpoint: resolved.endpoint as EndpointPath,
        encoding: contentEncoding,
        baseUrl: baseUrlOf(request, resolved.prefix, this.options.fallbackBaseUrl),
        user,
        loose: target.loose,
        notes: {},
        emulator: target.emulator,
      };
      const result = definition.handler(record as never, context);
      if (result instanceof Promise) return this.answerLater(exchange, codec, context, result);
      this.answer(exchange, codec, context, result);
    } catch (caught) {
      this.fail(exchange, caught);
    }
  }

  /**
   * The target of a request, or undefined once a refusal is sent: a path may name a target that
   * cannot be had (a tenant name that breaks the rule, or one past --max-tenants).
   */
  private targetOf(request: FastifyRequest, reply: FastifyReply, encoding: Encoding): WireTarget | undefined {
    try {
      return this.options.targetOf(request);
    } catch (caught) {
      sendError(reply, encoding, isKineticaError(caught) ? caught : internalError(this.options.logger, request, caught));
      return undefined;
    }
  }

  /** Answers with the handler's response record, checked against its schema, in the request's encoding. */
  private answer(exchange: Exchange, codec: EndpointCodec, context: RequestContext, response: unknown): void {
    const { encoding } = exchange;
    addNotes(response, context.notes);
    checkResponse(codec, response);
    const payload = okEnvelope(codec, encoding, response);
    exchange.target.onOutcome?.({ endpoint: context.endpoint, encoding, request: exchange.record, httpStatus: 200, message: '' });
    sendEnvelope(exchange.reply, 200, encoding, payload);
  }

  /** The same for an asynchronous handler, once its promise settles. */
  private answerLater(exchange: Exchange, codec: EndpointCodec, context: RequestContext, pending: Promise<unknown>): Promise<void> {
    return pending.then((response) => this.answer(exchange, codec, context, response)).catch((caught: unknown) => this.fail(exchange, caught));
  }

  /** Answers a failure with an ERROR envelope; anything but a KineticaError is an emulator bug. */
  private fail(exchange: Exchange, caught: unknown, extraHeaders?: string[]): void {
    const { request, endpoint, encoding } = exchange;
    const error = isKineticaError(caught) ? caught : (exchange.target.closed?.() ?? internalError(this.options.logger, request, caught));
    if (endpoint !== undefined && isKineticaEndpoint(endpoint)) {
      exchange.target.onOutcome?.({ endpoint, encoding, request: exchange.record, httpStatus: error.httpStatus, message: error.message });
    }
    sendError(exchange.reply, encoding, error, extraHeaders);
  }

  /** Serves a query-string route: no Avro record, a JSON answer whose data is an object (query-routes.ts). */
  private serveQueryRoute(request: FastifyRequest, reply: FastifyReply, route: AnyQueryRoute, prefix: string, path: string): Promise<void> | void {
    const target = this.targetOf(request, reply, 'json');
    if (!target) return;
    request.kinetica = new Exchange(request, reply, route.path, 'json', target);
    let record: QueryRequest | undefined;
    const outcome = (httpStatus: number, message: string) =>
      target.onOutcome?.({ endpoint: route.path, encoding: 'json', request: record ? { ...record.query, body_bytes: Buffer.byteLength(record.body) } : null, httpStatus, message });
    const failQuery = (caught: unknown): void => {
      const error = isKineticaError(caught) ? caught : (target.closed?.() ?? internalError(this.options.logger, request, caught));
      outcome(error.httpStatus, error.message);
      sendEnvelope(reply, error.httpStatus, 'json', queryError(route, error.message));
    };
    try {
      if (request.method !== 'POST' && !(route.allowGet && request.method === 'GET')) {
        throw wireErrors.methodNotAllowed(request.method, path);
      }
      const { security } = target;
      const user = security ? security.authenticate(request.headers.authorization) : 'admin';
      record = { query: queryParameters(request.url), body: Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '' };
      if (security) security.authorize(route.access, record, user);
      const context: RequestContext = {
        endpoint: route.path as EndpointPath,
        encoding: 'json',
        baseUrl: baseUrlOf(request, prefix, this.options.fallbackBaseUrl),
        user,
        loose: target.loose,
        notes: {},
        emulator: target.emulator,
      };
      const send = (data: Record<string, unknown>) => {
        addNotes(data, context.notes);
        outcome(200, '');
        sendEnvelope(reply, 200, 'json', queryAnswer(route, data));
      };
      const data = route.handler(record, context);
      if (data instanceof Promise) return data.then(send).catch(failQuery);
      send(data);
    } catch (caught) {
      failQuery(caught);
    }
  }
}

const EMPTY_BODY = Buffer.alloc(0);

/**
 * Fastify's `clientErrorHandler` option: what Node refuses before a request exists (a head over
 * Node's size limit, bytes that are not HTTP, a client too slow to send its request) is answered
 * with a JSON ERROR envelope as well, and the connection closed, as Node does by default.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? wireErrors.requestTimedOut()
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? wireErrors.requestHeadTooLarge(maxHeaderSize)
        : wireErrors.malformedHttp(error.code ?? error.message);
  if (socket.writable) {
    const body = errorEnvelope('json', refusal.message) as string;
    socket.write(
      `HTTP/1.1 ${refusal.httpStatus} ${STATUS_CODES[refusal.httpStatus]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Fastify's `frameworkErrors` option: its refusals that come before any route is found (a path
 * whose percent-encoding does not decode) become ERROR envelopes as well, or the control plane's
 * `{ "error": ... }` under /_mock/.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (isControlPath(request.raw.url ?? '')) {
    addProtocolHeaders(reply).code(400).send({ error: error.message });
    return;
  }
  const encoding = encodingOf(request.headers['content-type']) ?? 'json';
  const refusal = error.code === 'FST_ERR_BAD_URL' ? wireErrors.badUrl(error.message) : wireErrors.badRequestHeader(error.message);
  sendEnvelope(reply, refusal.httpStatus, encoding, errorEnvelope(encoding, refusal.message));
}

/** One Kinetica request on its way through the wire route (and, for the request log, after it). */
class Exchange {
  /** The request record, once decoded. */
  record: unknown = undefined;

  constructor(
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
    /** The Kinetica endpoint the path names, if it names one. */
    readonly endpoint: string | undefined,
    /** The encoding of the answer: the request's, JSON when it has none the emulator knows. */
    readonly encoding: Encoding,
    /** The emulator the request is for, with its wire settings. */
    readonly target: WireTarget,
  ) {}
}

const TIME_HEADER = 'x-request-time-secs';
const ARRIVED = Symbol('kinetica-mock.arrived');

type StampedMessage = IncomingMessage & { [ARRIVED]?: number };

function stampArrival(message: StampedMessage): void {
  message[ARRIVED] = performance.now();
}

/** Seconds since the request arrived, as Kinetica writes them (five decimals). */
function requestTimeSecs(message: StampedMessage): string {
  const arrived = message[ARRIVED];
  // A request injected without a socket (Fastify's inject) was never stamped.
  return arrived === undefined ? '0.00000' : ((performance.now() - arrived) / 1000).toFixed(5);
}

/** x-request-time-secs and the CORS headers Kinetica sends on every answer, as name, value, name, ... */
function protocolHeaders(reply: FastifyReply): string[] {
  return [
    TIME_HEADER, requestTimeSecs(reply.request.raw),
    'access-control-allow-origin', '*',
    'access-control-expose-headers', TIME_HEADER,
  ];
}

/** Sets the protocol headers on an answer Fastify sends (sendEnvelope writes envelopes itself). */
export function addProtocolHeaders(reply: FastifyReply): FastifyReply {
  const headers = protocolHeaders(reply);
  for (let i = 0; i < headers.length; i += 2) reply.header(headers[i]!, headers[i + 1]);
  return reply;
}

/**
 * Writes an envelope straight to Node's response: one writeHead with the complete header list and
 * one end. Fastify's reply would reach the same two calls, after setting each header on its own
 * and parsing the Content-Type back (about a tenth of the cost of a request, bench/wire.ts).
 */
function sendEnvelope(reply: FastifyReply, status: number, encoding: Encoding, payload: Buffer | string, extraHeaders?: string[]): void {
  reply.hijack();
  const headers = [
    'content-type', responseContentType(encoding),
    'content-length', String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length),
    ...protocolHeaders(reply),
  ];
  if (extraHeaders) headers.push(...extraHeaders);
  reply.raw.writeHead(status, headers).end(payload);
}

/** Merges the wire layer's notes into the response's info map, when the record has one. */
function addNotes(response: unknown, notes: Record<string, string>): void {
  if (Object.keys(notes).length === 0) return;
  const info = (response as { info?: unknown }).info;
  if (info && typeof info === 'object') Object.assign(info, notes);
}

function internalError(logger: Logger, request: FastifyRequest, caught: unknown): KineticaError {
  logger.error({ reqId: request.id, err: caught }, 'handler failed');
  return wireErrors.internal(caught instanceof Error ? caught.message : String(caught));
}

function baseUrlOf(request: FastifyRequest, prefix: string, fallback: () => string): string {
  const host = request.headers.host;
  return host ? `${request.protocol}://${host}${prefix}` : `${fallback()}${prefix}`;
}
