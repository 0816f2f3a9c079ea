#!/usr/bin/env node
/**
 * The `kinetica-mock` command: flags and KINETICA_MOCK_* variables -> configuration -> listen.
 * Prints one stable line when ready (`kinetica-mock ready on <url>`) and closes cleanly on
 * SIGTERM and SIGINT. A bad setting or a bad fixture (--fixtures) stops the start with a message
 * and exit code 2.
 */
import { ConfigError, helpText, resolveConfig } from './config.js';
import { FixtureError } from './control/fixtures.js';
import { listen } from './server.js';
import { PACKAGE_VERSION } from './version.js';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText());
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  let config;
  try {
    config = resolveConfig({ argv, env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kinetica-mock: ${error.message}\nRun kinetica-mock --help for the options.\n`);
      return 2;
    }
    throw error;
  }
  let server;
  try {
    server = await listen(config);
  } catch (error) {
    if (error instanceof FixtureError) {
      process.stderr.write(`kinetica-mock: cannot load the fixtures: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  process.stdout.write(`kinetica-mock ready on ${server.url}\n`);

  const shutdown = (signal: string) => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`kinetica-mock: cannot start: ${message}\n`);
    process.exit(1);
  },
);
