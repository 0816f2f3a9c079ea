/**
 * The control plane: what tests do to an emulator besides speaking Kinetica to it (health, reset,
 * state, journal and request verification, faults, clock, endpoint list, fixtures, checkpoints). The HTTP routes under
 * /_mock/ and the in-process API of startMock() both call these methods, so they behave the same.
 */
import { MAX_RUNS_PER_CATCH_UP } from '../scheduler/scheduler.js';
import type { ProcedureView } from '../emulator/procedures.js';
import type { Emulator } from '../emulator/emulator.js';
import type { Table } from '../catalog/table/table.js';
import type { EmulatorEndpoint } from '../emulator/endpoints.js';
import { KINETICA_VERSION, PACKAGE_VERSION } from '../version.js';
import { ControlError } from '../errors/control-error.js';
import { listEndpoints, type EndpointList } from './endpoints.js';
import type { FaultView } from '../emulator/faults.js';
import { applyFixtures, type FixtureSource } from './fixtures.js';
import { PROCEDURE_RUN_ENDPOINT, type JournalEntry, type JournalQuery } from '../emulator/journal.js';
import { isKineticaEndpoint } from '../wire/registry.js';
import { endpointSchemas } from '../wire/schemas.js';
import { verifyRequests, type VerifyResult } from './verify.js';
import { checkStateDocument, exportCatalog, exportState, importCatalog, importStores, type StateDocument } from './state.js';
import { Checkpoints, MAX_CHECKPOINTS, type CheckpointTaken, type CheckpointView } from './checkpoints.js';

export type HealthStatus = 'starting' | 'ready' | 'stopping';

export interface Health {
  status: HealthStatus;
  version: string;
  kineticaVersion: string;
  startedAt: string;
  uptimeSeconds: number;
}

/** What a reset clears; every part but the backups by default. */
export interface ResetOptions {
  /** Drop every backup in the remote stores too (default false: backups outlive a reset). */
  backups?: boolean;
  /** Load the start fixtures (--fixtures) into the emptied database (default true). */
  fixtures?: boolean;
  /** Empty the request journal (default true). */
  journal?: boolean;
  /** Remove every fault (default true). */
  faults?: boolean;
  /** Put the clock back on machine time (default true). */
  clock?: boolean;
}

export interface ResetResult {
  /** What was reset: database, backups, journal, faults, clock. */
  reset: string[];
  /** Fixture documents loaded into the emptied database. */
  fixtures: number;
}

export interface ClockView {
  /** The emulator's time (ISO 8601) and in epoch milliseconds. */
  now: string;
  epochMs: number;
  /** Stopped at `now`, moving only when set or shifted. */
  fixed: boolean;
  /** Offset from machine time while running (milliseconds). */
  offsetMs: number;
}

/** A change of clock: back to machine time, then fixed at a time, then shifted. At least one. */
export interface ClockChange {
  reset?: boolean;
  /** Epoch milliseconds, or an ISO 8601 date-time. */
  fix?: number | string;
  /** Milliseconds, negative to go back. */
  shift?: number;
}

export interface EmulatorSizes {
  tables: number;
  records: number;
  backups: number;
  snapshots: number;
  /** Requests in the journal. */
  requests: number;
}

export interface StateLoadResult {
  schemas: number;
  objects: number;
  records: number;
  backups: number;
  snapshots: number;
}

const RESET_KEYS = ['backups', 'fixtures', 'journal', 'faults', 'clock'];
const CLOCK_KEYS = ['reset', 'fix', 'shift'];

/** The endpoints an emulator answers, as its control plane needs them. */
export interface ControlEndpoints {
  /** The endpoints' own definitions (without fault injection), for fixtures. */
  definitions: readonly EmulatorEndpoint[];
  /** The paths of the query-string routes (/insert/records/json, /get/records/json). */
  queryPaths: readonly string[];
}

export class ControlPlane {
  status: HealthStatus = 'starting';
  private readonly endpoints: ReadonlyMap<string, EmulatorEndpoint>;
  private readonly queryPaths: readonly string[];
  /** Named copies of the whole state, in memory; a reset keeps them. */
  private readonly held: Checkpoints;

  constructor(
    readonly emulator: Emulator,
    endpoints: ControlEndpoints,
    /** The fixtures given at start; a reset loads them again. */
    private readonly startFixtures: readonly FixtureSource[] = [],
  ) {
    this.endpoints = new Map(endpoints.definitions.map((definition) => [definition.path, definition]));
    this.queryPaths = [...endpoints.queryPaths].sort();
    this.held = new Checkpoints(emulator);
  }

