/**
 * One emulated Kinetica: all the state an emulator holds (its settings, clock, catalog, backup
 * stores, request journal and faults). Nothing lives at module level, and createEmulator builds
 * one whole from its settings, so a server can hold several side by side. What belongs to the
 * server rather than to one emulator (the ZeroMQ publisher of table monitors, on its one port) is
 * handed in as ServerServices.
 */
import { Clock } from '../clock.js';
import { Catalog } from '../catalog/catalog.js';
import { removeTableMonitors, type StoredProcedure } from '../catalog/objects/index.js';
import { allows, type Requirement } from '../catalog/security/access.js';
import { dropGrantsOn, renameGrantsOn } from '../catalog/security/cleanup.js';
import { addInitialSecurity, securityGuard, type SecurityGuard } from '../catalog/security/index.js';
import { BackupEngine } from '../backup/engine.js';
import { openSqliteStore } from '../backup-store/sqlite.js';
import type { MonitorPublisher } from '../monitors/publisher.js';
import { notifyMonitors } from '../monitors/notify.js';
import type { WireTarget } from '../wire/plugin.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { Journal } from './journal.js';
import { Faults } from './faults.js';
import { Alerts } from './alerts.js';
import { ProcedureRuns, type RunResult } from './procedures.js';
import { dropProceduresReading } from './procedure-tables.js';
import { DEFAULT_EMULATOR, storeFileName, type EmulatorSettings } from './settings.js';
import { tenantErrors } from '../errors/tenants.js';
import { QueryLayer, type QueryLayerOptions } from '../query/index.js';
import type { Table } from '../catalog/table/table.js';
import { dropViewsReading } from '../catalog/views.js';
import { ViewRefreshes } from './views.js';

/** What a server lends each of its emulators. */
export interface ServerServices {
  /** The ZeroMQ socket table monitors publish on; like a server's port, it outlives a reset. */
  readonly monitorPublisher: MonitorPublisher;
  /** Runs a SQL procedure's statements as a user (the SQL layer's, src/api/sql.ts); scheduled runs need it. */
  readonly runProcedure?: (emulator: Emulator, procedure: StoredProcedure, runAs: string) => Promise<RunResult>;
}

/** Builds an emulator whole: its database with the built-in users, its backup store, journal and faults. */
export function createEmulator(settings: EmulatorSettings, services: ServerServices): Emulator {
  return new Emulator(settings, services);
}

export class Emulator {
  readonly clock = new Clock();
  readonly startedAt = Date.now();
  private current!: Catalog;
  /**
   * The remote stores that hold backups, and the engine that writes them. They outlive a reset of
   * the database, as a bucket outlives the cluster that wrote to it.
   */
  readonly backups: BackupEngine;
  /** The last Kinetica requests (GET /_mock/requests). */
  readonly journal: Journal;
  /** Injected failures and delays (POST /_mock/faults). */
  readonly faults = new Faults();
  /** Jobs on the emulator's clock: scheduled SQL procedures. */
  readonly scheduler: Scheduler;
  /** The embedded SQL engine and its mirror of the tables: SELECT, views and the REST reads. */
  readonly query: QueryLayer;
  /** What failed with no client to tell (/admin/show/alerts). */
  readonly alerts = new Alerts();
  /** SQL procedures as things that run: their schedules and recent runs (GET /_mock/procedures). */
  readonly procedures: ProcedureRuns;
  /** Materialized views as things that refresh: ON CHANGE, ON QUERY, EVERY (scheduler jobs). */
  readonly views: ViewRefreshes;
  readonly monitorPublisher: MonitorPublisher;
  /** Authentication and authorization of its requests; undefined when authentication is off. */
  readonly security: SecurityGuard | undefined;
  /** Closed: a request still running when it closed is answered as such (wireTarget.closed). */
  private isClosed = false;
  /** What the wire needs to serve a request for this emulator. */
  readonly wireTarget: WireTarget<Emulator>;

