/**
 * Fixtures: JSON documents, written for people, that describe a database to load (at start with
 * --fixtures, again on each reset, or at any time through POST /_mock/fixtures). Each entry is
 * turned into the Kinetica requests a client would send for it and run through the emulator's
 * own endpoint handlers, so fixtures get every check and every rule the endpoints have. The
 * format is documented in docs/fixtures.md; fixtures/ has examples.
 *
 * A problem stops the load with a FixtureError that names the file, the place in it (the path of
 * the entry, and its line and column) and what is wrong.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { parseQualified } from '../catalog/names.js';
import { createContext, createStoredProcedure, type ProcedureSchedule } from '../catalog/objects/index.js';
import { recordFromJson } from '../catalog/table/type-model.js';
import { codecOf, decodeRequest } from '../wire/codec.js';
import type { EndpointPath } from '../wire/registry.js';
import type { Emulator } from '../emulator/emulator.js';
import type { EmulatorContext, EmulatorEndpoint } from '../emulator/endpoints.js';
import { schemaOf, type AvroType } from '../wire/schemas.js';
import { formatPath, parseJson, locate, type JsonPath, type TextPosition } from './json-location.js';

/** One fixture document and where it came from. */
export interface FixtureSource {
  /** The file it was read from (or a label such as `POST /_mock/fixtures`). */
  file: string;
  /** The text it was parsed from, when there is one: messages then give line and column. */
  text?: string;
  document: unknown;
}

export class FixtureError extends Error {
  constructor(
    readonly file: string,
    readonly path: JsonPath,
    readonly problem: string,
    readonly position?: TextPosition,
  ) {
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    super(`${where}: ${path.length > 0 ? `${formatPath(path)}: ` : ''}${problem}`);
    this.name = 'FixtureError';
  }
}

/** What applying fixtures needs of the emulator. */
export interface FixtureTarget {
  /** The emulator to load into (its catalog is read on every step: the current one). */
  emulator: Emulator;
  /** The endpoints' own definitions, without fault injection. */
  endpoints: ReadonlyMap<string, EmulatorEndpoint>;
}

// -----------------------------------------------------------------------------------------------
// Reading

/** Reads a fixture file, or every .json file of a folder in name order; throws a FixtureError. */
export function readFixtures(path: string): FixtureSource[] {
  let files: string[];
  try {
    if (statSync(path).isDirectory()) {
      files = readdirSync(path)
        .filter((name) => name.toLowerCase().endsWith('.json'))
        .sort()
        .map((name) => join(path, name));
      if (files.length === 0) throw new FixtureError(path, [], 'the folder has no .json fixture file');
    } else {
      files = [path];
    }
  } catch (error) {
    if (error instanceof FixtureError) throw error;
    throw new FixtureError(path, [], `cannot read the fixtures: ${(error as Error).message}`);
  }
  return files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new FixtureError(file, [], `cannot read the file: ${(error as Error).message}`);
    }
    return parseFixture(file, text);
  });
}

/** Parses one fixture text; a syntax error is reported with its line and column. */
export function parseFixture(file: string, text: string): FixtureSource {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const document = parseJson(body, (problem, position) => new FixtureError(file, [], `not valid JSON: ${problem}`, position));
  return { file, text: body, document };
}

// -----------------------------------------------------------------------------------------------
// Applying

/** Loads the documents in order, each section in dependency order; throws a FixtureError. */
export function applyFixtures(sources: readonly FixtureSource[], target: FixtureTarget): void {
  for (const source of sources) {
    const steps = planDocument(source);
    for (const step of steps.sort((a, b) => a.phase - b.phase || a.order - b.order)) {
      try {
        step.run(new Runner(target));
      } catch (error) {
        throw failure(source, step.path, error);
      }
    }
  }
}

interface Step {
  phase: number;
  order: number;
  path: JsonPath;
  run: (runner: Runner) => void;
}

