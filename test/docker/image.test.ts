/**
 * The Docker image, without a Docker engine: the Dockerfile is checked for what the image must be
 * (multi-stage, production dependencies only, non-root, 0.0.0.0:9191, a data volume, a health
 * check with node), and its stages are carried out on this machine: the build stage's COPY lines
 * and build, the production stage's COPY lines and its real `npm ci --omit=dev` in a temporary
 * folder, then the final stage's command, health check and compose client against the result.
 *
 * The production install compiles better-sqlite3 when no prebuilt binary can be fetched (about a
 * minute): one install, a generous timeout, and everything it starts or writes is removed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const compose = readFileSync(join(root, 'docker/compose.yaml'), 'utf8');

// -------------------------------------------------------------------------------------------------
// Reading the Dockerfile

interface Instruction {
  op: string;
  args: string;
}

interface Stage {
  base: string;
  name: string | undefined;
  workdir: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    const instruction = { op: op!.toUpperCase(), args: args!.replace(/\s+/g, ' ').trim() };
    if (instruction.op === 'FROM') {
      const [base, as, name] = instruction.args.split(' ');
      stages.push({ base: base!, name: as?.toUpperCase() === 'AS' ? name : undefined, workdir: '/', instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1]!;
    if (instruction.op === 'WORKDIR') stage.workdir = instruction.args;
    stage.instructions.push(instruction);
  }
  return stages;
}

function all(stage: Stage, op: string): string[] {
  return stage.instructions.filter((instruction) => instruction.op === op).map((instruction) => instruction.args);
}

/** ENV a=b c=d (and ENV a b) as a map. */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of all(stage, 'ENV')) {
    if (!args.includes('=')) {
      const [key, ...value] = args.split(' ');
      env[key!] = value.join(' ');
      continue;
    }
    for (const pair of args.split(' ')) {
      const [key, value] = pair.split('=');
      env[key!] = value ?? '';
    }
  }
  return env;
}

const stages = parseDockerfile(dockerfile);
const [buildStage, productionStage, runtimeStage] = stages as [Stage, Stage, Stage];

describe('the Dockerfile', () => {
  it('has a build stage, a production-install stage and a slim runtime stage', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'production', undefined]);
    for (const stage of stages) expect(stage.base).toMatch(/^node:20-/);
    expect(runtimeStage.base).toMatch(/-slim$/);
    expect(all(buildStage, 'RUN')).toEqual(['npm ci --no-audit --no-fund']);
    expect(all(productionStage, 'RUN')).toEqual(['npm ci --omit=dev --no-audit --no-fund']);
    // The runtime stage takes the production install whole and installs nothing.
    expect(all(runtimeStage, 'COPY')).toEqual(['--from=production /app ./']);
    expect(all(runtimeStage, 'RUN').join(' ')).not.toMatch(/npm|yarn|pnpm/);
  });

  it('runs as a non-root user, on 0.0.0.0:9191, with a volume for the data folder', () => {
    const users = all(runtimeStage, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const env = envOf(runtimeStage);
    expect(env).toMatchObject({ KINETICA_MOCK_HOST: '0.0.0.0', KINETICA_MOCK_PORT: '9191', NODE_ENV: 'production' });
    // 9002: table monitor notifications (ZeroMQ), at the port Kinetica's clients assume.
    expect(all(runtimeStage, 'EXPOSE')).toEqual(['9191 9002']);
    expect(JSON.parse(all(runtimeStage, 'VOLUME')[0]!)).toEqual([env.KINETICA_MOCK_DATA_DIR]);
    // The data folder belongs to the user that writes it.
    expect(all(runtimeStage, 'RUN').join(' ')).toContain(`chown node:node ${env.KINETICA_MOCK_DATA_DIR}`);
    expect(all(runtimeStage, 'CMD')).toEqual(['["node", "dist/cli.js"]']);
  });

  it('checks health with node (the image has no curl)', () => {
    const [healthcheck] = all(runtimeStage, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/ CMD \["node", "dist\/control\/healthcheck\.js"\]$/);
    const commands = stages.flatMap((stage) => stage.instructions.map((instruction) => instruction.args)).join('\n');
    expect(commands).not.toMatch(/\b(curl|wget)\b/);
    expect(existsSync(join(root, 'src/control/healthcheck.ts'))).toBe(true);
  });

  it('has a compose example: the emulator with fixtures, and a client gated on its health check', () => {
    expect(compose).toMatch(/KINETICA_MOCK_FIXTURES: \/fixtures/);
    expect(compose).toMatch(/- \.\.\/fixtures:\/fixtures:ro/);
    expect(compose).toMatch(/healthcheck:\n\s+test: \["CMD", "node", "dist\/control\/healthcheck\.js"\]/);
    expect(compose).toMatch(/depends_on:\n\s+kinetica:\n\s+condition: service_healthy/);
    expect(compose).toMatch(/command: \["node", "\/client\/smoke\.mjs"\]/);
    expect(existsSync(join(root, 'docker/client/smoke.mjs'))).toBe(true);
    expect(existsSync(join(root, 'fixtures'))).toBe(true);
  });

  it('keeps local builds and dependencies out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', '.git']) expect(ignored).toContain(entry);
    // Nothing the Dockerfile copies from the context is ignored.
    for (const stage of stages) {
      for (const args of all(stage, 'COPY').filter((copy) => !copy.startsWith('--from'))) {
        const sources = args.split(' ').slice(0, -1);
        for (const source of sources) {
          expect(ignored, source).not.toContain(source.split('/')[0]);
          expect(existsSync(join(root, source)), source).toBe(true);
        }
      }
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Carrying out the stages

const work = mkdtempSync(join(tmpdir(), 'kinetica-mock-image-'));
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        // Each was started as the leader of its own process group: end it and what it started.
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  rmSync(work, { recursive: true, force: true });
});

