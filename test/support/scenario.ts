/**
 * A database with one object of every kind, records (with nulls, a primary key, a deleted row), and
 * backups (a chain with a removed snapshot, and a ddl_only backup), built over the wire: what the
 * state document and checkpoints must keep whole.
 */
import type { Catalog } from '../../src/catalog/catalog.js';
import { createContext, createStoredProcedure } from '../../src/catalog/objects/index.js';
import { ok, type WireEncoding } from './client.js';
import { createBackup, createStore } from './backups.js';
import { createOrdersTable, insertOrders, order } from './tables.js';

/** One object of every kind, records (with nulls, a primary key, a deleted row), and a backup chain with a removed snapshot. */
export async function buildScenario(url: string, catalog: () => Catalog, encoding: WireEncoding = 'json') {
  const call = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(url, path, body, encoding);
  await createStore(url, encoding);
  await call('/create/schema', { schema_name: 'app', options: {} });
  await createOrdersTable(url, 'app.orders', encoding);
  await insertOrders(url, 'app.orders', [1, 2, 3, 4, 5].map(order), encoding);
  await call('/delete/records', { table_name: 'app.orders', expressions: ['id = 2'], options: {} });
  // A type defined by a column list, with an empty label.
  const listType = await call<{ type_id: string }>('/create/type', { type_definition: JSON.stringify([['k', 'string', 'char8', 'primary_key'], ['v', 'bytes', 'nullable']]), label: '', properties: {}, options: {} });
  await call('/create/table', { table_name: 'app.blobs', type_id: listType.type_id, options: {} });
  await call('/insert/records', { table_name: 'app.blobs', list: [], list_str: ['{"k": "a", "v": "\\u0000\\u00ff"}', '{"k": "b", "v": null}'], list_encoding: 'json', options: {} });
  await call('/create/credential', { credential_name: 'app.cred', type: 'aws_access_key', identity: 'AKIA1', secret: 'S3cr3t!', options: {} });
  await call('/create/datasink', { name: 'app.sink', destination: 's3://exports/app', options: { credential: 'app.cred', s3_region: 'us-east-1' } });
  await call('/create/datasource', { name: 'app.source', location: 's3://imports/app', user_name: '', password: '', options: { credential: 'app.cred', s3_region: 'us-east-1' } });
  await call('/create/tablemonitor', { table_name: 'app.orders', options: { monitor_id: 'app.orders_stream', event: 'insert', datasink_name: 'app.sink' } });
  await call('/create/graph', { graph_name: 'app.roads', directed_graph: false, nodes: [], edges: ['roads.id AS EDGE_ID'], weights: [], restrictions: [], options: {} });
  await call('/create/directory', { directory_name: 'models', options: { data_limit: '1000000' } });
  await call('/create/resourcegroup', { name: 'rg_batch', tier_attributes: {}, ranking: 'last', adjoining_resource_group: '', options: { max_cpu_concurrency: '4' } });
  await call('/create/environment', { environment_name: 'ml_env', options: {} });
  await call('/alter/environment', { environment_name: 'ml_env', action: 'install_package', value: 'numpy==1.26.4', options: {} });
  await call('/create/proc', { proc_name: 'scorer', execution_mode: 'distributed', files: { 'score.py': Buffer.from('print(1)\n') }, command: 'python', args: ['score.py'], options: { set_environment: 'ml_env' } });
  await call('/create/catalog', { name: 'lake', table_format: 'iceberg', location: 'https://polaris.example:8181/api/catalog', type: 'REST', credential: '', datasource: '', options: { skip_validation: 'true' } });
  await call('/create/role', { name: 'analyst', options: {} });
  await call('/create/user/internal', { name: 'ana', password: 'pw', options: { default_schema: 'app' } });
  await call('/grant/role', { role: 'analyst', member: 'ana', options: {} });
  await call('/grant/permission/table', { name: 'analyst', permission: 'table_read', table_name: 'app.orders', filter_expression: '', options: {} });
  await call('/alter/user', { name: 'admin', action: 'set_password', value: 'changed', options: {} });
  createStoredProcedure(catalog(), { name: 'app.nightly_job', definition: 'CREATE PROCEDURE app.nightly_job BEGIN DELETE FROM app.orders WHERE id < 0; END' });
  createContext(catalog(), { name: 'app.sales_ctx', definition: "CREATE CONTEXT app.sales_ctx (TABLE = app.orders, COMMENT = 'orders')" });

  await createBackup(url, encoding, 'nightly', 'full', { all: 'app', role: 'analyst', user: 'ana' }, { checksum: 'true', comment: 'first' });
  await insertOrders(url, 'app.orders', [order(6)], encoding);
  await createBackup(url, encoding, 'nightly', 'incremental', {}, { max_incremental_backups_to_keep: '1' });
  await insertOrders(url, 'app.orders', [order(7)], encoding);
  await createBackup(url, encoding, 'nightly', 'incremental');
  await createBackup(url, encoding, 'weekly', 'full', { table: 'app.orders' }, { ddl_only: 'true' });
}