function failure(source: FixtureSource, path: JsonPath, error: unknown): FixtureError {
  if (error instanceof FixtureError) return error;
  const fullPath = error instanceof PlaceError ? [...path, ...error.subPath] : path;
  const problem = error instanceof Error ? error.message : String(error);
  return new FixtureError(source.file, fullPath, problem, source.text === undefined ? undefined : locate(source.text, fullPath));
}

/** A problem deeper inside the entry a step comes from. */
class PlaceError extends Error {
  constructor(
    readonly subPath: JsonPath,
    message: string,
  ) {
    super(message);
  }
}

/** Runs endpoint handlers the way the wire plugin does, as admin, with the request checked as a JSON body. */
class Runner {
  constructor(readonly target: FixtureTarget) {}

  get catalog(): Catalog {
    return this.target.emulator.catalog;
  }

  call(endpoint: EndpointPath, record: Record<string, unknown>): Record<string, unknown> {
    const definition = this.target.endpoints.get(endpoint);
    if (!definition) throw new Error(`${endpoint} is not emulated`);
    const codec = codecOf(endpoint);
    const request = decodeRequest(codec, 'json', Buffer.from(JSON.stringify(record)), Number.MAX_SAFE_INTEGER);
    const { emulator } = this.target;
    const context: EmulatorContext = {
      endpoint,
      encoding: 'json',
      baseUrl: '',
      user: 'admin',
      loose: emulator.settings.loose,
      notes: {},
      emulator,
    };
    const result = definition.handler(request as never, context);
    if (result instanceof Promise) throw new Error(`${endpoint} answered asynchronously, which fixtures do not support`);
    return result as unknown as Record<string, unknown>;
  }
}

// -----------------------------------------------------------------------------------------------
// Sections

/**
 * Sections in the order they load (whatever their order in the file), so an entry can name
 * objects of earlier sections: schemas before tables, credentials before data sinks, every
 * object before the grants on it.
 */
const SECTIONS: readonly string[] = [
  'schemas',
  'resource_groups',
  'directories',
  'credentials',
  'datasources',
  'datasinks',
  'environments',
  'roles',
  'users',
  'tables',
  'procs',
  'sql_procedures',
  'contexts',
  'monitors',
  'graphs',
  'catalogs',
  'grants',
  'requests',
];
/** Memberships and permissions stated inside roles and users load with the grants. */
const GRANTS_PHASE = SECTIONS.indexOf('grants');
const DOCUMENT_KEYS = ['description', ...SECTIONS];

type Entry = Record<string, unknown>;

function planDocument(source: FixtureSource): Step[] {
  const { document } = source;
  const fail = (path: JsonPath, problem: string) =>
    new FixtureError(source.file, path, problem, source.text === undefined ? undefined : locate(source.text, path));
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw fail([], 'a fixture document must be a JSON object of sections (schemas, tables, users, ...)');
  }
  const steps: Step[] = [];
  let order = 0;
  for (const [section, value] of Object.entries(document as Record<string, unknown>)) {
    if (!DOCUMENT_KEYS.includes(section)) {
      throw fail([section], `unknown section '${section}'; the sections are: ${SECTIONS.join(', ')} (and 'description')`);
    }
    if (section === 'description') {
      if (typeof value !== 'string') throw fail([section], "'description' must be a string");
      continue;
    }
    if (!Array.isArray(value)) throw fail([section], `'${section}' must be a list`);
    value.forEach((item, index) => {
      const path: JsonPath = [section, index];
      try {
        for (const planned of planEntry(section, item)) {
          steps.push({ phase: planned.phase ?? SECTIONS.indexOf(section), order: order++, path: [...path, ...(planned.subPath ?? [])], run: planned.run });
        }
      } catch (error) {
        if (error instanceof PlaceError) throw fail([...path, ...error.subPath], error.message);
        throw fail(path, (error as Error).message);
      }
    });
  }
  return steps;
}

