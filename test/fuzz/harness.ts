/**
 * A seeded fuzzer for the wire protocol. It starts the emulator as its own process (a request that
 * froze the server must not freeze the fuzzer too), loads a small database, and sends requests
 * built from every registered endpoint's schema in JSON, Avro binary and Snappy, mutated: cut
 * short, bytes flipped, huge counts and lengths written in, nesting deepened, fields of the wrong
 * type, odd Content-types, methods and paths, and plain random bytes. For every answer it checks:
 *   - it came within the time bound, with a status of 200, 400 or 401 (405 for a method other than POST);
 *   - its body is a Kinetica envelope in the encoding answered (status OK exactly on 200);
 *   - it is no internal error (those are emulator bugs);
 *   - on any status but 200, the state (database and backup stores) is what it was before.
 * After the run the server must still answer a status request. The same seed sends the same requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { compressSync } from 'snappy';
import { decodeEnvelope, type Encoding } from '../../src/wire/codec.js';
import { schemaOf, type AvroType } from '../../src/wire/schemas.js';
import type { EndpointList } from '../../src/control/endpoints.js';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Start the server with --auth and send a mix of good, bad and missing credentials. */
  auth?: boolean;
  /** Longest an answer may take (ms). */
  timeBoundMs?: number;
  /** Largest body the server accepts: kept small so that bodies past it are cheap to send. */
  bodyLimit?: number;
  /** Called every `progressEvery` requests. */
  onProgress?: (sent: number) => void;
  progressEvery?: number;
}

export interface FuzzFailure {
  request: string;
  problem: string;
}

