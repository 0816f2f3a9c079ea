/**
 * One emulated Kinetica: all the state a server holds (settings, clock, and, as they land, catalog,
 * backup stores, journal and faults). Nothing lives at module level, so several emulators can run
 * in one process, each with its own state.
 */
import type { Config } from './config.js';
import { Clock } from './clock.js';
import { Catalog } from './catalog/catalog.js';

export class Emulator {
  readonly clock = new Clock();
  readonly startedAt = Date.now();
  /** The URL the server listens on, known once it listens. */
  listenUrl = '';
  /** Paths of the endpoints this emulator answers, set when the app is built. */
  emulatedEndpoints: ReadonlySet<string> = new Set();

  /** The database; replaced as a whole by a reset, so read it through the emulator each time. */
  catalog: Catalog;

  constructor(readonly config: Config) {
    this.catalog = this.newCatalog();
  }

  newCatalog(): Catalog {
    return new Catalog({ recordsPerFile: this.config.recordsPerFile, now: () => this.clock.now() });
  }
}