interface Planned {
  run: (runner: Runner) => void;
  /** Defaults to the section's own phase. */
  phase?: number;
  /** Where inside the entry the step comes from. */
  subPath?: JsonPath;
}

function planEntry(section: string, item: unknown): Planned[] {
  switch (section) {
    case 'schemas':
      return [request('/create/schema', named(item), { schema_name: ['name'] })];
    case 'resource_groups':
      return [request('/create/resourcegroup', entry(item), {}, { ranking: 'last' })];
    case 'directories':
      return [request('/create/directory', named(item), { directory_name: ['name'] })];
    case 'credentials':
      return [request('/create/credential', entry(item), { credential_name: ['name'] })];
    case 'datasources':
      return [request('/create/datasource', entry(item))];
    case 'datasinks':
      return [request('/create/datasink', entry(item))];
    case 'environments':
      return planEnvironment(entry(item));
    case 'roles':
      return planPrincipal('role', entry(item));
    case 'users':
      return planPrincipal('user', entry(item));
    case 'tables':
      return [planTable(entry(item))];
    case 'procs':
      return [planProc(entry(item))];
    case 'sql_procedures':
      return [planSqlObject('sql_procedures', entry(item))];
    case 'contexts':
      return [planSqlObject('contexts', entry(item))];
    case 'monitors':
      return [request('/create/tablemonitor', entry(item), { table_name: ['table'] })];
    case 'graphs':
      return [request('/create/graph', entry(item), { graph_name: ['name'] })];
    case 'catalogs':
      return [request('/create/catalog', entry(item))];
    case 'grants':
      return [planGrant(entry(item), undefined)];
    case 'requests':
      return [planRaw(entry(item))];
    default:
      throw new Error(`unknown section '${section}'`);
  }
}

function entry(item: unknown): Entry {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new Error('each entry must be an object');
  return item as Entry;
}

/** An entry that may be just its name: `"sales"` stands for `{ "name": "sales" }`. */
function named(item: unknown): Entry {
  return typeof item === 'string' ? { name: item } : entry(item);
}

/**
 * A request built from an entry whose keys are the endpoint's request fields (plus aliases):
 * fields left out take their empty value (or the given default), `options` values may be
 * strings, numbers or booleans.
 */
function request(
  endpoint: EndpointPath,
  given: Entry,
  aliases: Record<string, string[]> = {},
  defaults: Record<string, unknown> = {},
): Planned {
  const record = buildRecord(endpoint, given, aliases, defaults);
  return { run: (runner) => void runner.call(endpoint, record) };
}

function buildRecord(
  endpoint: EndpointPath,
  given: Entry,
  aliases: Record<string, string[]> = {},
  defaults: Record<string, unknown> = {},
  extras: readonly string[] = [],
): Record<string, unknown> {
  const { fields } = schemaOf(endpoint).request;
  const record: Record<string, unknown> = {};
  for (const field of fields) record[field.name] = defaults[field.name] ?? emptyValue(field.type);
  const fieldOf = new Map<string, string>();
  for (const field of fields) {
    fieldOf.set(field.name, field.name);
    for (const alias of aliases[field.name] ?? []) fieldOf.set(alias, field.name);
  }
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(given)) {
    if (extras.includes(key)) continue;
    const field = fieldOf.get(key);
    if (field === undefined) {
      const known = [...fieldOf.keys(), ...extras];
      throw new PlaceError([key], `unknown key '${key}'; the keys are: ${known.join(', ')}`);
    }
    if (seen.has(field)) throw new PlaceError([key], `'${key}' and '${seen.get(field)}' are the same field: give one`);
    seen.set(field, key);
    const type = fields.find((candidate) => candidate.name === field)!.type;
    record[field] = fixtureValue(type, value, [key]);
  }
  return record;
}

