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
 *
 * With authentication on, every route but health answers only an admin or the control token
 * (access.ts).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { addProtocolHeaders } from '../wire/plugin.js';
import type { ControlGate } from './access.js';
import { ControlError } from '../errors/control-error.js';
import type { ControlPlane } from './control-plane.js';
import { FixtureError, parseFixture } from './fixtures.js';
import { parseJson } from './json-location.js';

export const CONTROL_PREFIX = '/_mock';

/**
 * Registers the routes in their own context (the wire plugin's body parsing stays outside it).
 * `gate`, when given, decides every route but health before its body is read.
 */
export function registerControl(app: FastifyInstance, control: ControlPlane, bodyLimit: number, logger: Logger, gate?: ControlGate): void {
  app.register(
    async (scope) => {
      // No route-level schemas: compiling them would load a validator at start-up for two small
      // checks (see queryOf and faultIdOf), and start-up time is part of the emulator's budget.
      scope.addHook('onSend', (_request, reply, payload, done) => {
        addProtocolHeaders(reply);
        done(null, payload);
      });
      scope.removeAllContentTypeParsers();
      // Any Content-type is read as JSON text (curl -d sends form encoding); the route parses it,
      // so a syntax error can say where it is.
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));

      scope.setErrorHandler((error: FastifyError, request, reply) => {
        if (error instanceof ControlError) return reply.code(error.statusCode).send({ error: error.message });
        if (error instanceof FixtureError) return reply.code(400).send({ error: error.message });
        if (error.validation) return reply.code(400).send({ error: `Invalid ${error.validationContext ?? 'request'}: ${error.message}` });
        if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
        logger.error({ reqId: request.id, err: error }, 'control-plane route failed');
        return reply.code(500).send({ error: `kinetica-mock internal error: ${error.message}` });
      });

      scope.get('/health', (_request, reply) => {
        const health = control.health();
        return reply.code(health.status === 'ready' ? 200 : 503).send(health);
      });

      // The other routes in a child context, so the gate's hook covers them and not health.
      scope.register(async (routes) => {
        if (gate) {
          routes.addHook('onRequest', async (request, reply) => {
            const refusal = gate(request.headers);
            if (!refusal) return;
            if (refusal.status === 401) reply.header('www-authenticate', 'Basic realm="kinetica-mock control plane", Bearer');
            return reply.code(refusal.status).send({ error: refusal.error });
          });
        }

        routes.post('/reset', (request) => control.reset(jsonBody(request.body, true)));

        routes.get('/state', () => control.state());
        routes.put('/state', (request) => ({ loaded: control.loadState(jsonBody(request.body, false)) }));

        routes.post('/fixtures', (request) => {
          const text = typeof request.body === 'string' ? request.body : '';
          if (text.trim() === '') throw new ControlError('The body must be a fixture document (JSON); see docs/fixtures.md');
          return { loaded: control.loadFixtures([parseFixture('POST /_mock/fixtures', text)]) };
        });

        routes.get('/requests', (request) => control.requests(journalQuery(request.query as Record<string, string>)));
        routes.delete('/requests', () => control.clearRequests());

        routes.post('/faults', (request, reply) => reply.code(201).send(control.addFault(jsonBody(request.body, false))));
        routes.get('/faults', () => ({ faults: control.faults() }));
        routes.get('/faults/:id', (request) => control.fault(faultIdOf(request.params)));
        routes.delete('/faults', () => control.clearFaults());
        routes.delete('/faults/:id', (request) => control.removeFault(faultIdOf(request.params)));

        routes.get('/clock', () => control.clock());
        routes.put('/clock', (request) => control.setClock(jsonBody(request.body, false)));

        routes.get('/procedures', () => control.procedures());

        routes.get('/endpoints', () => control.endpointList());

        // Wildcards rather than :name, so a name too long for the router still gets the name's 400.
        routes.post('/checkpoints/*', (request, reply) => {
          const path = (request.params as { '*': string })['*'];
          const restore = /^(.*)\/restore$/.exec(path);
          if (restore) return control.restoreCheckpoint(restore[1]!);
          return reply.code(201).send(control.checkpoint(path));
        });
        routes.post('/checkpoints', () => {
          throw new ControlError('A checkpoint needs a name: POST /_mock/checkpoints/<name>');
        });
        routes.get('/checkpoints', () => control.checkpoints());
        routes.delete('/checkpoints', () => control.deleteCheckpoint());
        routes.delete('/checkpoints/*', (request) => control.deleteCheckpoint((request.params as { '*': string })['*']));
      });
    },
    { prefix: CONTROL_PREFIX },
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
