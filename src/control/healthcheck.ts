#!/usr/bin/env node
/**
 * The container's health check (Dockerfile HEALTHCHECK): asks GET /_mock/health of the emulator
 * in this container and exits 0 when it answers 200 (ready), 1 otherwise. The image has no curl;
 * it has node. The port comes from KINETICA_MOCK_PORT (default 9191); KINETICA_MOCK_HEALTH_URL
 * overrides the whole URL.
 */
const port = process.env.KINETICA_MOCK_PORT?.trim() || '9191';
const url = process.env.KINETICA_MOCK_HEALTH_URL?.trim() || `http://127.0.0.1:${port}/_mock/health`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.stdout.write(`${response.status} ${await response.text()}\n`);
  process.exit(response.status === 200 ? 0 : 1);
} catch (error) {
  process.stderr.write(`kinetica-mock health check: ${url}: ${(error as Error).message}\n`);
  process.exit(1);
}
