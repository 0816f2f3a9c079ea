/**
 * Graphs: /create/graph keeps the definition (nodes, edges, weights, restrictions, options);
 * /delete/graph and /show/graph. The emulator builds and solves nothing, so node and edge
 * counts are reported as 0.
 */
import { objectErrors } from '../errors/objects.js';
import { Graph } from '../catalog/objects/index.js';
import { parseObjectName, requireObject } from '../catalog/objects/lookup.js';
import { bool, isTrue, knownEntries, readOptions, text, type OptionParser } from './options.js';
import { optionErrors } from '../errors/options.js';
import { anyone, createIn, grantCreatorAdmin, onObject } from './access.js';
import { schemaOfName, visibleObjects } from './object-access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/** Graph permissions (security-concepts): graph_create on the schema, graph_admin to drop, graph_read to show; the creator gets graph_admin. */
export const graphEndpoints: EndpointTable = {
  '/create/graph': { handler: createGraph, access: (request) => createIn(schemaOfName(request.graph_name), 'graph') },
  '/delete/graph': { handler: deleteGraph, access: (request) => onObject('graph', request.graph_name, 'graph_admin') },
  '/show/graph': {
    handler: showGraph,
    access: (request) => (request.graph_name.trim() === '' ? anyone : onObject('graph', request.graph_name, 'graph_read')),
  },
};

const number: OptionParser<number> = (value, key) => {
  const parsed = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) throw optionErrors.invalidValue(key, value, ['a number of at least 0']);
  return parsed;
};

const CREATE_GRAPH_OPTIONS = {
  merge_tolerance: number,
  recreate: bool,
  save_persist: bool,
  add_table_monitor: bool,
  graph_table: text,
  add_turns: bool,
  is_partitioned: bool,
  server_id: text,
  use_rtree: bool,
  label_delimiter: text,
  allow_multiple_edges: bool,
  embedding_table: text,
};

/** Options that steer the request and are not kept with the graph. */
const REQUEST_ONLY = new Set(['recreate']);

const find = (context: EmulatorContext, name: string) =>
  requireObject<Graph>(context.emulator.catalog, 'graph', name, objectErrors.graphNotFound);

function createGraph(request: RequestOf<'/create/graph'>, context: EmulatorContext): ResponseOf<'/create/graph'> {
  const options = readOptions(request.options, CREATE_GRAPH_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const parsed = parseObjectName('graph', request.graph_name);
  if (request.edges.every((edge) => edge.trim() === '')) throw objectErrors.graphNeedsEdges();
  const spec = {
    directed: request.directed_graph,
    nodes: [...request.nodes],
    edges: [...request.edges],
    weights: [...request.weights],
    restrictions: [...request.restrictions],
    options: knownEntries(request.options, CREATE_GRAPH_OPTIONS, REQUEST_ONLY),
  };
  const existing = catalog.get<Graph>('graph', parsed.schema, parsed.name);
  if (existing) {
    if (!options.recreate) throw objectErrors.graphExists(existing.qualifiedName);
    existing.spec = spec;
    existing.owner = context.user;
    catalog.touch(existing);
  } else {
    catalog.add(new Graph(parsed.schema!, parsed.name, spec, context.user));
    grantCreatorAdmin(catalog, context.user, { objectType: 'graph', object: parsed.display }, 'graph_admin');
  }
  return { result: true, num_nodes: 0, num_edges: 0, edges_ids: [], info: {} };
}

function deleteGraph(request: RequestOf<'/delete/graph'>, context: EmulatorContext): ResponseOf<'/delete/graph'> {
  readOptions(request.options, { delete_persist: bool, server_id: text }, context);
  context.emulator.catalog.remove(find(context, request.graph_name));
  return { result: true, info: {} };
}

function showGraph(request: RequestOf<'/show/graph'>, context: EmulatorContext): ResponseOf<'/show/graph'> {
  const options = readOptions(request.options, { show_original_request: bool, server_id: text, export_graph_schema: bool }, context);
  const graphs =
    request.graph_name.trim() === ''
      ? visibleObjects<Graph>(context.emulator, context.user, 'graph', 'graph', 'graph_read')
      : [find(context, request.graph_name)];
  const showRequest = options.show_original_request ?? true;
  return {
    result: true,
    load: [0],
    memory: [0],
    graph_names: graphs.map((graph) => graph.qualifiedName),
    graph_server_ids: graphs.map(() => 1),
    graph_owner_user_names: graphs.map((graph) => graph.owner),
    graph_owner_resource_groups: graphs.map(() => 'kinetica_default_resource_group'),
    directed: graphs.map((graph) => graph.spec.directed),
    num_nodes: graphs.map(() => 0),
    num_edges: graphs.map(() => 0),
    num_bytes: graphs.map(() => 0),
    resource_capacity: graphs.map(() => 0),
    is_persisted: graphs.map((graph) => isTrue(graph.spec.options.save_persist)),
    is_partitioned: graphs.map((graph) => isTrue(graph.spec.options.is_partitioned)),
    is_sync_db: graphs.map((graph) => isTrue(graph.spec.options.add_table_monitor)),
    has_insert_table_monitor: graphs.map((graph) => isTrue(graph.spec.options.add_table_monitor)),
    original_request: graphs.map((graph) =>
      showRequest
        ? JSON.stringify({
            graph_name: graph.qualifiedName,
            directed_graph: graph.spec.directed,
            nodes: graph.spec.nodes,
            edges: graph.spec.edges,
            weights: graph.spec.weights,
            restrictions: graph.spec.restrictions,
            options: graph.spec.options,
          })
        : '',
    ),
    info: (options.export_graph_schema ? { dot: '' } : {}) as Record<string, string>,
  };
}
