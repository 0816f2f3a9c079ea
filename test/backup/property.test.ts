/**
 * Property: after any history of catalog changes and snapshots of every type, with retention and
 * intermediate deletion, every snapshot that remains reconstructs exactly the state the catalog
 * had when it was taken.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BackupEngine } from '../../src/backup/engine.js';
import { readObject } from '../../src/backup/restore.js';
import { StateCache } from '../../src/backup/state.js';
import { deleteRecords, updateRecords } from '../../src/catalog/table/records.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { Table } from '../../src/catalog/table/table.js';
import { Clock } from '../../src/clock.js';
import { openSqliteStore } from '../../src/backup-store/sqlite.js';
import { TableType } from '../../src/catalog/table/table-type.js';
import { parseType } from '../../src/catalog/table/type-model.js';
import { addTable, insertItems, item, ITEM_TYPE, newCatalog, recordsOf } from '../support/catalog.js';

/** Every table of the test has this type (see addTable). */
const type = new TableType(parseType(ITEM_TYPE, 'item', { id: ['primary_key'] }));

const STORE = 's3://bucket/p';
const TABLES = ['s1.a', 's1.b', 's2.c'] as const;

type Step =
  | { op: 'insert'; table: number; count: number }
  | { op: 'update'; table: number; modulo: number }
  | { op: 'delete'; table: number; modulo: number }
  | { op: 'drop'; table: number }
  | { op: 'rename'; table: number }
  | { op: 'reset' }
  | { op: 'recreate'; table: number }
  | { op: 'snapshot'; type: 'incremental' | 'differential'; keep: number; deleteIntermediate: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), table: fc.nat(2), count: fc.integer({ min: 1, max: 25 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('update' as const), table: fc.nat(2), modulo: fc.integer({ min: 2, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), table: fc.nat(2), modulo: fc.integer({ min: 2, max: 9 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), table: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename' as const), table: fc.nat(2) }) },
  // Dropped and created again under the same name and type: same definition, no records.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('recreate' as const), table: fc.nat(2) }) },
  // A reset (or a restart) gives a new catalog: the next snapshot must compare everything.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reset' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('snapshot' as const),
      type: fc.constantFrom('incremental' as const, 'differential' as const),
      keep: fc.constantFrom(-1, 1, 2, 3),
      deleteIntermediate: fc.boolean(),
    }),
  },
);

/** What a snapshot should restore: covered table name -> its records in storage order. */
type Captured = Record<string, Record<string, unknown>[]>;

function capture(catalog: Catalog, map: Record<string, string>): Captured {
  const out: Captured = {};
  for (const table of catalog.list<Table>('table')) {
    const covered = map.all === 's1' ? table.schema === 's1' : true;
    if (covered) out[table.qualifiedName] = recordsOf(table);
  }
  return out;
}

describe('snapshot reconstruction (property)', () => {
  it('every remaining snapshot restores what the catalog held when it was taken', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), fc.constantFrom<Record<string, string>>({ all: 's1' }, { table: '*' }), (steps, map) => {
        const clock = new Clock();
        clock.fix(1_000_000);
        let catalog = newCatalog(8, clock);
        const store = openSqliteStore(undefined);
        const states = new StateCache();
        const engine = new BackupEngine(store, () => clock.now(), states);
        const names: string[] = [...TABLES];
        const live = new Map<string, Table>();
        for (const name of names) {
          const [schema, table] = name.split('.') as [string, string];
          live.set(name, addTable(catalog, schema, table));
        }
        let nextId = 0;
        const expected = new Map<number, Captured>();
        const first = engine.create(catalog, { storeKey: STORE, name: 'p', type: 'full', objectsMap: map, options: {} });
        expected.set(first.backupId, capture(catalog, map));

        for (const s of steps) {
          clock.shift(10);
          const name = names[s.op === 'snapshot' || s.op === 'reset' ? 0 : s.table]!;
          const table = live.get(name);
          switch (s.op) {
            case 'insert':
              if (table) insertItems(catalog, table, Array.from({ length: s.count }, () => item(nextId++)));
              break;
            case 'update':
              if (table) {
                updateRecords(catalog, table, [`id % ${s.modulo} = 0`], [{ label: `u${nextId++}` }], {
                  useExpressions: false, updateOnExistingPk: false, ignoreExistingPk: false, truncateStrings: false,
                });
              }
              break;
            case 'delete':
              if (table) deleteRecords(catalog, table, [`id % ${s.modulo} = 1`], { deleteAll: false });
              break;
            case 'drop':
              if (table) {
                catalog.remove(table);
                live.delete(name);
              } else {
                const [schema, t] = name.split('.') as [string, string];
                live.set(name, addTable(catalog, schema, t));
              }
              break;
            case 'rename':
              if (table) {
                const renamed = `${table.schema}.${table.name}_r${nextId++}`;
                catalog.rename(table, table.schema, renamed.split('.')[1]!);
                live.delete(name);
                names[s.table] = renamed;
                live.set(renamed, table);
              }
              break;
            case 'recreate':
              if (table) {
                catalog.remove(table);
                live.set(name, addTable(catalog, table.schema, table.name));
              }
              break;
            case 'reset':
              catalog = newCatalog(8, clock);
              live.clear();
              names.splice(0, names.length, ...TABLES);
              for (const tableName of names) {
                const [schema, t] = tableName.split('.') as [string, string];
                live.set(tableName, addTable(catalog, schema, t));
              }
              break;
            case 'snapshot': {
              const result = engine.create(catalog, {
                storeKey: STORE,
                name: 'p',
                type: s.type,
                objectsMap: {},
                options: {
                  maxIncrementalBackupsToKeep: s.keep,
                  ...(s.type === 'differential' ? { deleteIntermediateBackups: s.deleteIntermediate } : {}),
                },
              });
              expected.set(result.backupId, capture(catalog, map));
              break;
            }
          }
        }

        const backup = store.findBackup(STORE, 'p')!;
        const remaining = store.snapshots(backup.id);
        // Check with a cold cache too: the states must come from the store, not from memory.
        for (const cold of [false, true]) {
          if (cold) states.clear();
          for (const row of remaining) {
            const actual: Captured = {};
            for (const object of states.get(store, row).objects.values()) {
              const { files } = readObject(store, object, { backup: 'p', snapshotId: row.snapshotId }, { files: true, checksum: false });
              actual[object.name] = files.flatMap((file) =>
                Array.from({ length: file.records }, (_, i) => type.decode(file.bytes.subarray(file.offsets[i]!, file.offsets[i + 1]!))),
              );
            }
            expect(actual).toEqual(expected.get(row.snapshotId));
          }
        }
        const deleted = store.deletedSnapshots(backup.id).map((d) => d.snapshotId);
        expect(new Set([...deleted, ...remaining.map((r) => r.snapshotId)])).toEqual(new Set(expected.keys()));
      }),
      { numRuns: 200 },
    );
  });
});
