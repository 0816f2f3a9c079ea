/**
 * One emulated Kinetica: all the state a server holds (settings, clock, and, as they land, catalog,
 * backup stores, journal and faults). Nothing lives at module level, so several emulators can run
 * in one process, each with its own state.
 */
import type { Config } from './config.js';
import { Clock } from './clock.js';

export class Emulator {
  readonly clock = new Clock();
  readonly startedAt = Date.now();
  /** The URL the server listens on, known once it listens. */
  listenUrl = '';
  /** Paths of the endpoints this emulator answers, set when the app is built. */
  emulatedEndpoints: ReadonlySet<string> = new Set();

  constructor(readonly config: Config) {}
}