function emptyValue(type: AvroType): unknown {
  if (typeof type === 'string') {
    switch (type) {
      case 'boolean':
        return false;
      case 'int':
      case 'long':
      case 'float':
      case 'double':
        return 0;
      case 'null':
        return null;
      default:
        return '';
    }
  }
  if (Array.isArray(type)) return null;
  if (type.type === 'map') return {};
  if (type.type === 'array') return [];
  return {};
}

/** Map values are strings on the wire; people may write numbers and booleans. Bytes are text (UTF-8) or {"base64": ...}. */
function fixtureValue(type: AvroType, value: unknown, path: JsonPath): unknown {
  if (type === 'bytes') return bytesValue(value, path);
  if (typeof type === 'object' && !Array.isArray(type) && type.type === 'map' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => {
        if (type.values === 'string' && (typeof item === 'number' || typeof item === 'boolean')) return [key, String(item)];
        return [key, fixtureValue(type.values, item, [...path, key])];
      }),
    );
  }
  return value;
}

/** Avro bytes travel in JSON as one character per byte; fixtures give text or base64. */
function bytesValue(value: unknown, path: JsonPath): string {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('latin1');
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { base64?: unknown }).base64 === 'string') {
    return Buffer.from((value as { base64: string }).base64, 'base64').toString('latin1');
  }
  throw new PlaceError(path, 'file contents must be text, or {"base64": "..."} for binary contents');
}

function stringList(value: unknown, path: JsonPath, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new PlaceError(path, `${what} must be a list of strings`);
  return value as string[];
}

function list(value: unknown, path: JsonPath, what: string): unknown[] {
  if (!Array.isArray(value)) throw new PlaceError(path, `${what} must be a list`);
  return value;
}

function requireKey(given: Entry, keys: string[], what: string): void {
  if (!keys.some((key) => given[key] !== undefined)) throw new Error(`${what} needs '${keys[0]}'`);
}

// -----------------------------------------------------------------------------------------------
// Tables: /create/type, /create/table and /insert/records

const TABLE_KEYS = ['name', 'table_name', 'columns', 'type_definition', 'properties', 'label', 'options', 'records'];

function planTable(given: Entry): Planned {
  const unknown = Object.keys(given).find((key) => !TABLE_KEYS.includes(key));
  if (unknown !== undefined) throw new PlaceError([unknown], `unknown key '${unknown}'; the keys are: ${TABLE_KEYS.join(', ')}`);
  if (given.name !== undefined && given.table_name !== undefined) throw new PlaceError(['table_name'], "'name' and 'table_name' are the same field: give one");
  const name = given.name ?? given.table_name;
  if (typeof name !== 'string' || name.trim() === '') throw new Error("a table needs 'name' (schema.table, or a table in ki_home)");
  const hasColumns = given.columns !== undefined;
  if (hasColumns === (given.type_definition !== undefined)) {
    throw new Error("a table needs either 'columns' ([[\"id\", \"int\", \"primary_key\"], ...]) or 'type_definition' (an Avro record schema)");
  }
  if (hasColumns && given.properties !== undefined) throw new PlaceError(['properties'], "'properties' go with 'type_definition'; with 'columns', put them after each column's type");
  const typeRequest = buildRecord('/create/type', {
    type_definition: hasColumns ? JSON.stringify(list(given.columns, ['columns'], "'columns'")) : typeDefinitionText(given.type_definition),
    label: given.label ?? '',
    properties: given.properties ?? {},
  });
  const tableRequest = buildRecord('/create/table', { table_name: name, options: given.options ?? {} }, {}, {}, []);
  const records = given.records === undefined ? [] : list(given.records, ['records'], "'records'");
  return {
    run: (runner) => {
      const type = runner.call('/create/type', typeRequest).type_id as string;
      runner.call('/create/table', { ...tableRequest, type_id: type });
      if (records.length === 0) return;
      const qualified = parseQualified(name, 'table');
      const table = runner.catalog.table(qualified.schema, qualified.name)!;
      records.forEach((record, index) => {
        const converted = recordFromJson(table.type.model, record);
        if ('error' in converted) throw new PlaceError(['records', index], converted.error);
      });
      runner.call('/insert/records', {
        table_name: name,
        list: [],
        list_str: records.map((record) => JSON.stringify(record)),
        list_encoding: 'json',
        options: {},
      });
    },
  };
}

