/**
 * The endpoint tables of src/api/ run without HTTP: a handler is a plain function of a request
 * record and a context that names its emulator. These call the handlers of the schema, table and
 * graph families, and the table monitors' access rules, on an emulator built in the test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { createEmulator, type Emulator } from '../../src/emulator/emulator.js';
import { emulatorSettings } from '../../src/emulator/settings.js';
import type { EmulatorContext } from '../../src/emulator/endpoints.js';
import { MonitorPublisher } from '../../src/monitors/publisher.js';
import { onObject } from '../../src/catalog/security/access.js';
import type { EndpointPath, RequestOf, ResponseOf } from '../../src/wire/registry.js';
import type { EndpointTable } from '../../src/api/endpoint-table.js';
import { schemaEndpoints } from '../../src/api/schemas.js';
import { tableEndpoints } from '../../src/api/tables.js';
import { graphEndpoints } from '../../src/api/graphs.js';
import { monitorEndpoints } from '../../src/api/monitors.js';

const ORDERS_TYPE = JSON.stringify({
  type: 'record',
  name: 'orders',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'item', type: 'string' },
  ],
});

describe('endpoint handlers called without HTTP', () => {
  let emulator: Emulator;

  beforeEach(() => {
    emulator = createEmulator(emulatorSettings(resolveConfig({ values: {} })), { monitorPublisher: new MonitorPublisher(-1, '127.0.0.1') });
  });

  afterEach(() => {
    emulator.close();
  });

  /** Calls a family's handler for `path` as the wire would, with admin's context on this emulator. */
  async function call<P extends EndpointPath>(table: EndpointTable, path: P, request: RequestOf<P>): Promise<ResponseOf<P>> {
    const entry = table[path];
    if (!entry) throw new Error(`${path} is not in this family's table`);
    const context: EmulatorContext = { endpoint: path, encoding: 'json', baseUrl: '', user: 'admin', loose: false, notes: {}, emulator };
    return entry.handler(request, context);
  }

  it('creates a schema that /show/schema then lists, and names a missing one in its error', async () => {
    await call(schemaEndpoints, '/create/schema', { schema_name: 'shop', options: {} });
    const shown = await call(schemaEndpoints, '/show/schema', { schema_name: 'shop', options: {} });
    expect(shown.schema_names).toEqual(['shop']);
    expect(shown.schema_tables).toEqual([[]]);
    await expect(call(schemaEndpoints, '/show/schema', { schema_name: 'nowhere', options: {} })).rejects.toThrow(
      "Schema 'nowhere' does not exist",
    );
  });

  it('creates a type and a table that /show/table then shows, and refuses a table it does not have', async () => {
    const type = await call(tableEndpoints, '/create/type', { type_definition: ORDERS_TYPE, label: 'orders', properties: {}, options: {} });
    await call(tableEndpoints, '/create/table', { table_name: 'orders', type_id: type.type_id, options: {} });
    const shown = await call(tableEndpoints, '/show/table', { table_name: 'orders', options: {} });
    expect(shown.table_names).toEqual(['ki_home.orders']);
    expect(shown.type_ids).toEqual([type.type_id]);
    await expect(call(tableEndpoints, '/show/table', { table_name: 'ki_home.missing', options: {} })).rejects.toThrow(
      'No matching table or schema was found: ki_home.missing',
    );
  });

  it('creates a graph that /show/graph then shows, and names a missing one in its error', async () => {
    await call(graphEndpoints, '/create/graph', {
      graph_name: 'roads',
      directed_graph: true,
      nodes: [],
      edges: ['roads.from AS EDGE_NODE1_NAME', 'roads.to AS EDGE_NODE2_NAME'],
      weights: [],
      restrictions: [],
      options: {},
    });
    const shown = await call(graphEndpoints, '/show/graph', { graph_name: 'roads', options: {} });
    expect(shown.graph_names).toEqual(['ki_home.roads']);
    expect(shown.directed).toEqual([true]);
    expect(shown.graph_owner_user_names).toEqual(['admin']);
    await expect(call(graphEndpoints, '/show/graph', { graph_name: 'nowhere', options: {} })).rejects.toThrow("Graph 'ki_home.nowhere' does not exist");
  });

  it('asks monitor_admin on the monitor a topic id designates, found in the catalog the rule is given', async () => {
    const type = await call(tableEndpoints, '/create/type', { type_definition: ORDERS_TYPE, label: 'orders', properties: {}, options: {} });
    await call(tableEndpoints, '/create/table', { table_name: 'orders', type_id: type.type_id, options: {} });
    const monitor = await call(monitorEndpoints, '/create/tablemonitor', { table_name: 'orders', options: { monitor_id: 'order_feed' } });
    const rule = monitorEndpoints['/clear/tablemonitor']!.access;
    if (typeof rule !== 'function') throw new Error('the rule reads the request');
    const request = { topic_id: monitor.topic_id, options: {} };
    expect(rule(request, emulator.catalog)).toEqual(onObject('table_monitor', 'ki_home.order_feed', 'monitor_admin'));
  });
});
