/**
 * /execute/sql: the SQL statements of docs/sql.md, each run on the REST endpoints it maps to
 * (src/sql/). The SQL family is built last, with the definitions of every other endpoint, so a
 * statement calls the same handler and access rule as its REST twin (src/api/rest-twins.ts).
 *
 * The answer follows Kinetica: `count_affected`; rows in the dynamic-schema format in the
 * encoding the request's `encoding` field names, paged by `offset` and `limit`; `info` with
 * `X-Kinetica-Group`, `count`, `last_endpoint` and `total_number_of_records`.
 */
import type { Emulator } from '../emulator/emulator.js';
import type { EmulatorContext, EmulatorEndpoint } from '../emulator/endpoints.js';
import { optionErrors } from '../errors/options.js';
import { sqlErrors } from '../errors/sql.js';
import { findUser } from '../catalog/security/security.js';
import { DEFAULT_SCHEMA } from '../catalog/names.js';
import type { RequestOf, ResponseOf } from '../wire/registry.js';
import type { RestTwins } from '../sql/twins.js';
import { parseBinaryParameters, parseQueryParameters, type ParameterSets } from '../sql/parameters.js';
import { lexText, parseScript, prepareText, type Hint } from '../sql/parser.js';
import { checkScript, runScript } from '../sql/execute.js';
import { runScheduledBody } from '../sql/run/procedures.js';
import type { StoredProcedure } from '../catalog/objects/index.js';
import type { RunResult } from '../emulator/procedures.js';
import { encodeResult, NO_ROWS } from '../sql/result.js';
import { Session, type SessionSettings } from '../sql/run/session.js';
import type { Insert, Statement } from '../sql/ast.js';
import { bool, integer, readOptions, text, type OptionValues } from './options.js';
import { pageLimit } from './records.js';
import { anyone } from './access.js';
import { definitionsOf } from './endpoint-table.js';
import { restTwins } from './rest-twins.js';

/** The options /execute/sql documents. */
const EXECUTE_SQL_OPTIONS = {
  cost_based_optimization: bool,
  distributed_joins: bool,
  distributed_operations: bool,
  ignore_existing_pk: bool,
  late_materialization: bool,
  paging_table: text,
  paging_table_ttl: integer(-1),
  parallel_execution: bool,
  plan_cache: bool,
  prepare_mode: bool,
  preserve_dict_encoding: bool,
  query_parameters: text,
  results_caching: bool,
  rule_based_optimization: bool,
  ssq_optimization: bool,
  ttl: integer(-1),
  update_on_existing_pk: bool,
  validate_change_column: bool,
  current_schema: text,
  // Not in the 7.2 reference page, but the Python client's DB-API cursor sends it (executemany).
  default_schema: text,
};

/** The encodings Kinetica lists for /execute/sql (ERRORS.md #6); the emulator answers in the first two. */
const ENCODINGS = ['binary', 'json', 'geojson', 'arrow'];

function resultEncoding(value: string): 'binary' | 'json' {
  const lower = value.trim().toLowerCase();
  if (lower === 'binary' || lower === 'json') return lower;
  if (ENCODINGS.includes(lower)) throw sqlErrors.encodingNotSupported(value);
  throw optionErrors.invalidEnum(value, ENCODINGS);
}

interface Script {
  text: string;
  hints: Hint[];
  statements: Statement[];
}

/**
 * Moves every offset of freshly parsed nodes (nothing else holds them), so nodes read from several
 * texts can share one. A loop, not recursion: a VALUES item like `1 + 1 + ... + 1` is a tree as
 * deep as it is long.
 */
function shiftOffsets<T>(value: T, delta: number): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
      continue;
    }
    const node = current as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const item = node[key];
      if ((key === 'start' || key === 'end' || key === 'at') && typeof item === 'number') node[key] = item + delta;
      else stack.push(item);
    }
  }
  return value;
}

/**
 * Reads the statement text with each parameter set. Several sets (an array of arrays) are for one
 * INSERT INTO ... VALUES: their rows are inserted together, as one /insert/records call.
 */
function readScript(statement: string, parameterSets: ParameterSets): Script {
  if (parameterSets === undefined || parameterSets.length <= 1) {
    const prepared = prepareText(statement, parameterSets?.[0]);
    return { ...prepared, statements: parseScript(prepared) };
  }
  const texts: string[] = [];
  let hints: Hint[] = [];
  let first: Insert | undefined;
  const lexemes = lexText(statement);
  for (const [i, values] of parameterSets.entries()) {
    const prepared = prepareText(statement, values, lexemes);
    const statements = parseScript(prepared);
    const only = statements[0];
    if (statements.length !== 1 || only?.kind !== 'insert') throw sqlErrors.parameterSetsNeedInsert();
    const base = texts.reduce((sum, each) => sum + each.length + 1, 0);
    texts.push(prepared.text);
    if (i === 0) {
      first = only;
      hints = prepared.hints;
    } else {
      for (const row of shiftOffsets(only.rows, base)) first!.rows.push(row);
    }
  }
  return { text: texts.join('\n'), hints, statements: [first!] };
}