  /** Use createEmulator. */
  constructor(
    readonly settings: EmulatorSettings,
    services: ServerServices,
  ) {
    this.monitorPublisher = services.monitorPublisher;
    this.journal = new Journal(settings.journalSize);
    this.scheduler = new Scheduler(this.clock);
    this.procedures = new ProcedureRuns(this.clock, this.scheduler, this.journal, this.alerts, () => this.current);
    const { runProcedure } = services;
    if (runProcedure) this.procedures.attach((procedure, runAs) => runProcedure(this, procedure, runAs));
    this.views = new ViewRefreshes(this.clock, this.scheduler, this.alerts, () => this.current, () => this.query);
    this.catalog = this.newCatalog();
    this.query = new QueryLayer(() => this.current, queryLayerOptions(settings));
    this.backups = new BackupEngine(openSqliteStore(settings.dataDir, storeFileName(settings.name)), () => this.clock.now());
    this.security = settings.auth ? securityGuard(() => this.catalog, settings.authTokens) : undefined;
    this.wireTarget = {
      emulator: this,
      loose: settings.loose,
      security: this.security,
      onOutcome: this.journal.enabled ? (outcome) => this.journal.record(outcome) : undefined,
      closed: () => {
        if (!this.isClosed) return undefined;
        return settings.name === DEFAULT_EMULATOR ? tenantErrors.stopping() : tenantErrors.removed(settings.name);
      },
    };
  }

  /** Whether a user meets a requirement; always true with authentication off. */
  callerMay(user: string, requirement: Requirement): boolean {
    return !this.settings.auth || allows(this.catalog, user, requirement);
  }

  /** The database; replaced as a whole by a reset or a state load, so read it through the emulator each time. */
  get catalog(): Catalog {
    return this.current;
  }

  /** Puts another database in place: the schedules of the former one's procedures end, the new one's begin. */
  set catalog(catalog: Catalog) {
    this.current = catalog;
    this.procedures.forgetAll();
    for (const procedure of catalog.list<StoredProcedure>('stored_procedure')) this.procedures.track(procedure, true);
    this.views.forgetAll();
    for (const table of catalog.list<Table>('table')) this.views.track(table, true);
  }

  /** Releases what the emulator holds open (the backup store's database) and stops its scheduler. */
  close(): void {
    this.isClosed = true;
    this.scheduler.close();
    this.backups.close();
    this.query.close();
  }

  newCatalog(): Catalog {
    const catalog = new Catalog({ recordsPerFile: this.settings.recordsPerFile, now: () => this.clock.now() });
    addInitialSecurity(catalog, this.settings.adminPassword);
    return this.connect(catalog);
  }

  /**
   * Connects a catalog's hooks to this emulator (monitors, procedures' schedules, what goes with a
   * dropped object), so it can be put in place: a new one, or a copy a checkpoint kept.
   */
  connect(catalog: Catalog): Catalog {
    // A table's monitors are dropped with it, however the table goes (drop, schema cascade, replace).
    catalog.beforeRemove.push((entry) => {
      if (entry.kind === 'table') {
        removeTableMonitors(catalog, entry);
        // Kinetica drops a SQL procedure when a table it reads is dropped or altered.
        dropProceduresReading(catalog, entry.schema, entry.name);
        // Kinetica drops the views (logical and materialized) reading a dropped table or view.
        dropViewsReading(catalog, entry.schema, entry.name);
        if (catalog === this.current) this.views.untrack(entry as Table);
      }
      if (entry.kind === 'stored_procedure' && catalog === this.current) this.procedures.untrack(entry as StoredProcedure);
      // Permissions granted on a dropped object go with it.
      dropGrantsOn(catalog, entry);
    });
    catalog.afterAdd.push((entry) => {
      if (entry.kind === 'stored_procedure' && catalog === this.current) this.procedures.track(entry as StoredProcedure);
      if (entry.kind === 'table' && catalog === this.current) this.views.track(entry as Table);
    });
    catalog.afterTouch.push((entry) => {
      if (entry.kind === 'table') {
        dropProceduresReading(catalog, entry.schema, entry.name);
        dropViewsReading(catalog, entry.schema, entry.name);
      }
    });
    catalog.afterRename.push((entry, formerSchema, formerName, movedAside) => {
      // A table a restore moves aside (restore_policy=rename) is not renamed by a user: the
      // procedures moved with it, and those that name it now reach the restored table, stay.
      if (entry.kind === 'table' && !movedAside) {
        dropProceduresReading(catalog, formerSchema, formerName);
        dropViewsReading(catalog, formerSchema, formerName);
      }
      renameGrantsOn(catalog, entry, formerSchema, formerName);
    });
    catalog.afterRecordsChange.push((change) => notifyMonitors(catalog, this.monitorPublisher, change));
    catalog.afterRecordsChange.push((change) => this.views.recordsChanged(catalog, change.table));
    return catalog;
  }
}

/** The query layer's limits and setup for an emulator. */
function queryLayerOptions(settings: EmulatorSettings): QueryLayerOptions {
  return {
    timeoutMs: settings.queryTimeout,
    memoryLimit: '1GB',
    maxRows: 10_000_000,
  };
}
