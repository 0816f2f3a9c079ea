/**
 * The catalog side of the connector and other kinds: the internal API for SQL procedures and
 * contexts, the cleanup of a dropped table's monitors, and restores from definitions.
 */
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { parseType } from '../../src/catalog/table/type-model.js';
import { buildCredential, buildDataSink, buildDataSource, connectorRestoreHandlers } from '../../src/catalog/connectors/index.js';
import {
  createContext,
  createStoredProcedure,
  dropContext,
  dropStoredProcedure,
  FunctionEnvironment,
  Graph,
  otherRestoreHandlers,
  removeTableMonitors,
  ResourceGroup,
  Directory,
} from '../../src/catalog/objects/index.js';
import { buildDataCatalog, buildMonitor, buildUdf } from '../../src/catalog/objects/build.js';
import type { CatalogEntry } from '../../src/catalog/entry.js';
import type { RestoreHandler } from '../../src/catalog/restore-handler.js';
import { kineticaErrorOf } from '../support/errors.js';

const TYPE = JSON.stringify({ type: 'record', name: 't', fields: [{ name: 'id', type: 'int' }, { name: 'ts', type: 'long' }] });

function newCatalog(): Catalog {
  return new Catalog({ recordsPerFile: 100, now: () => 1764201600000 });
}

function withTable(catalog: Catalog, schema: string, name: string): void {
  if (!catalog.schema(schema)) catalog.createSchema(schema);
  catalog.createTable(schema, name, catalog.registerType(parseType(TYPE, 't', {})), {});
}

const message = (run: () => unknown): string => kineticaErrorOf(run).message;

const handlers = new Map<string, RestoreHandler>([...connectorRestoreHandlers, ...otherRestoreHandlers].map((handler) => [handler.kind, handler]));

/** Restores an entry's definition into a catalog under a target name and returns the new entry's definition. */
function restore(entry: CatalogEntry, into: Catalog, schema = entry.schema, name = entry.name): Record<string, unknown> {
  const handler = handlers.get(entry.kind)!;
  const definition = JSON.parse(JSON.stringify(entry.definition())) as Record<string, unknown>;
  const restored = handler.fromDefinition(definition, { schema, name }, into);
  into.add(restored);
  return restored.definition();
}

describe('SQL procedures and contexts (internal API)', () => {
  it('creates, redefines with replace, and drops a SQL procedure', () => {
    const catalog = newCatalog();
    const procedure = createStoredProcedure(catalog, { name: 'p1', definition: 'CREATE PROCEDURE p1 BEGIN SELECT 1 END' });
    expect(procedure.definition()).toEqual({
      procedure_name: 'ki_home.p1',
      definition: 'CREATE PROCEDURE p1 BEGIN SELECT 1 END',
      execute_as: '',
      execute_interval: '',
      execute_start_time: '',
      execute_stop_time: '',
      owner: '',
      default_schema: '',
      tables: [],
    });
    expect(message(() => createStoredProcedure(catalog, { name: 'P1', definition: 'x' }))).toBe(
      "SQL procedure 'ki_home.p1' already exists (use CREATE OR REPLACE PROCEDURE)",
    );
    // OR REPLACE drops the former procedure and creates the new one, as Kinetica does.
    const replaced = createStoredProcedure(catalog, { name: 'p1', definition: 'CREATE PROCEDURE p1 BEGIN SELECT 2 END', replace: true });
    expect(replaced).not.toBe(procedure);
    expect(replaced.defVersion).toBeGreaterThan(procedure.defVersion);
    expect(catalog.get('stored_procedure', 'ki_home', 'p1')).toBe(replaced);
    expect(replaced.text).toContain('SELECT 2');
    expect(dropStoredProcedure(catalog, 'ki_home.p1')).toBe(true);
    expect(dropStoredProcedure(catalog, 'p1', { ifExists: true })).toBe(false);
    expect(message(() => dropStoredProcedure(catalog, 'p1'))).toBe("SQL procedure 'ki_home.p1' does not exist");
  });

  it('refuses an empty definition and a missing schema', () => {
    const catalog = newCatalog();
    expect(message(() => createStoredProcedure(catalog, { name: 'p', definition: ' ' }))).toBe("The definition of SQL procedure 'ki_home.p' is empty");
    expect(message(() => createContext(catalog, { name: 'nowhere.c', definition: 'CREATE CONTEXT c (...)' }))).toBe(
      "Cannot create context 'nowhere.c': schema 'nowhere' does not exist (create it first with /create/schema)",
    );
  });

  it('creates and drops a SQL-GPT context', () => {
    const catalog = newCatalog();
    catalog.createSchema('gpt');
    const context = createContext(catalog, { name: 'gpt.sales_ctx', definition: "CREATE CONTEXT gpt.sales_ctx (TABLE = sales, COMMENT = 'x')" });
    expect(catalog.list('context')).toEqual([context]);
    expect(context.definition()).toEqual({ context_name: 'gpt.sales_ctx', definition: "CREATE CONTEXT gpt.sales_ctx (TABLE = sales, COMMENT = 'x')" });
    expect(dropContext(catalog, 'gpt.sales_ctx')).toBe(true);
    expect(catalog.list('context')).toEqual([]);
  });
});

