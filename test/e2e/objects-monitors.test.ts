/**
 * Table monitors, graphs, data lake catalogs and SQL procedures over real HTTP, in JSON and in
 * Avro binary.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable } from '../support/tables.js';
import { createStoredProcedure } from '../../src/catalog/objects/index.js';
import type { ShowGraphResponse, ShowTableMonitorsResponse } from '../../src/generated/records.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

for (const encoding of ENCODINGS) {
  describe(`table monitors (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const monitorError = async (table: string, options: Record<string, string>) =>
      (await fails$('/create/tablemonitor', { table_name: table, options })).message;

    it('creates a monitor with a generated topic id and the table schema', async () => {
      await createOrdersTable(mock.url, 'm_orders', encoding);
      const created = await ok$<{ topic_id: string; table_name: string; type_schema: string; info: Record<string, string> }>(
        '/create/tablemonitor',
        { table_name: 'm_orders', options: { event: 'insert' } },
      );
      expect(created.topic_id).toMatch(/^[0-9a-f]{32}$/);
      expect(created.table_name).toBe('m_orders');
      const table = await ok$<{ type_schemas: string[] }>('/show/table', { table_name: 'm_orders', options: {} });
      expect(created.type_schema).toBe(table.type_schemas[0]);
      expect(created.info).toMatchObject({ insert_topic_id: created.topic_id, monitor_name: `ki_home.${created.topic_id}` });
      const shown = await ok$<ShowTableMonitorsResponse>('/show/tablemonitors', { monitor_ids: [created.topic_id], options: {} });
      expect(shown).toMatchObject({
        monitor_ids: [created.topic_id],
        table_names: ['ki_home.m_orders'],
        events: ['insert'],
        refresh_method: ['on_change'],
        datasink_names: [''],
        max_consecutive_failures: [-1],
        statuses: ['running'],
      });
    });

    it('gives update and delete monitors a count schema', async () => {
      await createOrdersTable(mock.url, 'm_counts', encoding);
      const created = await ok$<{ type_schema: string; info: Record<string, string> }>('/create/tablemonitor', {
        table_name: 'm_counts',
        options: { event: 'delete' },
      });
      expect(JSON.parse(created.type_schema).fields).toEqual([{ name: 'count', type: 'long' }]);
      expect(created.info.delete_topic_id).toBeDefined();
    });

    it('takes a monitor id as its name, in the table schema unless qualified', async () => {
      await ok$('/create/schema', { schema_name: 'shop', options: {} });
      await createOrdersTable(mock.url, 'shop.sales', encoding);
      await ok$('/create/datasink', { name: 'hook', destination: 'https://hook.example/notify', options: {} });
      const created = await ok$<{ topic_id: string }>('/create/tablemonitor', {
        table_name: 'shop.sales',
        options: {
          monitor_id: 'sales_stream',
          datasink_name: 'hook',
          increasing_column: 'ts',
          expression: 'amount > 10',
          refresh_method: 'periodic',
          refresh_period: '60',
          refresh_start_time: '2026-01-01 00:00:00',
          max_consecutive_failures: '5',
        },
      });
      expect(created.topic_id).toBe('sales_stream');
      const shown = await ok$<ShowTableMonitorsResponse>('/show/tablemonitors', { monitor_ids: ['sales_stream'], options: {} });
      expect(shown).toMatchObject({
        table_names: ['shop.sales'],
        increasing_columns: ['ts'],
        filter_expressions: ['amount > 10'],
        refresh_method: ['periodic'],
        refresh_period: ['60'],
        datasink_names: ['ki_home.hook'],
        max_consecutive_failures: [5],
      });
      expect(shown.additional_info[0]).toMatchObject({ monitor_name: 'shop.sales_stream', monitor_type: 'insert' });
      expect(JSON.parse(shown.additional_info[0]!.datasink_json!)).toMatchObject({ name: 'ki_home.hook', destination: 'https://hook.example/notify' });
      const again = await monitorError('shop.sales', { monitor_id: 'sales_stream' });
      expect(again).toBe("Table monitor 'sales_stream' already exists: choose another monitor_id, or clear it first with /clear/tablemonitor");
    });

    it('refuses a missing table, sink or column, and bad options', async () => {
      await createOrdersTable(mock.url, 'm_checks', encoding);
      expect(await monitorError('no_table', {})).toBe("Could not find the table: 'ki_home.no_table' (TM/SMc:1078)");
      expect(await monitorError('m_checks', { datasink_name: 'no_sink' })).toBe("Data sink 'ki_home.no_sink' does not exist");
      expect(await monitorError('m_checks', { increasing_column: 'nope' })).toBe(
        "Column 'nope' does not exist in table 'ki_home.m_checks'; its columns are: id, name, amount, ts",
      );
      expect(await monitorError('m_checks', { event: 'upsert' })).toBe(
        "Value: 'upsert' not a valid parameter for 'event'. Valid values are: insert, update, delete (U/PUh:355)",
      );
      expect(await monitorError('m_checks', { destination: 's3://bucket' })).toBe(
        "Invalid destination 's3://bucket' for a table monitor: the supported types are http, https, kafka, table",
      );
      expect(await monitorError('m_checks', { refresh_period: '10' })).toBe('Options refresh_period and refresh_start_time apply only with refresh_method=periodic');
      expect(await monitorError('m_checks', { refresh_method: 'periodic' })).toBe('refresh_method=periodic needs the option refresh_period (seconds)');
      expect(await monitorError('m_checks', { refresh_method: 'periodic', refresh_period: '5', refresh_start_time: 'tomorrow' })).toBe(
        "Value: 'tomorrow' of option 'refresh_start_time' is not a datetime of the form 'YYYY-MM-DD HH:MM:SS'",
      );
      await ok$('/create/datasink', { name: 'both_sink', destination: 'kafka://k:9092', options: { kafka_topic_name: 't' } });
      expect(await monitorError('m_checks', { datasink_name: 'both_sink', destination: 'http://x' })).toBe(
        'Options datasink_name and destination exclude each other: give one of them',
      );
    });

    it('alters a monitor: suspends it, changes its failure limit and moves it', async () => {
      await createOrdersTable(mock.url, 'm_alter', encoding);
      await ok$('/create/tablemonitor', { table_name: 'm_alter', options: { monitor_id: 'alter_me', destination: 'kafka://k:9092', kafka_topic_name: 't' } });
      await ok$('/create/schema', { schema_name: 'streams', options: {} });
      await ok$('/alter/tablemonitor', {
        topic_id: 'alter_me',
        monitor_updates_map: { notifications: 'suspend', max_consecutive_failures: '3', schema_name: 'streams' },
        options: {},
      });
      const shown = await ok$<ShowTableMonitorsResponse>('/show/tablemonitors', { monitor_ids: ['alter_me'], options: {} });
      expect(shown.statuses).toEqual(['suspended']);
      expect(shown.max_consecutive_failures).toEqual([3]);
      expect(shown.additional_info[0]!.monitor_name).toBe('streams.alter_me');
      expect((await fails$('/alter/tablemonitor', { topic_id: 'alter_me', monitor_updates_map: {}, options: {} })).message).toBe(
        'monitor_updates_map is empty: give at least one property to change',
      );
      expect((await fails$('/alter/tablemonitor', { topic_id: 'alter_me', monitor_updates_map: { notifications: 'pause' }, options: {} })).message).toBe(
        "Value: 'pause' not a valid parameter for 'notifications'. Valid values are: resume, suspend (U/PUh:355)",
      );
    });

    it('clears a monitor by topic id, and fails for a missing one', async () => {
      await createOrdersTable(mock.url, 'm_clear', encoding);
      const created = await ok$<{ topic_id: string }>('/create/tablemonitor', { table_name: 'm_clear', options: {} });
      await ok$('/clear/tablemonitor', { topic_id: created.topic_id, options: {} });
      expect((await fails$('/clear/tablemonitor', { topic_id: created.topic_id, options: {} })).message).toBe(
        `Table monitor '${created.topic_id}' does not exist: give the topic_id /create/tablemonitor returned`,
      );
      expect((await fails$('/show/tablemonitors', { monitor_ids: [created.topic_id], options: {} })).message).toContain('does not exist');
    });

    it('drops the monitors of a table dropped with its schema', async () => {
      await ok$('/create/schema', { schema_name: 'doomed', options: {} });
      await createOrdersTable(mock.url, 'doomed.t', encoding);
      await ok$('/create/tablemonitor', { table_name: 'doomed.t', options: { monitor_id: 'doomed_stream' } });
      await ok$('/drop/schema', { schema_name: 'doomed', options: { cascade: 'true' } });
      const shown = await ok$<ShowTableMonitorsResponse>('/show/tablemonitors', { monitor_ids: [], options: {} });
      expect(shown.monitor_ids).not.toContain('doomed_stream');
    });

    it('drops the monitors of a table dropped with /clear/table, even from another schema', async () => {
      await ok$('/create/schema', { schema_name: 'watchers', options: {} });
      await createOrdersTable(mock.url, 'watched', encoding);
      await ok$('/create/tablemonitor', { table_name: 'watched', options: { monitor_id: 'watchers.watching' } });
      await ok$('/clear/table', { table_name: 'watched', authorization: '', options: {} });
      const shown = await ok$<ShowTableMonitorsResponse>('/show/tablemonitors', { monitor_ids: [], options: {} });
      expect(shown.monitor_ids).not.toContain('watching');
      expect(shown.monitor_ids).not.toContain('watchers.watching');
      expect(shown.table_names).not.toContain('ki_home.watched');
    });
  });

  describe(`graphs (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const graph = (name: string, options: Record<string, string> = {}, edges = ['roads.id AS EDGE_ID', 'roads.wkt AS EDGE_WKTLINE']) => ({
      graph_name: name,
      directed_graph: false,
      nodes: [],
      edges,
      weights: ['roads.len AS WEIGHTS_VALUESPECIFIED'],
      restrictions: [],
      options,
    });

    it('stores a graph definition and shows it back', async () => {
      const created = await ok$<{ result: boolean }>('/create/graph', graph('road_net', { save_persist: 'true', merge_tolerance: '0.001' }));
      expect(created.result).toBe(true);
      const shown = await ok$<ShowGraphResponse>('/show/graph', { graph_name: 'road_net', options: {} });
      expect(shown).toMatchObject({ result: true, graph_names: ['ki_home.road_net'], directed: [false], graph_owner_user_names: ['admin'], is_persisted: [true] });
      expect(JSON.parse(shown.original_request[0]!)).toEqual({
        graph_name: 'ki_home.road_net',
        directed_graph: false,
        nodes: [],
        edges: ['roads.id AS EDGE_ID', 'roads.wkt AS EDGE_WKTLINE'],
        weights: ['roads.len AS WEIGHTS_VALUESPECIFIED'],
        restrictions: [],
        options: { save_persist: 'true', merge_tolerance: '0.001' },
      });
      const quiet = await ok$<ShowGraphResponse>('/show/graph', { graph_name: 'road_net', options: { show_original_request: 'false' } });
      expect(quiet.original_request).toEqual(['']);
    });

    it('refuses a duplicate unless recreate, a graph without edges and bad options', async () => {
      await ok$('/create/graph', graph('twice_net'));
      expect((await fails$('/create/graph', graph('twice_net'))).message).toBe("Graph 'ki_home.twice_net' already exists (use the option recreate=true to replace it)");
      await ok$('/create/graph', { ...graph('twice_net', { recreate: 'true' }), directed_graph: true });
      const shown = await ok$<ShowGraphResponse>('/show/graph', { graph_name: 'twice_net', options: {} });
      expect(shown.directed).toEqual([true]);
      expect((await fails$('/create/graph', graph('no_edges', {}, []))).message).toBe(
        'A graph needs edges: give at least one edge identifier combination in edges',
      );
      expect((await fails$('/create/graph', graph('bad_opt', { use_rtree: 'yes' }))).message).toBe(
        "Value: 'yes' not a valid parameter for 'use_rtree'. Valid values are: true, false (U/PUh:355)",
      );
    });

    it('deletes a graph, and fails for a missing one', async () => {
      await ok$('/create/graph', graph('gone_net'));
      const deleted = await ok$<{ result: boolean }>('/delete/graph', { graph_name: 'gone_net', options: {} });
      expect(deleted.result).toBe(true);
      expect((await fails$('/delete/graph', { graph_name: 'gone_net', options: {} })).message).toBe("Graph 'ki_home.gone_net' does not exist");
      expect((await fails$('/show/graph', { graph_name: 'gone_net', options: {} })).message).toBe("Graph 'ki_home.gone_net' does not exist");
    });
  });

  describe(`data lake catalogs (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const lake = (name: string, overrides: Record<string, unknown> = {}) => ({
      name,
      table_format: 'iceberg',
      location: 'https://polaris.example:8181/api/catalog',
      type: 'REST',
      credential: '',
      datasource: '',
      options: {},
      ...overrides,
    });

    it('creates and drops a catalog', async () => {
      await ok$('/create/credential', { credential_name: 'lake_cred', type: 'rest', identity: 'id', secret: 's', options: {} });
      await ok$('/create/catalog', lake('ice', { credential: 'lake_cred', options: { access_delegation: 'vended_credentials', skip_validation: 'true' } }));
      expect(mock.server.emulator.catalog.get('catalog', undefined, 'ice')!.definition()).toEqual({
        name: 'ice',
        table_format: 'iceberg',
        location: 'https://polaris.example:8181/api/catalog',
        type: 'rest',
        credential: 'ki_home.lake_cred',
        datasource: '',
        options: { access_delegation: 'vended_credentials' },
      });
      expect((await fails$('/drop/credential', { credential_name: 'lake_cred', options: {} })).message).toBe(
        "Cannot drop credential 'ki_home.lake_cred': it is used by catalog 'ice'; drop or alter that first",
      );
      await ok$('/drop/catalog', { name: 'ice', options: {} });
      expect((await fails$('/drop/catalog', { name: 'ice', options: {} })).message).toBe("Catalog 'ice' does not exist");
    });

    it('refuses a duplicate, an unknown format or type, a bad location and missing references', async () => {
      await ok$('/create/catalog', lake('dup_lake'));
      expect((await fails$('/create/catalog', lake('dup_lake'))).message).toBe("Catalog 'dup_lake' already exists");
      expect((await fails$('/create/catalog', lake('x', { table_format: 'parquet' }))).message).toBe(
        "Value: 'parquet' not a valid parameter. Valid values are: iceberg, hudi, deltalake (U/PUh:355)",
      );
      expect((await fails$('/create/catalog', lake('x', { type: 'oracle' }))).message).toBe(
        "Value: 'oracle' not a valid parameter. Valid values are: rest, unity, polaris, tabular, nessie, hive, glue (U/PUh:355)",
      );
      expect((await fails$('/create/catalog', lake('x', { location: 's3://bucket' }))).message).toBe(
        "Invalid location 's3://bucket' for a catalog: use the form 'http[s]://<server>[:<port>]'",
      );
      expect((await fails$('/create/catalog', lake('x', { credential: 'nope' }))).message).toBe(
        "Credential 'ki_home.nope' (option credential) does not exist: create it first with /create/credential",
      );
      expect((await fails$('/create/catalog', lake('x', { datasource: 'nope' }))).message).toBe("Data source 'ki_home.nope' does not exist");
      await ok$('/create/catalog', lake('glue_lake', { type: 'glue', location: '' }));
    });
  });

  describe(`SQL procedures (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);

    it('shows procedures created through the catalog API', async () => {
      const catalog = mock.server.emulator.catalog;
      createStoredProcedure(catalog, {
        name: 'scheduled_backup',
        definition: 'CREATE PROCEDURE scheduled_backup BEGIN BACKUP daily_backup DATA SINK = backup_ds END',
        schedule: { executeInterval: '86400', executeStartTime: '2025-01-01 00:00:00' },
      });
      const shown = await ok$<{ procedure_names: string[]; procedure_definitions: string[]; additional_info: Record<string, string>[] }>(
        '/show/sql/proc',
        { procedure_name: 'scheduled_backup', options: {} },
      );
      expect(shown.procedure_names).toEqual(['ki_home.scheduled_backup']);
      expect(shown.procedure_definitions[0]).toContain('BACKUP daily_backup');
      expect(shown.additional_info[0]).toEqual({
        execute_as: '',
        execute_interval: '86400',
        execute_start_time: '2025-01-01 00:00:00',
        execute_stop_time: '',
      });
      const all = await ok$<{ procedure_names: string[] }>('/show/sql/proc', { procedure_name: '', options: {} });
      expect(all.procedure_names).toContain('ki_home.scheduled_backup');
    });

    it('fails for a missing procedure unless no_error_if_not_exists', async () => {
      expect((await fails$('/show/sql/proc', { procedure_name: 'nope', options: {} })).message).toBe("SQL procedure 'ki_home.nope' does not exist");
      const quiet = await ok$<{ procedure_names: string[] }>('/show/sql/proc', { procedure_name: 'nope', options: { no_error_if_not_exists: 'true' } });
      expect(quiet.procedure_names).toEqual([]);
    });
  });
}
