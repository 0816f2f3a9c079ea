/**
 * Building the objects of the other kinds from what a request (or a backup's definition) gives,
 * with every check that does not depend on the endpoint, so creating and restoring apply the same
 * rules. Nothing here changes the catalog.
 */
import type { Catalog } from '../catalog.js';
import { displayName } from '../entry.js';
import { tableErrors } from '../../errors/tables.js';
import { connectorErrors } from '../../errors/connectors.js';
import { objectErrors } from '../../errors/objects.js';
import { optionErrors } from '../../errors/options.js';
import { resolveCredential } from '../connectors/build.js';
import { parseConnectorUrl } from '../connectors/location.js';
import type { DataSink } from '../connectors/datasink.js';
import type { DataSource } from '../connectors/datasource.js';
import { keyOf, parseQualified } from '../names.js';
import { CATALOG_TYPES, DataCatalog, TABLE_FORMATS, type DataCatalogFields } from './data-catalog.js';
import type { FunctionEnvironment } from './environment.js';
import { LIMITED_TIERS } from './resource-group.js';
import { MONITOR_EVENTS, TableMonitor, type MonitorStatus } from './monitor.js';
import { EXECUTION_MODES, Udf, type ExecutionMode } from './udf.js';

// ---------------------------------------------------------------------------------------------
// Table monitors

/** Schemes a monitor's `destination` option may use (/create/tablemonitor, plus `table` from CREATE STREAM). */
export const MONITOR_DESTINATION_SCHEMES = ['http', 'https', 'kafka', 'table'] as const;

export interface MonitorSpec {
  schema: string;
  name: string;
  topicId: string;
  /** `[schema.]table` of the monitored table. */
  tableName: string;
  /** `[schema.]sink`, or '' for none. */
  datasinkName: string;
  options: Record<string, string>;
  status: MonitorStatus;
}

export function buildMonitor(catalog: Catalog, spec: MonitorSpec): TableMonitor {
  const tableName = parseQualified(spec.tableName, 'table');
  const table = catalog.table(tableName.schema, tableName.name);
  if (!table) throw tableErrors.tableNotFound(displayName(tableName));
  let sink: DataSink | undefined;
  if (spec.datasinkName.trim() !== '') {
    const sinkName = parseQualified(spec.datasinkName, 'data sink');
    sink = catalog.get<DataSink>('datasink', sinkName.schema, sinkName.name);
    if (!sink) throw connectorErrors.datasinkNotFound(displayName(sinkName));
    if (spec.options.destination?.trim()) throw objectErrors.monitorSinkAndDestination();
  }
  const event = spec.options.event?.trim().toLowerCase();
  if (event !== undefined && !(MONITOR_EVENTS as readonly string[]).includes(event)) throw optionErrors.invalidValue('event', spec.options.event!, [...MONITOR_EVENTS]);
  const destination = spec.options.destination?.trim();
  if (destination) {
    const scheme = parseConnectorUrl(destination, 'destination').scheme;
    if (!(MONITOR_DESTINATION_SCHEMES as readonly string[]).includes(scheme)) {
      throw objectErrors.badMonitorDestination(destination, [...MONITOR_DESTINATION_SCHEMES]);
    }
  }
  const column = spec.options.increasing_column?.trim();
  if (column && !table.type.model.columns.some((c) => keyOf(c.name) === keyOf(column))) {
    throw tableErrors.columnNotFound(table.qualifiedName, column, table.type.model.columns.map((c) => c.name));
  }
  return new TableMonitor(
    spec.schema,
    spec.name,
    spec.topicId,
    { schema: table.schema, name: table.name },
    sink ? { schema: sink.schema, name: sink.name } : undefined,
    { ...spec.options },
    spec.status,
  );
}

// ---------------------------------------------------------------------------------------------
// UDFs

