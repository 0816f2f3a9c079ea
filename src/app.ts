/**
 * Composes a server: the Fastify instance, the Kinetica wire route over the endpoint registry, and
 * its tenants: the default emulator at the root URL and named ones under /t/<tenant>/, each built
 * whole with its control plane (/_mock/..., /t/<tenant>/_mock/...) and start fixtures. Nothing
 * here listens; cli.ts and startMock() do (server.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createEmulator, type Emulator, type ServerServices } from './emulator/emulator.js';
import { DEFAULT_EMULATOR } from './emulator/settings.js';
import { Tenants, TENANT_PATH, tenantOfPath } from './tenants/tenants.js';
import { tenantRoutes } from './tenants/routes.js';
import { withFaults, type EmulatorEndpoint, type EmulatorQueryRoute } from './emulator/endpoints.js';
import { emulatorSettings, type EmulatorSettings } from './emulator/settings.js';
import { emulatorEndpoints, emulatorQueryRoutes } from './api/index.js';
import { procedureRunner } from './api/sql.js';
import { EndpointRegistry } from './wire/registry.js';
import { answerClientError, answerFrameworkError, registerWire } from './wire/plugin.js';
import { MonitorPublisher } from './monitors/publisher.js';
import { ControlPlane } from './control/control-plane.js';
import { readFixtures, type FixtureSource } from './control/fixtures.js';
import { CONTROL_PREFIX, registerControl } from './control/routes.js';
import { controlGate, type ControlGate } from './control/access.js';

export interface BuiltApp {
  app: FastifyInstance;
  emulator: Emulator;
  registry: EndpointRegistry<EmulatorEndpoint>;
  control: ControlPlane;
  /** Every emulator the server hosts: the default tenant (emulator, control above) and the named ones under /t/<tenant>/. */
  tenants: Tenants;
  /** The emulator's logger (Fastify's own `app.log` is a silent placeholder). */
  logger: Logger;
  /** Tells the app the URL it listens on (server.ts, once it listens): advertised to clients that send no Host, and the monitor port may bind. */
  listening(url: string): void;
}

/** The paths every emulator answers. */
export function emulatedEndpointPaths(): string[] {
  return new EndpointRegistry(emulatorEndpoints()).paths();
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { name: 'kinetica-mock' } });
}

/**
 * An emulator with its control plane, built whole from its settings; its start fixtures are loaded
 * (a bad one throws a FixtureError). `fixtures`, when given, are the settings' fixture documents
 * read already: the server reads them once, so every tenant starts from the same documents even if
 * the files change while it runs.
 */
export function buildEmulator(
  settings: EmulatorSettings,
  services: ServerServices,
  endpoints: { definitions: readonly EmulatorEndpoint[]; queryRoutes: readonly EmulatorQueryRoute[] },
  fixtures: readonly FixtureSource[] = settings.fixtures === undefined ? [] : readFixtures(settings.fixtures),
): { emulator: Emulator; control: ControlPlane } {
  const emulator = createEmulator(settings, services);
  try {
    const control = new ControlPlane(emulator, { definitions: endpoints.definitions, queryPaths: endpoints.queryRoutes.map((route) => route.path) }, fixtures);
    if (fixtures.length > 0) control.loadFixtures(fixtures);
    return { emulator, control };
  } catch (error) {
    emulator.close();
    throw error;
  }
}

export function buildApp(config: Config, logger: Logger = createLogger(config)): BuiltApp {
  const definitions = emulatorEndpoints();
  const queryRoutes = emulatorQueryRoutes();
  // One ZeroMQ port per server, as Kinetica has; it binds once the server listens and a monitor needs it.
  const monitorPublisher = new MonitorPublisher(config.monitorPort, config.host);
  const services: ServerServices = { monitorPublisher, runProcedure: procedureRunner(definitions) };
  let built: { emulator: Emulator; control: ControlPlane };
  let build: (name: string) => { emulator: Emulator; control: ControlPlane };
  try {
    const fixtures = config.fixtures === undefined ? [] : readFixtures(config.fixtures);
    build = (name) => buildEmulator(emulatorSettings(config, name), services, { definitions, queryRoutes }, fixtures);
    built = build(DEFAULT_EMULATOR);
  } catch (error) {
    monitorPublisher.close();
    throw error;
  }
  const { emulator, control } = built;
  const tenants = new Tenants(build, config.maxTenants, built);
  // Faults act inside each handler, so a request that meets none pays one comparison. Only what
  // comes over the wire meets them: the SQL layer and fixtures call the plain definitions.
  const registry = new EndpointRegistry(definitions.map(withFaults));
  let listenUrl = '';
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

  app.addHook('onClose', async () => {
    tenants.close();
    monitorPublisher.close();
  });

  app.addHook('onReady', async () => {
    tenants.setStatus('ready');
  });
  app.addHook('preClose', async () => {
    tenants.setStatus('stopping');
  });

  registerWire(app, {
    registry,
    queryRoutes: queryRoutes.map(withFaults),
    bodyLimit: config.bodyLimit,
    fallbackBaseUrl: () => listenUrl,
    targetOf: (request) => {
      const tenant = tenantOfPath(request.url);
      return tenant === undefined ? emulator.wireTarget : tenants.tenant(tenant).emulator.wireTarget;
    },
    logger,
  });
  // Each emulator's guard serves its control plane too, so both accept the same credentials.
  const gates = new WeakMap<ControlPlane, ControlGate | undefined>();
  const gateOf = (plane: ControlPlane) => {
    if (!gates.has(plane)) gates.set(plane, controlGate(config, plane.emulator.security));
    return gates.get(plane);
  };
  registerControl(app, { prefix: CONTROL_PREFIX, controlOf: () => control, gateOf, extraRoutes: tenantRoutes(tenants) }, config.bodyLimit, logger);
  registerControl(
    app,
    { prefix: `${TENANT_PATH}:tenant${CONTROL_PREFIX}`, controlOf: (request) => tenants.tenant((request.params as { tenant: string }).tenant).control, gateOf },
    config.bodyLimit,
    logger,
  );
  if (config.controlToken !== undefined && !config.auth) {
    logger.warn('a control token is set but authentication is off (--auth): the control plane is open to every client');
  }

  const listening = (url: string) => {
    listenUrl = url;
    monitorPublisher.enable(logger);
  };
  return { app, emulator, registry, control, tenants, logger, listening };
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
