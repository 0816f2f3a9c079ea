/**
 * The control plane over HTTP, under the reserved prefix /_mock/: plain JSON in and out (never the
 * Kinetica envelope), errors as `{ "error": message }` with a 4xx status.
 *
 *   GET    /_mock/health              200 when ready, 503 while starting or stopping
 *   POST   /_mock/reset               empty the database (body: ResetOptions, optional)
 *   GET    /_mock/state               the state document
 *   PUT    /_mock/state               replace the state with a document
 *   POST   /_mock/fixtures            load a fixture document into the database as it is
 *   GET    /_mock/requests            the journal (?endpoint=/create/backup&status=ERROR&limit=10)
 *   DELETE /_mock/requests            empty the journal
 *   POST   /_mock/verify              count journaled requests matching a spec: 200 holds, 409 with an account
 *   POST   /_mock/faults              add a fault (201)
 *   GET    /_mock/faults              the faults
 *   GET    /_mock/faults/:id          one fault
 *   DELETE /_mock/faults              remove every fault
 *   DELETE /_mock/faults/:id          remove one fault
 *   GET    /_mock/clock               the emulator's clock
 *   PUT    /_mock/clock               fix, shift or reset it (scheduled procedures passed run first)
 *   GET    /_mock/procedures          SQL procedures: schedule, next due time, recent runs
 *   GET    /_mock/endpoints           every Kinetica endpoint, with whether it is emulated
 *   POST   /_mock/checkpoints/:name   keep the database, backup stores and clock under a name (201)
 *   POST   /_mock/checkpoints/:name/restore   put them back as that checkpoint has them
 *   GET    /_mock/checkpoints         the checkpoints, with their sizes
 *   DELETE /_mock/checkpoints         drop every checkpoint
 *   DELETE /_mock/checkpoints/:name   drop one
 *   GET    /_mock/tenants             the tenants, with their sizes (root only: tenants/routes.ts)
 *   DELETE /_mock/tenants/:name       remove a tenant (root only)
 *
 * Every route but the tenant routes is served for each tenant too, under /t/<tenant>/_mock/.
 *
 * With authentication on, every route but health answers only an admin or the control token
 * (access.ts).
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { addProtocolHeaders } from '../wire/plugin.js';
import type { ControlGate } from './access.js';
import { ControlError } from '../errors/control-error.js';
import { isKineticaError } from '../errors/kinetica-error.js';
import type { ControlPlane } from './control-plane.js';
import { VerificationError } from './verify.js';
import { FixtureError, parseFixture } from './fixtures.js';
import { parseJson } from './json-location.js';

export const CONTROL_PREFIX = '/_mock';

/** Where a control plane is served and how a request finds it. */
export interface ControlScope {
  /** The path prefix: /_mock, or /t/:tenant/_mock for tenants. */
  prefix: string;
  /** The control plane a request is for; may throw a KineticaError that refuses it (a bad tenant name). */
  controlOf: (request: FastifyRequest) => ControlPlane;
  /** The gate that decides every route but health before its body is read, for that control plane. */
  gateOf?: (control: ControlPlane) => ControlGate | undefined;
  /** Adds routes that exist only in this scope, behind the gate (the root's tenant routes). */
  extraRoutes?: (routes: FastifyInstance) => void;
}

