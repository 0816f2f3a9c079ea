/**
 * The pytest plugin (python/) under Debian's python3 and python3-pytest: its own tests in one run
 * where the plugin starts the emulator from this checkout (dist/, which `npm ci` builds), and two
 * xdist-style worker processes at once on one emulator, each in its own tenant, interleaving their
 * steps through marker files. Without python3 or pytest the tests are skipped, saying why, except
 * under CI=true, where they fail (.ci/run installs both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock, type MockServer } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const python = '/usr/bin/python3';
const inCi = process.env.CI === 'true';

/** Why the Python side cannot run here, or null. */
function pythonMissing(): string | null {
  if (!existsSync(python)) return `${python} is missing (apt-get install python3 python3-pytest)`;
  const probe = spawnSync(python, ['-m', 'pytest', '--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return `pytest is missing for ${python} (apt-get install python3-pytest): ${(probe.stderr || probe.stdout).trim()}`;
  return null;
}

/** Why dist/ cannot serve a run started from the checkout, or null. */
function distMissing(): string | null {
  const cli = join(root, 'dist/cli.js');
  if (!existsSync(cli)) return 'dist/cli.js is missing (npm ci or npm run build builds it)';
  const newest = newestMtime(join(root, 'src'));
  if (newest > statSync(cli).mtimeMs) return 'dist/ is older than src/ (run npm run build)';
  return null;
}

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

interface Run {
  code: number | null;
  output: string;
}

/** Runs Debian's pytest on `args` from the checkout, with the plugin from python/ (not installed). */
function pytest(args: string[], env: Record<string, string>, timeoutMs: number): Promise<Run> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(KINETICA_MOCK_|PYTEST_)/.test(key)),
  ) as Record<string, string>;
  const pythonPath = [join(root, 'python'), process.env.PYTHONPATH].filter(Boolean).join(':');
  const child = spawn(python, ['-m', 'pytest', '-p', 'no:cacheprovider', ...args], {
    cwd: root,
    env: { ...inherited, PYTHONPATH: pythonPath, PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The counts of pytest's last summary line (`3 passed, 1 skipped in 2.0s`). */
function summary(output: string): Record<string, number> {
  const line = output.trim().split('\n').pop() ?? '';
  const counts: Record<string, number> = {};
  for (const [, count, what] of line.matchAll(/(\d+) (passed|failed|skipped|errors?|deselected|xfailed|xpassed)/g)) {
    counts[what!.replace(/s$/, '')] = Number(count);
  }
  return counts;
}

const missing = pythonMissing();

describe('the pytest plugin', () => {
  if (missing !== null) {
    if (inCi) {
      it('needs python3 and pytest under CI', () => {
        expect.fail(`${missing}; under CI=true .ci/run installs them`);
      });
    } else {
      it.skip(`skipped: ${missing}`, () => {});
    }
    return;
  }

  const distProblem = distMissing();
  const fromCheckout = distProblem === null || inCi ? it : it.skip;
  fromCheckout(
    `passes its own tests, starting the emulator itself from the checkout${distProblem && !inCi ? ` (skipped: ${distProblem})` : ''}`,
    async () => {
      if (distProblem) expect.fail(distProblem);
      const run = await pytest(['-v', 'python/tests'], {}, 240_000);
      expect(run.code, run.output).toBe(0);
      const counts = summary(run.output);
      expect(counts.failed ?? 0, run.output).toBe(0);
      expect(counts.error ?? 0, run.output).toBe(0);
      expect(counts.passed, run.output).toBeGreaterThanOrEqual(20);
      // The tests that start the emulator from the checkout, and drive a tenant of it, ran.
      expect(run.output).toMatch(/test_plugin\.py::test_the_plugin_starts_the_emulator_and_stops_it_at_the_end PASSED/);
      expect(run.output).toMatch(/test_fixtures\.py::test_wire_requests_reach_the_tenant PASSED/);
    },
    300_000,
  );

  describe('two xdist-style workers on one emulator', () => {
    let mock: MockServer;
    let pairDir: string;

    beforeAll(async () => {
      mock = await startMock();
      pairDir = mkdtempSync(join(tmpdir(), 'kinetica-mock-pair-'));
    });

    afterAll(async () => {
      await mock?.close();
      if (pairDir) rmSync(pairDir, { recursive: true, force: true });
    });

    it('run at once, each in its own tenant, never seeing the other, and leave no tenant behind', async () => {
      const runId = randomBytes(8).toString('hex');
      const worker = (id: string) =>
        pytest(['-v', 'python/tests/test_worker_pair.py'], {
          KINETICA_MOCK_URL: mock.url,
          KINETICA_MOCK_PAIR_DIR: pairDir,
          PYTEST_XDIST_WORKER: id,
          PYTEST_XDIST_TESTRUNUID: runId,
        }, 150_000);
      const [gw0, gw1] = await Promise.all([worker('gw0'), worker('gw1')]);
      for (const run of [gw0, gw1]) {
        expect(run.code, run.output).toBe(0);
        expect(summary(run.output), run.output).toEqual({ passed: 4 });
      }
      // Both went through every step (the marker files of the last one are there).
      expect(readdirSync(pairDir).sort()).toEqual(expect.arrayContaining(['gw0.done-3', 'gw1.done-3']));
      expect(readdirSync(pairDir).some((name) => name.endsWith('.failed'))).toBe(false);

      // Each removed its tenant at the end: only the default one is left, and it saw none of it.
      const response = await fetch(`${mock.url}/_mock/tenants`);
      expect(response.status).toBe(200);
      const listed = (await response.json()) as { tenants: { name: string }[] };
      expect(listed.tenants.map((tenant) => tenant.name)).toEqual(['default']);
      expect(mock.requests({ endpoint: '/execute/sql' })).toEqual([]);
    }, 180_000);
  });
});
