/**
 * Every setting of the emulator, once: its flag, its KINETICA_MOCK_* variable, its default and its
 * check. The command line, the environment and startMock() all resolve through resolveConfig(), so
 * an invalid value is refused the same way everywhere, before anything starts.
 */
import { parseArgs } from 'node:util';

export interface Config {
  /** TCP port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** pino log level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Milliseconds a connection has to deliver a request's complete head; then it is answered 408 and closed. */
  headersTimeout: number;
  /** Milliseconds a connection has to deliver a whole request, head and body; then it is answered 408 and closed. */
  requestTimeout: number;
  /** Milliseconds an idle keep-alive connection is kept open after its last answer. */
  keepAliveTimeout: number;
  /** Folder for the SQLite file that holds the backup stores; undefined keeps them in memory. */
  dataDir: string | undefined;
  /** Loose mode: unknown option keys are ignored (and reported in `info`) instead of refused. */
  loose: boolean;
  /** Records per data file in the backup file model (N). */
  recordsPerFile: number;
  /** Authentication and authorization on: credentials are checked and permissions enforced. */
  auth: boolean;
  /** Password of the built-in user `admin` (Kinetica's default is `admin`). */
  adminPassword: string;
  /** Bearer tokens accepted when authentication is on, each acting as a user. */
  authTokens: AuthToken[];
  /** A token that opens the control plane (/_mock/...) when authentication is on; undefined for none. */
  controlToken: string | undefined;
  /** Fixture file, or folder of .json fixture files, loaded at start (and again by a reset); undefined for none. */
  fixtures: string | undefined;
  /** Requests kept in the journal (GET /_mock/requests), the oldest dropped first; 0 keeps none. */
  journalSize: number;
  /**
   * TCP port of the ZeroMQ socket that publishes table monitor notifications; 0 picks a free one,
   * -1 publishes none.
   */
  monitorPort: number;
  /** Named tenants (/t/<tenant>/...) that may exist at once, besides the default tenant at the root URL; 0 allows none. */
  maxTenants: number;
  /** Milliseconds one query (SQL SELECT, an aggregate or filter endpoint) may run before it is stopped. */
  queryTimeout: number;
}

/** A bearer token and the user it acts as. */
export interface AuthToken {
  token: string;
  user: string;
}

type SettingName = keyof Config;

interface Setting<K extends SettingName> {
  name: K;
  flag: string;
  env: string;
  /** Placeholder shown in --help. */
  arg: string;
  help: string;
  default: Config[K];
  /** Parses a text value (flag or variable); returns an error text when it is invalid. */
  parse: (text: string) => { value: Config[K] } | { error: string };
  /** Checks a value given programmatically to startMock(). */
  check: (value: unknown) => string | undefined;
}

/** The most tenants --max-tenants allows: each holds a database and an in-memory SQLite store. */
const MAX_TENANTS = 1_000;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

function parsePort(text: string) {
  const value = Number(text);
  return /^\d+$/.test(text) && value <= 65535 ? { value } : { error: `'${text}' is not a port number (0-65535)` };
}

function checkPort(value: unknown) {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535
    ? undefined
    : `${JSON.stringify(value)} is not a port number (0-65535)`;
}

/** A whole number with an optional unit from `units` (none, or any case), in the units' base; undefined when it is not one. */
function withUnit(text: string, units: Record<string, number>): number | undefined {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? units[match[2]!.toLowerCase()] : undefined;
  return match && unit !== undefined ? Number(match[1]) * unit : undefined;
}

function parseSize(text: string) {
  const value = withUnit(text, SIZE_UNITS);
  if (value === undefined) return { error: `'${text}' is not a size (bytes, or a number with kb, mb or gb)` };
  return value > 0 ? { value } : { error: `'${text}' must be larger than 0` };
}

const DURATION_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, m: 60_000 };
/** The longest timeout accepted: an hour, which is "never" for a test run. */
const MAX_TIMEOUT_MS = 3_600_000;

function parseDuration(text: string) {
  const value = withUnit(text, DURATION_UNITS);
  if (value === undefined) return { error: `'${text}' is not a duration (milliseconds, or a number with ms, s or m)` };
  return value >= 1 && value <= MAX_TIMEOUT_MS ? { value } : { error: `'${text}' is not between 1 millisecond and 1 hour` };
}

function checkDuration(value: unknown) {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_TIMEOUT_MS
    ? undefined
    : `${JSON.stringify(value)} is not a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`;
}

function parseBoolean(text: string) {
  const lower = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return { value: true };
  if (['false', '0', 'no', 'off'].includes(lower)) return { value: false };
  return { error: `'${text}' is not a boolean (true or false)` };
}