/** Checks a proc file name: relative, and never resolving above the proc's root. `kifs://` names refer to KiFS files. */
export function checkProcFileName(name: string): void {
  if (/^kifs:\/\//i.test(name)) {
    if (name.length <= 'kifs://'.length) throw objectErrors.badProcFileName(name);
    return;
  }
  if (name.trim() === '' || name.startsWith('/')) throw objectErrors.badProcFileName(name);
  let depth = 0;
  for (const part of name.split('/')) {
    if (part === '..') depth -= 1;
    else if (part !== '' && part !== '.') depth += 1;
    if (depth < 0) throw objectErrors.badProcFileName(name);
  }
  if (depth === 0) throw objectErrors.badProcFileName(name);
}

export function executionModeOf(value: string): ExecutionMode {
  const mode = value.trim().toLowerCase() || 'distributed';
  if (!(EXECUTION_MODES as readonly string[]).includes(mode)) throw optionErrors.invalidEnum(value, [...EXECUTION_MODES]);
  return mode as ExecutionMode;
}

export function buildUdf(
  catalog: Catalog,
  name: string,
  executionMode: string,
  files: Map<string, Buffer>,
  command: string,
  args: string[],
  options: Record<string, string>,
): Udf {
  for (const file of files.keys()) checkProcFileName(file);
  const stored = { ...options };
  const environment = stored.set_environment?.trim();
  if (environment) {
    const found = catalog.get<FunctionEnvironment>('function_environment', undefined, environment);
    if (!found) throw objectErrors.environmentNotFound(environment);
    stored.set_environment = found.name;
  } else {
    delete stored.set_environment;
  }
  return new Udf(name, executionModeOf(executionMode), new Map(files), command, [...args], stored);
}

// ---------------------------------------------------------------------------------------------
// Data lake catalogs

export function buildDataCatalog(catalog: Catalog, name: string, fields: DataCatalogFields): DataCatalog {
  const tableFormat = fields.tableFormat.trim().toLowerCase();
  if (!(TABLE_FORMATS as readonly string[]).includes(tableFormat)) throw optionErrors.invalidEnum(fields.tableFormat, [...TABLE_FORMATS]);
  const type = fields.type.trim().toLowerCase();
  if (!(CATALOG_TYPES as readonly string[]).includes(type)) throw optionErrors.invalidEnum(fields.type, [...CATALOG_TYPES]);
  const location = fields.location.trim();
  if (location === '') {
    if (type !== 'glue') throw objectErrors.catalogNeedsLocation(type);
  } else {
    const scheme = parseConnectorUrl(location, 'location').scheme;
    if (scheme !== 'http' && scheme !== 'https') throw objectErrors.badCatalogLocation(location);
  }
  const credential = fields.credential.trim() === '' ? '' : resolveCredential(catalog, fields.credential, 'credential');
  let datasource = '';
  if (fields.datasource.trim() !== '') {
    const sourceName = parseQualified(fields.datasource, 'data source');
    const source = catalog.get<DataSource>('datasource', sourceName.schema, sourceName.name);
    if (!source) throw connectorErrors.datasourceNotFound(displayName(sourceName));
    datasource = source.qualifiedName;
  }
  return new DataCatalog(name, { tableFormat, location, type, credential, datasource, options: { ...fields.options } });
}

// ---------------------------------------------------------------------------------------------
// Resource groups

/** Checks tier_attributes: only max_memory of VRAM and RAM, each a whole number of at least -1. */
export function checkTierAttributes(tiers: Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  const checked: Record<string, Record<string, string>> = {};
  for (const [tier, attributes] of Object.entries(tiers)) {
    const tierName = LIMITED_TIERS.find((known) => known === tier.trim().toUpperCase());
    if (!tierName) throw objectErrors.badTier(tier, [...LIMITED_TIERS]);
    for (const [attribute, value] of Object.entries(attributes)) {
      if (attribute !== 'max_memory') throw objectErrors.badTierAttribute(tierName, attribute);
      if (!/^-?\d+$/.test(value.trim()) || Number(value) < -1) throw optionErrors.notAnInteger(`${tierName}.max_memory`, value, 'of at least -1');
    }
    checked[tierName] = { ...(checked[tierName] ?? {}), ...attributes };
  }
  return checked;
}