export interface FuzzReport {
  seed: number;
  sent: number;
  failures: FuzzFailure[];
  byEncoding: Record<string, number>;
  byStatus: Record<string, number>;
  endpoints: number;
  /** Endpoint and encoding pairs that were sent at least one request, of how many there are. */
  covered: number;
  pairs: number;
  slowest: { ms: number; request: string };
  /** Whether the server answered a status request after the run. */
  aliveAfter: boolean;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const USER = `Basic ${Buffer.from('fz_user:Fuzz-pass-1').toString('base64')}`;

/** mulberry32: small, fast and the same everywhere for one seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// The database the requests aim at

const ORDERS_COLUMNS = [
  ['id', 'int', 'primary_key'],
  ['name', 'string', 'char16', 'nullable'],
  ['amount', 'double'],
  ['at', 'long', 'timestamp'],
];

const FIXTURE = {
  schemas: ['fz'],
  users: [{ name: 'fz_user', password: 'Fuzz-pass-1' }],
  datasinks: [{ name: 'sink', destination: 's3://fuzz/backups' }],
  tables: [
    {
      name: 'fz.orders',
      columns: ORDERS_COLUMNS,
      records: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `n${i}`, amount: i * 1.5, at: 1_700_000_000_000 + i })),
    },
    { name: 'fz.events', columns: [['k', 'string', 'char8'], ['v', 'long']], records: [{ k: 'a', v: 1 }] },
  ],
};

const ordersType = avro.Type.forSchema({
  type: 'record',
  name: 'type_name',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'name', type: ['string', 'null'] },
    { name: 'amount', type: 'double' },
    { name: 'at', type: 'long' },
  ],
});

// ---------------------------------------------------------------------------------------------
// Plausible requests: each field filled from a pool chosen by its name

const STATEMENTS = [
  'SELECT * FROM fz.orders',
  'SELECT COUNT(*) FROM fz.orders WHERE id > 3 AND name IS NOT NULL',
  "SELECT id, name FROM fz.orders WHERE name LIKE 'n%' ORDER BY id DESC LIMIT 5",
  'BACKUP fz_b DATA SINK = sink',
  "CREATE TABLE fz.t2 (id INT NOT NULL, s VARCHAR(8), PRIMARY KEY (id))",
  "INSERT INTO fz.orders (id, name, amount, at) VALUES (100, 'x', 1.0, 0)",
  'DELETE FROM fz.orders WHERE id = 3',
  "UPDATE fz.orders SET name = 'y' WHERE id = 4",
  'SHOW TABLE fz.orders',
  'DROP TABLE IF EXISTS fz.t2',
  'CREATE SCHEMA fz2',
  'SHOW BACKUP nightly',
];
const EXPRESSIONS = ['id > 1', "name = 'n3'", 'amount >= 3.5 and id < 10', 'id in (1, 2, 3)', "name like 'n%'", '', 'x +* 1'];
const NAMES = ['fz.orders', 'fz.events', 'fz.missing', 'orders', 'nightly', 'sink', 'fz', 'fz_user', '', 'x'.repeat(300)];
const OPTION_KEYS = [
  'no_error_if_exists', 'backup_type', 'checksum', 'ttl', 'offset', 'limit', 'expression', 'sort_by', 'sort_order',
  'truncate_strings', 'update_on_existing_pk', 'ignore_existing_pk', 'return_record_ids', 'delete_intermediate_backups',
  'max_incremental_backups_to_keep', 'restore_policy', 'renamed_objects_schema', 'cascade', 'dry_run', 'is_replicated',
  'collection_name', 'create_schema_if_not_exist', 'backup_id', 'parallelism', 'bogus',
];
const OPTION_VALUES = ['true', 'false', '1', '0', '-1', 'incremental', 'differential', 'full', 'replace', 'id', '', 'x'.repeat(100), '99999999999999999999'];

function poolFor(field: string): readonly string[] {
  const name = field.toLowerCase();
  if (name.includes('statement')) return STATEMENTS;
  if (name.includes('expression') || name.includes('filter')) return EXPRESSIONS;
  if (name === 'type_definition') return [JSON.stringify(ORDERS_COLUMNS), '{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}', '[', '[[]]'];
  if (name.includes('table') || name.includes('view')) return ['fz.orders', 'fz.events', 'fz.missing', 'fz.new_t', ''];
  if (name.includes('schema')) return ['fz', 'ki_home', 'fz_new', ''];
  if (name.includes('backup')) return ['nightly', 'fz_b', 'missing', ''];
  if (name.includes('datasink') || name.includes('datasource')) return ['sink', 'nosink', ''];
  if (name.includes('user') || name.includes('name') || name.includes('role')) return ['fz_user', 'admin', 'fz_new', ''];
  if (name.includes('type_id')) return ['', '1234'];
  return NAMES;
}

type Value = unknown;

function plausible(type: AvroType, field: string, random: Random, path: string): Value {
  if (typeof type === 'string') {
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return random.chance(0.5);
      case 'int':
        return random.pick([0, 1, -1, 10, 2 ** 31 - 1, random.int(1000)]);
      case 'long':
        return random.pick([0, 1, -1, 1_700_000_000_000, 2 ** 52, random.int(1 << 30)]);
      case 'float':
      case 'double':
        return random.pick([0, 1.5, -2.25, 1e30, random.next()]);
      case 'bytes':
        return path === '/insert/records' && field === 'list'
          ? ordersType.toBuffer({ id: 1000 + random.int(1000), name: random.chance(0.2) ? null : 'fz', amount: 1, at: 0 })
          : random.bytes(random.int(16));
      default:
        return random.pick(poolFor(field));
    }
  }
  if (Array.isArray(type)) return plausible(random.pick(type), field, random, path);
  switch (type.type) {
    case 'record': {
      const out: Record<string, Value> = {};
      for (const f of type.fields) out[f.name] = plausible(f.type, f.name, random, path);
      return out;
    }
    case 'array':
      return Array.from({ length: random.int(4) }, () => plausible(type.items, field, random, path));
    case 'map': {
      const out: Record<string, Value> = {};
      if (field === 'backup_objects_map') {
        out[random.pick(['all', 'table', 'schema', 'user', 'bogus'])] = random.pick(['fz', 'fz.orders', 'fz.*', '*', 'fz_user']);
        return out;
      }
      if (random.chance(0.5)) return out;
      for (let i = 1 + random.int(3); i > 0; i--) {
        out[random.pick(OPTION_KEYS)] = typeof type.values === 'string' && type.values === 'string'
          ? random.pick(OPTION_VALUES)
          : plausible(type.values, field, random, path);
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** Zig-zag varint of a (possibly huge) count or length. */
function varint(value: number): Buffer {
  let rest = value < 0 ? -value * 2 - 1 : value * 2;
  const out: number[] = [];
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Buffer.from(out);
}

const HUGE = [2 ** 31, 2 ** 40, 2 ** 53, -(2 ** 31), -1, 1e6, 65_537, 2 ** 62];

function mutateBytes(bytes: Buffer, random: Random): { bytes: Buffer; how: string } {
  const at = bytes.length === 0 ? 0 : random.int(bytes.length + 1);
  switch (random.int(7)) {
    case 0:
      return { bytes: bytes.subarray(0, at), how: `cut at ${at}` };
    case 1: {
      const out = Buffer.from(bytes);
      const flips = 1 + random.int(4);
      for (let i = 0; i < flips && out.length > 0; i++) out[random.int(out.length)] = random.int(256);
      return { bytes: out, how: `${flips} bytes changed` };
    }
    case 2: {
      const huge = random.pick(HUGE);
      return { bytes: Buffer.concat([bytes.subarray(0, at), varint(huge), bytes.subarray(at)]), how: `count ${huge} written at ${at}` };
    }
    case 3: {
      const huge = random.pick(HUGE);
      const patch = varint(huge);
      const out = Buffer.from(bytes);
      patch.copy(out, Math.min(at, Math.max(0, out.length - patch.length)));
      return { bytes: out, how: `count ${huge} written over ${at}` };
    }
    case 4:
      return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.alloc(11, 0xff), bytes.subarray(at)]), how: `11-byte varint at ${at}` };
    case 5:
      return { bytes: Buffer.concat([bytes, random.bytes(1 + random.int(64))]), how: 'random bytes appended' };
    default:
      return { bytes: random.bytes(random.int(200)), how: 'random bytes' };
  }
}

