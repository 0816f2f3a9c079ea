/**
 * Checkpoint benchmark (issue 17): a table of 100,000 records (the five-column type of the ingest
 * benchmark, with a primary key) and a full backup of it, then a checkpoint, against what a user
 * does without one to get the same state back: a reset, then loading the state document saved
 * from it (and fixing the clock again, which the document does not hold).
 *   - in process: mock.restoreCheckpoint() against mock.reset() + mock.loadState() + setClock();
 *   - over HTTP: POST /_mock/checkpoints/<name>/restore against POST /_mock/reset + PUT
 *     /_mock/state (the document's JSON text, serialized beforehand) + PUT /_mock/clock;
 *   - the first insert after a restore (it writes into records the checkpoint shares), against
 *     an insert with nothing shared;
 *   - a restore with the backup store in a file (--data-dir), which writes the file;
 *   - the memory a checkpoint holds: the heap and buffers it adds, measured after collecting.
 * Between runs the state is changed (records inserted, an incremental backup), so each restore
 * has something to undo. Each figure is the median of several runs; the first restore is shown
 * apart, since it also pays for fresh memory (the later ones reuse what the earlier freed).
 * Target: a restore in a few milliseconds.
 */
import avro from 'avsc';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { startMock, type MockServer } from '../src/index.js';
import { codecOf, decodeEnvelope } from '../src/wire/codec.js';
import { FIVE_COLUMN_TYPE, fiveColumnRecord } from './ingest.js';
import { median } from './support.js';

const RECORDS = 100_000;
const BATCH = 10_000;
const RESTORES = 21;
const RELOADS = 5;
const FIXED = '2030-01-01T00:00:00Z';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const recordType = avro.Type.forSchema(FIVE_COLUMN_TYPE as unknown as avro.Schema);

/** Calls a Kinetica endpoint in Avro binary; its response record (the envelope must be OK). */
async function call<R>(base: string, path: string, record: unknown): Promise<R> {
  const codec = codecOf(path);
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: codec.requestType.toBuffer(record) });
  const reply = decodeEnvelope('binary', Buffer.from(await response.arrayBuffer()));
  if (reply.status !== 'OK') throw new Error(`${path}: ${reply.message}`);
  return codec.responseType.fromBuffer(reply.data) as R;
}

