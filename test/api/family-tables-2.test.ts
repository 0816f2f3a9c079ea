/**
 * Endpoint handlers called as plain functions, without HTTP: an emulator, a request record and a
 * context are all a handler needs (src/api/endpoint-table.ts). Data sinks, KiFS directories and
 * users stand for the families written as tables.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasinkEndpoints } from '../../src/api/datasinks.js';
import { directoryEndpoints } from '../../src/api/directories.js';
import { securityEndpoints } from '../../src/api/security.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from '../../src/api/endpoint-table.js';
import { resolveConfig } from '../../src/config.js';
import { createEmulator, type Emulator } from '../../src/emulator/emulator.js';
import { emulatorSettings } from '../../src/emulator/settings.js';
import { MonitorPublisher } from '../../src/monitors/publisher.js';
import type { EndpointPath } from '../../src/wire/registry.js';

describe('endpoint handlers without HTTP', () => {
  let emulator: Emulator;
  let publisher: MonitorPublisher;

  beforeEach(() => {
    publisher = new MonitorPublisher(-1, '127.0.0.1');
    emulator = createEmulator(emulatorSettings(resolveConfig({ values: {} })), { monitorPublisher: publisher });
  });

  afterEach(() => {
    emulator.close();
    publisher.close();
  });

  /** Runs the handler a family's table gives `path`, as the admin user of `emulator`. */
  async function run<P extends EndpointPath>(table: EndpointTable, path: P, request: RequestOf<P>): Promise<ResponseOf<P>> {
    const entry = table[path];
    if (!entry) throw new Error(`the table has no ${path}`);
    const context: EmulatorContext = { endpoint: path, encoding: 'json', baseUrl: '', user: 'admin', loose: false, notes: {}, emulator };
    return await entry.handler(request, context);
  }

  it('creates a data sink that /show/datasink then shows, and names a missing one in its error', async () => {
    await run(datasinkEndpoints, '/create/datasink', { name: 'events_out', destination: 'kafka://broker:9092', options: { kafka_topic_name: 'events' } });
    const shown = await run(datasinkEndpoints, '/show/datasink', { name: '*', options: {} });
    expect(shown.datasink_names).toEqual(['ki_home.events_out']);
    expect(shown.destination_types).toEqual(['kafka']);
    expect(shown.additional_info[0]).toMatchObject({ destination: 'kafka://broker:9092', kafka_topic_name: 'events' });
    await expect(run(datasinkEndpoints, '/show/datasink', { name: 'ghost_sink', options: {} })).rejects.toThrow(
      "Data sink 'ki_home.ghost_sink' does not exist",
    );
  });

  it('creates a KiFS directory that /show/directories then shows, and names a missing one in its error', async () => {
    await run(directoryEndpoints, '/create/directory', { directory_name: 'models', options: { data_limit: '1000000' } });
    const shown = await run(directoryEndpoints, '/show/directories', { directory_name: 'models', options: {} });
    expect(shown.directories).toEqual(['models']);
    expect(shown.users).toEqual(['admin']);
    expect(shown.data_limits).toEqual([1000000]);
    await expect(run(directoryEndpoints, '/show/directories', { directory_name: 'nowhere', options: {} })).rejects.toThrow(
      "Directory 'nowhere' does not exist",
    );
  });

  it('creates a user that /show/security then shows, and names an unknown principal in its error', async () => {
    await run(securityEndpoints, '/create/user/internal', { name: 'jsmith', password: 'secret', options: {} });
    const shown = await run(securityEndpoints, '/show/security', { names: ['jsmith'], options: {} });
    expect(shown.types).toEqual({ jsmith: 'internal_user' });
    expect(shown.roles).toEqual({ jsmith: [] });
    await expect(run(securityEndpoints, '/show/security', { names: ['ghost'], options: {} })).rejects.toThrow("No user or role is named 'ghost'");
  });

  it('keeps what a handler creates in the emulator of its context, not in another one', async () => {
    const other = createEmulator(emulatorSettings(resolveConfig({ values: {} })), { monitorPublisher: publisher });
    try {
      await run(directoryEndpoints, '/create/directory', { directory_name: 'only_here', options: {} });
      expect(emulator.catalog.get('directory', undefined, 'only_here')).toBeDefined();
      expect(other.catalog.get('directory', undefined, 'only_here')).toBeUndefined();
    } finally {
      other.close();
    }
  });
});