const WRONG_VALUES: readonly unknown[] = [null, 1, -1.5, true, 'text', [], [1, 'a'], {}, { a: { b: [] } }, 1e308, 'x'.repeat(5000)];

/** JSON text of a value nested `depth` deep (built as text: JSON.stringify itself overflows on deep values). */
function deepText(depth: number): string {
  const half = Math.floor(depth / 2);
  return '{"a":['.repeat(half) + '1' + ']}'.repeat(half);
}

function mutateJson(record: Record<string, unknown>, random: Random): { text: string; how: string } {
  const fields = Object.keys(record);
  const copy: Record<string, unknown> = { ...record };
  const field = fields.length > 0 ? random.pick(fields) : 'options';
  switch (random.int(7)) {
    case 0: {
      const value = random.pick(WRONG_VALUES);
      copy[field] = value;
      return { text: JSON.stringify(copy), how: `${field} = ${JSON.stringify(value).slice(0, 30)}` };
    }
    case 1:
      delete copy[field];
      return { text: JSON.stringify(copy), how: `${field} left out` };
    case 2:
      copy[`unknown_${random.int(10)}`] = 'x';
      return { text: JSON.stringify(copy), how: 'an unknown field' };
    case 3: {
      const depth = random.pick([30, 70, 1000, 20_000]);
      copy[field] = '\u0000deep';
      return { text: JSON.stringify(copy).replace('"\\u0000deep"', deepText(depth)), how: `${field} nested ${depth} deep` };
    }
    case 4: {
      const depth = random.pick([100, 10_000, 100_000]);
      return { text: '['.repeat(depth) + ']'.repeat(random.chance(0.5) ? depth : 0), how: `brackets ${depth} deep` };
    }
    case 5: {
      const text = JSON.stringify(copy);
      const at = random.int(text.length + 1);
      return { text: text.slice(0, at), how: `text cut at ${at}` };
    }
    default: {
      const text = JSON.stringify(copy);
      const chars = text.split('');
      for (let i = 1 + random.int(3); i > 0 && chars.length > 0; i--) chars[random.int(chars.length)] = random.pick(['{', '"', '\\', ']', '\u0000', '9', ',', '\ud800']);
      return { text: chars.join(''), how: 'characters changed' };
    }
  }
}

