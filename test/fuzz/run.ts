/**
 * `npm run fuzz -- --count N --seed S [--auth] [--time-bound MS]`: a long fuzz run (see harness.ts).
 * Prints what it sent, every failure and the slowest request; exits 1 when anything failed.
 */
import { parseArgs } from 'node:util';
import { describeReport, runFuzz } from './harness.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    auth: { type: 'boolean', default: false },
    'time-bound': { type: 'string', default: '5000' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const timeBoundMs = Number(values['time-bound']);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || !(timeBoundMs > 0)) {
  console.error('usage: npm run fuzz -- --count <requests> --seed <integer> [--auth] [--time-bound <ms>]');
  process.exit(2);
}
const started = Date.now();
const report = await runFuzz({
  seed,
  count,
  auth: values.auth,
  timeBoundMs,
  progressEvery: 1000,
  onProgress: (sent) => console.error(`... ${sent} sent`),
});
console.log(describeReport(report));
console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(report.failures.length === 0 && report.aliveAfter ? 0 : 1);
