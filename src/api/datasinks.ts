/**
 * Data sinks: /create/datasink, /alter/datasink, /drop/datasink, /show/datasink.
 * The destination is checked against the documented providers and the options against the
 * provider; the emulator never connects, so skip_validation changes nothing.
 */
import { connectorErrors } from '../errors/connectors.js';
import { buildDataSink, Credential, DataSink, redactUrl } from '../catalog/connectors/index.js';
import { visibleOptions } from '../catalog/connectors/providers.js';
import { parseObjectName, requireObject } from '../catalog/objects/lookup.js';
import { plannedMove } from '../catalog/objects/move.js';
import { describeEntry, referrersOf } from '../catalog/objects/references.js';
import { parseQualified } from '../catalog/names.js';
import type { Catalog } from '../catalog/catalog.js';
import { ALTER_DATASINK_UPDATES, CREATE_DATASINK_OPTIONS } from './connector-options.js';
import { bool, knownEntries, readOptions, updatedOptions } from './options.js';
import { anyone, createIn, grantCreatorAdmin, onObject } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';
import { isAll, schemaOfName, visibleObjects } from './object-access.js';

/**
 * Data sink permissions (security-concepts): creating one needs datasink_create on its schema,
 * altering or dropping it datasink_admin, seeing it connect; a listing shows only the data sinks the
 * caller may connect to. The creator gets datasink_admin with grant option.
 */
export const datasinkEndpoints: EndpointTable = {
  '/create/datasink': { handler: createDatasink, access: (request) => createIn(schemaOfName(request.name), 'datasink') },
  '/alter/datasink': { handler: alterDatasink, access: (request) => onObject('datasink', request.name, 'datasink_admin') },
  '/drop/datasink': { handler: dropDatasink, access: (request) => onObject('datasink', request.name, 'datasink_admin') },
  '/show/datasink': {
    handler: showDatasink,
    access: (request) => (isAll(request.name) ? anyone : onObject('datasink', request.name, 'connect')),
  },
};

/** Updates that are not options of the sink. */
const NOT_OPTIONS = new Set(['destination', 'schema_name']);

/** The identity of the credential a connector uses: the "remote system user" /show/datasink reports. */
export function credentialIdentity(catalog: Catalog, options: Readonly<Record<string, string>>): string {
  const reference = options.credential;
  if (!reference) return '';
  const qualified = parseQualified(reference, 'credential');
  return catalog.get<Credential>('credential', qualified.schema, qualified.name)?.fields.identity ?? '';
}

const find = (context: EmulatorContext, name: string) =>
  requireObject<DataSink>(context.emulator.catalog, 'datasink', name, connectorErrors.datasinkNotFound);

function createDatasink(request: RequestOf<'/create/datasink'>, context: EmulatorContext): ResponseOf<'/create/datasink'> {
  readOptions(request.options, CREATE_DATASINK_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const parsed = parseObjectName('datasink', request.name);
  const existing = catalog.get<DataSink>('datasink', parsed.schema, parsed.name);
  if (existing) throw connectorErrors.datasinkExists(existing.qualifiedName);
  const sink = buildDataSink(catalog, parsed.schema!, parsed.name, request.destination, knownEntries(request.options, CREATE_DATASINK_OPTIONS));
  catalog.add(sink);
  grantCreatorAdmin(catalog, context.user, { objectType: 'datasink', object: sink.qualifiedName }, 'datasink_admin');
  return { name: request.name, info: {} };
}

function alterDatasink(request: RequestOf<'/alter/datasink'>, context: EmulatorContext): ResponseOf<'/alter/datasink'> {
  readOptions(request.options, {}, context);
  const updates = readOptions(request.datasink_updates_map, ALTER_DATASINK_UPDATES, context);
  const known = knownEntries(request.datasink_updates_map, ALTER_DATASINK_UPDATES);
  if (Object.keys(known).length === 0) throw connectorErrors.emptyUpdates('datasink_updates_map');
  const catalog = context.emulator.catalog;
  const sink = find(context, request.name);
  const options = updatedOptions(sink.options, known, NOT_OPTIONS);
  const candidate = buildDataSink(catalog, sink.schema, sink.name, updates.destination ?? sink.destination, options);
  const moveTo = plannedMove(catalog, sink, updates.schema_name);
  if (JSON.stringify(candidate.definition()) !== JSON.stringify(sink.definition())) {
    sink.destination = candidate.destination;
    sink.options = candidate.options;
    catalog.touch(sink);
  }
  if (moveTo !== undefined) catalog.rename(sink, moveTo, sink.name);
  const shown = visibleOptions(known);
  if (shown.destination !== undefined) shown.destination = redactUrl(shown.destination);
  return { updated_properties_map: shown, info: {} };
}

function dropDatasink(request: RequestOf<'/drop/datasink'>, context: EmulatorContext): ResponseOf<'/drop/datasink'> {
  const options = readOptions(request.options, { clear_table_monitors: bool }, context);
  const catalog = context.emulator.catalog;
  const sink = find(context, request.name);
  const users = referrersOf(catalog, sink);
  const monitors = users.filter((entry) => entry.kind === 'monitor');
  const others = users.filter((entry) => entry.kind !== 'monitor');
  if (others.length > 0) throw connectorErrors.inUse('data sink', sink.qualifiedName, others.map(describeEntry));
  if (monitors.length > 0 && !options.clear_table_monitors) {
    throw connectorErrors.datasinkUsedByMonitors(sink.qualifiedName, monitors.map(describeEntry));
  }
  for (const monitor of monitors) catalog.remove(monitor);
  catalog.remove(sink);
  return { name: request.name, info: {} };
}

function showDatasink(request: RequestOf<'/show/datasink'>, context: EmulatorContext): ResponseOf<'/show/datasink'> {
  readOptions(request.options, {}, context);
  const catalog = context.emulator.catalog;
  const wanted = request.name.trim();
  const sinks = isAll(wanted)
    ? visibleObjects<DataSink>(context.emulator, context.user, 'datasink', 'datasink', 'connect')
    : [find(context, wanted)];
  return {
    datasink_names: sinks.map((sink) => sink.qualifiedName),
    destination_types: sinks.map((sink) => sink.scheme),
    additional_info: sinks.map((sink) => ({
      ...visibleOptions(sink.options),
      destination: redactUrl(sink.destination),
      kafka_topic_name: sink.options.kafka_topic_name ?? '',
      user_name: credentialIdentity(catalog, sink.options),
    })),
    info: {},
  };
}
