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
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-request-time-secs', (reply.elapsedTime / 1000).toFixed(5));
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'x-request-time-secs');
    done(null, payload);
  });

  const sendError = (reply: FastifyReply, encoding: Encoding, error: KineticaError) =>
    sendEnvelope(reply, error.httpStatus, encoding, errorEnvelope(encoding, error.message));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const encoding = encodingOf(request.headers['content-type']) ?? 'json';
    if (request.url.startsWith(CONTROL_PREFIX)) {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      return reply.code(status).send({ error: error.message });
    }
    if (isKineticaError(error)) return sendError(reply, encoding, error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, encoding, wireErrors.bodyTooLarge(bodyLimit));
    if (error.statusCode && error.statusCode < 500) {
      return sendError(reply, encoding, wireErrors.badRequestHeader(error.message));
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, encoding, wireErrors.internal(error.message));
  });

  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: '/*',
    handler: async (request, reply) => {
      const path = request.url.split('?', 1)[0]!;
      if (path.startsWith(CONTROL_PREFIX)) {
        return reply.code(404).send({ error: `Unknown control-plane route ${request.method} ${path}` });
      }
      if (request.method === 'OPTIONS') {
        return reply
          .code(204)
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', '*')
          .send();
      }
      const contentEncoding = encodingOf(request.headers['content-type']);
      const encoding = contentEncoding ?? 'json';
      const resolved = resolveEndpointPath(path);
      let record: unknown;
      try {
        if (request.method !== 'POST') {
          reply.header('allow', 'POST');
          throw wireErrors.methodNotAllowed(request.method, path);
        }
        if (!resolved) throw wireErrors.unknownUri(path);
        const definition = registry.get(resolved.endpoint);
        if (!definition) throw wireErrors.notEmulated(resolved.endpoint);
        if (!contentEncoding) throw wireErrors.unsupportedContentType(request.headers['content-type']);
        request.kinetica = { endpoint: resolved.endpoint, encoding, status: 'ERROR' };
        const user = security ? security.authenticate(request.headers.authorization) : 'admin';
        const codec = codecOf(resolved.endpoint);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        record = decodeRequest(codec, encoding, body, bodyLimit);
        if (security) security.authorize(definition, record, user);
        const context: RequestContext = {
          endpoint: resolved.endpoint as EndpointPath,
          encoding,
          get baseUrl() {
            return baseUrlOf(request, resolved.prefix, options.fallbackBaseUrl);
          },
          user,
          headers: request.headers,
          log: request.log,
          loose: options.loose,
          notes: {},
        };
        const result = definition.handler(record as never, context);
        const response = result instanceof Promise ? await result : result;
        addNotes(response, context.notes);
        checkResponse(codec, response);
        const payload = okEnvelope(codec, encoding, response);
        request.kinetica.status = 'OK';
        options.onOutcome?.({ endpoint: resolved.endpoint, encoding, request: record, httpStatus: 200, message: '' });
        return sendEnvelope(reply, 200, encoding, payload);
      } catch (caught) {
        const error = isKineticaError(caught) ? caught : internalError(request, caught);
        if (resolved && isKineticaEndpoint(resolved.endpoint)) {
          options.onOutcome?.({ endpoint: resolved.endpoint, encoding, request: record, httpStatus: error.httpStatus, message: error.message });
        }
        return sendError(reply, encoding, error);
      }
    },
  });
}

function sendEnvelope(reply: FastifyReply, status: number, encoding: Encoding, payload: Buffer | string) {
  return reply.code(status).header('content-type', responseContentType(encoding)).serializer(asIs).send(payload);
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
