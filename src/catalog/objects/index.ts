/**
 * The other backed-up kinds: directories, resource groups, function environments, UDFs, table
 * monitors, graphs, data lake catalogs, SQL procedures and SQL-GPT contexts. This module exports
 * their classes, the internal API SQL and fixtures use for the two kinds without REST endpoints,
 * the cleanup a dropped table needs, and the restore handlers of every kind here.
 */
import type { Catalog } from '../catalog.js';
import type { CatalogEntry } from '../entry.js';
import type { RestoreHandler } from '../restore-handler.js';
import { objectErrors } from '../../errors/objects.js';
import { buildDataCatalog, buildMonitor, buildUdf, checkTierAttributes } from './build.js';
import { defBoolean, defNumber, defString, defStringMap, defStrings } from './definition.js';
import { checkDirectoryName, Directory } from './directory.js';
import { FunctionEnvironment } from './environment.js';
import { Graph } from './graph.js';
import { parseObjectName } from './lookup.js';
import type { MonitorStatus } from './monitor.js';
import { referrersOf } from './references.js';
import { followSchema, schemaOf } from './remap.js';
import { checkResourceGroupName, ResourceGroup } from './resource-group.js';
import { formatScheduleTime, NO_ORIGIN, NO_SCHEDULE, procedureRecurrence, SqlContext, StoredProcedure, type ProcedureOrigin, type ProcedureSchedule } from './sql-objects.js';

export { Directory, homeDirectoryName, checkDirectoryName } from './directory.js';
export { FunctionEnvironment } from './environment.js';
export { Udf } from './udf.js';
export { ResourceGroup, DEFAULT_RESOURCE_GROUP, SYSTEM_RESOURCE_GROUP } from './resource-group.js';
export { TableMonitor } from './monitor.js';
export { Graph } from './graph.js';
export { DataCatalog } from './data-catalog.js';
export {
  StoredProcedure,
  SqlContext,
  formatScheduleTime,
  parseScheduleTime,
  procedureRecurrence,
  type ProcedureOrigin,
  type ProcedureSchedule,
} from './sql-objects.js';
export { referrersOf, describeEntry, type ObjectReference, type Referring } from './references.js';
export { findObject, parseObjectName } from './lookup.js';

// ---------------------------------------------------------------------------------------------
// SQL procedures and SQL-GPT contexts (no REST endpoint of their own)

export interface StoredProcedureSpec {
  /** `[schema.]name`; unqualified means ki_home. */
  name: string;
  /** The defining statement (CREATE PROCEDURE ... BEGIN ... END), kept as written. */
  definition: string;
  /** Periodic execution (EXECUTE FOR EVERY ...): all optional. */
  schedule?: Partial<ProcedureSchedule>;
  /** CREATE OR REPLACE: an existing procedure of that name is dropped first (with its grants), as Kinetica does. */
  replace?: boolean;
  /** The creator, their default schema then, and the tables the body names. */
  origin?: ProcedureOrigin;
  /** The emulator's time of creation, when the caller read it already (the start of a schedule without STARTING AT); now otherwise. */
  createdAt?: number;
}

/** Creates (or, with replace, redefines) a SQL procedure. Its schema must exist; no table or view may have its name. */
export function createStoredProcedure(catalog: Catalog, spec: StoredProcedureSpec): StoredProcedure {
  const parsed = parseObjectName('stored_procedure', spec.name);
  if (spec.definition.trim() === '') throw objectErrors.emptySqlDefinition('SQL procedure', parsed.display);
  const schedule: ProcedureSchedule = { ...NO_SCHEDULE, ...(spec.schedule ?? {}) };
  const createdAt = spec.createdAt ?? catalog.settings.now();
  // A periodic schedule without a start time starts at creation, as EXECUTE FOR EVERY without STARTING AT does.
  if (schedule.executeInterval.trim() !== '' && schedule.executeStartTime.trim() === '') schedule.executeStartTime = formatScheduleTime(createdAt);
  if (schedule.executeInterval.trim() !== '' && procedureRecurrence(schedule) === undefined) {
    throw objectErrors.badProcedureSchedule(parsed.display);
  }
  if (catalog.table(parsed.schema!, parsed.name)) throw objectErrors.procedureNamesTable(parsed.display);
  const existing = catalog.get<StoredProcedure>('stored_procedure', parsed.schema, parsed.name);
  if (existing) {
    if (!spec.replace) throw objectErrors.exists('SQL procedure', existing.qualifiedName, 'use CREATE OR REPLACE PROCEDURE');
    catalog.remove(existing);
  }
  const procedure = new StoredProcedure(parsed.schema!, parsed.name, spec.definition, schedule, spec.origin ?? NO_ORIGIN);
  procedure.scheduleFrom = createdAt;
  catalog.add(procedure);
  return procedure;
}

