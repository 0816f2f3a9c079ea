/**
 * Table monitors (SQL streams): /create/tablemonitor, /clear/tablemonitor, /show/tablemonitors,
 * /alter/tablemonitor. A monitor is found by its topic id (or its qualified name); its
 * notifications go out over ZeroMQ (src/monitors/).
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import { objectErrors } from '../errors/objects.js';
import { DataSink, redactUrl } from '../catalog/connectors/index.js';
import { visibleOptions } from '../catalog/connectors/providers.js';
import { keyOf, parseQualified } from '../catalog/names.js';
import { buildMonitor } from '../catalog/objects/build.js';
import { TableMonitor } from '../catalog/objects/index.js';
import { MONITOR_COUNT_SCHEMA, MONITOR_EVENTS, type MonitorEvent } from '../catalog/objects/monitor.js';
import { plannedMove } from '../catalog/objects/move.js';
import { bool, integer, knownEntries, oneOf, readOptions, text, type OptionParser } from './options.js';
import { requireTable } from './tables.js';
import { allOf, anyone, createIn, grantCreatorAdmin, onObject, onTable } from './access.js';
import { schemaOfName } from './object-access.js';
import { notificationFilter } from '../monitors/notify.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

const refreshStartTime: OptionParser<string> = (value) => {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value.trim()) || Number.isNaN(Date.parse(value.trim().replace(' ', 'T') + 'Z'))) {
    throw objectErrors.badRefreshStartTime(value);
  }
  return value.trim();
};

const CREATE_MONITOR_OPTIONS = {
  event: oneOf(...MONITOR_EVENTS),
  monitor_id: text,
  datasink_name: text,
  max_consecutive_failures: integer(-1),
  failed_notifications_table_name: text,
  destination: text,
  kafka_topic_name: text,
  increasing_column: text,
  expression: text,
  join_table_names: text,
  join_column_names: text,
  join_expressions: text,
  refresh_method: oneOf('on_change', 'periodic'),
  refresh_period: integer(1),
  refresh_start_time: refreshStartTime,
};

/** Options kept as fields of the monitor rather than in its options. */
const NOT_STORED = new Set(['monitor_id', 'datasink_name']);

function notificationSchema(catalog: Catalog, monitor: TableMonitor, event: MonitorEvent = monitor.event): string {
  if (event !== 'insert') return MONITOR_COUNT_SCHEMA;
  return catalog.table(monitor.table.schema, monitor.table.name)?.type.model.definition ?? '';
}

/** The monitor a topic id (or a qualified monitor name) designates. */
export function findMonitor(catalog: Catalog, id: string): TableMonitor {
  const wanted = id.trim();
  const monitors = catalog.list<TableMonitor>('monitor');
  const byTopic = monitors.filter((monitor) => keyOf(monitor.topicId) === keyOf(wanted));
  if (byTopic.length === 1) return byTopic[0]!;
  const byName = monitors.find((monitor) => keyOf(monitor.qualifiedName) === keyOf(wanted));
  if (byName) return byName;
  if (byTopic.length > 1) throw objectErrors.monitorAmbiguous(wanted, byTopic.map((monitor) => monitor.qualifiedName).sort());
  throw objectErrors.monitorNotFound(wanted);
}

/** The schema a /create/tablemonitor request puts its monitor in: the monitor_id's, else the table's. */
function monitorSchema(tableName: string, monitorId: string | undefined): string {
  const tableSchema = schemaOfName(tableName);
  return monitorId?.trim() ? schemaOfName(monitorId, tableSchema || undefined) : tableSchema;
}

/** The qualified name of the monitor a topic id designates ('' when there is none: the handler says so). */
function monitorName(catalog: Catalog, topicId: string): string {
  try {
    return findMonitor(catalog, topicId).qualifiedName;
  } catch {
    return '';
  }
}