function sessionSettings(emulator: Emulator, context: EmulatorContext, options: OptionValues<typeof EXECUTE_SQL_OPTIONS>): SessionSettings {
  const given = (options.current_schema ?? options.default_schema ?? '').trim();
  const own = findUser(emulator.catalog, context.user)?.defaultSchema ?? '';
  return {
    defaultSchema: given !== '' ? given : own !== '' ? own : DEFAULT_SCHEMA,
    updateOnExistingPk: options.update_on_existing_pk ?? false,
    ignoreExistingPk: options.ignore_existing_pk ?? false,
  };
}

/**
 * The /execute/sql endpoint, on the REST twins of `definitions` (every other endpoint). Any
 * authenticated user may send SQL; each statement then needs what its REST twin needs.
 */
export function sqlEndpoints(definitions: readonly EmulatorEndpoint[]): EmulatorEndpoint[] {
  const twins = restTwins(definitions);
  return definitionsOf({
    '/execute/sql': { handler: (request, context) => executeSql(twins, request, context), access: anyone },
  });
}

/**
 * What runs a SQL procedure on its schedule (ServerServices.runProcedure): its body on the REST
 * twins of `definitions`, as `runAs`, with no request around it.
 */
export function procedureRunner(definitions: readonly EmulatorEndpoint[]): (emulator: Emulator, procedure: StoredProcedure, runAs: string) => Promise<RunResult> {
  const twins = restTwins(definitions);
  return (emulator, procedure, runAs) => {
    const context: EmulatorContext = { endpoint: '/execute/sql', encoding: 'json', baseUrl: '', user: runAs, loose: false, notes: {}, emulator };
    const settings: SessionSettings = { defaultSchema: DEFAULT_SCHEMA, updateOnExistingPk: false, ignoreExistingPk: false };
    return runScheduledBody(new Session(twins, context, settings, '', []), procedure, runAs);
  };
}

/** Runs a script (or only compiles it, in prepare mode) and answers its last result, paged. */
export async function executeSql(twins: RestTwins, request: RequestOf<'/execute/sql'>, context: EmulatorContext): Promise<ResponseOf<'/execute/sql'>> {
  const { emulator } = context;
  const options = readOptions(request.options, EXECUTE_SQL_OPTIONS, context);
  const encoding = resultEncoding(request.encoding);
  const limit = pageLimit(request.offset, request.limit);
  const parameterSets =
    request.data.length > 0 ? parseBinaryParameters(request.request_schema_str, request.data) : parseQueryParameters(options.query_parameters);
  const script = readScript(request.statement, parameterSets);
  checkScript(script.text, script.statements);

  if (options.prepare_mode) {
    // Compiled, not run: Kinetica answers an empty response.
    const encoded = encodeResult(NO_ROWS, [], encoding);
    return { count_affected: 0, ...fields(encoded), total_number_of_records: -1, has_more_records: false, paging_table: '', info: {} };
  }

  const settings = { ...sessionSettings(emulator, context, options), page: { offset: request.offset, limit } };
  const session = new Session(twins, context, settings, script.text, script.hints);
  const outcome = await runScript(session, script.statements);
  const result = outcome.result;
  const total = result ? (result.total ?? result.rows.length) : -1;
  const page = !result ? [] : result.total !== undefined ? result.rows : result.rows.slice(request.offset, request.offset + limit);
  const encoded = encodeResult(result ?? NO_ROWS, page, encoding);
  const count = result ? total : outcome.group === 'DML' ? outcome.countAffected : 0;
  return {
    count_affected: outcome.countAffected,
    ...fields(encoded),
    total_number_of_records: total,
    has_more_records: result ? request.offset + encoded.returned < total : false,
    paging_table: '',
    info: {
      ...outcome.info,
      'X-Kinetica-Group': outcome.group,
      count: String(count),
      last_endpoint: outcome.lastEndpoint,
      total_number_of_records: String(count),
    },
  };
}

function fields(encoded: ReturnType<typeof encodeResult>) {
  return {
    response_schema_str: encoded.response_schema_str,
    binary_encoded_response: encoded.binary_encoded_response,
    json_encoded_response: encoded.json_encoded_response,
  };
}