function typeDefinitionText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  throw new PlaceError(['type_definition'], "'type_definition' must be an Avro record schema (an object, or its JSON text)");
}

// -----------------------------------------------------------------------------------------------
// Users and roles, with their memberships and permissions

function planPrincipal(kind: 'user' | 'role', given: Entry): Planned[] {
  const extras = kind === 'user' ? ['external', 'roles', 'permissions'] : ['roles', 'permissions'];
  const external = given.external;
  if (external !== undefined && typeof external !== 'boolean') throw new PlaceError(['external'], "'external' must be true or false");
  requireKey(given, ['name'], `a ${kind}`);
  const endpoint: EndpointPath = kind === 'role' ? '/create/role' : external ? '/create/user/external' : '/create/user/internal';
  if (external && given.password !== undefined) throw new PlaceError(['password'], 'an external user has no password');
  const record = buildRecord(endpoint, given, {}, {}, extras);
  const name = record.name as string;
  const planned: Planned[] = [{ run: (runner) => void runner.call(endpoint, record) }];
  const roles = given.roles === undefined ? [] : stringList(given.roles, ['roles'], "'roles'");
  roles.forEach((role, index) => {
    planned.push({
      phase: GRANTS_PHASE,
      subPath: ['roles', index],
      run: (runner) => void runner.call('/grant/role', { role, member: name, options: {} }),
    });
  });
  const permissions = given.permissions === undefined ? [] : list(given.permissions, ['permissions'], "'permissions'");
  permissions.forEach((permission, index) => {
    const grant = (() => {
      try {
        return planGrant(entry(permission), name);
      } catch (error) {
        if (error instanceof PlaceError) throw new PlaceError(['permissions', index, ...error.subPath], error.message);
        throw new PlaceError(['permissions', index], (error as Error).message);
      }
    })();
    planned.push({ ...grant, phase: GRANTS_PHASE, subPath: ['permissions', index] });
  });
  return planned;
}

/** A membership (`role` + `member`) or a permission (`principal`, `permission`, `object_type`, `object`). */
function planGrant(given: Entry, principal: string | undefined): Planned {
  if (principal === undefined && given.role !== undefined) {
    requireKey(given, ['member'], 'a role membership');
    const record = buildRecord('/grant/role', given);
    return { phase: GRANTS_PHASE, run: (runner) => void runner.call('/grant/role', record) };
  }
  if (principal === undefined) requireKey(given, ['principal'], "a grant ('role' + 'member', or 'principal' + 'permission')");
  requireKey(given, ['permission'], 'a permission');
  const record = buildRecord('/grant/permission', principal === undefined ? given : { ...given, principal });
  if (principal !== undefined && given.principal !== undefined) throw new PlaceError(['principal'], "a permission listed under a user or role is granted to it: leave out 'principal'");
  return { phase: GRANTS_PHASE, run: (runner) => void runner.call('/grant/permission', record) };
}

// -----------------------------------------------------------------------------------------------
// The other kinds

function planEnvironment(given: Entry): Planned[] {
  requireKey(given, ['name', 'environment_name'], 'a function environment');
  const record = buildRecord('/create/environment', given, { environment_name: ['name'] }, {}, ['packages']);
  const packages = given.packages === undefined ? [] : stringList(given.packages, ['packages'], "'packages'");
  const name = record.environment_name as string;
  return [
    { run: (runner) => void runner.call('/create/environment', record) },
    ...packages.map((specification, index) => ({
      subPath: ['packages', index],
      run: (runner: Runner) => void runner.call('/alter/environment', { environment_name: name, action: 'install_package', value: specification, options: {} }),
    })),
  ];
}

