/**
 * The in-process API: what startMock() returns does what the control plane's routes do, and
 * throws what they would answer as errors.
 */
import { describe, expect, it } from 'vitest';
import { call, ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { ControlError, FixtureError, startMock } from '../../src/index.js';
import { comparable, control } from '../control/support.js';

describe('startMock()', () => {
  const mock = useMock();

  it('starts on a free port of 127.0.0.1, with the settings it was given, silent by default', async () => {
    const other = await startMock({ loose: true, journalSize: 5 });
    try {
      expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(other.url).not.toBe(mock.url);
      expect(other.config).toMatchObject({ port: 0, loose: true, journalSize: 5, logLevel: 'silent' });
      expect(other.health()).toMatchObject({ status: 'ready', version: '0.1.0' });
      // Two emulators share nothing.
      await ok(other.url, '/create/schema', { schema_name: 'only_here', options: {} });
      expect((await call(mock.url, '/has/schema', { schema_name: 'only_here', options: {} })).data).toMatchObject({ schema_exists: false });
    } finally {
      await other.close();
    }
    await expect(fetch(`${other.url}/_mock/health`)).rejects.toThrow();
  });

  it('refuses invalid settings before starting', async () => {
    await expect(startMock({ port: -1 })).rejects.toThrow('port: -1 is not a port number (0-65535)');
    await expect(startMock({ journalSize: 1.5 })).rejects.toThrow('journalSize: 1.5 is not a journal size');
  });

  it('reads and clears the journal', async () => {
    const server = mock.server;
    server.clearRequests();
    await ok(mock.url, '/show/system/status', { options: {} }, 'binary');
    await call(mock.url, '/show/schema', { schema_name: 'missing', options: {} });
    expect(server.requests().map((entry) => [entry.endpoint, entry.status])).toEqual([
      ['/show/system/status', 'OK'],
      ['/show/schema', 'ERROR'],
    ]);
    expect(server.requests({ status: 'ERROR' })).toHaveLength(1);
    expect(server.requests({ endpoint: '/show/system/status', limit: 1 })[0]!.encoding).toBe('binary');
    server.clearRequests();
    expect(server.requests()).toEqual([]);
    expect(() => server.requests({ limit: -1 })).toThrow(ControlError);
  });

  it('adds, lists and clears faults; a bad spec throws a ControlError', async () => {
    const server = mock.server;
    const first = server.addFault({ endpoint: '/has/table', message: 'nope', times: 1 });
    server.addFault({ endpoint: '/has/schema', delayMs: 1 });
    expect(server.faults().map((fault) => fault.endpoint)).toEqual(['/has/table', '/has/schema']);
    expect((await call(mock.url, '/has/table', { table_name: 't', options: {} })).message).toBe('nope');
    expect(server.faults()[0]).toMatchObject({ id: first.id, fired: 1, active: false });
    server.clearFaults(first.id);
    expect(server.faults()).toHaveLength(1);
    expect(() => server.clearFaults(first.id)).toThrow(`No fault ${first.id}`);
    server.clearFaults();
    expect(server.faults()).toEqual([]);
    expect(() => server.addFault({ endpoint: '/has/table' })).toThrow(ControlError);
  });

  it('sets the clock', async () => {
    await expect(mock.server.setClock({ fix: 0 })).resolves.toMatchObject({ epochMs: 0, fixed: true });
    await expect(mock.server.setClock({ shift: -1000 })).resolves.toMatchObject({ epochMs: -1000 });
    await expect(mock.server.setClock({})).rejects.toThrow(ControlError);
    expect((await mock.server.setClock({ reset: true })).fixed).toBe(false);
  });

  it('saves and loads the state, and a bad document throws and changes nothing', async () => {
    const server = mock.server;
    server.reset({ backups: true });
    server.loadFixtures({ schemas: ['kept'] });
    const saved = server.saveState();
    expect(comparable(saved as never)).toEqual(comparable((await control(mock.url, 'GET', '/state')).body));
    server.loadFixtures({ schemas: ['added'] });
    expect(() => server.loadState({ ...saved, version: 99 })).toThrow(/Unsupported state document version 99/);
    await ok(mock.url, '/show/schema', { schema_name: 'added', options: {} });
    expect(server.loadState(saved)).toMatchObject({ schemas: 2, backups: 0 });
    expect((await call(mock.url, '/has/schema', { schema_name: 'added', options: {} })).data).toMatchObject({ schema_exists: false });
    await ok(mock.url, '/show/schema', { schema_name: 'kept', options: {} });
  });

  it('resets, and a bad fixture throws a FixtureError naming the place', async () => {
    const server = mock.server;
    server.loadFixtures({ schemas: ['gone'] });
    expect(server.reset()).toEqual({ reset: ['database', 'clock', 'journal', 'faults'], fixtures: 0 });
    expect((await call(mock.url, '/has/schema', { schema_name: 'gone', options: {} })).data).toMatchObject({ schema_exists: false });
    expect(() => server.reset({ everything: true } as never)).toThrow(ControlError);
    let caught: unknown;
    try {
      server.loadFixtures({ schemas: ['ok'], tables: [{ name: 'ok.t', columns: 'id int' }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FixtureError);
    expect((caught as FixtureError).message).toBe("loadFixtures(): tables[0].columns: 'columns' must be a list");
    expect((await call(mock.url, '/has/schema', { schema_name: 'ok', options: {} })).data).toMatchObject({ schema_exists: false });
  });
});
