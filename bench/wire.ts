/**
 * Wire benchmark (issue: the wire protocol): throughput, p99 latency and server CPU per request of
 * /show/system/status in JSON and in Avro binary against a bare Fastify route, time to the ready
 * line, and idle RSS.
 * Targets: each emulator path >= 0.6 of the bare route's throughput; ready < 400 ms; idle RSS < 80 MB.
 */
import { codecOf } from '../src/wire/codec.js';
import { anonymousRssMb, cpuMs, load, median, rssMb, startEmulator, startProcess, stop, table, type LoadResult, type Started } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_SECONDS = 1;

type Route = 'bare' | 'json' | 'binary';
type Measured = LoadResult & { cpuUsPerRequest: number };

export async function wireBenchmark(): Promise<Record<string, number>> {
  // Each of five starts: the time to the ready line, then the RSS one second later. The RSS of one
  // start varies by a few MB (how many of the node binary's pages it has touched), so the median.
  const readyTimes: number[] = [];
  const idleRss: number[] = [];
  const idleAnonymousRss: number[] = [];
  const idle = () => new Promise((resolve) => setTimeout(resolve, 1000));
  for (let i = 0; i < 5; i++) {
    const started = await startEmulator();
    readyTimes.push(started.readyMs);
    await idle();
    idleRss.push(rssMb(started.child.pid!));
    idleAnonymousRss.push(anonymousRssMb(started.child.pid!));
    await stop(started);
  }

  const bare = await startProcess(['bench/bare-server.mjs'], /bare ready on (\S+)/);
  await idle();
  const bareRss = rssMb(bare.child.pid!);
  const emulator = await startEmulator();
  const statusUrl = `${emulator.url}/show/system/status`;
  const targets: Record<Route, { server: Started; url: string; body: Buffer | string; contentType: string }> = {
    bare: { server: bare, url: `${bare.url}/bare`, body: '{}', contentType: 'application/json' },
    json: { server: emulator, url: statusUrl, body: '{"options":{}}', contentType: 'application/json' },
    binary: { server: emulator, url: statusUrl, body: codecOf('/show/system/status').requestType.toBuffer({ options: {} }), contentType: 'application/octet-stream' },
  };
  const measure = async (route: Route, seconds: number): Promise<Measured> => {
    const { server, url, body, contentType } = targets[route];
    const cpuBefore = cpuMs(server.child.pid!);
    const result = await load({ url, body, headers: { 'content-type': contentType }, seconds });
    const cpuUsPerRequest = ((cpuMs(server.child.pid!) - cpuBefore) * 1000) / Math.max(result.requests, 1);
    return { ...result, cpuUsPerRequest };
  };

  // Every route runs once before measuring, so that no round times a server still compiling its hot path.
  for (const route of ['bare', 'json', 'binary'] as const) await measure(route, WARMUP_SECONDS);

  // On a shared 2-core machine the speed of the whole machine drifts by tens of percent within a
  // run, so each ratio is taken within one round, from routes measured back to back (in the
  // reverse order every other round, so a drift favours neither side), and the median kept.
  const rounds: Record<Route, Measured>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order: Route[] = round % 2 === 0 ? ['bare', 'json', 'binary'] : ['binary', 'json', 'bare'];
    const measured: Partial<Record<Route, Measured>> = {};
    for (const route of order) measured[route] = await measure(route, SECONDS);
    rounds.push(measured as Record<Route, Measured>);
  }
  await stop(bare);
  await stop(emulator);

  const medianOf = (value: (round: Record<Route, Measured>) => number) => median(rounds.map(value));
  const summary = (route: Route) => ({
    'req/s': Math.round(medianOf((r) => r[route].requestsPerSec)),
    'p99 ms': medianOf((r) => r[route].p99Ms),
    'server CPU µs/req': Number(medianOf((r) => r[route].cpuUsPerRequest).toFixed(1)),
    errors: rounds.reduce((sum, r) => sum + r[route].errors + r[route].non2xx, 0),
  });
  table([
    { route: 'bare Fastify JSON', ...summary('bare') },
    { route: '/show/system/status JSON', ...summary('json') },
    { route: '/show/system/status binary', ...summary('binary') },
  ]);
  const figures = {
    jsonThroughputRatio: medianOf((r) => r.json.requestsPerSec / r.bare.requestsPerSec),
    binaryThroughputRatio: medianOf((r) => r.binary.requestsPerSec / r.bare.requestsPerSec),
    // autocannon measures latency in whole milliseconds, so these are shown as they are, not as ratios.
    bareP99Ms: medianOf((r) => r.bare.p99Ms),
    jsonP99Ms: medianOf((r) => r.json.p99Ms),
    binaryP99Ms: medianOf((r) => r.binary.p99Ms),
    jsonCpuRatio: medianOf((r) => r.json.cpuUsPerRequest / r.bare.cpuUsPerRequest),
    binaryCpuRatio: medianOf((r) => r.binary.cpuUsPerRequest / r.bare.cpuUsPerRequest),
    readyMedianMs: median(readyTimes),
    idleRssMb: median(idleRss),
    idleAnonymousRssMb: median(idleAnonymousRss),
    bareIdleRssMb: bareRss,
  };
  console.log(
    `wire: JSON ${figures.jsonThroughputRatio.toFixed(2)}x and binary ${figures.binaryThroughputRatio.toFixed(2)}x of the bare route's throughput (median of ${ROUNDS} rounds' ratios; target >= 0.6); ` +
      `p99 latency ${figures.jsonP99Ms} ms / ${figures.binaryP99Ms} ms (bare ${figures.bareP99Ms} ms; autocannon counts whole ms); ` +
      `server CPU per request ${figures.jsonCpuRatio.toFixed(2)}x / ${figures.binaryCpuRatio.toFixed(2)}x of bare; ` +
      `ready in ${figures.readyMedianMs.toFixed(0)} ms (median of 5, target < 400); idle RSS ${figures.idleRssMb.toFixed(1)} MB (median of 5, target < 80; ` +
      `${figures.idleAnonymousRssMb.toFixed(1)} MB of it the process's own; the bare route's RSS ${figures.bareIdleRssMb.toFixed(1)} MB)`,
  );
  return figures;
}
