/**
 * Data sources: /create/datasource, /alter/datasource, /drop/datasource, /show/datasource.
 * Checked like data sinks; the password is kept but never shown back.
 */
import { connectorErrors } from '../errors/connectors.js';
import { buildDataSource, DataSource, redactUrl } from '../catalog/connectors/index.js';
import { REDACTED, visibleOptions } from '../catalog/connectors/providers.js';
import { parseObjectName, requireObject } from '../catalog/objects/lookup.js';
import { plannedMove } from '../catalog/objects/move.js';
import { describeEntry, referrersOf } from '../catalog/objects/references.js';
import { ALTER_DATASOURCE_UPDATES, CREATE_DATASOURCE_OPTIONS } from './connector-options.js';
import { knownEntries, readOptions, updatedOptions } from './options.js';
import { anyone, createIn, grantCreatorAdmin, onObject } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';
import { isAll, schemaOfName, visibleObjects } from './object-access.js';

/**
 * Data source permissions (security-concepts): creating one needs datasource_create on its schema,
 * altering or dropping it datasource_admin, seeing it connect; a listing shows only the data sources the
 * caller may connect to. The creator gets datasource_admin with grant option.
 */
export const datasourceEndpoints: EndpointTable = {
  '/create/datasource': { handler: createDatasource, access: (request) => createIn(schemaOfName(request.name), 'datasource') },
  '/alter/datasource': { handler: alterDatasource, access: (request) => onObject('datasource', request.name, 'datasource_admin') },
  '/drop/datasource': { handler: dropDatasource, access: (request) => onObject('datasource', request.name, 'datasource_admin') },
  '/show/datasource': {
    handler: showDatasource,
    access: (request) => (isAll(request.name) ? anyone : onObject('datasource', request.name, 'connect')),
  },
};

/** Updates that are not options of the source. */
const NOT_OPTIONS = new Set(['location', 'user_name', 'password', 'schema_name']);

const find = (context: EmulatorContext, name: string) =>
  requireObject<DataSource>(context.emulator.catalog, 'datasource', name, connectorErrors.datasourceNotFound);

function createDatasource(request: RequestOf<'/create/datasource'>, context: EmulatorContext): ResponseOf<'/create/datasource'> {
  readOptions(request.options, CREATE_DATASOURCE_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const parsed = parseObjectName('datasource', request.name);
  const existing = catalog.get<DataSource>('datasource', parsed.schema, parsed.name);
  if (existing) throw connectorErrors.datasourceExists(existing.qualifiedName);
  const source = buildDataSource(
    catalog,
    parsed.schema!,
    parsed.name,
    request.location,
    request.user_name,
    request.password,
    knownEntries(request.options, CREATE_DATASOURCE_OPTIONS),
  );
  catalog.add(source);
  grantCreatorAdmin(catalog, context.user, { objectType: 'datasource', object: source.qualifiedName }, 'datasource_admin');
  return { name: request.name, info: {} };
}

function alterDatasource(request: RequestOf<'/alter/datasource'>, context: EmulatorContext): ResponseOf<'/alter/datasource'> {
  readOptions(request.options, {}, context);
  const updates = readOptions(request.datasource_updates_map, ALTER_DATASOURCE_UPDATES, context);
  const known = knownEntries(request.datasource_updates_map, ALTER_DATASOURCE_UPDATES);
  if (Object.keys(known).length === 0) throw connectorErrors.emptyUpdates('datasource_updates_map');
  const catalog = context.emulator.catalog;
  const source = find(context, request.name);
  const options = updatedOptions(source.options, known, NOT_OPTIONS);
  const candidate = buildDataSource(
    catalog,
    source.schema,
    source.name,
    updates.location ?? source.location,
    updates.user_name ?? source.userName,
    updates.password ?? source.password,
    options,
  );
  const moveTo = plannedMove(catalog, source, updates.schema_name);
  if (JSON.stringify(candidate.definition()) !== JSON.stringify(source.definition())) {
    source.location = candidate.location;
    source.userName = candidate.userName;
    source.password = candidate.password;
    source.options = candidate.options;
    catalog.touch(source);
  }
  if (moveTo !== undefined) catalog.rename(source, moveTo, source.name);
  const shown = visibleOptions(known);
  if (shown.password !== undefined && shown.password !== '') shown.password = REDACTED;
  if (shown.location !== undefined) shown.location = redactUrl(shown.location);
  return { updated_properties_map: shown, info: {} };
}

function dropDatasource(request: RequestOf<'/drop/datasource'>, context: EmulatorContext): ResponseOf<'/drop/datasource'> {
  readOptions(request.options, {}, context);
  const catalog = context.emulator.catalog;
  const source = find(context, request.name);
  const users = referrersOf(catalog, source);
  if (users.length > 0) throw connectorErrors.inUse('data source', source.qualifiedName, users.map(describeEntry));
  catalog.remove(source);
  return { name: request.name, info: {} };
}

function showDatasource(request: RequestOf<'/show/datasource'>, context: EmulatorContext): ResponseOf<'/show/datasource'> {
  readOptions(request.options, {}, context);
  const wanted = request.name.trim();
  const sources = isAll(wanted)
    ? visibleObjects<DataSource>(context.emulator, context.user, 'datasource', 'datasource', 'connect')
    : [find(context, wanted)];
  return {
    datasource_names: sources.map((source) => source.qualifiedName),
    storage_provider_types: sources.map((source) => source.scheme),
    additional_info: sources.map((source) => ({
      ...visibleOptions(source.options),
      location: redactUrl(source.location),
      s3_bucket_name: source.options.s3_bucket_name ?? '',
      s3_region: source.options.s3_region ?? '',
      hdfs_kerberos_keytab: source.options.hdfs_kerberos_keytab ?? '',
      user_name: source.userName,
    })),
    info: {},
  };
}