/** A port, or -1 for off (Kinetica advertises -1 when table monitors are not served). */
function parseMonitorPort(text: string) {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '-1' || trimmed === 'off') return { value: -1 };
  const port = parsePort(trimmed);
  return 'error' in port ? { error: `'${text}' is not a port number (0-65535), or -1 or off` } : port;
}

const settings: { [K in SettingName]: Setting<K> } = {
  port: {
    name: 'port', flag: 'port', env: 'KINETICA_MOCK_PORT', arg: '<n>', default: 9191,
    help: 'TCP port to listen on (0 picks a free port)',
    parse: parsePort, check: checkPort,
  },
  host: {
    name: 'host', flag: 'host', env: 'KINETICA_MOCK_HOST', arg: '<address>', default: '127.0.0.1',
    help: 'interface to listen on (0.0.0.0 for every interface, as in a container)',
    parse: (text) => (text.trim() ? { value: text.trim() } : { error: 'the host must not be empty' }),
    check: (value) => (typeof value === 'string' && value.trim() ? undefined : 'the host must be a non-empty string'),
  },
  logLevel: {
    name: 'logLevel', flag: 'log-level', env: 'KINETICA_MOCK_LOG_LEVEL', arg: '<level>', default: 'info',
    help: `log level: ${LOG_LEVELS.join(', ')}`,
    parse: (text) => {
      const lower = text.trim().toLowerCase();
      return (LOG_LEVELS as readonly string[]).includes(lower)
        ? { value: lower as Config['logLevel'] }
        : { error: `'${text}' is not a log level (${LOG_LEVELS.join(', ')})` };
    },
    check: (value) =>
      (LOG_LEVELS as readonly unknown[]).includes(value) ? undefined : `${JSON.stringify(value)} is not a log level (${LOG_LEVELS.join(', ')})`,
  },
  bodyLimit: {
    name: 'bodyLimit', flag: 'body-limit', env: 'KINETICA_MOCK_BODY_LIMIT', arg: '<size>', default: 64 * 1024 ** 2,
    help: 'largest request body accepted: bytes, or a number with kb, mb or gb (default 64mb)',
    parse: parseSize,
    check: (value) => (Number.isInteger(value) && (value as number) > 0 ? undefined : `${JSON.stringify(value)} is not a positive number of bytes`),
  },
  headersTimeout: {
    name: 'headersTimeout', flag: 'headers-timeout', env: 'KINETICA_MOCK_HEADERS_TIMEOUT', arg: '<duration>', default: 10_000,
    help: 'time a client has to send a request\'s head: milliseconds, or a number with ms, s or m (default 10s)',
    parse: parseDuration, check: checkDuration,
  },
  requestTimeout: {
    name: 'requestTimeout', flag: 'request-timeout', env: 'KINETICA_MOCK_REQUEST_TIMEOUT', arg: '<duration>', default: 30_000,
    help: 'time a client has to send a whole request, head and body; not the time to answer it (default 30s)',
    parse: parseDuration, check: checkDuration,
  },
  queryTimeout: {
    name: 'queryTimeout', flag: 'query-timeout', env: 'KINETICA_MOCK_QUERY_TIMEOUT', arg: '<duration>', default: 30_000,
    help: 'time one query (SQL SELECT, an aggregate or filter endpoint) may run before it is stopped with an error (default 30s)',
    parse: parseDuration, check: checkDuration,
  },
  keepAliveTimeout: {
    name: 'keepAliveTimeout', flag: 'keep-alive-timeout', env: 'KINETICA_MOCK_KEEP_ALIVE_TIMEOUT', arg: '<duration>', default: 5_000,
    help: 'time an idle keep-alive connection stays open after its last answer (default 5s)',
    parse: parseDuration, check: checkDuration,
  },
  dataDir: {
    name: 'dataDir', flag: 'data-dir', env: 'KINETICA_MOCK_DATA_DIR', arg: '<folder>', default: undefined,
    help: 'folder for the SQLite file that keeps the backup stores across restarts (default: in memory)',
    parse: (text) => (text.trim() ? { value: text.trim() } : { error: 'the data folder must not be empty' }),
    check: (value) => (value === undefined || (typeof value === 'string' && value.trim()) ? undefined : 'the data folder must be a non-empty string'),
  },
  loose: {
    name: 'loose', flag: 'loose', env: 'KINETICA_MOCK_LOOSE', arg: '', default: false,
    help: 'ignore option keys Kinetica does not document (reported in info) instead of refusing them',
    parse: parseBoolean,
    check: (value) => (typeof value === 'boolean' ? undefined : `${JSON.stringify(value)} is not a boolean`),
  },
  recordsPerFile: {
    name: 'recordsPerFile', flag: 'records-per-file', env: 'KINETICA_MOCK_RECORDS_PER_FILE', arg: '<n>', default: 10000,
    help: 'records per data file in the backup file model (default 10000)',
    parse: (text) => {
      const value = Number(text);
      return /^\d+$/.test(text.trim()) && value >= 1 && value <= 10_000_000
        ? { value }
        : { error: `'${text}' is not a number of records (1 to 10000000)` };
    },
    check: (value) =>
      Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 10_000_000 ? undefined : `${JSON.stringify(value)} is not a number of records (1 to 10000000)`,
  },
  auth: {
    name: 'auth', flag: 'auth', env: 'KINETICA_MOCK_AUTH', arg: '', default: false,
    help: 'check credentials (Basic for internal users, Bearer tokens) and enforce permissions, also on the control plane; off: every request acts as admin',
    parse: parseBoolean,
    check: (value) => (typeof value === 'boolean' ? undefined : `${JSON.stringify(value)} is not a boolean`),
  },
  adminPassword: {
    name: 'adminPassword', flag: 'admin-password', env: 'KINETICA_MOCK_ADMIN_PASSWORD', arg: '<password>', default: 'admin',
    help: "password of the built-in user admin (default 'admin', as on a new Kinetica)",
    parse: (text) => (text.length <= 1024 ? { value: text } : { error: 'the admin password is longer than 1024 characters' }),
    check: (value) => (typeof value === 'string' && value.length <= 1024 ? undefined : 'the admin password must be a string of at most 1024 characters'),
  },
  authTokens: {
    name: 'authTokens', flag: 'auth-tokens', env: 'KINETICA_MOCK_AUTH_TOKENS', arg: '<list>', default: [],
    help: 'bearer tokens accepted with --auth: token or token=user, comma-separated (a token without a user acts as admin)',
    parse: parseAuthTokens,
    check: (value) => {
      if (!Array.isArray(value)) return 'the tokens must be a list of { token, user }';
      for (const entry of value) {
        const problem = checkAuthToken(entry);
        if (problem) return `${JSON.stringify(entry)}: ${problem}`;
      }
      return new Set(value.map((entry: AuthToken) => entry.token)).size === value.length ? undefined : 'a token is given twice';
    },
  },
  controlToken: {
    name: 'controlToken', flag: 'control-token', env: 'KINETICA_MOCK_CONTROL_TOKEN', arg: '<token>', default: undefined,
    help: 'with --auth, opens the control plane (/_mock/...) to Authorization: Bearer <token> or X-Kinetica-Mock-Token: <token>, besides admins',
    parse: (text) => (isControlToken(text) ? { value: text } : { error: CONTROL_TOKEN_RULE }),
    check: (value) => (value === undefined || isControlToken(value) ? undefined : CONTROL_TOKEN_RULE),
  },
  fixtures: {
    name: 'fixtures', flag: 'fixtures', env: 'KINETICA_MOCK_FIXTURES', arg: '<path>', default: undefined,
    help: 'fixture file, or folder of .json fixture files, to load at start (see docs/fixtures.md)',
    parse: (text) => (text.trim() ? { value: text.trim() } : { error: 'the fixtures path must not be empty' }),
    check: (value) => (value === undefined || (typeof value === 'string' && value.trim()) ? undefined : 'the fixtures path must be a non-empty string'),
  },
  journalSize: {
    name: 'journalSize', flag: 'journal-size', env: 'KINETICA_MOCK_JOURNAL_SIZE', arg: '<n>', default: 1000,
    help: 'requests kept in the journal, GET /_mock/requests (default 1000; 0 keeps none)',
    parse: (text) => {
      const value = Number(text);
      return /^\d+$/.test(text.trim()) && value <= 1_000_000
        ? { value }
        : { error: `'${text}' is not a journal size (0 to 1000000)` };
    },
    check: (value) =>
      Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 1_000_000 ? undefined : `${JSON.stringify(value)} is not a journal size (0 to 1000000)`,
  },
  maxTenants: {
    name: 'maxTenants', flag: 'max-tenants', env: 'KINETICA_MOCK_MAX_TENANTS', arg: '<n>', default: 64,
    help: 'named tenants (/t/<tenant>/...) that may exist at once, besides the root URL (default 64; 0 allows none)',
    parse: (text) => {
      const value = Number(text);
      return /^\d+$/.test(text.trim()) && value <= MAX_TENANTS ? { value } : { error: `'${text}' is not a tenant count (0 to ${MAX_TENANTS})` };
    },
    check: (value) =>
      Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_TENANTS ? undefined : `${JSON.stringify(value)} is not a tenant count (0 to ${MAX_TENANTS})`,
  },
  monitorPort: {
    // 9002 is Kinetica's table monitor port, which the Python client's GPUdbTableMonitor assumes.
    name: 'monitorPort', flag: 'monitor-port', env: 'KINETICA_MOCK_MONITOR_PORT', arg: '<n>', default: 9002,
    help: 'ZeroMQ port table monitors publish on (default 9002, as Kinetica; 0 picks a free port; -1 or off publishes nothing)',
    parse: parseMonitorPort,
    check: (value) => (value === -1 ? undefined : checkPort(value)?.replace(')', ', or -1)')),
  },
};

