// Runs on `npm ci` / `npm install` in this folder: builds dist/ when the compiler is installed
// (a development install). A production install (`npm ci --omit=dev`) has no compiler and must
// already carry a built dist/, as the Docker image and the packed package do.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url);
const hasCompiler = existsSync(new URL('node_modules/typescript/bin/tsc', root));
if (hasCompiler) {
  execFileSync(process.execPath, [new URL('node_modules/typescript/bin/tsc', root).pathname, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  await import('./copy-assets.mjs');
} else if (!existsSync(new URL('dist/cli.js', root))) {
  console.error('kinetica-mock: dist/ is missing and TypeScript is not installed; run a full `npm ci` to build it');
  process.exit(1);
}