  health(): Health {
    return {
      status: this.status,
      version: PACKAGE_VERSION,
      kineticaVersion: KINETICA_VERSION,
      startedAt: new Date(this.emulator.startedAt).toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.emulator.startedAt) / 100) / 10,
    };
  }

  /** How much the emulator holds: tables and their records, backups and their snapshots, journaled requests. */
  sizes(): EmulatorSizes {
    const { catalog, backups, journal } = this.emulator;
    const tables = catalog.list<Table>('table');
    const all = backups.store.allBackups();
    return {
      tables: tables.length,
      records: tables.reduce((sum, table) => sum + table.data.count, 0),
      backups: all.length,
      snapshots: all.reduce((sum, backup) => sum + backups.store.snapshots(backup.id).length, 0),
      requests: journal.count,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Database

  /** Empties the database (then loads the start fixtures), and by default the journal, faults and clock. */
  reset(options: unknown = {}): ResetResult {
    const given = checkFlags(options, RESET_KEYS, 'reset');
    const { emulator } = this;
    const reset: string[] = [];
    if (given.clock ?? true) {
      emulator.clock.reset();
      reset.push('clock');
    }
    const loadFixtures = (given.fixtures ?? true) && this.startFixtures.length > 0;
    this.replaceCatalog(() => {
      emulator.catalog = emulator.newCatalog();
      if (loadFixtures) this.applyFixtures(this.startFixtures);
    });
    reset.unshift('database');
    // Alerts are about the database's objects (a scheduled procedure's failed run): they go with it.
    emulator.alerts.clear();
    if (given.backups ?? false) {
      emulator.backups.deleteAll();
      reset.push('backups');
    }
    if (given.journal ?? true) {
      emulator.journal.clear();
      reset.push('journal');
    }
    if (given.faults ?? true) {
      emulator.faults.clear();
      reset.push('faults');
    }
    return { reset, fixtures: loadFixtures ? this.startFixtures.length : 0 };
  }

  /** Loads fixture documents into the database as it is: all of them, or (on a problem) none. */
  loadFixtures(sources: readonly FixtureSource[]): { fixtures: number } {
    const before = exportCatalog(this.emulator.catalog);
    try {
      this.applyFixtures(sources);
    } catch (error) {
      const rebuilt = this.emulator.newCatalog();
      importCatalog(before, rebuilt);
      this.emulator.catalog = rebuilt;
      throw error;
    }
    return { fixtures: sources.length };
  }

  private applyFixtures(sources: readonly FixtureSource[]): void {
    applyFixtures(sources, { emulator: this.emulator, endpoints: this.endpoints });
  }

  /** Runs a change that builds a new catalog; on failure the former catalog stays. */
  private replaceCatalog(change: () => void): void {
    const former = this.emulator.catalog;
    try {
      change();
    } catch (error) {
      this.emulator.catalog = former;
      throw error;
    }
  }

  state(): StateDocument {
    return exportState(this.emulator.catalog, this.emulator.backups);
  }

  /** Replaces the database and the stores with a state document's; a bad document changes nothing. */
  loadState(document: unknown): StateLoadResult {
    const checked = checkStateDocument(document);
    const catalog = this.emulator.newCatalog();
    importCatalog(checked.catalog, catalog);
    importStores(checked.stores.backups, this.emulator.backups);
    this.emulator.catalog = catalog;
    return {
      schemas: checked.catalog.schemas.length,
      objects: checked.catalog.objects.length,
      records: checked.catalog.objects.reduce((sum, object) => sum + (object.files ?? []).reduce((n, file) => n + file.length, 0), 0),
      backups: checked.stores.backups.length,
      snapshots: checked.stores.backups.reduce((sum, backup) => sum + backup.snapshots.length, 0),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Journal

  requests(query: JournalQuery = {}): { size: number; capacity: number; requests: JournalEntry[] } {
    const journal = this.emulator.journal;
    if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 0)) {
      throw new ControlError(`'limit' must be a whole number of 0 or more, got ${JSON.stringify(query.limit)}`);
    }
    if (query.status !== undefined && query.status !== 'OK' && query.status !== 'ERROR') {
      throw new ControlError(`'status' must be OK or ERROR, got ${JSON.stringify(query.status)}`);
    }
    return { size: journal.count, capacity: journal.capacity, requests: journal.entries(query) };
  }

  clearRequests(): { removed: number } {
    return { removed: this.emulator.journal.clear() };
  }

  /**
   * Counts the journaled requests to an endpoint that match a spec (verify.ts): the answer when the
   * count holds; a VerificationError (409) with a readable account when not; a ControlError (400)
   * for a bad spec. Any Kinetica endpoint, emulated or not, and procedure_run may be verified.
   */
  verify(spec: unknown): VerifyResult {
    return verifyRequests(
      this.emulator.journal,
      spec,
      (path) => isKineticaEndpoint(path) || this.queryPaths.includes(path) || path === PROCEDURE_RUN_ENDPOINT,
      () => [...endpointSchemas.keys(), ...this.queryPaths, PROCEDURE_RUN_ENDPOINT],
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Faults

  addFault(spec: unknown): FaultView {
    return this.emulator.faults.add(
      spec,
      (endpoint) => this.endpoints.has(endpoint) || this.queryPaths.includes(endpoint),
    );
  }

  faults(): FaultView[] {
    return this.emulator.faults.views();
  }

  fault(id: number): FaultView {
    const found = this.emulator.faults.get(id);
    if (!found) throw new ControlError(`No fault ${id} (GET /_mock/faults lists them)`, 404);
    return found;
  }

  removeFault(id: number): { removed: number } {
    if (!this.emulator.faults.remove(id)) throw new ControlError(`No fault ${id} (GET /_mock/faults lists them)`, 404);
    return { removed: 1 };
  }

  clearFaults(): { removed: number } {
    return { removed: this.emulator.faults.clear() };
  }

  // ---------------------------------------------------------------------------------------------
  // Clock

  clock(): ClockView {
    const { now, fixed, offsetMs } = this.emulator.clock.describe();
    return { now: new Date(now).toISOString(), epochMs: now, fixed, offsetMs };
  }

  /**
   * Changes the clock, then runs every scheduled procedure run whose due time the change passed
   * (in order, each with the clock reading its due time) before answering. A change that would
   * pass more than MAX_RUNS_PER_CATCH_UP due times is refused before the clock moves.
   */
  async setClock(change: unknown): Promise<ClockView> {
    if (change === null || typeof change !== 'object' || Array.isArray(change)) {
      throw new ControlError('A clock change must be a JSON object: {"fix": "2025-01-01T00:00:00Z"}, {"shift": 60000} or {"reset": true}');
    }
    const given = change as Record<string, unknown>;
    const unknown = Object.keys(given).find((key) => !CLOCK_KEYS.includes(key));
    if (unknown !== undefined) throw new ControlError(`Unknown clock field '${unknown}'; the fields are: ${CLOCK_KEYS.join(', ')}`);
    if (given.reset !== undefined && typeof given.reset !== 'boolean') throw new ControlError("'reset' must be true or false");
    const fix = given.fix === undefined ? undefined : epochOf(given.fix);
    if (given.shift !== undefined && (typeof given.shift !== 'number' || !Number.isSafeInteger(given.shift))) {
      throw new ControlError(`'shift' must be a whole number of milliseconds, got ${JSON.stringify(given.shift)}`);
    }
    if (given.reset !== true && fix === undefined && given.shift === undefined) {
      throw new ControlError("A clock change needs 'fix' (a time), 'shift' (milliseconds) or 'reset': true");
    }
    const { clock, scheduler } = this.emulator;
    const from = given.reset === true ? Date.now() : clock.ownNow();
    const target = (fix ?? from) + ((given.shift as number | undefined) ?? 0);
    const runs = scheduler.runsDue(target);
    if (runs > MAX_RUNS_PER_CATCH_UP) {
      throw new ControlError(
        `Moving the clock to ${new Date(target).toISOString()} would pass more than ${MAX_RUNS_PER_CATCH_UP} due times of scheduled SQL procedures: ` +
          'move it in smaller steps (each step runs what it passes), or drop the procedures first',
      );
    }
    if (given.reset === true) clock.reset();
    if (fix !== undefined) clock.fix(fix);
    if (given.shift !== undefined) clock.shift(given.shift as number);
    await scheduler.catchUp();
    return this.clock();
  }

  // ---------------------------------------------------------------------------------------------
  // Procedures

  /** Every SQL procedure with its schedule, next due time and recent runs (GET /_mock/procedures). */
  procedures(): { procedures: ProcedureView[] } {
    return { procedures: this.emulator.procedures.view() };
  }

  // ---------------------------------------------------------------------------------------------
  // Checkpoints (checkpoints.ts)

  /** Keeps the database, the backup stores and the clock under a name (POST /_mock/checkpoints/<name>). */
  checkpoint(name: string): CheckpointTaken {
    return this.held.take(name);
  }

  /** Puts the database, the backup stores and the clock back as a checkpoint has them (POST .../<name>/restore). */
  restoreCheckpoint(name: string): CheckpointView {
    return this.held.restore(name);
  }

  /** The checkpoints, in the order they were taken (GET /_mock/checkpoints). */
  checkpoints(): { max: number; checkpoints: CheckpointView[] } {
    return { max: MAX_CHECKPOINTS, checkpoints: this.held.list() };
  }

  /** Drops one checkpoint, or every one without a name (DELETE /_mock/checkpoints[/<name>]). */
  deleteCheckpoint(name?: string): { removed: number } {
    if (name === undefined) return { removed: this.held.clear() };
    this.held.delete(name);
    return { removed: 1 };
  }

  // ---------------------------------------------------------------------------------------------
  // Endpoints

  endpointList(): EndpointList {
    return listEndpoints(new Set(this.endpoints.keys()), this.queryPaths);
  }
}

function checkFlags(options: unknown, keys: string[], what: string): Record<string, boolean | undefined> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new ControlError(`The ${what} options must be a JSON object of ${keys.join(', ')}`);
  for (const [key, value] of Object.entries(options)) {
    if (!keys.includes(key)) throw new ControlError(`Unknown ${what} option '${key}'; the options are: ${keys.join(', ')}`);
    if (typeof value !== 'boolean') throw new ControlError(`The ${what} option '${key}' must be true or false, got ${JSON.stringify(value)}`);
  }
  return options as Record<string, boolean>;
}

function epochOf(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw new ControlError(`'fix' must be epoch milliseconds or an ISO 8601 date-time (2025-01-01T00:00:00Z), got ${JSON.stringify(value)}`);
}