/** Drops a SQL procedure; false when there was none and ifExists is set. */
export function dropStoredProcedure(catalog: Catalog, name: string, options: { ifExists?: boolean } = {}): boolean {
  return dropNamed(catalog, 'stored_procedure', 'SQL procedure', name, options.ifExists ?? false);
}

export interface ContextSpec {
  /** `[schema.]name`; unqualified means ki_home. */
  name: string;
  /** The defining statement (CREATE CONTEXT ...), kept as written. */
  definition: string;
  replace?: boolean;
}

/** Creates (or, with replace, redefines) a SQL-GPT context. Its schema must exist. */
export function createContext(catalog: Catalog, spec: ContextSpec): SqlContext {
  const parsed = parseObjectName('context', spec.name);
  if (spec.definition.trim() === '') throw objectErrors.emptySqlDefinition('context', parsed.display);
  const existing = catalog.get<SqlContext>('context', parsed.schema, parsed.name);
  if (existing) {
    if (!spec.replace) throw objectErrors.exists('context', existing.qualifiedName, 'use CREATE OR REPLACE CONTEXT');
    existing.text = spec.definition;
    catalog.touch(existing);
    return existing;
  }
  const context = new SqlContext(parsed.schema!, parsed.name, spec.definition);
  catalog.add(context);
  return context;
}

/** Drops a SQL-GPT context; false when there was none and ifExists is set. */
export function dropContext(catalog: Catalog, name: string, options: { ifExists?: boolean } = {}): boolean {
  return dropNamed(catalog, 'context', 'context', name, options.ifExists ?? false);
}

