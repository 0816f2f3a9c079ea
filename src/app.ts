/**
 * Composes one emulator: its state, the Fastify instance, the Kinetica wire routes and the control
 * plane (/_mock/...), and loads the start fixtures. Nothing here listens; cli.ts and startMock() do.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { defaultConfig, type Config } from './config.js';
import { Emulator } from './emulator.js';
import { allEndpoints } from './api/index.js';
import { recordJsonRoutes } from './api/records-json.js';
import { EndpointRegistry, type EndpointDefinition } from './wire/registry.js';
import { answerClientError, answerFrameworkError, registerWire } from './wire/plugin.js';
import { securityGuard } from './catalog/security/index.js';
import { ControlPlane } from './control/control-plane.js';
import { readFixtures } from './control/fixtures.js';
import { registerControl } from './control/routes.js';
import { controlGate } from './control/access.js';

export interface BuiltApp {
  app: FastifyInstance;
  emulator: Emulator;
  registry: EndpointRegistry;
  control: ControlPlane;
  /** The emulator's logger (Fastify's own `app.log` is a silent placeholder). */
  logger: Logger;
}

/** The paths every emulator answers (the registry of a throwaway emulator). */
export function emulatedEndpointPaths(config: Config = defaultConfig()): string[] {
  const emulator = new Emulator(config);
  try {
    return new EndpointRegistry(allEndpoints(emulator)).paths();
  } finally {
    emulator.close();
  }
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { name: 'kinetica-mock' } });
}

export function buildApp(config: Config, logger: Logger = createLogger(config)): BuiltApp {
  const emulator = new Emulator(config);
  const definitions = allEndpoints(emulator);
  // Faults act inside each handler, so a request that meets none pays one comparison.
  const registry = new EndpointRegistry(definitions.map((definition) => emulator.faults.wrap(definition)));
  emulator.emulatedEndpoints = new Set(registry.paths());
  // Faults act inside these handlers too; a fault matches their request as {query: {...}, body}.
  const queryRoutes = recordJsonRoutes(emulator).map((route) => emulator.faults.wrapQueryRoute(route));
  emulator.queryEndpoints = queryRoutes.map((route) => route.path).sort();
  const control = startControl(config, emulator, definitions);
  const app: FastifyInstance = Fastify({
    // No logger for Fastify itself: given one, it makes a child logger and two response listeners
    // for every request, a sixth of what a request costs (bench/wire.ts). The emulator logs with
    // its own pino logger instead: one line per request (below), and its errors.
    bodyLimit: config.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ...connectionLimits(config),
  });

  if (logger.isLevelEnabled('info')) app.addHook('onResponse', (request, reply, done) => {
    logger.info(
      {
        reqId: request.id,
        method: request.method,
        url: request.url,
        endpoint: request.kinetica?.endpoint,
        encoding: request.kinetica?.encoding,
        status: reply.statusCode,
        ms: Number(reply.elapsedTime.toFixed(2)),
      },
      `${request.method} ${request.url} ${reply.statusCode}`,
    );
    done();
  });

  app.addHook('onClose', async () => emulator.close());

  app.addHook('onReady', async () => {
    control.status = 'ready';
  });
  app.addHook('preClose', async () => {
    control.status = 'stopping';
  });

  // One guard for the wire and the control plane, so both accept the same credentials.
  const security = config.auth ? securityGuard(() => emulator.catalog, config.authTokens) : undefined;
  registerWire(app, {
    registry,
    bodyLimit: config.bodyLimit,
    loose: config.loose,
    fallbackBaseUrl: () => emulator.listenUrl,
    security,
    logger,
    queryRoutes,
    onOutcome: emulator.journal.enabled ? (outcome) => emulator.journal.record(outcome) : undefined,
  });
  registerControl(app, control, config.bodyLimit, logger, controlGate(config, security));
  if (config.controlToken !== undefined && !config.auth) {
    logger.warn('a control token is set but authentication is off (--auth): the control plane is open to every client');
  }

  return { app, emulator, registry, control, logger };
}

/**
 * Limits that stop a slow or stalled client from holding a connection (and a request's buffers)
 * open for ever; see README, Configuration. Fastify sets keepAliveTimeout and requestTimeout on
 * the server itself, so they are given to it as well as to Node.
 */
function connectionLimits(config: Config) {
  const { headersTimeout, requestTimeout, keepAliveTimeout } = config;
  return {
    keepAliveTimeout,
    requestTimeout,
    http: {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout,
      // Node looks for connections past these limits only every 30 s by default, which would let a
      // stalled client outlive a 10 s limit by three times; a tenth of the shorter limit, at most
      // a second, keeps the cut close to the limit for the price of a walk over the open sockets.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(Math.min(headersTimeout, requestTimeout) / 10))),
    },
  };
}

/** The control plane, with the start fixtures loaded; a bad fixture stops the start (FixtureError). */
function startControl(config: Config, emulator: Emulator, definitions: EndpointDefinition[]): ControlPlane {
  try {
    const fixtures = config.fixtures === undefined ? [] : readFixtures(config.fixtures);
    const control = new ControlPlane(emulator, new Map(definitions.map((definition) => [definition.path, definition])), fixtures);
    if (fixtures.length > 0) control.loadFixtures(fixtures);
    return control;
  } catch (error) {
    emulator.close();
    throw error;
  }
}
