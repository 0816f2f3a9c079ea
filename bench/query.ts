/**
 * Query benchmark (issue: the query layer): a table of 1,000,000 records of five columns (id long,
 * k int with 1,000 distinct values, v double, s string, ts timestamp), built in process through
 * the emulator's /insert/records, and `SELECT k, COUNT(*), SUM(v) FROM t GROUP BY k` on it:
 *   - through /execute/sql over HTTP, answer encoded as JSON and as Avro binary, after a warm-up
 *     query. The first query copies the table into the engine (src/query/mirror.ts): that
 *     one-time load is reported apart, in ms and ms per 1,000 records;
 *   - the same through /aggregate/groupby (column_names k, COUNT(*), SUM(v)); when the endpoint
 *     answers an error the line reads "skipped: /aggregate/groupby not emulated";
 *   - the baseline, the engine alone on the same rows: the same text on the query layer's own
 *     DuckDB connection, on the rows the mirror loaded (same database, same view over the raw
 *     table, same threads and memory limit), results read in full (runAndReadAll). Nothing is
 *     copied, so the ratio is exactly what the emulator adds around the engine: HTTP, the Avro
 *     envelope, the SQL checks (parse, tables, rights), the mirror's up-to-date check, the
 *     conversion of the answer to Kinetica's values and its encoding. QueryLayer.run is shown
 *     as well (the engine plus the mirror check and the value conversion, no HTTP), and so is a
 *     SELECT COUNT(*) on a one-record table over HTTP: the fixed cost of any query;
 *   - the first query after a write: one record inserted (it lands in a new last data file), and
 *     one record updated in a middle data file (the mirror copies that whole file of
 *     --records-per-file records again), each then timed through /execute/sql; against the time
 *     avsc takes to decode every record of the table (table.type.decode over table.data.rows());
 *   - RSS per record while the engine holds the table: the process's RSS after the engine opened
 *     (a query on a one-record table) and before the first query, against after it, divided by
 *     the record count, after collecting garbage; DuckDB's own count (duckdb_memory()) and the RSS the catalog's
 *     records took (before/after building the table) are shown for context.
 * Each timed figure is the median of several runs (their min..max in the spread column); the
 * warm queries run in interleaved rounds, so a drift of the machine touches each figure alike.
 * Targets: the GROUP BY through SQL and through /aggregate/groupby at most 1.5x the engine alone;
 * the first query after a write at most 2x the avsc decode of the table.
 * BENCH_QUERY_RECORDS changes the record count (for a quick try).
 */
import avro from 'avsc';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { startMock, type MockServer } from '../src/index.js';
import type { Table } from '../src/catalog/table/table.js';
import { codecOf, decodeEnvelope } from '../src/wire/codec.js';
import { median } from './support.js';

const RECORDS = Number(process.env.BENCH_QUERY_RECORDS ?? 1_000_000);
const BATCH = 10_000;
const RUNS = 15;
const WRITE_RUNS = 5;
const DECODE_RUNS = 3;
const GROUPS = 1_000;
const QUERY = 'SELECT k, COUNT(*), SUM(v) FROM t GROUP BY k';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const QUERY_TYPE = {
  type: 'record',
  name: 'query_bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'k', type: 'int' },
    { name: 'v', type: 'double' },
    { name: 's', type: 'string' },
    { name: 'ts', type: 'long' },
  ],
} as const;
const recordType = avro.Type.forSchema(QUERY_TYPE as unknown as avro.Schema);
const queryRecord = (n: number) => ({ id: n, k: n % GROUPS, v: (n % 9973) / 7, s: `name-${n % 100_000}`, ts: 1_764_201_600_000 + n * 1000 });

