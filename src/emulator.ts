/**
 * One emulated Kinetica: all the state a server holds (settings, clock, catalog, backup stores,
 * request journal and faults). Nothing lives at module level, so several emulators can run
 * in one process, each with its own state.
 */
import type { Config } from './config.js';
import { Clock } from './clock.js';
import { Catalog } from './catalog/catalog.js';
import { removeTableMonitors } from './catalog/objects/index.js';
import { dropGrantsOn, renameGrantsOn } from './catalog/security/cleanup.js';
import { addInitialSecurity } from './catalog/security/index.js';
import { BackupEngine } from './backup/engine.js';
import { openSqliteStore } from './backup-store/sqlite.js';
import { Journal } from './control/journal.js';
import { Faults } from './control/faults.js';
import { MonitorPublisher } from './monitors/publisher.js';
import { notifyMonitors } from './monitors/notify.js';

export class Emulator {
  readonly clock = new Clock();
  readonly startedAt = Date.now();
  /** The URL the server listens on, known once it listens. */
  listenUrl = '';
  /** Paths of the endpoints this emulator answers, set when the app is built. */
  emulatedEndpoints: ReadonlySet<string> = new Set();
  /** Paths of the endpoints without an Avro schema this emulator answers (/insert/records/json...), set with them. */
  queryEndpoints: readonly string[] = [];

  /** The database; replaced as a whole by a reset, so read it through the emulator each time. */
  catalog: Catalog;
  /**
   * The remote stores that hold backups, and the engine that writes them. They outlive a reset of
   * the database, as a bucket outlives the cluster that wrote to it.
   */
  readonly backups: BackupEngine;
  /** The last Kinetica requests (GET /_mock/requests). */
  readonly journal: Journal;
  /** Injected failures and delays (POST /_mock/faults). */
  readonly faults = new Faults();
  /**
   * The ZeroMQ socket table monitors publish on; like a server's port, it outlives a reset. It
   * binds only once listen() enables it and something needs it.
   */
  readonly monitorPublisher: MonitorPublisher;

  constructor(readonly config: Config) {
    this.monitorPublisher = new MonitorPublisher(config.monitorPort, config.host);
    this.catalog = this.newCatalog();
    this.backups = new BackupEngine(openSqliteStore(config.dataDir), () => this.clock.now());
    this.journal = new Journal(config.journalSize);
  }

  /** Releases what the emulator holds open (the backup store's database, the monitor socket). */
  close(): void {
    this.monitorPublisher.close();
    this.backups.store.close();
  }

  newCatalog(): Catalog {
    const catalog = new Catalog({ recordsPerFile: this.config.recordsPerFile, now: () => this.clock.now() });
    addInitialSecurity(catalog, this.config.adminPassword);
    // A table's monitors are dropped with it, however the table goes (drop, schema cascade, replace).
    catalog.beforeRemove.push((entry) => {
      if (entry.kind === 'table') removeTableMonitors(catalog, entry);
      // Permissions granted on a dropped object go with it.
      dropGrantsOn(catalog, entry);
    });
    catalog.afterRename.push((entry, formerSchema, formerName) => renameGrantsOn(catalog, entry, formerSchema, formerName));
    catalog.afterRecordsChange.push((change) => notifyMonitors(catalog, this.monitorPublisher, change));
    return catalog;
  }
}