function dropNamed(catalog: Catalog, kind: 'stored_procedure' | 'context', label: string, name: string, ifExists: boolean): boolean {
  const parsed = parseObjectName(kind, name);
  const entry = catalog.get(kind, parsed.schema, parsed.name);
  if (!entry) {
    if (ifExists) return false;
    throw objectErrors.notFound(label, parsed.display);
  }
  catalog.remove(entry);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Dependents of a dropped table

/**
 * Removes the table monitors that watch a table: Kinetica drops a stream when its table is dropped.
 * Call it before (or right after) removing the table; it changes nothing else.
 */
export function removeTableMonitors(catalog: Catalog, table: Pick<CatalogEntry, 'schema' | 'name'>): CatalogEntry[] {
  const monitors = referrersOf(catalog, { kind: 'table', schema: table.schema, name: table.name }).filter((entry) => entry.kind === 'monitor');
  for (const monitor of monitors) catalog.remove(monitor);
  return monitors;
}

// ---------------------------------------------------------------------------------------------
// Restore

export const otherRestoreHandlers: RestoreHandler[] = [
  {
    kind: 'directory',
    restoreOrder: 5,
    fromDefinition: (definition, target, catalog) =>
      new Directory(
        checkDirectoryName(target.name),
        defNumber(definition, 'data_limit', 'directory'),
        defString(definition, 'created_by', 'directory'),
        catalog.settings.now(),
      ),
  },
  {
    kind: 'resource_group',
    restoreOrder: 5,
    fromDefinition: (definition, target) => {
      const tiers = definition.tier_attributes;
      if (typeof tiers !== 'object' || tiers === null) throw objectErrors.badDefinition('resource_group', 'tier_attributes');
      return new ResourceGroup(
        checkResourceGroupName(target.name),
        defNumber(definition, 'rank', 'resource_group'),
        checkTierAttributes(
          Object.fromEntries(Object.keys(tiers).map((tier) => [tier, defStringMap(tiers as Record<string, unknown>, tier, 'resource_group')])),
        ),
        defStringMap(definition, 'options', 'resource_group'),
      );
    },
  },
  {
    kind: 'function_environment',
    restoreOrder: 10,
    fromDefinition: (definition, target) => new FunctionEnvironment(target.name, defStrings(definition, 'packages', 'function_environment')),
  },
  {
    kind: 'user_defined_function',
    restoreOrder: 30,
    fromDefinition: (definition, target, catalog) => {
      const files = defStringMap(definition, 'files', 'user_defined_function');
      return buildUdf(
        catalog,
        target.name,
        defString(definition, 'execution_mode', 'user_defined_function'),
        new Map(Object.entries(files).map(([name, base64]) => [name, Buffer.from(base64, 'base64')])),
        defString(definition, 'command', 'user_defined_function'),
        defStrings(definition, 'args', 'user_defined_function'),
        defStringMap(definition, 'options', 'user_defined_function'),
      );
    },
  },
  {
    kind: 'catalog',
    restoreOrder: 30,
    fromDefinition: (definition, target, catalog) =>
      buildDataCatalog(catalog, target.name, {
        tableFormat: defString(definition, 'table_format', 'catalog'),
        location: defString(definition, 'location', 'catalog'),
        type: defString(definition, 'type', 'catalog'),
        credential: defString(definition, 'credential', 'catalog'),
        datasource: defString(definition, 'datasource', 'catalog'),
        options: defStringMap(definition, 'options', 'catalog'),
      }),
  },
  {
    kind: 'monitor',
    restoreOrder: 60,
    fromDefinition: (definition, target, catalog) => {
      const originalSchema = schemaOf(defString(definition, 'monitor_name', 'monitor'), 'table monitor');
      const status = defString(definition, 'status', 'monitor');
      return buildMonitor(catalog, {
        schema: target.schema!,
        name: target.name,
        topicId: defString(definition, 'topic_id', 'monitor'),
        tableName: followSchema(defString(definition, 'table_name', 'monitor'), 'table', originalSchema, target.schema),
        datasinkName: followSchema(defString(definition, 'datasink_name', 'monitor'), 'data sink', originalSchema, target.schema),
        options: defStringMap(definition, 'options', 'monitor'),
        status: (status === 'suspended' ? 'suspended' : 'running') as MonitorStatus,
      });
    },
  },
  {
    kind: 'graph',
    restoreOrder: 60,
    fromDefinition: (definition, target) =>
      new Graph(
        target.schema!,
        target.name,
        {
          directed: defBoolean(definition, 'directed_graph', 'graph'),
          nodes: defStrings(definition, 'nodes', 'graph'),
          edges: defStrings(definition, 'edges', 'graph'),
          weights: defStrings(definition, 'weights', 'graph'),
          restrictions: defStrings(definition, 'restrictions', 'graph'),
          options: defStringMap(definition, 'options', 'graph'),
        },
        defString(definition, 'owner', 'graph'),
      ),
  },
  {
    kind: 'stored_procedure',
    restoreOrder: 70,
    fromDefinition: (definition, target) =>
      new StoredProcedure(target.schema!, target.name, defString(definition, 'definition', 'stored_procedure'), {
        executeAs: defString(definition, 'execute_as', 'stored_procedure'),
        executeInterval: defString(definition, 'execute_interval', 'stored_procedure'),
        executeStartTime: defString(definition, 'execute_start_time', 'stored_procedure'),
        executeStopTime: defString(definition, 'execute_stop_time', 'stored_procedure'),
      }, {
        // Backups made before procedures ran (issue 16) lack these: the procedure then acts as the admin, from ki_home.
        owner: typeof definition.owner === 'string' ? definition.owner : '',
        defaultSchema: typeof definition.default_schema === 'string' ? definition.default_schema : '',
        tables: Array.isArray(definition.tables) ? definition.tables.filter((item): item is string => typeof item === 'string') : [],
      }),
  },
  {
    kind: 'context',
    restoreOrder: 70,
    fromDefinition: (definition, target) => new SqlContext(target.schema!, target.name, defString(definition, 'definition', 'context')),
  },
];