/** Posts an Avro binary request; the envelope's status and message, and the response record when OK. */
async function attempt<R>(base: string, path: string, record: unknown): Promise<{ ok: true; value: R } | { ok: false; message: string }> {
  const codec = codecOf(path);
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: codec.requestType.toBuffer(record) });
  const reply = decodeEnvelope('binary', Buffer.from(await response.arrayBuffer()));
  if (reply.status !== 'OK') return { ok: false, message: reply.message };
  return { ok: true, value: codec.responseType.fromBuffer(reply.data) as R };
}

async function call<R>(base: string, path: string, record: unknown): Promise<R> {
  const answer = await attempt<R>(base, path, record);
  if (!answer.ok) throw new Error(`${path}: ${answer.message}`);
  return answer.value;
}

const insert = (base: string, from: number, count: number) =>
  call(base, '/insert/records', {
    table_name: 't',
    list: Array.from({ length: count }, (_, k) => recordType.toBuffer(queryRecord(from + k))),
    list_str: [],
    list_encoding: 'binary',
    options: {},
  });

interface SqlAnswer {
  total_number_of_records: number;
}

const sql = (base: string, statement: string, encoding: 'json' | 'binary') =>
  call<SqlAnswer>(base, '/execute/sql', { statement, offset: 0, limit: -9999, encoding, request_schema_str: '', data: [], options: {} });

const groupBy = (base: string) =>
  attempt(base, '/aggregate/groupby', { table_name: 't', column_names: ['k', 'COUNT(*)', 'SUM(v)'], offset: 0, limit: -9999, encoding: 'json', options: {} });

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

async function runs(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < count; run++) times.push((await timedAsync(fn)).ms);
  return times;
}

/** Resident set size in MB after collecting garbage (twice, and a pause for the allocator). */
async function steadyRssMb(): Promise<number> {
  collect();
  collect();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return process.memoryUsage().rss / 1024 / 1024;
}

/** The query layer's engine (private to it: a benchmark reads it to time the engine alone). */
interface EngineHandle {
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  connection: { runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }> };
}
async function engineOf(mock: MockServer): Promise<EngineHandle> {
  const opening = (mock.emulator.query as unknown as { opening?: Promise<{ engine: EngineHandle }> }).opening;
  if (!opening) throw new Error('the query layer has not opened its engine');
  return (await opening).engine;
}

const check = (what: string, total: number) => {
  if (total !== GROUPS) throw new Error(`${what}: expected ${GROUPS} groups, got ${total}`);
};