describe('removeTableMonitors', () => {
  it('removes the monitors of a table, wherever they live, and records the change', () => {
    const catalog = newCatalog();
    withTable(catalog, 'ki_home', 'orders');
    withTable(catalog, 'ki_home', 'other');
    catalog.createSchema('streams');
    const watching = buildMonitor(catalog, { schema: 'streams', name: 'm1', topicId: 'm1', tableName: 'orders', datasinkName: '', options: {}, status: 'running' });
    const unrelated = buildMonitor(catalog, { schema: 'ki_home', name: 'm2', topicId: 'm2', tableName: 'other', datasinkName: '', options: {}, status: 'running' });
    catalog.add(watching);
    catalog.add(unrelated);
    const before = catalog.changes.seq;
    const removed = removeTableMonitors(catalog, catalog.table('ki_home', 'orders')!);
    expect(removed).toEqual([watching]);
    expect(catalog.list('monitor')).toEqual([unrelated]);
    expect(catalog.changes.seq).toBeGreaterThan(before);
  });
});

describe('restoring from definitions', () => {
  it('recreates credentials, sinks and sources exactly, secrets included', () => {
    const source = newCatalog();
    const credential = buildCredential('ki_home', 'c1', { type: 'aws_access_key', identity: 'AKIA', secret: 'shh', options: {} });
    source.add(credential);
    const sink = buildDataSink(source, 'ki_home', 's1', 's3', { credential: 'c1', s3_bucket_name: 'b', s3_encryption_customer_key: 'k' });
    const dataSource = buildDataSource(source, 'ki_home', 'd1', 'hdfs://nn:8020/x', 'u', 'pw', {});
    source.add(sink);
    source.add(dataSource);
    const target = newCatalog();
    expect(restore(credential, target)).toEqual(credential.definition());
    expect(restore(sink, target)).toEqual(sink.definition());
    expect(restore(dataSource, target)).toEqual(dataSource.definition());
  });

  it('refuses a sink whose credential is missing', () => {
    const source = newCatalog();
    source.add(buildCredential('ki_home', 'c1', { type: 'hdfs', identity: '', secret: '', options: {} }));
    const sink = buildDataSink(source, 'ki_home', 's1', 'hdfs://nn:8020', { credential: 'c1' });
    expect(message(() => restore(sink, newCatalog()))).toBe(
      "Credential 'ki_home.c1' (option credential) does not exist: create it first with /create/credential",
    );
  });

  it('points a sink restored into another schema at the credential restored beside it', () => {
    const source = newCatalog();
    source.createSchema('a');
    const credential = buildCredential('a', 'c1', { type: 'hdfs', identity: '', secret: '', options: {} });
    source.add(credential);
    const sink = buildDataSink(source, 'a', 's1', 'hdfs://nn:8020', { credential: 'a.c1' });
    source.add(sink);
    const target = newCatalog();
    target.createSchema('b');
    restore(credential, target, 'b');
    expect(restore(sink, target, 'b')).toMatchObject({ datasink_name: 'b.s1', options: { credential: 'b.c1' } });
  });

  it('recreates a monitor beside its table, following the schema it is restored into', () => {
    const source = newCatalog();
    withTable(source, 'a', 'orders');
    source.add(buildDataSink(source, 'a', 'hook', 'http://h', {}));
    const monitor = buildMonitor(source, { schema: 'a', name: 'm', topicId: 'm', tableName: 'a.orders', datasinkName: 'a.hook', options: { event: 'update' }, status: 'suspended' });
    source.add(monitor);
    const same = newCatalog();
    withTable(same, 'a', 'orders');
    same.add(buildDataSink(same, 'a', 'hook', 'http://h', {}));
    expect(restore(monitor, same)).toEqual(monitor.definition());
    const moved = newCatalog();
    withTable(moved, 'b', 'orders');
    moved.add(buildDataSink(moved, 'b', 'hook', 'http://h', {}));
    expect(restore(monitor, moved, 'b')).toMatchObject({ monitor_name: 'b.m', table_name: 'b.orders', datasink_name: 'b.hook', status: 'suspended' });
    expect(message(() => restore(monitor, newCatalog()))).toBe("Could not find the table: 'a.orders' (TM/SMc:1078)");
  });

  it('recreates the other kinds exactly', () => {
    const source = newCatalog();
    const target = newCatalog();
    const environment = new FunctionEnvironment('env', ['numpy==1.26.4']);
    source.add(environment);
    const udf = buildUdf(source, 'udf', 'nondistributed', new Map([['a.py', Buffer.from([0, 255, 1])]]), 'python', ['a.py'], { set_environment: 'env' });
    const group = new ResourceGroup('rg', 2, { VRAM: { max_memory: '10' } }, { max_cpu_concurrency: '8' });
    const directory = new Directory('models', 100, 'admin', 0);
    const graph = new Graph('ki_home', 'g', { directed: true, nodes: [], edges: ['t.a AS EDGE_ID'], weights: [], restrictions: [], options: { save_persist: 'true' } }, 'admin');
    const lake = buildDataCatalog(source, 'lake', { tableFormat: 'hudi', location: 'http://h:1', type: 'hive', credential: '', datasource: '', options: {} });
    const procedure = createStoredProcedure(source, { name: 'p', definition: 'CREATE PROCEDURE p BEGIN END', schedule: { executeAs: 'admin' } });
    const context = createContext(source, { name: 'ctx', definition: 'CREATE CONTEXT ctx ()' });
    for (const entry of [environment, udf, group, directory, graph, lake, procedure, context]) {
      expect(restore(entry, target)).toEqual(entry.definition());
    }
    const restoredUdf = target.get('user_defined_function', undefined, 'udf')!;
    expect(restoredUdf.definition().files).toEqual({ 'a.py': Buffer.from([0, 255, 1]).toString('base64') });
  });

  it('has a handler for every kind of this half of the catalog, ordered so references come first', () => {
    const order = (kind: string) => handlers.get(kind)!.restoreOrder;
    expect([...handlers.keys()].sort()).toEqual(
      ['catalog', 'context', 'credential', 'datasink', 'datasource', 'directory', 'function_environment', 'graph', 'monitor', 'resource_group', 'stored_procedure', 'user_defined_function'],
    );
    expect(order('credential')).toBeLessThan(order('datasink'));
    expect(order('credential')).toBeLessThan(order('datasource'));
    expect(order('datasource')).toBeLessThan(order('catalog'));
    expect(order('function_environment')).toBeLessThan(order('user_defined_function'));
    expect(order('datasink')).toBeLessThan(order('monitor'));
  });
});