/** Text mutations aimed at the expression and SQL parsers, placed in a string field that holds them. */
function hostileText(random: Random): { text: string; how: string } {
  const n = random.pick([100, 5_000, 60_000]);
  switch (random.int(6)) {
    case 0:
      return { text: '('.repeat(n) + '1' + ')'.repeat(n), how: `parentheses ${n} deep` };
    case 1:
      return { text: Array.from({ length: n }, () => 'id').join(' + '), how: `${n} terms` };
    case 2:
      return { text: 'not '.repeat(n) + 'id > 1', how: `${n} NOTs` };
    case 3:
      return { text: "'" + 'a'.repeat(n), how: 'an unterminated string' };
    case 4:
      return { text: `name like '${'%a'.repeat(Math.min(n, 2000))}%b'`, how: 'a LIKE pattern of many wildcards' };
    default:
      return { text: `SELECT ${'('.repeat(n)}1${')'.repeat(n)}`, how: `SELECT nested ${n} deep` };
  }
}

// ---------------------------------------------------------------------------------------------
// One request

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The encoding the answer should come in. */
  answer: Encoding;
  label: string;
  /** The endpoint and encoding it was built from, whatever was done to it. */
  origin: string;
}

const CONTENT_TYPES: Record<Encoding, string> = {
  json: 'application/json',
  binary: 'application/octet-stream',
  snappy: 'application/x-snappy',
};
const ODD_CONTENT_TYPES = ['text/plain', '', 'application/json; charset=utf-16', 'APPLICATION/OCTET-STREAM', 'multipart/form-data; boundary=x', 'application/x-snappy; q=1', '*/*'];
const ODD_PATHS = [
  '/', '/show', '/show/system/nothing', '/gpudb-0/show/system/status', '//show/system/status', '/show/system/status/',
  '/show/%00', '/show/../create/table', '/create/table?x=1&y', `/${'a'.repeat(4000)}`, '/%E0%A4%A', '/_mock', '/ÿ',
];

const requestTypes = new Map<string, avro.Type>();

function encodeRecord(path: string, record: unknown, encoding: Encoding): Buffer {
  if (encoding === 'json') {
    return Buffer.from(JSON.stringify(record, function bytesAsText(this: Record<string, unknown>, key, value) {
      const raw = this[key];
      return Buffer.isBuffer(raw) ? raw.toString('latin1') : value;
    }));
  }
  let type = requestTypes.get(path);
  if (!type) requestTypes.set(path, (type = avro.Type.forSchema(schemaOf(path).request as avro.Schema)));
  const binary = type.toBuffer(record);
  return encoding === 'snappy' ? compressSync(binary) : binary;
}

const ENCODINGS: readonly Encoding[] = ['json', 'binary', 'snappy'];

/**
 * Request `index` of a run: endpoints and encodings are taken in turn, so that a run of
 * 3 x (endpoints) requests reaches every endpoint in every encoding; the rest is random.
 */
