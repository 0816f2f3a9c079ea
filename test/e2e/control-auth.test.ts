/**
 * The control plane with authentication on (--auth, --control-token), over HTTP: every route but
 * health answers an admin (Basic or Bearer, as the Kinetica endpoints take them) or the control
 * token; anyone else is refused before anything changes. startMock()'s methods, which call the
 * control plane in process, keep working. With authentication off the control plane stays open.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { startMock } from '../../src/index.js';
import { comparable } from '../control/support.js';

const ADMIN_PASSWORD = 'root-pw';
const CONTROL_TOKEN = 'ctl-Secret.42';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ADMIN = { authorization: basic('admin', ADMIN_PASSWORD) };

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** One control-plane call, as curl or a harness in another language would make it. */
async function controlCall(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const response = await fetch(`${url}/_mock${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

/** Every guarded route, with a body that would change something if it were let through. */
function guardedCalls(state: unknown): [method: string, path: string, body?: unknown][] {
  return [
    ['GET', '/state'],
    ['PUT', '/state', state],
    ['POST', '/reset', { backups: true }],
    ['POST', '/fixtures', { schemas: ['intruder'] }],
    ['GET', '/requests'],
    ['DELETE', '/requests'],
    ['POST', '/faults', { endpoint: '/show/system/status', message: 'planted' }],
    ['GET', '/faults'],
    ['GET', '/faults/1'],
    ['DELETE', '/faults/1'],
    ['DELETE', '/faults'],
    ['GET', '/clock'],
    ['PUT', '/clock', { fix: '2001-01-01T00:00:00Z' }],
    ['GET', '/endpoints'],
  ];
}

describe('the control plane with --auth', () => {
  const mock = useMock({
    auth: true,
    adminPassword: ADMIN_PASSWORD,
    authTokens: [{ token: 'admin-token', user: 'admin' }, { token: 'alice-token', user: 'alice' }],
    controlToken: CONTROL_TOKEN,
  });

  /** What a refused call must leave as it was, read in process (which the gate does not cover). */
  const snapshot = () => ({
    state: comparable(mock.server.saveState() as unknown as Record<string, unknown>),
    journal: mock.server.requests().length,
    faults: mock.server.faults(),
    clock: (({ fixed, offsetMs }) => ({ fixed, offsetMs }))(mock.server.emulator.clock.describe()),
  });

  beforeEach(async () => {
    mock.server.reset({ backups: true });
    await ok(mock.url, '/create/schema', { schema_name: 'kept', options: {} }, 'json', ADMIN);
    await ok(mock.url, '/create/user/internal', { name: 'alice', password: 'alice-pw', options: {} }, 'json', ADMIN);
    await ok(mock.url, '/create/user/internal', { name: 'ops', password: 'ops-pw', options: {} }, 'json', ADMIN);
    await ok(mock.url, '/grant/permission/system', { name: 'ops', permission: 'system_admin', options: {} }, 'json', ADMIN);
    mock.server.addFault({ endpoint: '/show/table', message: 'existing fault' });
  });

  it('refuses every route but health without credentials, with 401 saying what to send, and changes nothing', async () => {
    const before = snapshot();
    const state = mock.server.saveState();
    for (const [method, path, body] of guardedCalls(state)) {
      const answer = await controlCall(mock.url, method, path, {}, body);
      expect({ route: `${method} ${path}`, status: answer.status, body: answer.body }).toEqual({
        route: `${method} ${path}`,
        status: 401,
        body: {
          error:
            'The control plane needs credentials while authentication is on (--auth). Send Authorization: Basic with the user name ' +
            'and password of a user holding system_admin, Authorization: Bearer with a token (--auth-tokens) acting as such a user ' +
            'or the control token as Authorization: Bearer <token> or X-Kinetica-Mock-Token: <token>',
        },
      });
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    }
    expect(snapshot()).toEqual(before);
    expect(mock.server.faults().map((fault) => fault.message)).toEqual(['existing fault']);
    expect((await call(mock.url, '/has/schema', { schema_name: 'intruder', options: {} }, 'json', ADMIN)).data).toMatchObject({ schema_exists: false });
    expect((await call(mock.url, '/has/schema', { schema_name: 'kept', options: {} }, 'json', ADMIN)).data).toMatchObject({ schema_exists: true });
  });

  it('never shows the state document, with its password hashes, to a caller without credentials', async () => {
    const answer = await controlCall(mock.url, 'GET', '/state');
    expect(answer.status).toBe(401);
    expect(Object.keys(answer.body)).toEqual(['error']);
    expect(JSON.stringify(answer.body)).not.toContain('alice');
  });

  it('refuses wrong credentials with 401 naming what was wrong', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ authorization: basic('admin', 'wrong') }, "Authentication failed: wrong password for user 'admin'. Send Authorization: Basic"],
      [{ authorization: basic('nobody', 'pw') }, "Authentication failed: there is no internal user 'nobody'. Send"],
      [{ authorization: 'Bearer not-a-token' }, 'Authentication failed: the bearer token is not one the server accepts (--auth-tokens). Send'],
      [{ authorization: 'Digest abc' }, "Authorization scheme 'Digest' is not supported: use Basic or Bearer. Send"],
      [{ 'x-kinetica-mock-token': 'guess' }, 'X-Kinetica-Mock-Token does not hold the control token. Send'],
      // A wrong control token is reported even next to good credentials, rather than quietly ignored.
      [{ 'x-kinetica-mock-token': 'guess', ...ADMIN }, 'X-Kinetica-Mock-Token does not hold the control token. Send'],
    ];
    const before = snapshot();
    for (const [headers, start] of cases) {
      const answer = await controlCall(mock.url, 'PUT', '/clock', headers, { fix: '2001-01-01T00:00:00Z' });
      expect([answer.status, answer.body.error.slice(0, start.length)]).toEqual([401, start]);
    }
    expect(snapshot()).toEqual(before);
  });

  it("answers a valid user without system_admin 403, naming the user and what it lacks, and changes nothing", async () => {
    const before = snapshot();
    for (const authorization of [basic('alice', 'alice-pw'), 'Bearer alice-token']) {
      for (const [method, path, body] of [['POST', '/reset'], ['GET', '/state'], ['PUT', '/clock', { shift: 1000 }]] as const) {
        const answer = await controlCall(mock.url, method, path, { authorization }, body);
        expect({ status: answer.status, body: answer.body }).toEqual({
          status: 403,
          body: {
            error:
              "User 'alice' may not use the control plane: it needs system_admin " +
              "(grant it with /grant/permission/system, or send an admin's credentials or the control token)",
          },
        });
      }
    }
    expect(snapshot()).toEqual(before);
  });

  it('serves admin by Basic, a user granted system_admin, and a bearer token acting as admin', async () => {
    const state = await controlCall(mock.url, 'GET', '/state', ADMIN);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ format: 'kinetica-mock-state', version: 1 });

    const fixed = await controlCall(mock.url, 'PUT', '/clock', { authorization: basic('ops', 'ops-pw') }, { fix: '2030-01-01T00:00:00Z' });
    expect([fixed.status, fixed.body.now]).toEqual([200, '2030-01-01T00:00:00.000Z']);

    const added = await controlCall(mock.url, 'POST', '/faults', { authorization: 'Bearer admin-token' }, { endpoint: '/show/system/status', message: 'planted' });
    expect(added.status).toBe(201);
    expect(mock.server.faults().map((fault) => fault.message)).toEqual(['existing fault', 'planted']);

    const loaded = await controlCall(mock.url, 'PUT', '/state', ADMIN, state.body);
    expect(loaded.status).toBe(200);
    const reset = await controlCall(mock.url, 'POST', '/reset', ADMIN, {});
    expect(reset.status).toBe(200);
    expect((await call(mock.url, '/has/schema', { schema_name: 'kept', options: {} }, 'json', ADMIN)).data).toMatchObject({ schema_exists: false });
  });

  it('serves the control token as a bearer token and in X-Kinetica-Mock-Token', async () => {
    const viaBearer = await controlCall(mock.url, 'POST', '/fixtures', { authorization: `Bearer ${CONTROL_TOKEN}` }, { schemas: ['from_token'] });
    expect(viaBearer.status).toBe(200);
    expect((await call(mock.url, '/has/schema', { schema_name: 'from_token', options: {} }, 'json', ADMIN)).data).toMatchObject({ schema_exists: true });

    // The header leaves Authorization free, even for credentials that would be refused.
    const viaHeader = await controlCall(mock.url, 'GET', '/faults', { 'x-kinetica-mock-token': CONTROL_TOKEN, authorization: basic('alice', 'alice-pw') });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.faults.map((fault: { message: string }) => fault.message)).toEqual(['existing fault']);
  });

  it('does not take the control token for Kinetica requests', async () => {
    const envelope = await call(mock.url, '/show/system/status', { options: {} }, 'json', { authorization: `Bearer ${CONTROL_TOKEN}` });
    expect([envelope.httpStatus, envelope.status]).toEqual([401, 'ERROR']);
  });

  it('leaves GET /_mock/health open, whatever credentials come with it', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: basic('admin', 'wrong') }, { 'x-kinetica-mock-token': 'guess' }];
    for (const headers of attempts) {
      const answer = await controlCall(mock.url, 'GET', '/health', headers);
      expect([answer.status, answer.body.status]).toEqual([200, 'ready']);
    }
  });
});

describe('startMock({ auth: true }) in process', () => {
  it('runs every control-plane method without credentials while HTTP callers need them', async () => {
    const mock = await startMock({ auth: true });
    try {
      expect((await controlCall(mock.url, 'GET', '/state')).status).toBe(401);

      expect(mock.health()).toMatchObject({ status: 'ready' });
      mock.loadFixtures({ schemas: ['sales'] });
      expect((await call(mock.url, '/has/schema', { schema_name: 'sales', options: {} }, 'json', { authorization: basic('admin', 'admin') })).data).toMatchObject({ schema_exists: true });
      expect(mock.requests().map((entry) => entry.endpoint)).toEqual(['/has/schema']);
      mock.clearRequests();
      expect(mock.requests()).toEqual([]);
      const fault = mock.addFault({ endpoint: '/show/system/status', message: 'planted' });
      expect(mock.faults().map((view) => view.id)).toEqual([fault.id]);
      mock.clearFaults();
      expect(mock.faults()).toEqual([]);
      await expect(mock.setClock({ fix: '2030-01-01T00:00:00Z' })).resolves.toMatchObject({ fixed: true, now: '2030-01-01T00:00:00.000Z' });
      const saved = mock.saveState();
      expect(mock.reset()).toMatchObject({ reset: expect.arrayContaining(['database']) });
      expect(mock.loadState(saved)).toMatchObject({ schemas: expect.any(Number) });
      expect((await call(mock.url, '/has/schema', { schema_name: 'sales', options: {} }, 'json', { authorization: basic('admin', 'admin') })).data).toMatchObject({ schema_exists: true });
    } finally {
      await mock.close();
    }
  });
});

describe('the control plane with authentication off', () => {
  const mock = useMock({ controlToken: CONTROL_TOKEN });

  it('stays open to every caller; a control token is accepted but not needed', async () => {
    expect((await controlCall(mock.url, 'GET', '/state')).status).toBe(200);
    expect((await controlCall(mock.url, 'GET', '/clock', { 'x-kinetica-mock-token': CONTROL_TOKEN })).status).toBe(200);
    expect((await controlCall(mock.url, 'GET', '/clock', { authorization: `Bearer ${CONTROL_TOKEN}` })).status).toBe(200);
    expect((await controlCall(mock.url, 'POST', '/reset', { 'x-kinetica-mock-token': 'anything' }, {})).status).toBe(200);
  });
});
