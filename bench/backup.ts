/**
 * Backup benchmark (issue: /create/backup), in process on the engine itself: a catalog of 100
 * tables of 10,000 records each (one million in all, the five-column type of the ingest
 * benchmark), then
 *   - a full backup,
 *   - an incremental after inserting one record into one table,
 *   - an incremental after updating one record in each of 10 tables (10% of the data files),
 *   - the store's size per stored record (a file-backed store),
 * against the time avsc alone takes to encode the same million records.
 * Targets: one-record incremental <= 1% of the full; 10-table incremental <= 15%; full <= 3x avsc.
 */
import avro from 'avsc';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupEngine } from '../src/backup/engine.js';
import { Catalog } from '../src/catalog/catalog.js';
import { insertRecords, updateRecords } from '../src/catalog/table/records.js';
import { parseType } from '../src/catalog/table/type-model.js';
import { Clock } from '../src/clock.js';
import { openSqliteStore, STORE_FILE_NAME } from '../src/backup-store/sqlite.js';
import { FIVE_COLUMN_TYPE, fiveColumnRecord } from './ingest.js';
import { medianBy } from './support.js';

const TABLES = 100;
const PER_TABLE = 10_000;
const REPEATS = 5;

function timed<T>(fn: () => T): { ms: number; value: T } {
  const started = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

export async function backupBenchmark(): Promise<Record<string, number>> {
  const recordType = avro.Type.forSchema(FIVE_COLUMN_TYPE as unknown as avro.Schema);
  const records = Array.from({ length: TABLES * PER_TABLE }, (_, n) => fiveColumnRecord(n));

  // The baseline: encoding the same million records with avsc alone (best of 3).
  let avscMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    avscMs = Math.min(avscMs, timed(() => records.map((record) => recordType.toBuffer(record))).ms);
  }

  const clock = new Clock();
  const catalog = new Catalog({ recordsPerFile: 10_000, now: () => clock.now() });
  const type = catalog.registerType(parseType(JSON.stringify(FIVE_COLUMN_TYPE), 'five', { s: ['char32'], t: ['timestamp'] }));
  catalog.createSchema('bench');
  const options = {
    updateOnExistingPk: false, ignoreExistingPk: false, returnRecordIds: false, truncateStrings: false,
    returnIndividualErrors: false, allowPartialBatch: false, dryRun: false,
  };
  const tables = Array.from({ length: TABLES }, (_, t) => {
    const table = catalog.createTable('bench', `t${t}`, type, {});
    const list = records.slice(t * PER_TABLE, (t + 1) * PER_TABLE).map((record) => recordType.toBuffer(record));
    insertRecords(catalog, table, { encoding: 'binary', records: list }, options);
    return table;
  });

  const dir = mkdtempSync(join(tmpdir(), 'kinetica-mock-bench-'));
  const engine = new BackupEngine(openSqliteStore(dir), () => clock.now());
  const snapshot = (type: 'full' | 'incremental', map: Record<string, string> = {}) =>
    engine.create(catalog, { storeKey: 's3://bench/backups', name: 'bench', type, objectsMap: map, options: {} });

  const full = timed(() => snapshot('full', { all: 'bench' }));
  // The small snapshots take a few milliseconds, where one garbage collection shows: each is
  // repeated (with a fresh change each time) and the median kept.
  const oneRecordRuns = Array.from({ length: REPEATS }, (_, k) => {
    insertRecords(catalog, tables[k]!, { encoding: 'binary', records: [recordType.toBuffer(fiveColumnRecord(TABLES * PER_TABLE + k))] }, options);
    return timed(() => snapshot('incremental'));
  });
  const tenTableRuns = Array.from({ length: REPEATS }, (_, k) => {
    tables.slice(0, 10).forEach((table, t) => {
      updateRecords(catalog, table, [`i = ${t * PER_TABLE + k}`], [{ s: `updated${k}` }], {
        useExpressions: false, updateOnExistingPk: false, ignoreExistingPk: false, truncateStrings: false,
      });
    });
    return timed(() => snapshot('incremental'));
  });
  const oneRecord = medianBy(oneRecordRuns, (run) => run.ms);
  const tenTables = medianBy(tenTableRuns, (run) => run.ms);
  engine.close();
  const storeBytes = statSync(join(dir, STORE_FILE_NAME)).size;
  const storedRecords = [full, ...oneRecordRuns, ...tenTableRuns].reduce((sum, run) => sum + run.value.copiedRecords, 0);
  rmSync(dir, { recursive: true, force: true });

  console.table([
    { step: 'avsc encode of 1M records', ms: avscMs.toFixed(1), files: '', records: TABLES * PER_TABLE },
    { step: 'full backup', ms: full.ms.toFixed(1), files: full.value.copiedFiles, records: full.value.copiedRecords },
    { step: `incremental, 1 record in 1 table (median of ${REPEATS})`, ms: oneRecord.ms.toFixed(2), files: oneRecord.value.copiedFiles, records: oneRecord.value.copiedRecords },
    { step: `incremental, 1 record in each of 10 tables (median of ${REPEATS})`, ms: tenTables.ms.toFixed(2), files: tenTables.value.copiedFiles, records: tenTables.value.copiedRecords },
  ]);
  const figures = {
    fullVsAvsc: full.ms / avscMs,
    oneRecordVsFull: oneRecord.ms / full.ms,
    tenTablesVsFull: tenTables.ms / full.ms,
    storeBytesPerRecord: storeBytes / storedRecords,
  };
  console.log(
    `backup: full ${figures.fullVsAvsc.toFixed(2)}x of avsc encoding (target <= 3); ` +
      `1-record incremental ${(100 * figures.oneRecordVsFull).toFixed(2)}% of the full (target <= 1%); ` +
      `10-table incremental ${(100 * figures.tenTablesVsFull).toFixed(2)}% (target <= 15%); ` +
      `store ${figures.storeBytesPerRecord.toFixed(1)} bytes per stored record`,
  );
  return figures;
}
