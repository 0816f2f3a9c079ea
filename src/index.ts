/**
 * The library face of kinetica-mock: start an emulator inside a test process.
 *
 *   import { startMock } from 'kinetica-mock';
 *   const mock = await startMock();          // a free port on 127.0.0.1
 *   ... point a Kinetica client at mock.url ...
 *   await mock.close();
 */
import { resolveConfig, type Config } from './config.js';
import { listen } from './server.js';
import type { Emulator } from './emulator.js';

export type { Config } from './config.js';
export { ConfigError, resolveConfig } from './config.js';
export { buildApp } from './app.js';
export { KineticaError } from './errors/index.js';

export interface MockServer {
  /** Base URL to give a Kinetica client, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The settings the server runs with. */
  config: Config;
  /** The emulator's state, for assertions that go beyond the wire. */
  emulator: Emulator;
  close: () => Promise<void>;
}

export interface StartOptions extends Partial<Config> {}

/** Starts an emulator on a free port (unless `port` is given) with logging off (unless `logLevel` is given). */
export async function startMock(options: StartOptions = {}): Promise<MockServer> {
  const config = resolveConfig({ values: { port: 0, logLevel: 'silent', ...options } });
  const server = await listen(config);
  return { url: server.url, config, emulator: server.emulator, close: server.close };
}
