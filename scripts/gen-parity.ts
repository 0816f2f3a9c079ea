/**
 * Regenerates docs/parity.md from GET /_mock/endpoints of a fresh emulator: `npm run gen:parity`.
 * test/control/parity.test.ts fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { renderParity, type EndpointList } from '../src/control/endpoints.js';

export const PARITY_FILE = new URL('../docs/parity.md', import.meta.url);

/** The Markdown of docs/parity.md, from the route's own answer. */
export async function parityMarkdown(): Promise<string> {
  const { app } = buildApp({ ...defaultConfig(), logLevel: 'silent' });
  try {
    const response = await app.inject({ method: 'GET', url: '/_mock/endpoints' });
    if (response.statusCode !== 200) throw new Error(`GET /_mock/endpoints answered ${response.statusCode}: ${response.body}`);
    return renderParity(response.json<EndpointList>());
  } finally {
    await app.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(PARITY_FILE, await parityMarkdown());
  process.stdout.write(`wrote ${fileURLToPath(PARITY_FILE)}\n`);
}