export function buildRequest(paths: string[], index: number, random: Random, auth: boolean): FuzzRequest {
  const path = paths[index % paths.length]!;
  if (JSON_ENDPOINTS.includes(path)) return buildJsonEndpointRequest(path, random, auth);
  const encoding = ENCODINGS[Math.floor(index / paths.length) % ENCODINGS.length]!;
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPES[encoding] };
  if (auth) {
    const credential = random.pick([ADMIN, ADMIN, USER, undefined, 'Basic Zm9vOmJhcg==', 'Bearer nope', 'Basic !!!', 'Digest x']);
    if (credential) headers.authorization = credential;
  }
  const record = plausible(schemaOf(path).request, '', random, path) as Record<string, unknown>;
  let body = encodeRecord(path, record, encoding);
  let label = `${encoding} ${path}`;
  let method = 'POST';
  let target = path;
  let answer: Encoding = encoding;

  const roll = random.int(20);
  if (roll < 2) {
    // Left as it is: valid requests must work too.
  } else if (roll < 4) {
    // Aimed at the parsers where the endpoint has a statement or an expression, else at any string.
    const strings = schemaOf(path).request.fields.filter((f) => f.type === 'string');
    const stringField = strings.find((f) => /statement|expression|filter/.test(f.name)) ?? (strings.length > 0 ? random.pick(strings) : undefined);
    if (stringField) {
      const hostile = hostileText(random);
      record[stringField.name] = hostile.text;
      if ('options' in record) record.options = {};
      body = encodeRecord(path, record, encoding);
      label += ` ${stringField.name}: ${hostile.how}`;
    }
  } else if (roll < 12) {
    if (encoding === 'json') {
      const mutated = mutateJson(record, random);
      body = Buffer.from(mutated.text);
      label += ` ${mutated.how}`;
    } else if (encoding === 'binary' || random.chance(0.5)) {
      const binary = encoding === 'binary' ? body : encodeRecord(path, record, 'binary');
      const mutated = mutateBytes(binary, random);
      body = encoding === 'snappy' ? compressSync(mutated.bytes) : mutated.bytes;
      label += ` ${mutated.how}${encoding === 'snappy' ? ', then compressed' : ''}`;
    } else {
      const mutated = mutateBytes(body, random);
      body = mutated.bytes;
      label += ` compressed bytes: ${mutated.how}`;
    }
  } else if (roll < 14) {
    const contentType = random.pick(ODD_CONTENT_TYPES);
    if (contentType === '') delete headers['content-type'];
    else headers['content-type'] = contentType;
    label += ` sent as '${contentType}'`;
    // An answer comes in the encoding the Content-type names, JSON when it names none.
    const lower = contentType.toLowerCase();
    answer = lower.startsWith('application/octet-stream') ? 'binary' : lower.startsWith('application/x-snappy') ? 'snappy' : 'json';
  } else if (roll < 15) {
    method = random.pick(['GET', 'PUT', 'DELETE', 'PATCH']);
    label = `${method} ${label}`;
  } else if (roll < 17) {
    target = random.pick(ODD_PATHS);
    label = `${encoding} ${target} (path)`;
  } else {
    body = random.bytes(random.int(300));
    label += ' random bytes';
  }
  return { method, path: target, headers, body, answer, label, origin: `${encoding} ${path}` };
}

/** The endpoints without an Avro schema: table and options in the query string, records as the JSON body. */
export const JSON_ENDPOINTS = ['/get/records/json', '/insert/records/json'];

const QUERY_KEYS = ['table_name', 'offset', 'limit', 'expression', 'column_names', 'order_by', 'update_on_existing_pk', 'truncate_strings', 'bogus'];

function buildJsonEndpointRequest(path: string, random: Random, auth: boolean): FuzzRequest {
  const query = new URLSearchParams();
  if (random.chance(0.9)) query.append('table_name', random.pick(['fz.orders', 'fz.events', 'fz.new_json', '', 'x'.repeat(300)]));
  for (let i = random.int(3); i > 0; i--) {
    const key = random.pick(QUERY_KEYS);
    query.append(key, key === 'expression' ? random.pick([...EXPRESSIONS, hostileText(random).text.slice(0, 70_000)]) : random.pick(OPTION_VALUES));
  }
  const record = { id: 2000 + random.int(1000), name: 'j', amount: 1.5, at: 0 };
  let body = JSON.stringify(random.chance(0.5) ? record : [record, { ...record, id: record.id + 1 }]);
  let label = `json ${path}?${query.toString().slice(0, 60)}`;
  if (random.chance(0.6)) {
    const mutated = mutateJson(record, random);
    body = mutated.text;
    label += ` ${mutated.how}`;
  }
  const headers: Record<string, string> = { 'content-type': random.chance(0.9) ? 'application/json' : random.pick(ODD_CONTENT_TYPES) };
  if (auth) {
    const credential = random.pick([ADMIN, USER, undefined, 'Bearer nope']);
    if (credential) headers.authorization = credential;
  }
  // GET is documented for reads; any other method is refused with 405.
  const method = random.chance(0.1) ? random.pick(['GET', 'PUT', 'DELETE']) : 'POST';
  return { method, path: `${path}?${query.toString()}`, headers, body: Buffer.from(body), answer: 'json', label: `${method} ${label}`, origin: `json ${path}` };
}

