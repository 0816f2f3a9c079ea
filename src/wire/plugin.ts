/**
 * The Fastify side of the wire protocol: one catch-all route takes every Kinetica request, finds
 * its endpoint (after any path prefix), decodes the body by Content-type, runs the handler and
 * answers with the envelope in the request's encoding. Every failure, including Fastify's own
 * (body too large, broken Content-Length), becomes an ERROR envelope: never a 404 or a 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isKineticaError, wireErrors, type KineticaError } from '../errors/index.js';
import {
  checkResponse,
  codecOf,
  decodeRequest,
  encodingOf,
  errorEnvelope,
  okEnvelope,
  responseContentType,
  type Encoding,
  type EndpointCodec,
} from './codec.js';
import {
  isKineticaEndpoint,
  resolveEndpointPath,
  type EndpointPath,
  type EndpointRegistry,
  type RequestContext,
  type WireSecurity,
} from './registry.js';

export interface WireOptions {
  registry: EndpointRegistry;
  bodyLimit: number;
  loose: boolean;
  /** Server URL to advertise when a request carries no Host header. */
  fallbackBaseUrl: () => string;
  /** Called once per Kinetica request with what happened, for the journal and the log. */
  onOutcome?: (outcome: RequestOutcome) => void;
  /** Authentication and authorization; absent when authentication is off (every request acts as admin). */
  security?: WireSecurity;
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
    kinetica: { endpoint: string; encoding: Encoding; status: 'OK' | 'ERROR' } | null;
  }
}

const CONTROL_PREFIX = '/_mock/';

/** Envelopes are already serialized; passing them through a serializer also keeps Fastify from
 * adding a charset, so the Content-Type is exactly `application/json` as Kinetica sends it. */
const asIs = (payload: unknown) => payload as string;

