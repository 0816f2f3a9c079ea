/**
 * The library face of kinetica-mock: start an emulator inside a test process.
 *
 *   import { startMock } from 'kinetica-mock';
 *   const mock = await startMock();          // a free port on 127.0.0.1
 *   ... point a Kinetica client at mock.url ...
 *   mock.reset();                            // between tests
 *   await mock.close();
 *
 * The methods call the same code as the control plane's routes (/_mock/...), in the process: not
 * over HTTP, so they need no credentials even when --auth guards those routes.
 */
import { resolveConfig, type Config } from './config.js';
import { listen } from './server.js';
import type { Emulator } from './emulator/emulator.js';
import type { ClockChange, ClockView, ControlPlane, Health, ResetOptions, ResetResult, StateLoadResult } from './control/control-plane.js';
import { TENANT_PATH, type TenantList } from './tenants/tenants.js';
import type { FaultSpec, FaultView } from './emulator/faults.js';
import { readFixtures, type FixtureSource } from './control/fixtures.js';
import type { JournalEntry, JournalQuery } from './emulator/journal.js';
import type { StateDocument } from './control/state.js';
import type { ProcedureView } from './emulator/procedures.js';
import type { VerifyResult, VerifySpec } from './control/verify.js';
import type { CheckpointTaken, CheckpointView } from './control/checkpoints.js';

export type { Config } from './config.js';
export { ConfigError, resolveConfig } from './config.js';
export { buildApp } from './app.js';
export { KineticaError } from './errors/kinetica-error.js';
export { ControlError } from './errors/control-error.js';
export { FixtureError } from './control/fixtures.js';
export { VerificationError } from './control/verify.js';
export type { Difference, NearRequest, VerifyFailure, VerifyResult, VerifySpec } from './control/verify.js';
export type { ClockChange, ClockView, Health, ResetOptions, ResetResult, StateLoadResult } from './control/control-plane.js';
export type { FaultSpec, FaultView } from './emulator/faults.js';
export type { JournalEntry, JournalQuery } from './emulator/journal.js';
export type { ProcedureRun, ProcedureView } from './emulator/procedures.js';
export type { StateDocument } from './control/state.js';
export type { EndpointInfo, EndpointList } from './control/endpoints.js';
export type { TenantList, TenantView } from './tenants/tenants.js';
export type { EmulatorSizes } from './control/control-plane.js';
export type { CheckpointTaken, CheckpointView } from './control/checkpoints.js';

/** The control methods of one emulator: the mock's own (the default tenant) and each tenant's (mock.tenant(name)). */
export interface MockControl {
  /** Base URL to give a Kinetica client, e.g. http://127.0.0.1:40123 (a tenant's ends in /t/<name>). */
  url: string;
  /** The emulator's state, for assertions that go beyond the wire. */
  emulator: Emulator;
  /** Version, uptime and status (GET /_mock/health). */
  health(): Health;
  /** Empties the database, loads the start fixtures again, and clears the journal, faults and clock (POST /_mock/reset). */
  reset(options?: ResetOptions): ResetResult;
  /** Journaled requests, oldest first (GET /_mock/requests). */
  requests(query?: JournalQuery): JournalEntry[];
  /** Empties the journal (DELETE /_mock/requests). */
  clearRequests(): void;
  /**
   * Counts the journaled requests matching a spec (POST /_mock/verify): returns the result when
   * the count holds, throws a VerificationError (a ControlError, status 409) whose message is the
   * account when not, and a ControlError (400) for a bad spec.
   */
  verify(spec: VerifySpec): VerifyResult;
  /** Adds a fault (POST /_mock/faults); throws a ControlError for a bad spec. */
  addFault(spec: FaultSpec): FaultView;
  /** The faults, with how often each matched and fired (GET /_mock/faults). */
  faults(): FaultView[];
  /** Removes one fault, or every fault (DELETE /_mock/faults[/id]). */
  clearFaults(id?: number): void;
  /**
   * Fixes, shifts or resets the emulator's clock (PUT /_mock/clock). The clock moves at once; the
   * promise resolves once every scheduled SQL procedure run the move passed has run, in order.
   */
  setClock(change: ClockChange): Promise<ClockView>;
  /** Every SQL procedure with its schedule, next due time and recent runs (GET /_mock/procedures). */
  procedures(): ProcedureView[];
  /** The whole state as a versioned document (GET /_mock/state). */
  saveState(): StateDocument;
  /** Replaces the whole state with a document (PUT /_mock/state); a bad document changes nothing. */
  loadState(document: unknown): StateLoadResult;
  /**
   * Loads fixtures into the database as it is (POST /_mock/fixtures): a document object, or the
   * path of a fixture file or folder. All or nothing; throws a FixtureError naming the place.
   */
  loadFixtures(fixture: object | string): void;
  /**
   * Keeps the database, the backup stores and the clock in memory under a name (POST
   * /_mock/checkpoints/<name>), replacing a checkpoint of that name; throws a ControlError for a
   * bad name or past the bound of checkpoints.
   */
  checkpoint(name: string): CheckpointTaken;
  /** Puts the database, the backup stores and the clock back as the checkpoint has them (POST /_mock/checkpoints/<name>/restore). */
  restoreCheckpoint(name: string): CheckpointView;
  /** The checkpoints, in the order they were taken (GET /_mock/checkpoints). */
  checkpoints(): CheckpointView[];
  /** Drops one checkpoint, or every one without a name (DELETE /_mock/checkpoints[/<name>]). */
  deleteCheckpoint(name?: string): void;
}

