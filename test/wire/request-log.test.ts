/**
 * The request log: at level info, one pino line per request (Kinetica and control-plane alike),
 * written by the emulator's own logger; at warn, none. Also the x-request-time-secs value, which
 * the emulator times itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { resolveConfig } from '../../src/config.js';
import { listen, type RunningServer } from '../../src/server.js';
import { call, post } from '../support/client.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  url?: string;
  endpoint?: string;
  encoding?: string;
  status?: number;
  ms?: number;
}

function startLogged(level: 'info' | 'warn' | 'silent'): { lines: LogLine[]; server: () => RunningServer } {
  const lines: LogLine[] = [];
  let server: RunningServer | undefined;
  beforeAll(async () => {
    const destination = { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };
    const config = resolveConfig({ values: { port: 0, logLevel: level } });
    server = await listen(config, pino({ level }, destination));
  });
  afterAll(async () => {
    await server?.close();
  });
  return { lines, server: () => server! };
}

/** The lines written since `before`, once `count` have come (each is written once its answer has gone) and a moment more. */
async function linesSince(lines: LogLine[], before: number, count: number): Promise<LogLine[]> {
  for (let waited = 0; lines.length < before + count && waited < 2000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, 30));
  return lines.slice(before);
}

describe('the request log at level info', () => {
  const log = startLogged('info');

  it('writes one line per Kinetica request, with the endpoint, encoding and status', async () => {
    const before = log.lines.length;
    await call(log.server().url, '/show/system/status', { options: {} }, 'binary');
    const written = await linesSince(log.lines, before, 1);
    expect(written).toHaveLength(1);
    const [line] = written;
    expect(line).toMatchObject({
      msg: 'POST /show/system/status 200',
      method: 'POST',
      url: '/show/system/status',
      endpoint: '/show/system/status',
      encoding: 'binary',
      status: 200,
    });
    expect(line!.reqId).toBeDefined();
    expect(line!.ms).toBeGreaterThanOrEqual(0);
  });

  it('logs an ERROR answer with its HTTP status, and requests carry distinct ids', async () => {
    const before = log.lines.length;
    await call(log.server().url, '/show/system/status', { options: { nonsense: 'x' } }, 'json');
    await call(log.server().url, '/gpudb-0/show/system/status', { options: {} }, 'json');
    const [error, prefixed, extra] = await linesSince(log.lines, before, 2);
    expect(extra).toBeUndefined();
    expect(error).toMatchObject({ msg: 'POST /show/system/status 400', endpoint: '/show/system/status', encoding: 'json', status: 400 });
    expect(prefixed).toMatchObject({ url: '/gpudb-0/show/system/status', endpoint: '/show/system/status', status: 200 });
    expect(error!.reqId).not.toBe(prefixed!.reqId);
  });

  it('logs control-plane and non-Kinetica requests too, without an endpoint', async () => {
    const before = log.lines.length;
    await post(`${log.server().url}/no/such/thing`, '{}', { 'content-type': 'application/json' });
    await fetch(`${log.server().url}/_mock/health`);
    const [unknown, health, extra] = await linesSince(log.lines, before, 2);
    expect(extra).toBeUndefined();
    expect(unknown).toMatchObject({ msg: 'POST /no/such/thing 400', status: 400 });
    expect(unknown!.endpoint).toBeUndefined();
    expect(health).toMatchObject({ msg: 'GET /_mock/health 200', status: 200 });
  });
});

describe('the request log at level warn', () => {
  const log = startLogged('warn');

  it('writes no line for answered requests', async () => {
    await call(log.server().url, '/show/system/status', { options: {} }, 'json');
    await call(log.server().url, '/show/system/status', { options: { nonsense: 'x' } }, 'json');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.lines).toEqual([]);
  });
});

describe('x-request-time-secs', () => {
  const log = startLogged('silent');

  it('is the time the server took, in seconds with five decimals, on OK and ERROR answers', async () => {
    for (const options of [{}, { nonsense: 'x' }]) {
      const envelope = await call(log.server().url, '/show/system/status', { options }, 'json');
      const seconds = envelope.headers['x-request-time-secs'] as string;
      expect(seconds).toMatch(/^\d+\.\d{5}$/);
      expect(Number(seconds)).toBeGreaterThan(0);
      expect(Number(seconds)).toBeLessThan(5);
    }
  });
});
