/**
 * Tenants: the emulators one server hosts. The root URL reaches the tenant `default`; a base URL
 * with the path `/t/<tenant>` (http://kinetica:9191/t/worker-3) reaches the tenant of that name,
 * an emulator of its own (database, backup stores, journal, faults, clock, users, alerts,
 * procedures) built on first use and isolated from every other. Parallel test workers sharing one
 * server each take a tenant; `--max-tenants` bounds how many exist at once.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../emulator/emulator.js';
import { DEFAULT_EMULATOR, storeFileName } from '../emulator/settings.js';
import type { ControlPlane, EmulatorSizes, HealthStatus } from '../control/control-plane.js';
import { tenantErrors } from '../errors/tenants.js';
import { ControlError } from '../errors/control-error.js';

/** The path segment that introduces a tenant's name. */
export const TENANT_PATH = '/t/';

const TENANT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface Tenant {
  readonly name: string;
  readonly emulator: Emulator;
  readonly control: ControlPlane;
  readonly createdAt: number;
}

/** A tenant as GET /_mock/tenants lists it. */
export interface TenantView extends EmulatorSizes {
  name: string;
  /** The path prefix that reaches it: empty for the default tenant. */
  path: string;
  createdAt: string;
}

export interface TenantList {
  /** How many named tenants may exist besides `default` (--max-tenants). */
  max: number;
  tenants: TenantView[];
}

/**
 * The name of the tenant a URL path names (`/t/<name>/...` -> name), undefined for a path outside
 * /t/. The name is returned as written, valid or not: `tenant()` judges it.
 */
export function tenantOfPath(path: string): string | undefined {
  if (!path.startsWith(TENANT_PATH)) return undefined;
  const end = path.indexOf('/', TENANT_PATH.length);
  return end === -1 ? path.slice(TENANT_PATH.length) : path.slice(TENANT_PATH.length, end);
}

export class Tenants {
  private readonly named = new Map<string, Tenant>();
  private readonly root: Tenant;
  /** What new tenants' control planes report by GET /_mock/health: the server's status. */
  private status: HealthStatus = 'starting';

  constructor(
    /** Builds the emulator and control plane of a tenant (with the start fixtures loaded). */
    private readonly build: (name: string) => { emulator: Emulator; control: ControlPlane },
    /** --max-tenants. */
    readonly max: number,
    root: { emulator: Emulator; control: ControlPlane },
  ) {
    this.root = { name: DEFAULT_EMULATOR, ...root, createdAt: root.emulator.startedAt };
  }

  /** The tenant at the root URL. */
  get default(): Tenant {
    return this.root;
  }

  /** The tenant of that name, built on first use; a KineticaError (for the wire's envelope) for a bad name or one past the limit. */
  tenant(name: string): Tenant {
    if (name === DEFAULT_EMULATOR) return this.root;
    const known = this.named.get(name);
    if (known) return known;
    if (!TENANT_NAME.test(name)) throw tenantErrors.invalidName(name.length > 80 ? `${name.slice(0, 80)}...` : name);
    if (this.named.size >= this.max) throw tenantErrors.tooMany(this.max);
    let built: { emulator: Emulator; control: ControlPlane };
    try {
      built = this.build(name);
    } catch (error) {
      // The start fixtures loaded into the default tenant, so they load into a new one: what is
      // left is the store file under --data-dir (a disk full, a file of another program).
      throw tenantErrors.buildFailed(name, error instanceof Error ? error.message : String(error));
    }
    built.control.status = this.status;
    const tenant: Tenant = { name, ...built, createdAt: Date.now() };
    this.named.set(name, tenant);
    return tenant;
  }

  /** The tenant of that name if it exists; never builds one. */
  find(name: string): Tenant | undefined {
    return name === DEFAULT_EMULATOR ? this.root : this.named.get(name);
  }

  /** Every tenant, the default first, then by name. */
  all(): Tenant[] {
    return [this.root, ...[...this.named.values()].sort((a, b) => a.name.localeCompare(b.name))];
  }

  list(): TenantList {
    return { max: this.max, tenants: this.all().map(view) };
  }

  /**
   * Removes a named tenant: its emulator closes (scheduler, store) and, under --data-dir, its
   * backup store file is deleted, so the name starts empty when next used.
   */
  remove(name: string): void {
    if (name === DEFAULT_EMULATOR) throw new ControlError("The tenant 'default' (the root URL) cannot be removed: reset it with POST /_mock/reset instead");
    const tenant = this.named.get(name);
    if (!tenant) throw new ControlError(`No tenant '${name}': GET /_mock/tenants lists them`, 404);
    this.named.delete(name);
    tenant.control.status = 'stopping';
    tenant.emulator.close();
    const { dataDir } = tenant.emulator.settings;
    if (dataDir !== undefined) {
      const file = join(dataDir, storeFileName(name));
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }

  /** The server's status, passed to every tenant's control plane (health). */
  setStatus(status: HealthStatus): void {
    this.status = status;
    for (const tenant of this.all()) tenant.control.status = status;
  }

  /** Closes every tenant's emulator (the server is closing). */
  close(): void {
    for (const tenant of this.all()) tenant.emulator.close();
    this.named.clear();
  }
}

function view(tenant: Tenant): TenantView {
  return {
    name: tenant.name,
    path: tenant.name === DEFAULT_EMULATOR ? '' : `${TENANT_PATH}${tenant.name}`,
    createdAt: new Date(tenant.createdAt).toISOString(),
    ...tenant.control.sizes(),
  };
}