export interface MockServer extends MockControl {
  /** The settings the server runs with. */
  config: Config;
  /**
   * The tenant of that name (GET <url>/t/<name>/...): an emulator of its own, built on first use.
   * Throws a KineticaError for a name that breaks the rule or one past --max-tenants.
   */
  tenant(name: string): MockControl;
  /** Every tenant with its sizes, the default first (GET /_mock/tenants). */
  tenants(): TenantList;
  /** Removes a named tenant, and under --data-dir its backup store file (DELETE /_mock/tenants/<name>). */
  removeTenant(name: string): void;
  close: () => Promise<void>;
}

export interface StartOptions extends Partial<Config> {}

/**
 * Starts an emulator on a free port (unless `port` is given) with logging off (unless `logLevel` is
 * given). Table monitors publish on a free port too (unless `monitorPort` is given), so test files
 * running side by side do not compete for Kinetica's 9002; /show/system/properties tells which.
 */
export async function startMock(options: StartOptions = {}): Promise<MockServer> {
  const config = resolveConfig({ values: { port: 0, monitorPort: 0, logLevel: 'silent', ...options } });
  const server = await listen(config);
  return {
    ...controlOf(server.url, server.control),
    config,
    tenant: (name) => {
      const tenant = server.tenants.tenant(name);
      return controlOf(`${server.url}${TENANT_PATH}${tenant.name}`, tenant.control);
    },
    tenants: () => server.tenants.list(),
    removeTenant: (name) => server.tenants.remove(name),
    close: server.close,
  };
}

/** The in-process control methods of one emulator: the same calls as its /_mock/ routes. */
function controlOf(url: string, control: ControlPlane): MockControl {
  return {
    url,
    emulator: control.emulator,
    health: () => control.health(),
    reset: (resetOptions = {}) => control.reset(resetOptions),
    requests: (query = {}) => control.requests(query).requests,
    clearRequests: () => void control.clearRequests(),
    verify: (spec) => control.verify(spec),
    addFault: (spec) => control.addFault(spec),
    faults: () => control.faults(),
    clearFaults: (id) => void (id === undefined ? control.clearFaults() : control.removeFault(id)),
    setClock: (change) => control.setClock(change),
    procedures: () => control.procedures().procedures,
    saveState: () => control.state(),
    loadState: (document) => control.loadState(document),
    loadFixtures: (fixture) => void control.loadFixtures(fixtureSources(fixture)),
    checkpoint: (name) => control.checkpoint(name),
    restoreCheckpoint: (name) => control.restoreCheckpoint(name),
    checkpoints: () => control.checkpoints().checkpoints,
    deleteCheckpoint: (name) => void control.deleteCheckpoint(name),
  };
}

function fixtureSources(fixture: object | string): FixtureSource[] {
  if (typeof fixture === 'string') return readFixtures(fixture);
  // As JSON data, so an object is read exactly as the same document in a file would be.
  return [{ file: 'loadFixtures()', document: JSON.parse(JSON.stringify(fixture)) as unknown }];
}