async function controlCall(base: string, method: string, path: string, body?: string): Promise<unknown> {
  const response = await fetch(`${base}/_mock${path}`, { method, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  const answer = (await response.json()) as unknown;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

const insert = (base: string, from: number, count: number) =>
  call(base, '/insert/records', {
    table_name: 'bench.records',
    list: Array.from({ length: count }, (_, k) => recordType.toBuffer(fiveColumnRecord(from + k))),
    list_str: [],
    list_encoding: 'binary',
    options: {},
  });

const backup = (base: string, name: string, type: 'full' | 'incremental') =>
  call(base, '/create/backup', { backup_name: name, backup_type: type, backup_objects_map: type === 'full' ? { all: 'bench' } : {}, datasink_name: 'bench_sink', options: {} });

/** The table of 100,000 records and a full backup of it, on a fixed clock. */
async function build(mock: MockServer): Promise<void> {
  const base = mock.url;
  await mock.setClock({ fix: FIXED });
  await call(base, '/create/datasink', { name: 'bench_sink', destination: 's3://bench/checkpoints', options: { s3_region: 'us-east-1' } });
  await call(base, '/create/schema', { schema_name: 'bench', options: {} });
  const { type_id } = await call<{ type_id: string }>(base, '/create/type', {
    type_definition: JSON.stringify(FIVE_COLUMN_TYPE), label: 'five', properties: { i: ['primary_key'], s: ['char32'], t: ['timestamp'] }, options: {},
  });
  await call(base, '/create/table', { table_name: 'bench.records', type_id, options: {} });
  for (let start = 0; start < RECORDS; start += BATCH) await insert(base, start, BATCH);
  await backup(base, 'bench', 'full');
}

/** Changes what a restore or a reload then has to undo: new records, and a snapshot holding them. */
let changes = 0;
async function change(base: string): Promise<void> {
  await insert(base, RECORDS + changes * 1000, 1000);
  await backup(base, 'bench', 'incremental');
  changes++;
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const started = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

async function timedAsync(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Heap and buffers in use after a full collection, in bytes. */
function memoryInUse(): number {
  collect();
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

async function expectRecords(mock: MockServer, count: number): Promise<void> {
  const shown = await call<{ total_size: number }>(mock.url, '/show/table', { table_name: 'bench.records', options: { get_sizes: 'true' } });
  if (shown.total_size !== count) throw new Error(`expected ${count} records after the restore, found ${shown.total_size}`);
}

export async function checkpointBenchmark(): Promise<Record<string, number>> {
  const mock = await startMock();
  const dataDir = mkdtempSync(join(tmpdir(), 'kinetica-mock-bench-checkpoint-'));
  const onDisk = await startMock({ dataDir });
  try {
    await build(mock);
    const base = mock.url;
    const document = mock.saveState();
    const documentText = JSON.stringify(document);

    const before = memoryInUse();
    const taken = timed(() => mock.checkpoint('built'));
    const heldBytes = memoryInUse() - before;

    // In process: restore, against reset + load.
    const restores: number[] = [];
    for (let run = 0; run < RESTORES; run++) {
      await change(base);
      restores.push(timed(() => mock.restoreCheckpoint('built')).ms);
    }
    await expectRecords(mock, RECORDS);
    const reloads: number[] = [];
    for (let run = 0; run < RELOADS; run++) {
      await change(base);
      reloads.push(await timedAsync(async () => {
        mock.reset();
        mock.loadState(document);
        await mock.setClock({ fix: FIXED });
      }));
    }
    await expectRecords(mock, RECORDS);

    // Over HTTP: the same, as a test in another process (or language) does it.
    const httpRestores: number[] = [];
    for (let run = 0; run < RESTORES; run++) {
      await change(base);
      httpRestores.push(await timedAsync(() => controlCall(base, 'POST', '/checkpoints/built/restore')));
    }
    const httpReloads: number[] = [];
    for (let run = 0; run < RELOADS; run++) {
      await change(base);
      httpReloads.push(await timedAsync(async () => {
        await controlCall(base, 'POST', '/reset');
        await controlCall(base, 'PUT', '/state', documentText);
        await controlCall(base, 'PUT', '/clock', JSON.stringify({ fix: FIXED }));
      }));
    }
    await expectRecords(mock, RECORDS);

    // The first insert after a restore writes into records the checkpoint shares.
    const firstInserts: number[] = [];
    const laterInserts: number[] = [];
    for (let run = 0; run < RELOADS; run++) {
      mock.restoreCheckpoint('built');
      firstInserts.push(await timedAsync(() => insert(base, 10 * RECORDS + 2 * run, 1)));
      laterInserts.push(await timedAsync(() => insert(base, 10 * RECORDS + 2 * run + 1, 1)));
    }

    // The backup store in a file.
    await build(onDisk);
    onDisk.checkpoint('built');
    const fileRestores: number[] = [];
    for (let run = 0; run < RESTORES; run++) {
      await change(onDisk.url);
      fileRestores.push(timed(() => onDisk.restoreCheckpoint('built')).ms);
    }
    await expectRecords(onDisk, RECORDS);

    const figures = {
      takeMs: taken.ms,
      restoreMs: median(restores),
      firstRestoreMs: restores[0]!,
      reloadMs: median(reloads),
      reloadVsRestore: median(reloads) / median(restores),
      httpRestoreMs: median(httpRestores),
      httpReloadMs: median(httpReloads),
      httpReloadVsRestore: median(httpReloads) / median(httpRestores),
      firstInsertMs: median(firstInserts),
      laterInsertMs: median(laterInserts),
      fileRestoreMs: median(fileRestores),
      checkpointBytes: taken.value.bytes,
      storeImageBytes: mock.emulator.backups.image().length,
      heldMb: heldBytes / 1024 / 1024,
    };
    const ms = (value: number) => value.toFixed(2);
    console.table([
      { step: 'take a checkpoint (once)', ms: ms(figures.takeMs), runs: 1 },
      { step: 'restore, in process (median)', ms: ms(figures.restoreMs), runs: RESTORES },
      { step: 'restore, in process (the first)', ms: ms(figures.firstRestoreMs), runs: 1 },
      { step: 'reset + loadState + setClock, in process (median)', ms: ms(figures.reloadMs), runs: RELOADS },
      { step: 'POST .../restore over HTTP (median)', ms: ms(figures.httpRestoreMs), runs: RESTORES },
      { step: 'POST /reset + PUT /state + PUT /clock over HTTP (median)', ms: ms(figures.httpReloadMs), runs: RELOADS },
      { step: 'insert of 1 record, first after a restore (median)', ms: ms(figures.firstInsertMs), runs: RELOADS },
      { step: 'insert of 1 record, the next one (median)', ms: ms(figures.laterInsertMs), runs: RELOADS },
      { step: 'restore with the store in a file, --data-dir (median)', ms: ms(figures.fileRestoreMs), runs: RESTORES },
    ]);
    console.log(
      `checkpoint: restore ${ms(figures.restoreMs)} ms in process (first ${ms(figures.firstRestoreMs)} ms), ` +
        `${figures.reloadVsRestore.toFixed(0)}x faster than reset + state load (${ms(figures.reloadMs)} ms); ` +
        `over HTTP ${ms(figures.httpRestoreMs)} ms, ${figures.httpReloadVsRestore.toFixed(0)}x faster than ${ms(figures.httpReloadMs)} ms; ` +
        `file store ${ms(figures.fileRestoreMs)} ms. The checkpoint of ${RECORDS.toLocaleString('en')} records and a full backup ` +
        `added ${figures.heldMb.toFixed(1)} MB of memory (its store image is ${(figures.storeImageBytes / 1024 / 1024).toFixed(1)} MB; its records are shared ` +
        `with the database until either changes them), and counts ${(figures.checkpointBytes / 1024 / 1024).toFixed(1)} MB (${figures.checkpointBytes} bytes) with those records`,
    );
    return figures;
  } finally {
    await mock.close();
    await onDisk.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
