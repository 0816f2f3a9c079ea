/**
 * `npm run bench`: every benchmark, in one run, against the built emulator (dist/). Figures are
 * reported as ratios measured in the same run, since absolute timings on shared machines are noisy.
 * Run one suite with `npm run bench -- wire`.
 */
import { wireBenchmark } from './wire.js';
import { ingestBenchmark } from './ingest.js';
import { backupBenchmark } from './backup.js';
import { checkpointBenchmark } from './checkpoint.js';
import { queryBenchmark } from './query.js';

const suites: Record<string, () => Promise<unknown>> = {
  wire: wireBenchmark,
  ingest: ingestBenchmark,
  backup: backupBenchmark,
  checkpoint: checkpointBenchmark,
  query: queryBenchmark,
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  await run();
}
