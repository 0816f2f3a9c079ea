/**
 * Wire benchmark (issue: the wire protocol): throughput and p99 latency of /show/system/status in
 * JSON and in Avro binary against a bare Fastify route, time to the ready line, and idle RSS.
 * Targets: each emulator path >= 0.6 of the bare route's throughput; ready < 400 ms; idle RSS < 80 MB.
 */
import avro from 'avsc';
import { load, median, rssMb, startEmulator, startProcess, stop, table, type LoadResult } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

export async function wireBenchmark(): Promise<Record<string, number>> {
  const statusRequest = avro.Type.forSchema({
    type: 'record', name: 'show_system_status_request', fields: [{ name: 'options', type: { type: 'map', values: 'string' } }],
  });

  const readyTimes: number[] = [];
  let idleRss = 0;
  for (let i = 0; i < 5; i++) {
    const started = await startEmulator();
    readyTimes.push(started.readyMs);
    if (i === 0) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      idleRss = rssMb(started.child.pid!);
    }
    await stop(started);
  }

  // Rounds interleave the three routes and the median of each is kept: on a shared 2-core machine
  // a single run of one route can be off by half.
  const bare = await startProcess(['bench/bare-server.mjs'], /bare ready on (\S+)/);
  const emulator = await startEmulator();
  const statusUrl = `${emulator.url}/show/system/status`;
  const rounds: { bare: LoadResult; json: LoadResult; binary: LoadResult }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rounds.push({
      bare: await load({ url: `${bare.url}/bare`, body: '{}', headers: { 'content-type': 'application/json' }, seconds: SECONDS }),
      json: await load({ url: statusUrl, body: '{"options":{}}', headers: { 'content-type': 'application/json' }, seconds: SECONDS }),
      binary: await load({
        url: statusUrl, body: statusRequest.toBuffer({ options: {} }), headers: { 'content-type': 'application/octet-stream' }, seconds: SECONDS,
      }),
    });
  }
  await stop(bare);
  await stop(emulator);
  const pick = (route: 'bare' | 'json' | 'binary'): LoadResult => ({
    requestsPerSec: median(rounds.map((r) => r[route].requestsPerSec)),
    p99Ms: median(rounds.map((r) => r[route].p99Ms)),
    errors: rounds.reduce((sum, r) => sum + r[route].errors, 0),
    non2xx: rounds.reduce((sum, r) => sum + r[route].non2xx, 0),
  });
  const bareLoad = pick('bare');
  const jsonLoad = pick('json');
  const binaryLoad = pick('binary');

  table([
    { route: 'bare Fastify JSON', 'req/s': Math.round(bareLoad.requestsPerSec), 'p99 ms': bareLoad.p99Ms, errors: bareLoad.errors + bareLoad.non2xx },
    { route: '/show/system/status JSON', 'req/s': Math.round(jsonLoad.requestsPerSec), 'p99 ms': jsonLoad.p99Ms, errors: jsonLoad.errors + jsonLoad.non2xx },
    { route: '/show/system/status binary', 'req/s': Math.round(binaryLoad.requestsPerSec), 'p99 ms': binaryLoad.p99Ms, errors: binaryLoad.errors + binaryLoad.non2xx },
  ]);
  const figures = {
    jsonThroughputRatio: jsonLoad.requestsPerSec / bareLoad.requestsPerSec,
    binaryThroughputRatio: binaryLoad.requestsPerSec / bareLoad.requestsPerSec,
    jsonP99Ratio: jsonLoad.p99Ms / Math.max(bareLoad.p99Ms, 1),
    binaryP99Ratio: binaryLoad.p99Ms / Math.max(bareLoad.p99Ms, 1),
    readyMedianMs: median(readyTimes),
    idleRssMb: idleRss,
  };
  console.log(
    `wire: JSON ${figures.jsonThroughputRatio.toFixed(2)}x and binary ${figures.binaryThroughputRatio.toFixed(2)}x of the bare route's throughput (median of ${ROUNDS} interleaved rounds; target >= 0.6); ` +
      `p99 ${figures.jsonP99Ratio.toFixed(2)}x / ${figures.binaryP99Ratio.toFixed(2)}x of bare; ` +
      `ready in ${figures.readyMedianMs.toFixed(0)} ms (median of 5, target < 400); idle RSS ${figures.idleRssMb.toFixed(1)} MB (target < 80)`,
  );
  return figures;
}