function planProc(given: Entry): Planned {
  requireKey(given, ['name', 'proc_name'], 'a proc');
  const record = buildRecord('/create/proc', given, { proc_name: ['name'] }, { execution_mode: 'distributed' });
  return { run: (runner) => void runner.call('/create/proc', record) };
}

const SQL_OBJECT_KEYS = { sql_procedures: ['name', 'definition', 'schedule', 'replace'], contexts: ['name', 'definition', 'replace'] } as const;

function planSqlObject(section: 'sql_procedures' | 'contexts', given: Entry): Planned {
  const keys: readonly string[] = SQL_OBJECT_KEYS[section];
  const unknown = Object.keys(given).find((key) => !keys.includes(key));
  if (unknown !== undefined) throw new PlaceError([unknown], `unknown key '${unknown}'; the keys are: ${keys.join(', ')}`);
  if (typeof given.name !== 'string') throw new Error("needs 'name' ([schema.]name)");
  if (typeof given.definition !== 'string') throw new Error("needs 'definition' (the statement that creates it, as text)");
  if (given.replace !== undefined && typeof given.replace !== 'boolean') throw new PlaceError(['replace'], "'replace' must be true or false");
  const spec = { name: given.name, definition: given.definition, replace: given.replace === true };
  if (section === 'contexts') return { run: (runner) => void createContext(runner.catalog, spec) };
  const schedule = given.schedule === undefined ? {} : scheduleOf(given.schedule);
  return { run: (runner) => void createStoredProcedure(runner.catalog, { ...spec, schedule }) };
}

const SCHEDULE_KEYS = ['executeAs', 'executeInterval', 'executeStartTime', 'executeStopTime'] as const;

/** EXECUTE FOR EVERY ...: every part optional, as text. */
function scheduleOf(value: unknown): Partial<ProcedureSchedule> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PlaceError(['schedule'], "'schedule' must be an object");
  const schedule: Partial<ProcedureSchedule> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!(SCHEDULE_KEYS as readonly string[]).includes(key)) {
      throw new PlaceError(['schedule', key], `unknown key '${key}'; the keys are: ${SCHEDULE_KEYS.join(', ')}`);
    }
    if (typeof item !== 'string' && typeof item !== 'number') throw new PlaceError(['schedule', key], `'${key}' must be text`);
    schedule[key as keyof ProcedureSchedule] = String(item);
  }
  return schedule;
}

const RAW_KEYS = ['endpoint', 'request'];

/** Any emulated endpoint, with its request record as Kinetica documents it (fields left out take their empty value). */
function planRaw(given: Entry): Planned {
  const unknown = Object.keys(given).find((key) => !RAW_KEYS.includes(key));
  if (unknown !== undefined) throw new PlaceError([unknown], `unknown key '${unknown}'; the keys are: ${RAW_KEYS.join(', ')}`);
  const endpoint = given.endpoint;
  if (typeof endpoint !== 'string') throw new Error("a request needs 'endpoint' (e.g. \"/create/graph\")");
  let record: Record<string, unknown>;
  try {
    schemaOf(endpoint);
  } catch {
    throw new PlaceError(['endpoint'], `'${endpoint}' is not a Kinetica endpoint (GET /_mock/endpoints lists them)`);
  }
  try {
    record = buildRecord(endpoint as EndpointPath, given.request === undefined ? {} : entry(given.request));
  } catch (error) {
    if (error instanceof PlaceError) throw new PlaceError(['request', ...error.subPath], error.message);
    throw new PlaceError(['request'], (error as Error).message);
  }
  return {
    run: (runner) => {
      if (!runner.target.endpoints.has(endpoint)) throw new PlaceError(['endpoint'], `'${endpoint}' is not emulated (GET /_mock/endpoints lists the emulated ones)`);
      runner.call(endpoint as EndpointPath, record);
    },
  };
}