/** `token[=user],...`: a token without a user acts as admin. */
function parseAuthTokens(text: string): { value: AuthToken[] } | { error: string } {
  const tokens: AuthToken[] = [];
  for (const item of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const equals = item.indexOf('=');
    const token = (equals < 0 ? item : item.slice(0, equals)).trim();
    const user = (equals < 0 ? 'admin' : item.slice(equals + 1)).trim();
    const problem = checkAuthToken({ token, user });
    if (problem) return { error: `'${item}': ${problem}` };
    if (tokens.some((known) => known.token === token)) return { error: `token '${token}' is given twice` };
    tokens.push({ token, user });
  }
  return { value: tokens };
}

const CONTROL_TOKEN_RULE = 'a control token is 1 to 1024 printable characters without spaces';

function isControlToken(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,1024}$/.test(value);
}

function checkAuthToken(value: unknown): string | undefined {
  const entry = value as Partial<AuthToken> | null;
  if (typeof entry?.token !== 'string' || !/^[\x21-\x7e]+$/.test(entry.token) || entry.token.includes(',') || entry.token.includes('=')) {
    return 'a token is 1 or more printable characters without spaces, commas or =';
  }
  if (typeof entry.user !== 'string' || entry.user.trim() === '') return 'the user a token acts as must not be empty';
  return undefined;
}

