/**
 * A child process for the crash test: writes snapshots into a file-backed store as fast as it can
 * until it is killed. Prints "writing" once the first snapshot is in.
 */
import { BackupEngine } from '../../src/backup/engine.js';
import { openSqliteStore } from '../../src/backup-store/sqlite.js';
import { Clock } from '../../src/clock.js';
import { addTable, insertItems, item, newCatalog } from '../support/catalog.js';

const dir = process.argv[2]!;
const clock = new Clock();
const catalog = newCatalog(1000, clock);
const table = addTable(catalog, 's', 't');
insertItems(catalog, table, Array.from({ length: 50_000 }, (_, i) => item(i)));
const engine = new BackupEngine(openSqliteStore(dir), () => clock.now());
engine.create(catalog, { storeKey: 's3://crash/test', name: 'b', type: 'full', objectsMap: { all: 's' }, options: {} });
process.stdout.write('writing\n');
let next = 50_000;
for (;;) {
  insertItems(catalog, table, Array.from({ length: 3000 }, () => item(next++)));
  engine.create(catalog, {
    storeKey: 's3://crash/test',
    name: 'b',
    type: next % 2 === 0 ? 'incremental' : 'differential',
    objectsMap: {},
    options: { maxIncrementalBackupsToKeep: 3 },
  });
}