// ---------------------------------------------------------------------------------------------
// The server

export interface FuzzServer {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

export async function startServer(options: { auth: boolean; bodyLimit: number }): Promise<FuzzServer> {
  const args = ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--log-level', 'warn', '--body-limit', String(options.bodyLimit)];
  if (options.auth) args.push('--auth');
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /kinetica-mock ready on (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/_mock${path}`, {
    method,
    headers: { authorization: ADMIN, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /_mock${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

async function kinetica(url: string, path: string, record: unknown): Promise<{ status: string; message: string }> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { authorization: ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify(record),
    signal: AbortSignal.timeout(30_000),
  });
  return decodeEnvelope('json', Buffer.from(await response.arrayBuffer()));
}

/** An empty database, then the fuzz fixture and one backup of it, on a clock that stands still. */
async function prepare(url: string): Promise<void> {
  await control(url, 'POST', '/reset', { backups: true });
  await control(url, 'PUT', '/clock', { fix: '2030-01-01T00:00:00Z' });
  await control(url, 'POST', '/fixtures', FIXTURE);
  const backup = await kinetica(url, '/create/backup', {
    backup_name: 'nightly', backup_type: 'full', backup_objects_map: { all: 'fz' }, datasink_name: 'sink', options: {},
  });
  if (backup.status !== 'OK') throw new Error(`the fuzz backup failed: ${backup.message}`);
}

/** What must not change on a rejected request: the database and the backup stores. */
async function fingerprint(url: string): Promise<string> {
  const { catalog, backups } = (await control(url, 'GET', '/state')) as { catalog: unknown; backups: unknown };
  return createHash('sha256').update(JSON.stringify({ catalog, backups })).digest('hex');
}

/** The answer of a JSON-only endpoint: status and message, and on OK a `data` object. */
function jsonEndpointEnvelope(body: Buffer): { status: string; message: string } {
  const parsed = JSON.parse(body.toString('utf8')) as { status?: unknown; message?: unknown; data?: unknown };
  const ok = parsed.status === 'OK' && typeof parsed.data === 'object' && parsed.data !== null;
  if (!(ok || parsed.status === 'ERROR') || typeof parsed.message !== 'string') throw new Error("not the JSON endpoints' envelope");
  return { status: parsed.status as string, message: parsed.message };
}

async function statusAnswers(url: string): Promise<boolean> {
  try {
    const envelope = await kinetica(url, '/show/system/status', { options: {} });
    return envelope.status === 'OK';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The run

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const random = new Random(options.seed);
  const timeBound = options.timeBoundMs ?? 5_000;
  const server = await startServer({ auth: options.auth ?? false, bodyLimit: options.bodyLimit ?? 1024 * 1024 });
  const report: FuzzReport = {
    seed: options.seed,
    sent: 0,
    failures: [],
    byEncoding: {},
    byStatus: {},
    endpoints: 0,
    covered: 0,
    pairs: 0,
    slowest: { ms: 0, request: '' },
    aliveAfter: false,
  };
  try {
    const list = (await control(server.url, 'GET', '/endpoints')) as EndpointList;
    const paths = [...list.endpoints.filter((e) => e.emulated).map((e) => e.path), ...list.json_endpoints].sort();
    report.endpoints = paths.length;
    // JSON-only endpoints have one encoding; the others three.
    report.pairs = paths.reduce((sum, path) => sum + (JSON_ENDPOINTS.includes(path) ? 1 : 3), 0);
    await prepare(server.url);
    let before = await fingerprint(server.url);
    const covered = new Set<string>();
    for (let i = 0; i < options.count; i++) {
      if (i > 0 && i % 250 === 0) {
        await prepare(server.url);
        before = await fingerprint(server.url);
      }
      const request = buildRequest(paths, i, random, options.auth ?? false);
      const fail = (problem: string) => report.failures.push({ request: `#${i} ${request.label}`, problem });
      const started = performance.now();
      let status = 0;
      let body: Buffer;
      let contentType = '';
      try {
        const response = await fetch(server.url + request.path, {
          method: request.method,
          headers: request.headers,
          body: request.method === 'GET' ? undefined : request.body,
          signal: AbortSignal.timeout(timeBound),
        });
        status = response.status;
        contentType = response.headers.get('content-type') ?? '';
        body = Buffer.from(await response.arrayBuffer());
      } catch (error) {
        fail(`no answer within ${timeBound} ms (${(error as Error).message})`);
        if (!(await statusAnswers(server.url))) break;
        continue;
      }
      const ms = performance.now() - started;
      report.sent++;
      covered.add(request.origin);
      report.byEncoding[request.answer] = (report.byEncoding[request.answer] ?? 0) + 1;
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      if (ms > report.slowest.ms) report.slowest = { ms, request: `#${i} ${request.label} (${request.body.length} bytes)` };

      const getAllowed = request.method === 'GET' && request.path.startsWith('/get/records/json');
      // A head over Node's limit (16 KB) is refused before its method is looked at.
      const allowed = request.path.length > 16_000 ? [400] : request.method === 'POST' || getAllowed ? [200, 400, 401] : [405];
      if (!allowed.includes(status)) fail(`HTTP ${status}`);
      const encoding: Encoding = contentType.startsWith('application/json') ? 'json' : 'binary';
      if (encoding !== (request.answer === 'json' ? 'json' : 'binary')) fail(`answered in ${contentType}, expected ${request.answer}`);
      let envelope: { status: string; message: string } | undefined;
      try {
        envelope = JSON_ENDPOINTS.some((path) => request.path.startsWith(`${path}?`))
          ? jsonEndpointEnvelope(body)
          : decodeEnvelope(encoding, body);
      } catch (error) {
        fail(`the answer is not a Kinetica envelope (${(error as Error).message}): ${body.subarray(0, 120).toString('latin1')}`);
      }
      if (envelope) {
        if ((envelope.status === 'OK') !== (status === 200)) fail(`envelope status ${envelope.status} with HTTP ${status}`);
        if (envelope.status === 'ERROR' && !envelope.message) fail('an ERROR envelope without a message');
        if (envelope.message.includes('internal error')) fail(envelope.message);
      }
      const after = await fingerprint(server.url);
      if (status !== 200 && after !== before) fail(`HTTP ${status} and the state changed (${envelope?.message ?? ''})`);
      before = after;
      if (options.onProgress && (i + 1) % (options.progressEvery ?? 500) === 0) options.onProgress(i + 1);
    }
    report.covered = covered.size;
    report.aliveAfter = await statusAnswers(server.url);
  } finally {
    await server.stop();
  }
  return report;
}

/** The report in a few lines, for the command and for test failures. */
export function describeReport(report: FuzzReport): string {
  const lines = [
    `seed ${report.seed}: ${report.sent} requests to ${report.endpoints} endpoints (${report.covered} of ${report.pairs} endpoint-encoding pairs), ${report.failures.length} failures`,
    `answers by encoding: ${JSON.stringify(report.byEncoding)}; by HTTP status: ${JSON.stringify(report.byStatus)}`,
    `slowest: ${report.slowest.ms.toFixed(1)} ms, ${report.slowest.request}`,
    `server answers a status request afterwards: ${report.aliveAfter ? 'yes' : 'NO'}`,
  ];
  for (const failure of report.failures.slice(0, 30)) lines.push(`FAIL ${failure.request}: ${failure.problem}`);
  if (report.failures.length > 30) lines.push(`... and ${report.failures.length - 30} more`);
  return lines.join('\n');
}