export async function queryBenchmark(): Promise<Record<string, number | string>> {
  const rssStart = await steadyRssMb();
  const mock = await startMock();
  try {
    const base = mock.url;
    const { type_id } = await call<{ type_id: string }>(base, '/create/type', {
      type_definition: JSON.stringify(QUERY_TYPE), label: 'query_bench', properties: { s: ['char32'], ts: ['timestamp'] }, options: {},
    });
    await call(base, '/create/table', { table_name: 't', type_id, options: {} });
    const rssEmpty = await steadyRssMb();
    const building = await timedAsync(async () => {
      for (let start = 0; start < RECORDS; start += BATCH) await insert(base, start, Math.min(BATCH, RECORDS - start));
    });
    const rssBuilt = await steadyRssMb();
    const table: Table = mock.emulator.catalog.table('ki_home', 't')!;
    const packedBytes = table.data.files.reduce((sum, file) => sum + file.byteLength, 0);

    // Open the engine (module, database) with a query on a one-record table, then the first query.
    // (Not `SELECT 1`: on a fresh engine it fails, "SET search_path: No catalog + schema named
    // "ki_home" found", since the mirror makes a schema only with a table's copy.)
    await call(base, '/create/table', { table_name: 'warm', type_id, options: {} });
    await call(base, '/insert/records', { table_name: 'warm', list: [recordType.toBuffer(queryRecord(0))], list_str: [], list_encoding: 'binary', options: {} });
    await sql(base, 'SELECT COUNT(*) FROM warm', 'json');
    const rssEngineOpen = await steadyRssMb();
    const first = await timedAsync(() => sql(base, QUERY, 'json'));
    check('first query', first.value.total_number_of_records);
    const rssLoaded = await steadyRssMb();
    const engine = await engineOf(mock);
    const duckMemory = await engine.exclusive(async () => {
      const reader = await engine.connection.runAndReadAll('SELECT COALESCE(SUM(memory_usage_bytes), 0)::BIGINT FROM duckdb_memory()');
      return Number(reader.getRows()[0]![0]);
    });

    // Warm: SQL over HTTP (JSON, binary), /aggregate/groupby, QueryLayer.run, the engine alone.
    // Rounds of one run each, interleaved, so a drift of the machine touches every figure alike.
    const probe = await groupBy(base).catch((error: unknown) => ({ ok: false as const, message: String(error) }));
    const layerRun = () => mock.emulator.query.run({ text: QUERY, defaultSchema: 'ki_home', tables: [table] });
    const steps: Record<string, () => Promise<unknown>> = {
      sqlJson: async () => check('sql json', (await sql(base, QUERY, 'json')).total_number_of_records),
      sqlBinary: async () => check('sql binary', (await sql(base, QUERY, 'binary')).total_number_of_records),
      groupBy: async () => {
        const answer = await groupBy(base);
        if (!answer.ok) throw new Error(`/aggregate/groupby: ${answer.message}`);
      },
      layer: async () => check('QueryLayer.run', (await layerRun()).total),
      // What any SELECT pays whatever it reads: HTTP, the envelope, the checks, one tiny result.
      fixed: () => sql(base, 'SELECT COUNT(*) FROM warm', 'json'),
      // QueryLayer.run leaves search_path at ki_home: the same text names the same view.
      engine: () => engine.exclusive(async () => check('engine', (await engine.connection.runAndReadAll(QUERY)).getRows().length)),
    };
    if (!probe.ok) delete steps.groupBy;
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
    for (let round = -1; round < RUNS; round++) {
      for (const [name, step] of Object.entries(steps)) {
        const { ms } = await timedAsync(step);
        if (round >= 0) times[name]!.push(ms); // round -1 warms each path
      }
    }
    const [sqlJson, sqlBinary, layer, engineAlone, fixed] = [times.sqlJson!, times.sqlBinary!, times.layer!, times.engine!, times.fixed!];
    const groupByTimes = times.groupBy;

    // The first query after a write.
    const afterInsert: number[] = [];
    for (let run = 0; run < WRITE_RUNS; run++) {
      await insert(base, RECORDS + run, 1);
      afterInsert.push((await timedAsync(() => sql(base, QUERY, 'json'))).ms);
    }
    const afterUpdate: number[] = [];
    const updateMs: number[] = [];
    for (let run = 0; run < WRITE_RUNS; run++) {
      const id = Math.floor(RECORDS / 2) + run * 17;
      updateMs.push(
        (await timedAsync(() =>
          call(base, '/update/records', {
            table_name: 't', expressions: [`id = ${id}`], new_values_maps: [{ v: String(run) }], records_to_insert: [], records_to_insert_str: [], record_encoding: 'binary', options: {},
          }),
        )).ms,
      );
      afterUpdate.push((await timedAsync(() => sql(base, QUERY, 'json'))).ms);
    }
    const sqlAfterWrites = await runs(RUNS, () => sql(base, QUERY, 'json'));
    const decode = await runs(DECODE_RUNS, async () => {
      let decoded = 0;
      for (const row of table.data.rows()) if (table.type.decode(row.bytes)) decoded++;
      if (decoded !== table.data.count) throw new Error('decode count');
    });

    const engineMs = median(engineAlone);
    // A ratio to the engine is the median of the rounds' ratios (each run against the engine's run
    // of the same round), steadier on a busy machine than a ratio of medians.
    const paired = (values: number[]) => median(values.map((value, i) => value / engineAlone[i % engineAlone.length]!));
    const decodeMs = median(decode);
    const figures = {
      records: RECORDS,
      buildMs: building.ms,
      firstQueryMs: first.ms,
      loadMs: first.ms - median(sqlJson),
      loadMsPer1000: ((first.ms - median(sqlJson)) / RECORDS) * 1000,
      sqlJsonMs: median(sqlJson),
      sqlBinaryMs: median(sqlBinary),
      groupByMs: groupByTimes ? median(groupByTimes) : NaN,
      layerMs: median(layer),
      fixedSqlMs: median(fixed),
      engineMs,
      sqlJsonVsEngine: paired(sqlJson),
      sqlBinaryVsEngine: paired(sqlBinary),
      groupByVsEngine: groupByTimes ? paired(groupByTimes) : NaN,
      afterInsertMs: median(afterInsert),
      afterUpdateMs: median(afterUpdate),
      updateMs: median(updateMs),
      sqlAfterWritesMs: median(sqlAfterWrites),
      decodeMs,
      afterInsertVsDecode: median(afterInsert) / decodeMs,
      afterUpdateVsDecode: median(afterUpdate) / decodeMs,
      catalogBytesPerRecord: ((rssBuilt - rssEmpty) * 1024 * 1024) / RECORDS,
      packedBytesPerRecord: packedBytes / RECORDS,
      engineOpenMb: rssEngineOpen - rssBuilt,
      engineBytesPerRecord: ((rssLoaded - rssEngineOpen) * 1024 * 1024) / RECORDS,
      duckdbBytesPerRecord: duckMemory / RECORDS,
      rssStartMb: rssStart,
      rssLoadedMb: rssLoaded,
    };

    const ms = (value: number) => value.toFixed(1);
    const spread = (values: number[]) => `${ms(Math.min(...values))}..${ms(Math.max(...values))}`;
    const per = (values: number[] | undefined) => (values ? `${paired(values).toFixed(2)}x` : '');
    console.table([
      { step: `build: insert ${RECORDS.toLocaleString('en')} records (binary, batches of ${BATCH})`, ms: ms(building.ms), runs: 1, spread: '', ratio: '' },
      { step: 'first GROUP BY, /execute/sql (copies the table into the engine)', ms: ms(first.ms), runs: 1, spread: '', ratio: '' },
      { step: '  of which the one-time load (first - warm SQL)', ms: ms(figures.loadMs), runs: 1, spread: `${figures.loadMsPer1000.toFixed(2)} ms/1k rec`, ratio: '' },
      { step: 'GROUP BY, /execute/sql, JSON answer', ms: ms(figures.sqlJsonMs), runs: RUNS, spread: spread(sqlJson), ratio: per(sqlJson) },
      { step: 'GROUP BY, /execute/sql, binary answer', ms: ms(figures.sqlBinaryMs), runs: RUNS, spread: spread(sqlBinary), ratio: per(sqlBinary) },
      groupByTimes
        ? { step: '/aggregate/groupby k, COUNT(*), SUM(v), JSON', ms: ms(figures.groupByMs), runs: RUNS, spread: spread(groupByTimes), ratio: per(groupByTimes) }
        : { step: 'skipped: /aggregate/groupby not emulated', ms: '', runs: 0, spread: '', ratio: '' },
      { step: 'QueryLayer.run, in process (mirror check + conversion)', ms: ms(figures.layerMs), runs: RUNS, spread: spread(layer), ratio: per(layer) },
      { step: '/execute/sql SELECT COUNT(*) on a 1-record table (fixed cost)', ms: ms(median(fixed)), runs: RUNS, spread: spread(fixed), ratio: per(fixed) },
      { step: 'engine alone: same connection, same rows (baseline)', ms: ms(engineMs), runs: RUNS, spread: spread(engineAlone), ratio: '1.00x' },
      { step: 'first GROUP BY after inserting 1 record (new last file)', ms: ms(figures.afterInsertMs), runs: WRITE_RUNS, spread: spread(afterInsert), ratio: `${figures.afterInsertVsDecode.toFixed(2)}x decode` },
      { step: `first GROUP BY after updating 1 record (a file of ${table.data.files[0]!.count})`, ms: ms(figures.afterUpdateMs), runs: WRITE_RUNS, spread: spread(afterUpdate), ratio: `${figures.afterUpdateVsDecode.toFixed(2)}x decode` },
      { step: '  (the /update/records itself, not in the figure above)', ms: ms(figures.updateMs), runs: WRITE_RUNS, spread: spread(updateMs), ratio: '' },
      { step: 'GROUP BY, /execute/sql, JSON, after those writes', ms: ms(figures.sqlAfterWritesMs), runs: RUNS, spread: spread(sqlAfterWrites), ratio: `${(figures.sqlAfterWritesMs / engineMs).toFixed(2)}x` },
      { step: 'avsc: decode every record of the table', ms: ms(decodeMs), runs: DECODE_RUNS, spread: spread(decode), ratio: '' },
    ]);
    console.table([
      { memory: 'catalog records (RSS, build)', 'bytes/record': figures.catalogBytesPerRecord.toFixed(1), note: `packed Avro ${figures.packedBytesPerRecord.toFixed(1)} B/record` },
      { memory: 'engine opened (1-record table), MB', 'bytes/record': '', note: `${figures.engineOpenMb.toFixed(1)} MB, whatever the table` },
      { memory: 'engine holding the table (RSS, first query)', 'bytes/record': figures.engineBytesPerRecord.toFixed(1), note: `duckdb_memory(): ${figures.duckdbBytesPerRecord.toFixed(1)} B/record` },
      { memory: 'process RSS, start -> table in engine, MB', 'bytes/record': '', note: `${rssStart.toFixed(0)} -> ${rssLoaded.toFixed(0)}` },
    ]);
    const verdict = (ratio: number, target: number) => (Number.isNaN(ratio) ? 'skipped' : ratio <= target ? 'met' : 'MISSED');
    console.log(
      `query: GROUP BY on ${RECORDS.toLocaleString('en')} records: /execute/sql ${ms(figures.sqlJsonMs)} ms JSON, ${ms(figures.sqlBinaryMs)} ms binary, ` +
        `against ${ms(engineMs)} ms for the engine alone: ${figures.sqlJsonVsEngine.toFixed(2)}x / ${figures.sqlBinaryVsEngine.toFixed(2)}x ` +
        `(target <= 1.5x: ${verdict(figures.sqlJsonVsEngine, 1.5)} / ${verdict(figures.sqlBinaryVsEngine, 1.5)}; any SELECT costs ${ms(figures.fixedSqlMs)} ms over HTTP); ` +
        (groupByTimes
          ? `/aggregate/groupby ${ms(figures.groupByMs)} ms, ${figures.groupByVsEngine.toFixed(2)}x (${verdict(figures.groupByVsEngine, 1.5)}); `
          : 'skipped: /aggregate/groupby not emulated; ') +
        `one-time load ${ms(figures.loadMs)} ms (${figures.loadMsPer1000.toFixed(2)} ms per 1,000 records). ` +
        `First query after a write: ${ms(figures.afterInsertMs)} ms after an insert, ${ms(figures.afterUpdateMs)} ms after an update, ` +
        `against ${ms(decodeMs)} ms to decode the table with avsc: ${figures.afterInsertVsDecode.toFixed(2)}x / ${figures.afterUpdateVsDecode.toFixed(2)}x ` +
        `(target <= 2x: ${verdict(figures.afterInsertVsDecode, 2)} / ${verdict(figures.afterUpdateVsDecode, 2)}). ` +
        `The engine's copy takes ${figures.engineBytesPerRecord.toFixed(0)} bytes of RSS per record ` +
        `(the catalog's records ${figures.catalogBytesPerRecord.toFixed(0)}).`,
    );
    return figures;
  } finally {
    await mock.close();
  }
}
