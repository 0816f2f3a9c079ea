/**
 * The kinetica-mock command as a user runs it: a ready line, refusal of bad settings, and a clean
 * exit on SIGTERM and SIGINT. Runs src/cli.ts through tsx so it needs no build.
 */
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { call } from './support/client.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string; exit: Promise<number | null> } {
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { out: () => out, err: () => err, exit };
}

async function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /kinetica-mock ready on (\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before ready: ${seen}`)));
  });
}

describe('the kinetica-mock command', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints the ready line, serves, and exits 0 on ${signal}`, async () => {
      const child = run(['--port', '0', '--log-level', 'warn']);
      const output = collect(child);
      const url = await readyUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const envelope = await call(url, '/show/system/status', { options: {} }, 'binary');
      expect(envelope.status).toBe('OK');
      child.kill(signal);
      expect(await output.exit).toBe(0);
    });
  }

  it('logs one JSON line per request at info', async () => {
    const child = run(['--port', '0']);
    const output = collect(child);
    const url = await readyUrl(child);
    await call(url, '/show/system/status', { options: {} }, 'json');
    await call(url, '/show/system/status', { options: { bad: 'x' } }, 'json');
    child.kill('SIGTERM');
    await output.exit;
    const requestLines = output
      .out()
      .split('\n')
      .filter((line) => line.includes('"endpoint":"/show/system/status"'))
      .map((line) => JSON.parse(line) as { status: number; encoding: string; msg: string });
    expect(requestLines.map((line) => line.status)).toEqual([200, 400]);
    expect(requestLines[0]!.msg).toBe('POST /show/system/status 200');
  });

  it('refuses an invalid setting with a message and exit code 2', async () => {
    const child = run([], { KINETICA_MOCK_PORT: 'ninety' });
    const output = collect(child);
    expect(await output.exit).toBe(2);
    expect(output.err()).toContain("KINETICA_MOCK_PORT: 'ninety' is not a port number (0-65535)");
  });

  it('shows its options with --help', async () => {
    const child = run(['--help']);
    const output = collect(child);
    expect(await output.exit).toBe(0);
    for (const flag of [
      '--port', '--host', '--log-level', '--body-limit', '--headers-timeout <duration>', '--request-timeout <duration>',
      '--keep-alive-timeout <duration>', 'KINETICA_MOCK_KEEP_ALIVE_TIMEOUT', '--data-dir', '--loose', '--control-token <token>',
      'KINETICA_MOCK_CONTROL_TOKEN',
    ]) {
      expect(output.out()).toContain(flag);
    }
  });
});
