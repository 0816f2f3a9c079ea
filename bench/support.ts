/**
 * Helpers shared by the benchmarks: start the built emulator (dist/cli.js) as a user would, time
 * its start, read its memory, and drive it with autocannon.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const root = fileURLToPath(new URL('..', import.meta.url));

export interface Started {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the ready line. */
  readyMs: number;
}

/** Starts a server script and waits for a line matching `ready`; the line's first capture is the URL. */
export function startProcess(args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<Started> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = ready.exec(seen);
      if (match) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, url: match[1]!, readyMs: Number(process.hrtime.bigint() - started) / 1e6 });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${seen}`)));
  });
}

export function startEmulator(extraArgs: string[] = []): Promise<Started> {
  return startProcess(['dist/cli.js', '--port', '0', '--log-level', 'warn', ...extraArgs], /kinetica-mock ready on (\S+)/);
}

export async function stop(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  return statusMb(pid, 'VmRSS');
}

/**
 * The part of the resident set that is the process's own memory (heap, stacks), in MB: the rest
 * is mostly the node binary's pages, shared with every Node process, and how many of those count
 * varies from start to start.
 */
export function anonymousRssMb(pid: number): number {
  return statusMb(pid, 'RssAnon');
}

function statusMb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc. */
export function cpuMs(pid: number): number {
  // utime and stime are the 12th and 13th fields after the command name (which may hold spaces).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
}

export interface LoadResult {
  requestsPerSec: number;
  requests: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function load(options: {
  url: string;
  body: Buffer | string;
  headers: Record<string, string>;
  seconds: number;
  connections?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    body: options.body,
    headers: options.headers,
    duration: options.seconds,
    connections: options.connections ?? 10,
  });
  return {
    requestsPerSec: result.requests.average,
    requests: result.requests.total,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** The middle item by a key (the upper one of the two middles of an even count). */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)]!;
}

export function median(values: number[]): number {
  return medianBy(values, (value) => value);
}

export function table(rows: Record<string, string | number>[]): void {
  console.table(rows);
}