/** Registers the routes in their own context (the wire plugin's body parsing stays outside it). */
export function registerControl(app: FastifyInstance, scope: ControlScope, bodyLimit: number, logger: Logger): void {
  const { controlOf, gateOf } = scope;
  app.register(
    async (plane) => {
      // No route-level schemas: compiling them would load a validator at start-up for two small
      // checks (see queryOf and faultIdOf), and start-up time is part of the emulator's budget.
      plane.addHook('onSend', (_request, reply, payload, done) => {
        addProtocolHeaders(reply);
        done(null, payload);
      });
      plane.removeAllContentTypeParsers();
      // Any Content-type is read as JSON text (curl -d sends form encoding); the route parses it,
      // so a syntax error can say where it is.
      plane.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));

      plane.setErrorHandler((error: FastifyError, request, reply) => {
        if (error instanceof VerificationError) return reply.code(409).send(error.body);
        if (error instanceof ControlError) return reply.code(error.statusCode).send({ error: error.message });
        if (error instanceof FixtureError) return reply.code(400).send({ error: error.message });
        if (isKineticaError(error)) return reply.code(error.httpStatus).send({ error: error.message });
        if (error.validation) return reply.code(400).send({ error: `Invalid ${error.validationContext ?? 'request'}: ${error.message}` });
        if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
        logger.error({ reqId: request.id, err: error }, 'control-plane route failed');
        return reply.code(500).send({ error: `kinetica-mock internal error: ${error.message}` });
      });

      plane.get('/health', (request, reply) => {
        const health = controlOf(request).health();
        return reply.code(health.status === 'ready' ? 200 : 503).send(health);
      });

      // The other routes in a child context, so the gate's hook covers them and not health.
      plane.register(async (routes) => {
        if (gateOf) {
          routes.addHook('onRequest', async (request, reply) => {
            const gate = gateOf(controlOf(request));
            const refusal = gate?.(request.headers);
            if (!refusal) return;
            if (refusal.status === 401) reply.header('www-authenticate', 'Basic realm="kinetica-mock control plane", Bearer');
            return reply.code(refusal.status).send({ error: refusal.error });
          });
        }

        routes.post('/reset', (request) => controlOf(request).reset(jsonBody(request.body, true)));

        routes.get('/state', (request) => controlOf(request).state());
        routes.put('/state', (request) => ({ loaded: controlOf(request).loadState(jsonBody(request.body, false)) }));

        routes.post('/fixtures', (request) => {
          const text = typeof request.body === 'string' ? request.body : '';
          if (text.trim() === '') throw new ControlError('The body must be a fixture document (JSON); see docs/fixtures.md');
          return { loaded: controlOf(request).loadFixtures([parseFixture('POST /_mock/fixtures', text)]) };
        });

        routes.get('/requests', (request) => controlOf(request).requests(journalQuery(request.query as Record<string, string>)));
        routes.delete('/requests', (request) => controlOf(request).clearRequests());
        routes.post('/verify', (request) => controlOf(request).verify(jsonBody(request.body, false)));

        routes.post('/faults', (request, reply) => reply.code(201).send(controlOf(request).addFault(jsonBody(request.body, false))));
        routes.get('/faults', (request) => ({ faults: controlOf(request).faults() }));
        routes.get('/faults/:id', (request) => controlOf(request).fault(faultIdOf(request.params)));
        routes.delete('/faults', (request) => controlOf(request).clearFaults());
        routes.delete('/faults/:id', (request) => controlOf(request).removeFault(faultIdOf(request.params)));

        routes.get('/clock', (request) => controlOf(request).clock());
        routes.put('/clock', (request) => controlOf(request).setClock(jsonBody(request.body, false)));

        routes.get('/procedures', (request) => controlOf(request).procedures());

        routes.get('/endpoints', (request) => controlOf(request).endpointList());

        // Wildcards rather than :name, so a name too long for the router still gets the name's 400.
        routes.post('/checkpoints/*', (request, reply) => {
          const path = (request.params as { '*': string })['*'];
          const restore = /^(.*)\/restore$/.exec(path);
          if (restore) return controlOf(request).restoreCheckpoint(restore[1]!);
          return reply.code(201).send(controlOf(request).checkpoint(path));
        });
        routes.post('/checkpoints', () => {
          throw new ControlError('A checkpoint needs a name: POST /_mock/checkpoints/<name>');
        });
        routes.get('/checkpoints', (request) => controlOf(request).checkpoints());
        routes.delete('/checkpoints', (request) => controlOf(request).deleteCheckpoint());
        routes.delete('/checkpoints/*', (request) => controlOf(request).deleteCheckpoint((request.params as { '*': string })['*']));

        scope.extraRoutes?.(routes);
      });
    },
    { prefix: scope.prefix },
  );
}

/** The journal's query: `endpoint` (not empty), `status` (OK or ERROR) and `limit` (0 or more), nothing else. */
function journalQuery(query: Record<string, string>): { endpoint?: string; status?: 'OK' | 'ERROR'; limit?: number } {
  const invalid = (problem: string) => new ControlError(`Invalid querystring: ${problem}`);
  const out: { endpoint?: string; status?: 'OK' | 'ERROR'; limit?: number } = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === 'endpoint') {
      if (value === '') throw invalid("'endpoint' must not be empty");
      out.endpoint = value;
    } else if (key === 'status') {
      if (value !== 'OK' && value !== 'ERROR') throw invalid("'status' must be OK or ERROR");
      out.status = value;
    } else if (key === 'limit') {
      if (!/^\d+$/.test(value)) throw invalid("'limit' must be a whole number of at least 0");
      out.limit = Number(value);
    } else {
      throw invalid(`unknown parameter '${key}' (use endpoint, status and limit)`);
    }
  }
  return out;
}

/** A fault's id from the path: a whole number of at least 1. */
function faultIdOf(params: unknown): number {
  const id = (params as { id?: string }).id ?? '';
  if (!/^[1-9]\d*$/.test(id)) throw new ControlError(`Invalid params: the fault id '${id}' must be a whole number of at least 1`);
  return Number(id);
}

/** The body as JSON; an empty body is `undefined` where the route allows it. */
function jsonBody(body: unknown, emptyAllowed: boolean): unknown {
  const text = typeof body === 'string' ? body : '';
  if (text.trim() === '') {
    if (emptyAllowed) return undefined;
    throw new ControlError('The body must be a JSON document');
  }
  return parseJson(text, (problem, position) =>
    new ControlError(`The body is not valid JSON: ${problem}${position ? ` (line ${position.line}, column ${position.column})` : ''}`),
  );
}