/**
 * Table monitor permissions (security-concepts): monitor_create on the monitor's schema (and
 * table_read on the table it watches), monitor_admin to alter or clear it; the creator gets
 * monitor_admin with grant option.
 */
export const monitorEndpoints: EndpointTable = {
  '/create/tablemonitor': {
    handler: createTableMonitor,
    access: (request) =>
      allOf(createIn(monitorSchema(request.table_name, request.options.monitor_id), 'table_monitor'), onTable(request.table_name, 'table_read')),
  },
  '/clear/tablemonitor': {
    handler: clearTableMonitor,
    access: (request, catalog) => onObject('table_monitor', monitorName(catalog, request.topic_id), 'monitor_admin'),
  },
  '/alter/tablemonitor': {
    handler: alterTableMonitor,
    access: (request, catalog) => onObject('table_monitor', monitorName(catalog, request.topic_id), 'monitor_admin'),
  },
  '/show/tablemonitors': { handler: showTableMonitors, access: anyone },
};

/** Synchronous, as fixtures run their entries through the handlers in one go. */
function createTableMonitor(request: RequestOf<'/create/tablemonitor'>, context: EmulatorContext): ResponseOf<'/create/tablemonitor'> {
  const options = readOptions(request.options, CREATE_MONITOR_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const table = requireTable(catalog, request.table_name);
  if (options.refresh_method === 'periodic') {
    if (options.refresh_period === undefined) throw objectErrors.periodicNeedsPeriod();
  } else if (options.refresh_period !== undefined || options.refresh_start_time !== undefined) {
    throw objectErrors.refreshPeriodNeedsPeriodic();
  }
  const monitorId = options.monitor_id?.trim() ?? '';
  let schema = table.schema;
  let name: string;
  let topicId: string;
  if (monitorId !== '') {
    const qualified = parseQualified(monitorId, 'table monitor', table.schema);
    schema = qualified.schema;
    name = qualified.name;
    topicId = monitorId;
    const taken = catalog
      .list<TableMonitor>('monitor')
      .some((monitor) => keyOf(monitor.topicId) === keyOf(topicId) || keyOf(monitor.qualifiedName) === keyOf(`${schema}.${name}`));
    if (taken) throw objectErrors.monitorIdTaken(monitorId);
  } else {
    topicId = randomUUID().replace(/-/g, '');
    name = topicId;
  }
  const stored = knownEntries(request.options, CREATE_MONITOR_OPTIONS, NOT_STORED);
  const monitor = buildMonitor(catalog, {
    schema,
    name,
    topicId,
    tableName: table.qualifiedName,
    datasinkName: options.datasink_name ?? '',
    options: stored,
    status: 'running',
  });
  // An insert monitor's expression filters what it publishes: a bad one is refused here, as a
  // filter would be, rather than silently at each insert.
  if (monitor.event === 'insert') notificationFilter(monitor, table);
  catalog.add(monitor);
  grantCreatorAdmin(catalog, context.user, { objectType: 'table_monitor', object: monitor.qualifiedName }, 'monitor_admin');
  // Starts the socket if nothing has yet. Not awaited: a ZeroMQ subscriber that connects before
  // the bind completes is connected by its own retries, and nothing is published before then.
  void context.emulator.monitorPublisher.advertisedPort();
  const typeSchema = notificationSchema(catalog, monitor);
  return {
    topic_id: topicId,
    table_name: request.table_name,
    type_schema: typeSchema,
    info: {
      [`${monitor.event}_topic_id`]: topicId,
      [`${monitor.event}_type_schema`]: typeSchema,
      monitor_name: monitor.qualifiedName,
    },
  };
}

function clearTableMonitor(request: RequestOf<'/clear/tablemonitor'>, context: EmulatorContext): ResponseOf<'/clear/tablemonitor'> {
  readOptions(request.options, { keep_autogenerated_sink: bool, clear_all_references: bool }, context);
  const catalog = context.emulator.catalog;
  catalog.remove(findMonitor(catalog, request.topic_id));
  return { topic_id: request.topic_id, info: {} };
}

function alterTableMonitor(request: RequestOf<'/alter/tablemonitor'>, context: EmulatorContext): ResponseOf<'/alter/tablemonitor'> {
  readOptions(request.options, {}, context);
  const updates = readOptions(
    request.monitor_updates_map,
    { schema_name: text, max_consecutive_failures: integer(-1), notifications: oneOf('resume', 'suspend') },
    context,
  );
  if (Object.keys(updates).length === 0) throw objectErrors.emptyUpdates('monitor_updates_map');
  const catalog = context.emulator.catalog;
  const monitor = findMonitor(catalog, request.topic_id);
  const moveTo = plannedMove(catalog, monitor, updates.schema_name);
  const before = JSON.stringify(monitor.definition());
  if (updates.max_consecutive_failures !== undefined) {
    monitor.options = { ...monitor.options, max_consecutive_failures: String(updates.max_consecutive_failures) };
  }
  if (updates.notifications !== undefined) monitor.status = updates.notifications === 'suspend' ? 'suspended' : 'running';
  if (JSON.stringify(monitor.definition()) !== before) catalog.touch(monitor);
  if (moveTo !== undefined) catalog.rename(monitor, moveTo, monitor.name);
  return { topic_id: request.topic_id, info: {} };
}

function showTableMonitors(request: RequestOf<'/show/tablemonitors'>, context: EmulatorContext): ResponseOf<'/show/tablemonitors'> {
  readOptions(request.options, {}, context);
  const catalog = context.emulator.catalog;
  const ids = request.monitor_ids.map((id) => id.trim()).filter((id) => id !== '');
  const monitors =
    ids.length === 0
      ? catalog.list<TableMonitor>('monitor').sort((a, b) => a.topicId.localeCompare(b.topicId))
      : ids.map((id) => findMonitor(catalog, id));
  const option = (monitor: TableMonitor, key: string, fallback = '') => monitor.options[key] ?? fallback;
  return {
    monitor_ids: monitors.map((monitor) => monitor.topicId),
    table_names: monitors.map((monitor) => monitor.tableName),
    events: monitors.map((monitor) => monitor.event),
    increasing_columns: monitors.map((monitor) => option(monitor, 'increasing_column')),
    filter_expressions: monitors.map((monitor) => option(monitor, 'expression')),
    join_table_names: monitors.map((monitor) => option(monitor, 'join_table_names')),
    join_column_names: monitors.map((monitor) => option(monitor, 'join_column_names')),
    join_expressions: monitors.map((monitor) => option(monitor, 'join_expressions')),
    refresh_method: monitors.map((monitor) => option(monitor, 'refresh_method', 'on_change')),
    refresh_period: monitors.map((monitor) => option(monitor, 'refresh_period')),
    refresh_start_time: monitors.map((monitor) => option(monitor, 'refresh_start_time')),
    datasink_names: monitors.map((monitor) => monitor.datasinkName),
    max_consecutive_failures: monitors.map((monitor) => Number(option(monitor, 'max_consecutive_failures', '-1'))),
    failed_notifications_table_names: monitors.map((monitor) => option(monitor, 'failed_notifications_table_name')),
    statuses: monitors.map((monitor) => monitor.status),
    additional_info: monitors.map((monitor) => {
      const sink = monitor.datasink ? catalog.get<DataSink>('datasink', monitor.datasink.schema, monitor.datasink.name) : undefined;
      return {
        monitor_type: monitor.event,
        type_schema: notificationSchema(catalog, monitor),
        references: '1',
        monitor_name: monitor.qualifiedName,
        destination: redactUrl(option(monitor, 'destination')),
        datasink_json: sink
          ? JSON.stringify({ name: sink.qualifiedName, destination: redactUrl(sink.destination), options: visibleOptions(sink.options) })
          : '',
      };
    }),
    info: {},
  };
}
