#!/usr/bin/env node
// The package as another project gets it (`npm run check:pack`, run by .ci/run after the tests):
// `npm pack` (its prepare script builds dist/), a look at what the tarball holds, a real install of
// it into an empty project (type module) in a temporary folder, then in that project:
// `npx kinetica-mock --help`, `npx kinetica-mock --port 0` serving health and a Kinetica request
// until SIGTERM, an ESM script around `startMock()`, and a TypeScript check of its types.
//
// The install compiles better-sqlite3 from source when no prebuilt binary can be fetched (about a
// minute) and prefers npm's cache (--prefer-offline). Plain Node, no dependency of its own but the
// repository's TypeScript for the types step. Exits 1 with the failing step and its output; the
// temporary folder is removed in every case.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'kinetica-mock-pack-'));
const packDir = join(work, 'pack');
const project = join(work, 'project');

/** Processes started and not yet gone: each leads its own process group, ended whole on failure. */
const live = new Set();

class CheckError extends Error {
  constructor(message, output = '') {
    super(message);
    this.output = output;
  }
}

function check(condition, message, output) {
  if (!condition) throw new CheckError(message, output);
}

function cleanUp() {
  for (const child of live) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(work, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

// The environment of a user's shell, not of `npm run` in this repository: without this package's
// npm_* settings and without node_modules/.bin folders on the PATH (ours has tsc, vitest, ...).
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm_(package_|lifecycle_|command$|config_local_prefix$)|INIT_CWD$|NODE_ENV$)/i.test(key)),
);
env.PATH = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((entry) => !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(entry))
  .join(delimiter);
env.npm_config_update_notifier = 'false';

