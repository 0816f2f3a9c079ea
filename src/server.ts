/**
 * Starting and stopping a listening emulator: shared by the command line and startMock().
 */
import type { Config } from './config.js';
import { buildApp, createLogger, type BuiltApp } from './app.js';
import type { Logger } from 'pino';

export interface RunningServer extends BuiltApp {
  url: string;
  close: () => Promise<void>;
}

export async function listen(config: Config, logger: Logger = createLogger(config)): Promise<RunningServer> {
  const built = buildApp(config, logger);
  await built.app.listen({ port: config.port, host: config.host });
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  built.listening(url);
  let closing: Promise<void> | undefined;
  return {
    ...built,
    url,
    close: () => (closing ??= built.app.close()),
  };
}