export function registerWire(app: FastifyInstance, options: WireOptions): void {
  const { registry, bodyLimit, security } = options;

  // Declared up front so every request object keeps one shape (Fastify's advice for speed).
  app.decorateRequest('kinetica', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

  // Callback-style hook: no promise per request on the hot path.
  // The protocol's headers go on every answer: sendEnvelope adds them to Kinetica answers, each
  // other answer adds them itself. (An onSend hook would do it in one place, but runs Fastify's
  // hook machinery on every request; the control plane has such a hook in its own scope.)

  const sendError = (reply: FastifyReply, encoding: Encoding, error: KineticaError) =>
    sendEnvelope(reply, error.httpStatus, encoding, errorEnvelope(encoding, error.message));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const encoding = encodingOf(request.headers['content-type']) ?? 'json';
    if (request.url.startsWith(CONTROL_PREFIX)) {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      return addProtocolHeaders(reply).code(status).send({ error: error.message });
    }
    if (isKineticaError(error)) return sendError(reply, encoding, error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, encoding, wireErrors.bodyTooLarge(bodyLimit));
    if (error.statusCode && error.statusCode < 500) {
      return sendError(reply, encoding, wireErrors.badRequestHeader(error.message));
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, encoding, wireErrors.internal(error.message));
  });

  /** Answers with the handler's response record, checked against its schema, in the request's encoding. */
  const answer = (exchange: Exchange, codec: EndpointCodec, context: RequestContext, response: unknown): void => {
    const { request, reply, encoding } = exchange;
    addNotes(response, context.notes);
    checkResponse(codec, response);
    const payload = okEnvelope(codec, encoding, response);
    request.kinetica!.status = 'OK';
    options.onOutcome?.({ endpoint: context.endpoint, encoding, request: exchange.record, httpStatus: 200, message: '' });
    sendEnvelope(reply, 200, encoding, payload);
  };

  /** The same for an asynchronous handler, once its promise settles. */
  const answerLater = (exchange: Exchange, codec: EndpointCodec, context: RequestContext, pending: Promise<unknown>) =>
    pending.then((response) => answer(exchange, codec, context, response)).catch((caught: unknown) => fail(exchange, caught));

  /** Answers a failure with an ERROR envelope; anything but a KineticaError is an emulator bug. */
  const fail = (exchange: Exchange, caught: unknown): void => {
    const { request, reply, endpoint, encoding } = exchange;
    const error = isKineticaError(caught) ? caught : internalError(request, caught);
    if (endpoint !== undefined && isKineticaEndpoint(endpoint)) {
      options.onOutcome?.({ endpoint, encoding, request: exchange.record, httpStatus: error.httpStatus, message: error.message });
    }
    sendError(reply, encoding, error);
  };

  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: '/*',
    // Not an async function, for speed: endpoint handlers are mostly synchronous, and answering
    // them within this call spares every request a promise and the microtasks that settle it.
    // Only a handler that returns a promise makes the route return one, which Fastify awaits.
    handler: (request, reply) => {
      const path = request.url.split('?', 1)[0]!;
      if (path.startsWith(CONTROL_PREFIX)) {
        addProtocolHeaders(reply).code(404).send({ error: `Unknown control-plane route ${request.method} ${path}` });
        return;
      }
      if (request.method === 'OPTIONS') {
        addProtocolHeaders(reply)
          .code(204)
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', '*')
          .send();
        return;
      }
      const contentEncoding = encodingOf(request.headers['content-type']);
      const resolved = resolveEndpointPath(path);
      const exchange: Exchange = {
        request,
        reply,
        endpoint: resolved?.endpoint,
        encoding: contentEncoding ?? 'json',
        record: undefined,
      };
      try {
        if (request.method !== 'POST') {
          reply.header('allow', 'POST');
          throw wireErrors.methodNotAllowed(request.method, path);
        }
        if (!resolved) throw wireErrors.unknownUri(path);
        const definition = registry.get(resolved.endpoint);
        if (!definition) throw wireErrors.notEmulated(resolved.endpoint);
        if (!contentEncoding) throw wireErrors.unsupportedContentType(request.headers['content-type']);
        request.kinetica = { endpoint: resolved.endpoint, encoding: contentEncoding, status: 'ERROR' };
        const user = security ? security.authenticate(request.headers.authorization) : 'admin';
        const codec = codecOf(resolved.endpoint);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const record = decodeRequest(codec, contentEncoding, body, bodyLimit);
        exchange.record = record;
        if (security) security.authorize(definition, record, user);
        // Plain data properties only, no getter, for speed: for a getter in an object literal V8
        // allocates an AccessorPair straight in the old generation, and that pair, pointing at the
        // getter's closure, kept every request (headers, buffers, logger) alive through young GCs
        // until the next full GC: young-GC pauses grew eightfold and each request cost a third
        // more CPU (bench/wire.ts).
        const context: RequestContext = {
          endpoint: resolved.endpoint as EndpointPath,
          encoding: contentEncoding,
          baseUrl: baseUrlOf(request, resolved.prefix, options.fallbackBaseUrl),
          user,
          headers: request.headers,
          log: request.log,
          loose: options.loose,
          notes: {},
        };
        const result = definition.handler(record as never, context);
        if (result instanceof Promise) return answerLater(exchange, codec, context, result);
        answer(exchange, codec, context, result);
      } catch (caught) {
        fail(exchange, caught);
      }
    },
  });
}

/** One Kinetica request on its way through the wire route. */
interface Exchange {
  request: FastifyRequest;
  reply: FastifyReply;
  /** The Kinetica endpoint the path names, if it names one. */
  endpoint: string | undefined;
  /** The encoding of the answer: the request's, JSON when it has none the emulator knows. */
  encoding: Encoding;
  /** The request record, once decoded. */
  record: unknown;
}

const TIME_HEADER = 'x-request-time-secs';

/** x-request-time-secs and the CORS headers Kinetica sends on every answer. */
export function addProtocolHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers({
    [TIME_HEADER]: (reply.elapsedTime / 1000).toFixed(5),
    'access-control-allow-origin': '*',
    'access-control-expose-headers': TIME_HEADER,
  });
}

function sendEnvelope(reply: FastifyReply, status: number, encoding: Encoding, payload: Buffer | string) {
  return addProtocolHeaders(reply.code(status).header('content-type', responseContentType(encoding))).serializer(asIs).send(payload);
}

/** Merges the wire layer's notes into the response's info map, when the record has one. */
function addNotes(response: unknown, notes: Record<string, string>): void {
  if (Object.keys(notes).length === 0) return;
  const info = (response as { info?: unknown }).info;
  if (info && typeof info === 'object') Object.assign(info, notes);
}

function internalError(request: FastifyRequest, caught: unknown): KineticaError {
  request.log.error({ err: caught }, 'handler failed');
  return wireErrors.internal(caught instanceof Error ? caught.message : String(caught));
}

function baseUrlOf(request: FastifyRequest, prefix: string, fallback: () => string): string {
  const host = request.headers.host;
  return host ? `${request.protocol}://${host}${prefix}` : `${fallback()}${prefix}`;
}