/** Starts a command in its own process group and collects its output. */
function start(command, args, cwd) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // 'close': every process holding the pipes is gone (npx's children included), not only the first.
  const closed = new Promise((resolve) => {
    child.on('error', (error) => {
      output += `\n${error.message}`;
      resolve({ code: -1, signal: null });
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, output: () => output, closed };
}

function within(promise, ms, what, output) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckError(`${what} took over ${ms / 1000} s`, output())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs a command to its end; fails the check on a non-zero exit or a timeout. */
async function run(command, args, cwd, timeoutMs) {
  const started = start(command, args, cwd);
  const what = `\`${[command, ...args].join(' ')}\``;
  try {
    const { code, signal } = await within(started.closed, timeoutMs, what, started.output);
    check(code === 0, `${what} exited with ${code ?? signal}`, started.output());
  } catch (error) {
    if (started.child.pid !== undefined && live.has(started.child)) process.kill(-started.child.pid, 'SIGKILL');
    throw error;
  }
  return started.output();
}

const timings = [];
async function step(name, body) {
  const begun = performance.now();
  process.stdout.write(`check-pack: ${name} ...\n`);
  try {
    return await body();
  } finally {
    timings.push([name, (performance.now() - begun) / 1000]);
  }
}

/** The regular files of a .tgz (name without the leading package/, size): ustar, GNU and pax long names. */
function listTarball(file) {
  const data = gunzipSync(readFileSync(file));
  const text = (bytes) => bytes.toString('utf8').replace(/\0[\s\S]*$/, '');
  const files = [];
  let longName;
  for (let offset = 0; offset + 512 <= data.length; ) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(text(header.subarray(124, 136)).trim() || '0', 8);
    const type = text(header.subarray(156, 157));
    const prefix = text(header.subarray(345, 500));
    const body = data.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') longName = text(body);
    else if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? longName;
    else if (type === '0' || type === '') {
      const name = longName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
      files.push({ name: name.replace(/^package\//, ''), size });
      longName = undefined;
    } else longName = undefined;
  }
  return files;
}

/** What must be in the tarball: what package.json points at, the prepare script and what it imports, the copied assets, the fixtures. */
function requiredFiles() {
  const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(targets));
  const required = ['package.json', 'README.md', pkg.main, pkg.types, ...targets(pkg.bin), ...targets(pkg.exports)];
  const prepare = /node (\S+)/.exec(pkg.scripts.prepare)?.[1];
  check(prepare !== undefined, `scripts.prepare is not \`node <file>\`: ${pkg.scripts.prepare}`);
  required.push(prepare, 'scripts/copy-assets.mjs');
  const assets = /const assets = \[([^\]]*)\]/.exec(readFileSync(join(root, 'scripts/copy-assets.mjs'), 'utf8'));
  check(assets !== null, 'scripts/copy-assets.mjs has no `const assets = [...]` list');
  for (const [, asset] of assets[1].matchAll(/'([^']+)'/g)) required.push(`dist/${asset}`);
  for (const fixture of readdirSync(join(root, 'fixtures'), { recursive: true })) {
    if (!fixture.endsWith('.json')) continue;
    required.push(`fixtures/${fixture.split('\\').join('/')}`);
  }
  return [...new Set(required.map((file) => file.replace(/^\.\//, '')))];
}

const FORBIDDEN = /^(src|test|bench|docs|docker|python|coverage|node_modules|\.ci|\.git)\/|\.map$|\.sqlite(-\w+)?$|\.tsbuildinfo$|(^|\/)\.vitest-/;

async function main() {
  const begun = performance.now();
  let tarball;
  let summary;

  await step('npm pack (prepare builds dist/)', async () => {
    mkdirSync(packDir);
    await run('npm', ['pack', '--pack-destination', packDir], root, 180_000);
    const packed = readdirSync(packDir).filter((file) => file.endsWith('.tgz'));
    check(packed.length === 1, `npm pack left ${packed.length} tarballs in ${packDir}`);
    tarball = join(packDir, packed[0]);
  });

  await step('what the tarball holds', async () => {
    const files = listTarball(tarball);
    const names = new Set(files.map((file) => file.name));
    const missing = requiredFiles().filter((file) => !names.has(file));
    check(missing.length === 0, `the tarball lacks ${missing.join(', ')}`);
    const unwanted = files.map((file) => file.name).filter((name) => FORBIDDEN.test(name));
    check(unwanted.length === 0, `the tarball holds what it should not: ${unwanted.slice(0, 20).join(', ')}${unwanted.length > 20 ? ', ...' : ''}`);
    // A file in dist/ without its source is left over from an older build (dist/ is never emptied).
    const stale = files
      .map((file) => file.name)
      .filter((name) => name.startsWith('dist/'))
      .filter((name) => {
        const source = name.slice('dist/'.length);
        const typescript = source.replace(/(\.d\.ts|\.js)$/, '.ts');
        return !existsSync(join(root, 'src', typescript)) && !existsSync(join(root, 'src', source));
      });
    check(stale.length === 0, `dist/ holds files with no source in src/ (left from an older build? remove dist/ and pack again): ${stale.join(', ')}`);
    const bytes = readFileSync(tarball).length;
    const unpacked = files.reduce((sum, file) => sum + file.size, 0);
    summary = `${files.length} files, ${(bytes / 1024).toFixed(0)} kB packed, ${(unpacked / 1024).toFixed(0)} kB unpacked`;
    process.stdout.write(`check-pack:   ${tarball.split(/[\\/]/).pop()}: ${summary}\n`);
  });

  await step('npm install of the tarball into an empty project', async () => {
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'kinetica-mock-pack-check', version: '1.0.0', private: true, type: 'module' }, null, 2));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project, 900_000);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/kinetica-mock/package.json'), 'utf8'));
    check(installed.version === pkg.version, `installed version ${installed.version}, packed ${pkg.version}`);
    check(existsSync(join(project, 'node_modules/.bin/kinetica-mock')), 'no node_modules/.bin/kinetica-mock in the project');
    for (const devOnly of Object.keys(pkg.devDependencies ?? {})) {
      check(!existsSync(join(project, 'node_modules', devOnly)), `${devOnly}, a development dependency, was installed`);
    }
  });

  await step('npx kinetica-mock --help', async () => {
    const output = await run('npx', ['--no', '--', 'kinetica-mock', '--help'], project, 30_000);
    check(output.includes('Usage: kinetica-mock'), '`npx kinetica-mock --help` printed no usage', output);
  });

  await step('npx kinetica-mock --port 0: health, a Kinetica request, SIGTERM', async () => {
    // --no: the bin installed in the project, never a package of that name fetched from the registry.
    const server = start('npx', ['--no', '--', 'kinetica-mock', '--port', '0'], project);
    let url;
    await within(
      new Promise((resolve, reject) => {
        server.child.stdout.on('data', () => {
          const ready = /kinetica-mock ready on (\S+)/.exec(server.output());
          if (ready) resolve((url = ready[1]));
        });
        server.closed.then(({ code, signal }) => reject(new CheckError(`the server exited with ${code ?? signal} before it was ready`, server.output())));
      }),
      60_000,
      'the ready line',
      server.output,
    );
    const health = await fetch(`${url}/_mock/health`);
    const healthBody = await health.text();
    check(health.status === 200, `GET ${url}/_mock/health answered ${health.status}: ${healthBody}`, server.output());
    check(JSON.parse(healthBody).version === pkg.version, `GET /_mock/health reports version ${JSON.parse(healthBody).version}, not ${pkg.version}`);
    const response = await fetch(`${url}/show/system/properties`, {
      method: 'POST',
      headers: { 'Content-type': 'application/json' },
      body: JSON.stringify({ options: {} }),
    });
    const envelope = await response.json();
    check(response.status === 200 && envelope.status === 'OK', `POST /show/system/properties answered ${response.status} ${envelope.status}: ${envelope.message}`, server.output());
    const properties = JSON.parse(envelope.data_str).property_map;
    check(typeof properties?.['version.gpudb_core_version'] === 'string', 'POST /show/system/properties has no version.gpudb_core_version', envelope.data_str);

    // To the process group, as a terminal's Ctrl-C or a process manager does: npx does not pass
    // a SIGTERM sent to it alone on to the server it started.
    process.kill(-server.child.pid, 'SIGTERM');
    await within(server.closed, 15_000, 'stopping on SIGTERM', server.output);
    check(server.output().includes('"msg":"shutting down"'), 'the server did not log its shutdown on SIGTERM', server.output());
    check(!server.output().includes('shutdown failed'), 'the server failed to shut down', server.output());
    const after = await fetch(`${url}/_mock/health`).then(
      () => 'answered',
      () => 'refused',
    );
    check(after === 'refused', `${url} still answers after SIGTERM`);
  });

  await step("import { startMock } from 'kinetica-mock' (ESM)", async () => {
    writeFileSync(
      join(project, 'start-mock.mjs'),
      `import { startMock } from 'kinetica-mock';

const mock = await startMock();
try {
  const response = await fetch(mock.url + '/show/system/properties', {
    method: 'POST',
    headers: { 'Content-type': 'application/json' },
    body: JSON.stringify({ options: {} }),
  });
  const envelope = await response.json();
  if (envelope.status !== 'OK') throw new Error('/show/system/properties: ' + envelope.message);
  const version = JSON.parse(envelope.data_str).property_map['version.gpudb_core_version'];
  if (typeof version !== 'string') throw new Error('no version.gpudb_core_version in ' + envelope.data_str);
  const health = await mock.health();
  if (health.status !== 'ready') throw new Error('health: ' + JSON.stringify(health));
  console.log('startMock ok: ' + mock.url + ', Kinetica ' + version);
} finally {
  await mock.close();
}
`,
    );
    const output = await run(process.execPath, ['start-mock.mjs'], project, 60_000);
    check(output.includes('startMock ok: '), 'the startMock() script printed no success line', output);
  });

  await step('TypeScript: the types of kinetica-mock resolve (dist/index.d.ts)', async () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    check(existsSync(tsc), `no TypeScript at ${tsc}: run npm ci first`);
    writeFileSync(
      join(project, 'uses-types.ts'),
      `import { startMock, ControlError, type MockServer } from 'kinetica-mock';

const mock: MockServer = await startMock({ logLevel: 'silent' });
const url: string = mock.url;
// @ts-expect-error the types are real, not any: a member that does not exist is refused
mock.noSuchMember();
export { url, ControlError };
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          // A Node.js project has @types/node; this one borrows the repository's.
          typeRoots: [join(root, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['uses-types.ts'],
      }),
    );
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project, 120_000);
  });

  const total = (performance.now() - begun) / 1000;
  process.stdout.write('check-pack: timings\n');
  for (const [name, seconds] of timings) process.stdout.write(`  ${seconds.toFixed(1).padStart(6)} s  ${name}\n`);
  process.stdout.write(`check-pack: ok in ${total.toFixed(1)} s (${summary})\n`);
}

try {
  await main();
  cleanUp();
} catch (error) {
  cleanUp();
  process.stderr.write(`check-pack: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof CheckError && error.output) process.stderr.write(`---- output ----\n${error.output.trimEnd()}\n----\n`);
  else if (!(error instanceof CheckError) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  for (const [name, seconds] of timings) process.stderr.write(`  ${seconds.toFixed(1).padStart(6)} s  ${name}\n`);
  process.exit(1);
}