/** The folder that plays a stage's WORKDIR. */
const folderOf = (stage: Stage) => join(work, stage.name ?? 'runtime');

/** Carries out a stage's COPY lines: from the repository (the build context) or from an earlier stage's folder. */
function copyInto(stage: Stage): void {
  const target = folderOf(stage);
  mkdirSync(target, { recursive: true });
  for (const args of all(stage, 'COPY')) {
    const parts = args.split(' ');
    const from = parts.find((part) => part.startsWith('--from='))?.slice('--from='.length);
    const paths = parts.filter((part) => !part.startsWith('--'));
    const destination = paths.pop()!;
    const source = from === undefined ? undefined : stages.find((candidate) => candidate.name === from)!;
    for (const path of paths) {
      const origin = source === undefined ? join(root, path) : join(folderOf(source), path.slice(source.workdir.length));
      const into = destination.endsWith('/') || paths.length > 1 ? join(target, destination, path.split('/').pop()!) : join(target, destination);
      cpSync(origin, into, { recursive: true });
    }
  }
}

/** Runs a command in its own process group, so a timeout can end all it started; rejects on a non-zero exit. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took over ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the final stage's command; resolves with the process once it prints its ready line. */
function startServer(cwd: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string; exit: Promise<number | null> }> {
  const [command, ...args] = JSON.parse(all(runtimeStage, 'CMD')[0]!) as string[];
  const child = spawn(command === 'node' ? process.execPath : command!, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('kinetica-mock ready on ')) resolve({ child, output: () => output, exit });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the server exited with ${code} before it was ready:\n${output}`)));
  });
}

describe('the image, stage by stage', () => {
  it('builds, installs with production dependencies only, serves, passes its health check and keeps backups in its volume', async () => {
    // The machine's environment without what `npm test` adds (npm_* settings of this project), so
    // the install sees only its own folder; offline-first, as the install may have no network.
    const inherited = Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$|NODE_ENV$)/i.test(key));
    const cleanEnv = { ...Object.fromEntries(inherited), npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };

    // build: the context's files, then `npm ci`, whose install is the repository's own (all
    // dependencies), and whose prepare script builds dist/.
    copyInto(buildStage);
    symlinkSync(join(root, 'node_modules'), join(folderOf(buildStage), 'node_modules'), 'dir');
    await run(process.execPath, ['scripts/prepare.mjs'], folderOf(buildStage), cleanEnv, 180_000);
    expect(existsSync(join(folderOf(buildStage), 'dist/cli.js'))).toBe(true);

    // production: the built package and a real production install of it.
    copyInto(productionStage);
    const app = folderOf(productionStage);
    const [npmCommand, ...npmArgs] = all(productionStage, 'RUN')[0]!.split(' ');
    await run(npmCommand!, npmArgs, app, cleanEnv, 540_000);
    expect(existsSync(join(app, 'node_modules/better-sqlite3'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/fastify'))).toBe(true);
    for (const devOnly of ['typescript', 'vitest', 'tsx', 'fast-check', 'autocannon']) {
      expect(existsSync(join(app, 'node_modules', devOnly)), `${devOnly} is a development dependency`).toBe(false);
    }

    // runtime: the final stage's environment and command (the production folder is what it copies).
    const env = envOf(runtimeStage);
    const port = await freePort();
    const dataDir = join(work, 'data');
    mkdirSync(dataDir);
    const runtimeEnv = {
      ...cleanEnv,
      ...env,
      KINETICA_MOCK_PORT: String(port),
      KINETICA_MOCK_DATA_DIR: dataDir,
      KINETICA_MOCK_FIXTURES: join(app, 'fixtures'),
      KINETICA_MOCK_LOG_LEVEL: 'warn',
    };
    const server = await startServer(app, runtimeEnv);
    expect(server.output()).toContain(`kinetica-mock ready on http://127.0.0.1:${port}`);

    const health = await fetch(`http://127.0.0.1:${port}/_mock/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ready', version: '0.1.0' });

    // The HEALTHCHECK command, as Docker runs it in the container.
    const [checkCommand, ...checkArgs] = JSON.parse(/ CMD (\[.*\])$/.exec(all(runtimeStage, 'HEALTHCHECK')[0]!)![1]!) as string[];
    expect(checkCommand).toBe('node');
    expect(await run(process.execPath, checkArgs, app, runtimeEnv, 20_000)).toMatch(/^200 /);

    // The compose example's client, against it.
    const client = await run(process.execPath, [join(root, 'docker/client/smoke.mjs')], root, { ...cleanEnv, KINETICA_URL: `http://127.0.0.1:${port}` }, 30_000);
    expect(client).toContain('the backup is listed through the data source: ok');

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    // Stopped, the health check fails.
    await expect(run(process.execPath, checkArgs, app, runtimeEnv, 20_000)).rejects.toThrow(/exited with 1/);

    // Backups live in the data folder (the image's volume) and outlive the container.
    const again = await startServer(app, runtimeEnv);
    const response = await fetch(`http://127.0.0.1:${port}/show/backup`, {
      method: 'POST',
      headers: { 'Content-type': 'application/json' },
      body: JSON.stringify({ backup_name: 'smoke_*', datasource_name: 'ops.backup_source', options: {} }),
    });
    const envelope = (await response.json()) as { status: string; data_str: string };
    expect(envelope.status).toBe('OK');
    expect((JSON.parse(envelope.data_str) as { backup_description: unknown[] }).backup_description).toHaveLength(1);
    again.child.kill('SIGTERM');
    expect(await again.exit).toBe(0);
  }, 900_000);
});
