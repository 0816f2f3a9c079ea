import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, resolveConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to 127.0.0.1:9191, info logs, 64 MiB bodies, 10 s heads, 30 s requests, 5 s keep-alive, backups in memory, strict, authentication off', () => {
    expect(defaultConfig()).toEqual({
      port: 9191,
      host: '127.0.0.1',
      logLevel: 'info',
      bodyLimit: 64 * 1024 * 1024,
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      dataDir: undefined,
      loose: false,
      recordsPerFile: 10000,
      auth: false,
      adminPassword: 'admin',
      authTokens: [],
      controlToken: undefined,
      fixtures: undefined,
      journalSize: 1000,
      monitorPort: 9002,
      maxTenants: 64,
      queryTimeout: 30_000,
    });
  });

  it('reads every setting from its flag', () => {
    const config = resolveConfig({
      argv: [
        '--port', '9000', '--host', '0.0.0.0', '--log-level', 'WARN', '--body-limit', '2mb', '--data-dir', '/tmp/x', '--loose',
        '--records-per-file', '100', '--auth', '--admin-password', 's3cret', '--auth-tokens', 'tok1, tok2=alice',
        '--fixtures', 'fixtures/', '--journal-size', '50', '--headers-timeout', '2s', '--request-timeout', '1m',
        '--keep-alive-timeout', '750ms', '--control-token', 'ctl-Token_1', '--monitor-port', '9102',
        '--max-tenants', '8',
        '--query-timeout', '2s',
      ],
    });
    expect(config).toEqual({
      port: 9000, host: '0.0.0.0', logLevel: 'warn', bodyLimit: 2 * 1024 * 1024, dataDir: '/tmp/x', loose: true, recordsPerFile: 100,
      auth: true, adminPassword: 's3cret', authTokens: [{ token: 'tok1', user: 'admin' }, { token: 'tok2', user: 'alice' }],
      fixtures: 'fixtures/', journalSize: 50, headersTimeout: 2000, requestTimeout: 60_000, keepAliveTimeout: 750, controlToken: 'ctl-Token_1',
      monitorPort: 9102, maxTenants: 8, queryTimeout: 2000,
    });
  });

  it('reads every setting from its KINETICA_MOCK_ variable', () => {
    const config = resolveConfig({
      env: {
        KINETICA_MOCK_PORT: '9001',
        KINETICA_MOCK_HOST: '::1',
        KINETICA_MOCK_LOG_LEVEL: 'debug',
        KINETICA_MOCK_BODY_LIMIT: '512kb',
        KINETICA_MOCK_DATA_DIR: '/data',
        KINETICA_MOCK_LOOSE: 'true',
        KINETICA_MOCK_RECORDS_PER_FILE: '5',
        KINETICA_MOCK_AUTH: 'on',
        KINETICA_MOCK_ADMIN_PASSWORD: '',
        KINETICA_MOCK_AUTH_TOKENS: 'abc=@ext_user',
        KINETICA_MOCK_FIXTURES: '/fixtures/base.json',
        KINETICA_MOCK_JOURNAL_SIZE: '0',
        KINETICA_MOCK_HEADERS_TIMEOUT: '1500',
        KINETICA_MOCK_REQUEST_TIMEOUT: '45S',
        KINETICA_MOCK_KEEP_ALIVE_TIMEOUT: '2 s',
        KINETICA_MOCK_CONTROL_TOKEN: 's3cr3t=/+',
        KINETICA_MOCK_MONITOR_PORT: 'off',
        KINETICA_MOCK_MAX_TENANTS: '0',
        KINETICA_MOCK_QUERY_TIMEOUT: '500ms',
      },
    });
    expect(config).toEqual({
      port: 9001, host: '::1', logLevel: 'debug', bodyLimit: 512 * 1024, dataDir: '/data', loose: true, recordsPerFile: 5,
      auth: true, adminPassword: '', authTokens: [{ token: 'abc', user: '@ext_user' }],
      fixtures: '/fixtures/base.json', journalSize: 0, headersTimeout: 1500, requestTimeout: 45_000, keepAliveTimeout: 2000, controlToken: 's3cr3t=/+',
      monitorPort: -1, maxTenants: 0, queryTimeout: 500,
    });
  });

  it('prefers explicit values to flags, and flags to variables', () => {
    const config = resolveConfig({ values: { port: 1 }, argv: ['--port', '2', '--host', 'h1'], env: { KINETICA_MOCK_PORT: '3', KINETICA_MOCK_HOST: 'h2', KINETICA_MOCK_LOG_LEVEL: 'error' } });
    expect(config.port).toBe(1);
    expect(config.host).toBe('h1');
    expect(config.logLevel).toBe('error');
  });

  it('refuses invalid values with a message for each', () => {
    let caught: unknown;
    try {
      resolveConfig({ argv: ['--port', '70000', '--log-level', 'loud'], env: { KINETICA_MOCK_BODY_LIMIT: '12 parsecs', KINETICA_MOCK_LOOSE: 'maybe' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      "--port: '70000' is not a port number (0-65535)",
      "--log-level: 'loud' is not a log level (fatal, error, warn, info, debug, trace, silent)",
      "KINETICA_MOCK_BODY_LIMIT: '12 parsecs' is not a size (bytes, or a number with kb, mb or gb)",
      "KINETICA_MOCK_LOOSE: 'maybe' is not a boolean (true or false)",
    ]);
  });

  it('refuses malformed bearer token lists', () => {
    expect(() => resolveConfig({ argv: ['--auth-tokens', 'a b'] })).toThrow("--auth-tokens: 'a b': a token is 1 or more printable characters without spaces, commas or =");
    expect(() => resolveConfig({ env: { KINETICA_MOCK_AUTH_TOKENS: 'tok=' } })).toThrow("KINETICA_MOCK_AUTH_TOKENS: 'tok=': the user a token acts as must not be empty");
    expect(() => resolveConfig({ argv: ['--auth-tokens', 'x,x=bob'] })).toThrow("--auth-tokens: token 'x' is given twice");
    expect(() => resolveConfig({ values: { authTokens: [{ token: '', user: 'admin' }] } })).toThrow('authTokens: {"token":"","user":"admin"}: a token is 1 or more printable characters');
  });

  it('takes a monitor port, 0 for a free one, or -1 or off for none', () => {
    expect(resolveConfig({ argv: ['--monitor-port', '0'] }).monitorPort).toBe(0);
    expect(resolveConfig({ argv: ['--monitor-port=-1'] }).monitorPort).toBe(-1);
    expect(resolveConfig({ values: { monitorPort: -1 } }).monitorPort).toBe(-1);
    expect(() => resolveConfig({ env: { KINETICA_MOCK_MONITOR_PORT: '-2' } })).toThrow(
      "KINETICA_MOCK_MONITOR_PORT: '-2' is not a port number (0-65535), or -1 or off",
    );
    expect(() => resolveConfig({ values: { monitorPort: 70000 } })).toThrow('monitorPort: 70000 is not a port number (0-65535, or -1)');
  });

  it('refuses unknown flags and stray arguments', () => {
    expect(() => resolveConfig({ argv: ['--colour', 'blue'] })).toThrow(/Unknown option '--colour'/);
    expect(() => resolveConfig({ argv: ['serve'] })).toThrow("unexpected argument 'serve'");
  });

  it('refuses invalid programmatic values', () => {
    expect(() => resolveConfig({ values: { port: -1 } })).toThrow('port: -1 is not a port number (0-65535)');
    expect(() => resolveConfig({ values: { bodyLimit: 0 } })).toThrow('bodyLimit: 0 is not a positive number of bytes');
    expect(() => resolveConfig({ values: { journalSize: -1 } })).toThrow('journalSize: -1 is not a journal size (0 to 1000000)');
    expect(() => resolveConfig({ argv: ['--max-tenants', '1001'] })).toThrow("'1001' is not a tenant count (0 to 1000)");
    expect(() => resolveConfig({ values: { maxTenants: 1.5 } })).toThrow('maxTenants: 1.5 is not a tenant count (0 to 1000)');
    expect(() => resolveConfig({ env: { KINETICA_MOCK_JOURNAL_SIZE: 'lots' } })).toThrow("KINETICA_MOCK_JOURNAL_SIZE: 'lots' is not a journal size (0 to 1000000)");
    expect(() => resolveConfig({ values: { fixtures: ' ' } })).toThrow('fixtures: the fixtures path must be a non-empty string');
  });

  it('refuses timeouts that are not durations from 1 ms to an hour, naming the setting and the form', () => {
    expect(() => resolveConfig({ argv: ['--headers-timeout', 'soon'] })).toThrow(
      "--headers-timeout: 'soon' is not a duration (milliseconds, or a number with ms, s or m)",
    );
    expect(() => resolveConfig({ env: { KINETICA_MOCK_REQUEST_TIMEOUT: '0' } })).toThrow("KINETICA_MOCK_REQUEST_TIMEOUT: '0' is not between 1 millisecond and 1 hour");
    expect(() => resolveConfig({ env: { KINETICA_MOCK_KEEP_ALIVE_TIMEOUT: '61m' } })).toThrow("KINETICA_MOCK_KEEP_ALIVE_TIMEOUT: '61m' is not between 1 millisecond and 1 hour");
    expect(() => resolveConfig({ argv: ['--request-timeout', '5h'] })).toThrow("--request-timeout: '5h' is not a duration");
    expect(() => resolveConfig({ values: { keepAliveTimeout: 1.5 } })).toThrow('keepAliveTimeout: 1.5 is not a number of milliseconds from 1 to 3600000');
    expect(() => resolveConfig({ values: { requestTimeout: 0 } })).toThrow('requestTimeout: 0 is not a number of milliseconds from 1 to 3600000');
  });

  it('refuses a headers timeout longer than the request timeout, which includes the head', () => {
    expect(() => resolveConfig({ argv: ['--headers-timeout', '40s'] })).toThrow(
      'the headers timeout (40000 ms) is longer than the request timeout (30000 ms), which includes it: raise --request-timeout or lower --headers-timeout',
    );
    expect(() => resolveConfig({ values: { requestTimeout: 500 } })).toThrow('the headers timeout (10000 ms) is longer than the request timeout (500 ms)');
    expect(resolveConfig({ values: { requestTimeout: 500, headersTimeout: 500 } })).toMatchObject({ requestTimeout: 500, headersTimeout: 500 });
  });

  it('refuses a control token with spaces, an empty one, or one that is not a string', () => {
    expect(() => resolveConfig({ argv: ['--control-token', 'two words'] })).toThrow('--control-token: a control token is 1 to 1024 printable characters without spaces');
    expect(() => resolveConfig({ env: { KINETICA_MOCK_CONTROL_TOKEN: '' } })).toThrow('KINETICA_MOCK_CONTROL_TOKEN: a control token is 1 to 1024');
    expect(() => resolveConfig({ values: { controlToken: 42 as unknown as string } })).toThrow('controlToken: a control token is 1 to 1024');
  });
});
