/**
 * Every kind of object a backup can hold goes into a backup and comes back from it with the same
 * definition: one object of each of the sixteen kinds, created through Kinetica's endpoints (SQL
 * procedures and contexts through the catalog API, as they have no endpoint), backed up, dropped,
 * and restored, over real HTTP in JSON and binary.
 */
import { describe, expect, it } from 'vitest';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, order, readAll, type Order } from '../support/tables.js';
import { createBackup, createStore } from '../support/backups.js';
import { createContext, createStoredProcedure } from '../../src/catalog/objects/index.js';
import { OBJECT_KINDS, type ObjectKind } from '../../src/catalog/kinds.js';
import type { Catalog } from '../../src/catalog/catalog.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

/** Every object the test made, by kind, with its definition. */
function snapshotOf(catalog: Catalog, names: Record<ObjectKind, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of OBJECT_KINDS) {
    const name = names[kind];
    const [schema, base] = name.includes('.') ? (name.split('.') as [string, string]) : [undefined, name];
    out[kind] = catalog.get(kind, schema, base)?.definition();
  }
  return out;
}

for (const encoding of ENCODINGS) {
  describe(`every kind through backup and restore (${encoding})`, () => {
    const mock = useMock();

    it('restores each of the sixteen kinds with the definition it had', async () => {
      const url = mock.url;
      const call = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(url, path, body, encoding);
      await createStore(url, encoding);
      await call('/create/schema', { schema_name: 'app', options: {} });
      await createOrdersTable(url, 'app.orders', encoding);
      await insertOrders(url, 'app.orders', [order(1), order(2)], encoding);
      await call('/create/credential', { credential_name: 'app.cred', type: 'aws_access_key', identity: 'AKIA1', secret: 'S3cr3t!', options: {} });
      await call('/create/datasink', { name: 'app.sink', destination: 's3://exports/app', options: { credential: 'app.cred', s3_region: 'us-east-1' } });
      await call('/create/datasource', { name: 'app.source', location: 's3://imports/app', user_name: '', password: '', options: { credential: 'app.cred', s3_region: 'us-east-1' } });
      await call('/create/tablemonitor', { table_name: 'app.orders', options: { monitor_id: 'app.orders_stream', event: 'insert', datasink_name: 'app.sink' } });
      await call('/create/graph', {
        graph_name: 'app.roads', directed_graph: false, nodes: [], edges: ['roads.id AS EDGE_ID', 'roads.wkt AS EDGE_WKTLINE'],
        weights: ['roads.len AS WEIGHTS_VALUESPECIFIED'], restrictions: [], options: {},
      });
      await call('/create/directory', { directory_name: 'models', options: { data_limit: '1000000' } });
      await call('/create/resourcegroup', { name: 'rg_batch', tier_attributes: {}, ranking: 'last', adjoining_resource_group: '', options: { max_cpu_concurrency: '4' } });
      await call('/create/environment', { environment_name: 'ml_env', options: {} });
      await call('/create/proc', { proc_name: 'scorer', execution_mode: 'distributed', files: {}, command: 'python', args: ['score.py'], options: { set_environment: 'ml_env' } });
      await call('/create/catalog', {
        name: 'lake', table_format: 'iceberg', location: 'https://polaris.example:8181/api/catalog', type: 'REST',
        credential: '', datasource: '', options: { skip_validation: 'true' },
      });
      await call('/create/role', { name: 'analyst', options: {} });
      await call('/create/user/internal', { name: 'ana', password: 'pw', options: {} });
      await call('/grant/role', { role: 'analyst', member: 'ana', options: {} });
      await call('/grant/permission/table', { name: 'analyst', permission: 'table_read', table_name: 'app.orders', filter_expression: '', options: {} });
      const catalog = () => mock.server.emulator.catalog;
      createStoredProcedure(catalog(), { name: 'app.nightly_job', definition: 'CREATE PROCEDURE app.nightly_job BEGIN DELETE FROM app.orders WHERE id < 0; END' });
      createContext(catalog(), { name: 'app.sales_ctx', definition: "CREATE CONTEXT app.sales_ctx (TABLE = app.orders, COMMENT = 'orders')" });

      const names = {
        table: 'app.orders', credential: 'app.cred', datasink: 'app.sink', datasource: 'app.source', monitor: 'app.orders_stream',
        graph: 'app.roads', stored_procedure: 'app.nightly_job', context: 'app.sales_ctx', directory: 'models',
        resource_group: 'rg_batch', function_environment: 'ml_env', user_defined_function: 'scorer', catalog: 'lake',
        role: 'analyst', user: 'ana',
      } satisfies Record<ObjectKind, string>;
      const before = snapshotOf(catalog(), names);
      for (const kind of OBJECT_KINDS) expect(before[kind], `${kind} was created`).toBeDefined();

      const backup = await createBackup(url, encoding, 'everything', 'full', {
        all: 'app', context: 'app.*', directory: '*', resource_group: 'rg_batch', function_environment: '*',
        user_defined_function: '*', catalog: '*', role: 'analyst', user: 'ana',
      });
      expect(backup.total_number_of_records).toBe(2);

      // Drop them all (in dependency order), then restore them all.
      await call('/delete/user', { name: 'ana', options: {} });
      await call('/delete/role', { name: 'analyst', options: {} });
      await call('/drop/catalog', { name: 'lake', options: {} });
      await call('/delete/proc', { proc_name: 'scorer', options: {} });
      await call('/drop/environment', { environment_name: 'ml_env', options: {} });
      await call('/delete/resourcegroup', { name: 'rg_batch', options: {} });
      await call('/delete/directory', { directory_name: 'models', options: {} });
      await call('/drop/schema', { schema_name: 'app', options: { cascade: 'true' } });
      const emptied = snapshotOf(catalog(), names);
      for (const kind of OBJECT_KINDS) expect(emptied[kind], `${kind} was dropped`).toBeUndefined();

      const restored = await call<{ restored_objects: Record<string, string> }>('/restore/backup', {
        backup_name: 'everything',
        restore_objects_map: { all: 'app', context: '*', directory: '*', resource_group: '*', function_environment: '*', user_defined_function: '*', catalog: '*', role: '*', user: '*' },
        datasource_name: 'backup_source',
        options: {},
      });
      expect(new Set(Object.values(restored.restored_objects))).toEqual(new Set(OBJECT_KINDS));
      expect(snapshotOf(catalog(), names)).toEqual(before);
      expect((await readAll<Order>(url, 'app.orders', encoding)).map((r) => r.id)).toEqual([1, 2]);
    });
  });
}
