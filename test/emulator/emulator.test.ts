/**
 * An emulator is a unit that can exist many times in one process: each is built whole from its
 * own settings, its handlers find it through the request's context, and two emulators on one data
 * folder keep their backup stores in files of their own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config.js';
import { createEmulator, type Emulator } from '../../src/emulator/emulator.js';
import type { EmulatorContext, EmulatorEndpoint } from '../../src/emulator/endpoints.js';
import { emulatorSettings, storeFileName } from '../../src/emulator/settings.js';
import { emulatorEndpoints } from '../../src/api/index.js';
import { MonitorPublisher } from '../../src/monitors/publisher.js';
import { STORE_FILE_NAME } from '../../src/backup-store/sqlite.js';

const endpoints = new Map<string, EmulatorEndpoint>(emulatorEndpoints().map((definition) => [definition.path, definition]));
const open: Emulator[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const emulator of open.splice(0)) emulator.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function emulator(name: string, dataDir?: string): Emulator {
  const config = resolveConfig({ values: dataDir === undefined ? {} : { dataDir } });
  const built = createEmulator(emulatorSettings(config, name), { monitorPublisher: new MonitorPublisher(-1, '127.0.0.1') });
  open.push(built);
  return built;
}

/** Calls an endpoint's handler as the wire would, for `target`, without HTTP. */
async function call(target: Emulator, path: string, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const definition = endpoints.get(path)!;
  const context: EmulatorContext = { endpoint: definition.path, encoding: 'json', baseUrl: '', user: 'admin', loose: false, notes: {}, emulator: target };
  return (await definition.handler(request as never, context)) as unknown as Record<string, unknown>;
}

async function backUpOneTable(target: Emulator, backupName: string): Promise<void> {
  const sql = (statement: string) => call(target, '/execute/sql', { statement, offset: 0, limit: -9999, encoding: 'json', request_schema_str: '', data: [], options: {} });
  await sql("CREATE DATA SINK backup_sink LOCATION = 's3://kinetica-backups/prod' WITH OPTIONS (s3_region = 'us-east-1')");
  await sql("CREATE DATA SOURCE backup_source LOCATION = 's3://kinetica-backups/prod' WITH OPTIONS (s3_region = 'us-east-1')");
  await sql('CREATE TABLE orders (id INT NOT NULL, PRIMARY KEY (id))');
  await sql('INSERT INTO orders VALUES (1), (2)');
  await sql(`CREATE BACKUP ${backupName} DATA SINK = backup_sink OBJECTS (TABLE = orders)`);
}

describe('an emulator', () => {
  it('is found by its handlers through the request context: two emulators in one process keep apart', async () => {
    const first = emulator('first');
    const second = emulator('second');
    await backUpOneTable(first, 'nightly');
    expect(first.catalog.table('ki_home', 'orders')?.data.count).toBe(2);
    expect(second.catalog.table('ki_home', 'orders')).toBeUndefined();
    expect(first.backups.match(storeKeyOf(first), 'nightly', false).map((backup) => backup.name)).toEqual(['nightly']);
  });

  it('keeps its backup store in a file of its own, so two emulators on one data folder never share one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetica-mock-emulators-'));
    folders.push(dir);
    await backUpOneTable(emulator('default', dir), 'from_default');
    await backUpOneTable(emulator('worker-3', dir), 'from_worker');
    expect(readdirSync(dir).filter((file) => file.endsWith('.sqlite')).sort()).toEqual([STORE_FILE_NAME, storeFileName('worker-3')].sort());
    expect(storeFileName('worker-3')).toBe('kinetica-mock-backups.worker-3.sqlite');
    for (const each of open.splice(0)) each.close();

    // Reopened, each finds its own backups, and only those.
    const defaultAgain = emulator('default', dir);
    const workerAgain = emulator('worker-3', dir);
    expect(defaultAgain.backups.match(S3_KEY, '*', true).map((backup) => backup.name)).toEqual(['from_default']);
    expect(workerAgain.backups.match(S3_KEY, '*', true).map((backup) => backup.name)).toEqual(['from_worker']);
  });

  it('refuses a name that cannot name a file', () => {
    expect(() => storeFileName('../escape')).toThrow(/letters, digits/);
    expect(existsSync(join(tmpdir(), '..', 'escape'))).toBe(false);
  });
});

/** The store key of the S3 location the test's sink and source point at. */
const S3_KEY = 's3://kinetica-backups/prod';
const storeKeyOf = (_target: Emulator) => S3_KEY;