const settingList = Object.values(settings) as Setting<SettingName>[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function defaultConfig(): Config {
  return Object.fromEntries(settingList.map((setting) => [setting.name, setting.default])) as unknown as Config;
}

/** Builds the configuration from, in order of precedence: explicit values, flags, variables, defaults. */
export function resolveConfig(
  sources: { argv?: string[]; env?: NodeJS.ProcessEnv; values?: Partial<Config> } = {},
): Config {
  const problems: string[] = [];
  const config = defaultConfig() as unknown as Record<string, unknown>;
  const env = sources.env ?? {};
  const flags = sources.argv ? parseFlags(sources.argv, problems) : {};

  for (const setting of settingList) {
    const given = sources.values?.[setting.name];
    if (given !== undefined) {
      const problem = setting.check(given);
      if (problem) problems.push(`${setting.name}: ${problem}`);
      else config[setting.name] = given;
      continue;
    }
    const flagValue = flags[setting.flag];
    const [text, origin] =
      flagValue !== undefined
        ? [flagValue === true ? 'true' : String(flagValue), `--${setting.flag}`]
        : [env[setting.env], setting.env];
    if (text === undefined) continue;
    const parsed = setting.parse(text);
    if ('error' in parsed) problems.push(`${origin}: ${parsed.error}`);
    else config[setting.name] = parsed.value;
  }
  const resolved = config as unknown as Config;
  // Node refuses to build a server whose head may take longer than the whole request.
  if (problems.length === 0 && resolved.headersTimeout > resolved.requestTimeout) {
    problems.push(
      `the headers timeout (${resolved.headersTimeout} ms) is longer than the request timeout (${resolved.requestTimeout} ms), ` +
        'which includes it: raise --request-timeout or lower --headers-timeout',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}

function parseFlags(argv: string[], problems: string[]): Record<string, string | boolean> {
  const options = Object.fromEntries(
    settingList.map((setting) => [setting.flag, { type: setting.arg ? ('string' as const) : ('boolean' as const) }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) problems.push(`unexpected argument '${positionals[0]}'`);
    return values as Record<string, string | boolean>;
  } catch (error) {
    problems.push((error as Error).message);
    return {};
  }
}

export function helpText(): string {
  const lines = settingList.map((setting) => {
    const flag = `--${setting.flag}${setting.arg ? ` ${setting.arg}` : ''}`;
    return `  ${flag.padEnd(32)} ${setting.help}\n  ${''.padEnd(32)} env ${setting.env}`;
  });
  return [
    'Usage: kinetica-mock [options]',
    '',
    'A Kinetica database emulator for tests.',
    '',
    'Options:',
    ...lines,
    `  ${'--help'.padEnd(32)} show this help`,
    `  ${'--version'.padEnd(32)} show the version`,
    '',
  ].join('\n');
}
