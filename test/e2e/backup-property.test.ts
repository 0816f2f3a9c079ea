/**
 * Property, through the real endpoints: after a random history of changes and snapshots, with
 * retention, intermediate deletion, purge and merge, restoring each remaining snapshot into an
 * emptied schema gives back what its tables held when the snapshot was taken. Two views ride
 * along: a materialized view of s1.a (ON CHANGE), whose restored rows are its rows at the
 * snapshot, and a logical view of s1.b, which answers over the restored s1.b. Both are created
 * again after a step drops the table they read (which drops them).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ok } from '../support/client.js';
import { startMock } from '../../src/index.js';
import { createOrdersTable, insertOrders, order, readAll, type Order } from '../support/tables.js';
import { createBackup, createStore } from '../support/backups.js';
import { sql } from '../sql/client.js';

type Step =
  | { op: 'insert'; table: number; count: number }
  | { op: 'update'; table: number; modulo: number }
  | { op: 'delete'; table: number; modulo: number }
  | { op: 'recreate'; table: number }
  | { op: 'snapshot'; type: 'incremental' | 'differential'; keep: number; deleteIntermediate: boolean }
  | { op: 'purge'; pick: number }
  | { op: 'merge' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), table: fc.nat(1), count: fc.integer({ min: 1, max: 9 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('update' as const), table: fc.nat(1), modulo: fc.integer({ min: 2, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), table: fc.nat(1), modulo: fc.integer({ min: 2, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('recreate' as const), table: fc.nat(1) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('snapshot' as const),
      type: fc.constantFrom('incremental' as const, 'differential' as const),
      keep: fc.constantFrom(-1, 1, 2),
      deleteIntermediate: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('purge' as const), pick: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('merge' as const) }) },
);

const TABLES = ['s1.a', 's1.b'];

describe('backup and restore through the endpoints (property)', () => {
  it('every remaining snapshot restores what its tables held when it was taken', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 18 }), async (steps) => {
        const mock = await startMock({ recordsPerFile: 3 });
        const url = mock.url;
        try {
          await createStore(url, 'json');
          await ok(url, '/create/schema', { schema_name: 's1', options: {} });
          for (const table of TABLES) await createOrdersTable(url, table, 'json');
          const createViews = () =>
            sql(url, 'CREATE OR REPLACE MATERIALIZED VIEW s1.m REFRESH ON CHANGE AS SELECT id, name FROM s1.a; CREATE OR REPLACE VIEW s1.v AS SELECT id FROM s1.b');
          await createViews();
          const byId = <T extends object>(rows: T[]) => [...rows].sort((x, y) => Number((x as { id: number }).id) - Number((y as { id: number }).id));
          let nextId = 0;
          const capture = async () => {
            const tables = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, (await readAll<Order>(url, t, 'json'))] as const)));
            return { ...tables, 's1.m': byId(await readAll<Order>(url, 's1.m', 'json')) };
          };
          const expected = new Map<number, Record<string, Order[]>>();
          const first = await createBackup(url, 'json', 'p', 'full', { all: 's1' });
          expected.set(first.backup_id, await capture());

          for (const s of steps) {
            const table = s.op === 'insert' || s.op === 'update' || s.op === 'delete' || s.op === 'recreate' ? TABLES[s.table]! : '';
            switch (s.op) {
              case 'insert':
                await insertOrders(url, table, Array.from({ length: s.count }, () => order(nextId++)), 'json');
                break;
              case 'update':
                await ok(url, '/update/records', {
                  table_name: table, expressions: [`id % ${s.modulo} = 0`], new_values_maps: [{ name: `u${nextId++}` }],
                  records_to_insert: [], records_to_insert_str: [], record_encoding: 'json', options: {},
                });
                break;
              case 'delete':
                await ok(url, '/delete/records', { table_name: table, expressions: [`id % ${s.modulo} = 1`], options: {} });
                break;
              case 'recreate':
                await ok(url, '/clear/table', { table_name: table, authorization: '', options: {} });
                await createOrdersTable(url, table, 'json');
                await createViews();
                break;
              case 'snapshot': {
                const options: Record<string, string> = { max_incremental_backups_to_keep: String(s.keep) };
                if (s.type === 'differential' && s.deleteIntermediate) options.delete_intermediate_backups = 'true';
                const made = await createBackup(url, 'json', 'p', s.type, {}, options);
                expected.set(made.backup_id, await capture());
                break;
              }
              case 'purge': {
                const shown = await ok<{ backup_ids: Record<string, string>[] }>(url, '/show/backup', { backup_name: 'p', datasource_name: 'backup_source', options: {} });
                const candidates = shown.backup_ids.filter((s2) => s2.backup_type !== 'full');
                if (candidates.length === 0) break;
                const target = candidates[s.pick % candidates.length]!;
                await ok(url, '/alter/backup', { backup_name: 'p', action: 'purge', value: target.backup_id, datasink_name: 'backup_sink', options: {} });
                break;
              }
              case 'merge': {
                const shown = await ok<{ backup_ids: Record<string, string>[] }>(url, '/show/backup', { backup_name: 'p', datasource_name: 'backup_source', options: {} });
                if (shown.backup_ids.length > 1) {
                  await ok(url, '/alter/backup', { backup_name: 'p', action: 'merge', value: '', datasink_name: 'backup_sink', options: {} });
                }
                break;
              }
            }
          }

          const shown = await ok<{ backup_ids: Record<string, string>[] }>(url, '/show/backup', { backup_name: 'p', datasource_name: 'backup_source', options: {} });
          for (const snapshot of shown.backup_ids) {
            await ok(url, '/drop/schema', { schema_name: 's1', options: { cascade: 'true' } });
            await ok(url, '/restore/backup', { backup_name: 'p', restore_objects_map: { all: 's1' }, datasource_name: 'backup_source', options: { backup_id: snapshot.backup_id } });
            const want = expected.get(Number(snapshot.backup_id))!;
            for (const table of TABLES) {
              const exists = (await ok<{ table_exists: boolean }>(url, '/has/table', { table_name: table, options: {} })).table_exists;
              expect(exists ? await readAll<Order>(url, table, 'json') : []).toEqual(want[table]);
            }
            expect(byId(await readAll(url, 's1.m', 'json'))).toEqual(want['s1.m']);
            const viewIds = (await sql(url, 'SELECT id FROM s1.v ORDER BY id')).rows.flat();
            expect(viewIds).toEqual(byId(await readAll<Order>(url, 's1.b', 'json')).map((row) => row.id));
          }
          const verified = await ok<{ errors: string[][] }>(url, '/verify/backup', { backup_name: 'p', datasource_name: 'backup_source', options: { backup_id: '' } });
          expect(verified.errors).toEqual([[]]);
        } finally {
          await mock.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
