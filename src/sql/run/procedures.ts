/**
 * SQL procedures (docs.kinetica.com, SQL Procedures): CREATE [OR REPLACE] PROCEDURE, EXECUTE
 * PROCEDURE, DROP PROCEDURE, SHOW [CREATE] PROCEDURE. A procedure is a catalog object keeping its
 * defining statement; its body is read again from that text each time it runs, with the
 * statements the emulator runs elsewhere (src/sql/execute.ts). Its schedule (EXECUTE FOR EVERY)
 * is run by the emulator's scheduler (src/emulator/procedures.ts) through runProcedureBody.
 *
 * Rules kept from Kinetica's reference:
 * - Only some statement kinds may be in a body (BODY_KINDS), checked at creation.
 * - Unqualified names in the body mean the creator's default schema at creation.
 * - A run stops at the first failing statement; the statements before it stay done.
 * - EXECUTE answers the output of the body's last statement when that one has output.
 * - On demand, the body runs as the caller (invoker rights); on schedule, as the creator (definer
 *   rights); EXECUTE AS names another user for both. The creator and the EXECUTE AS user get
 *   EXECUTE permission on it.
 * - Dropping or altering a table the body named at creation drops the procedure.
 */
import { DEFAULT_SCHEMA, keyOf } from '../../catalog/names.js';
import { createStoredProcedure, formatScheduleTime, parseObjectName, parseScheduleTime, type StoredProcedure } from '../../catalog/objects/index.js';
import { anyOf, createIn, grantCreatorAdmin, onObject } from '../../catalog/security/index.js';
import { procedureErrors } from '../../errors/procedures.js';
import { securityErrors } from '../../errors/security.js';
import { KineticaError } from '../../errors/kinetica-error.js';
import type { CreateProcedure, DropProcedure, ExecuteProcedure, ProcedureInterval, QName, ShowProcedure, Statement } from '../ast.js';
import { parseScript, positionOf, prepareText } from '../parser.js';
import type { ResultSet } from '../result.js';
import { checkConstructs, runScript, type Runnable } from '../execute.js';
import type { Outcome, Session, SessionSettings } from './session.js';
import { checkedShape } from './select.js';

/**
 * The statements a body may hold: those of Kinetica's list the emulator runs (queries, DML,
 * schema and table DDL, EXECUTE and SHOW PROCEDURE), and the backup statements, which Kinetica's
 * backup guide schedules in a procedure.
 */
const BODY_KINDS = new Set<Statement['kind']>([
  'select',
  'insert',
  'update',
  'delete',
  'createSchema',
  'dropSchema',
  'createTable',
  'dropTable',
  'truncateTable',
  'executeProcedure',
  'showProcedure',
  'createBackup',
  'alterBackup',
  'dropBackup',
  'showBackup',
  'describeBackup',
  'verifyBackup',
  'restoreBackup',
]);

/** EXECUTE PROCEDURE inside a body may call another procedure, this deep at most. */
export const MAX_PROCEDURE_DEPTH = 16;

const SECONDS_PER_UNIT: Record<ProcedureInterval['unit'], number> = { second: 1, minute: 60, hour: 3600, day: 86400 };

/** The options WITH OPTIONS takes on CREATE PROCEDURE. */
const PROCEDURE_OPTIONS = ['execute_as'];

/** The statements of a body, read from the defining text (offsets, lines and columns are the whole text's). */
function readBody(text: string, statement: CreateProcedure): Runnable[] {
  // Blank everything before the body (line breaks kept), so positions in errors are the statement's own.
  const padded = text.slice(0, statement.body.start).replace(/[^\n]/g, ' ') + text.slice(statement.body.start, statement.body.end);
  const statements = parseScript({ text: padded, hints: [] });
  if (statements.length === 0) throw procedureErrors.emptyBody(statement.line, statement.column);
  for (const inner of statements) {
    if (!BODY_KINDS.has(inner.kind)) {
      const { line, column } = positionOf(padded, inner.start);
      throw procedureErrors.notAllowedInBody(statementHead(padded, inner), line, column);
    }
  }
  checkConstructs(padded, statements);
  return statements;
}

/** Words that name a statement's kind, after its verb. */
const KIND_WORDS = new Set(['or', 'replace', 'external', 'data', 'sink', 'source', 'credential', 'user', 'role', 'procedure', 'table', 'schema', 'backup', 'function']);

/** How a statement is named in a refusal: its verb and the words of its kind (CREATE USER, CREATE OR REPLACE PROCEDURE, GRANT). */
function statementHead(text: string, statement: Statement): string {
  const [verb = '', ...rest] = text.slice(statement.start, statement.end).trim().split(/\s+/);
  const kind: string[] = [];
  for (const word of rest) {
    if (!KIND_WORDS.has(word.toLowerCase())) break;
    kind.push(word);
  }
  return [verb, ...kind].join(' ').toUpperCase();
}

function intervalMs(interval: ProcedureInterval, what: string): number {
  const amount = Number(interval.amount);
  const ms = amount * SECONDS_PER_UNIT[interval.unit] * 1000;
  if (!Number.isFinite(ms) || ms < 1) throw procedureErrors.badInterval(what, `${interval.amount} ${interval.unit.toUpperCase()}`);
  return ms;
}

/** Seconds as /show/sql/proc's execute_interval writes them: a plain number. */
function secondsText(ms: number): string {
  return String(Number((ms / 1000).toFixed(6)));
}

function scheduleTime(text: string, clause: string): number {
  const value = parseScheduleTime(text);
  if (value === undefined) throw procedureErrors.badTime(clause, text);
  return value;
}

/** The tables a body names that exist now and that it does not create itself (`schema.table`). */
async function tablesRead(session: Session, defaultSchema: string, statements: readonly Runnable[]): Promise<string[]> {
  const created = new Set<string>();
  const found = new Map<string, string>();
  const named = (name: QName | undefined) => {
    if (!name) return;
    const schema = name.schema ?? defaultSchema;
    const key = keyOf(`${schema}.${name.name}`);
    if (created.has(key)) return;
    const table = session.emulator.catalog.table(schema, name.name);
    if (table) found.set(keyOf(table.qualifiedName), table.qualifiedName);
  };
  for (const statement of statements) {
    switch (statement.kind) {
      case 'createTable':
        created.add(keyOf(`${statement.name.schema ?? defaultSchema}.${statement.name.name}`));
        break;
      case 'insert':
      case 'update':
      case 'delete':
        named(statement.table);
        break;
      case 'select': {
        // The engine's parser reads a query (and refuses one it cannot run, at creation).
        const shape = await checkedShape(session, session.text.slice(statement.start, statement.end), statement.start);
        for (const table of shape.tables) named({ schema: table.schema, name: table.name });
        break;
      }
      case 'dropTable':
      case 'truncateTable':
        named(statement.name);
        break;
      default:
        break;
    }
  }
  return [...found.values()];
}

function qualified(session: Session, name: QName): string {
  return `${session.schemaOf(name)}.${name.name}`;
}

function findProcedure(session: Session, name: QName): StoredProcedure | undefined {
  const parsed = parseObjectName('stored_procedure', qualified(session, name));
  return session.emulator.catalog.get<StoredProcedure>('stored_procedure', parsed.schema, parsed.name);
}

/** Whether a user (the caller by default) may run a procedure: its EXECUTE permission (the creator holds it). */
function mayExecute(session: Session, procedure: StoredProcedure, user = session.user): boolean {
  return session.emulator.callerMay(user, onObject('sql_proc', procedure.qualifiedName, 'sql_proc_execute'));
}

/** Creating and dropping procedures in a schema follows creating tables there. */
function checkManage(session: Session, schema: string): void {
  if (!session.emulator.callerMay(session.user, anyOf(createIn(schema, 'sql_proc'), createIn(schema, 'table')))) throw securityErrors.accessDenied();
}

export async function createProcedure(session: Session, statement: CreateProcedure): Promise<Outcome> {
  if (session.procedures.length > 0) throw procedureErrors.notAllowedInBody('CREATE PROCEDURE', statement.line, statement.column);
  const { catalog, clock } = session.emulator;
  const schema = session.schemaOf(statement.name);
  if (!catalog.schema(schema)) throw procedureErrors.schemaMissing(schema, qualified(session, statement.name));
  checkManage(session, schema);
  const defaultSchema = session.settings.defaultSchema;
  const body = readBody(session.text, statement);

  const options = new Map<string, string>();
  for (const pair of statement.options ?? []) {
    if (!PROCEDURE_OPTIONS.includes(pair.name)) throw procedureErrors.unknownOption(pair.name, PROCEDURE_OPTIONS);
    options.set(pair.name, pair.value);
  }
  const executeAs = (options.get('execute_as') ?? '').trim();

  const createdAt = clock.now();
  const schedule = { executeAs, executeInterval: '', executeStartTime: '', executeStopTime: '' };
  if (statement.schedule) {
    const every = intervalMs(statement.schedule.every, 'EXECUTE FOR EVERY');
    const start = statement.schedule.start === null ? createdAt : scheduleTime(statement.schedule.start, 'STARTING AT');
    const stop = statement.schedule.stop;
    const stopAt = stop === null ? undefined : 'at' in stop ? scheduleTime(stop.at, 'STOP AFTER') : start + intervalMs(stop.after, 'STOP AFTER');
    schedule.executeInterval = secondsText(every);
    schedule.executeStartTime = formatScheduleTime(start);
    if (stopAt !== undefined) schedule.executeStopTime = formatScheduleTime(stopAt);
  }

  const procedure = createStoredProcedure(catalog, {
    name: qualified(session, statement.name),
    definition: session.text.slice(statement.start, statement.end),
    schedule,
    replace: statement.orReplace,
    origin: { owner: session.user, defaultSchema, tables: await tablesRead(session, defaultSchema, body) },
    createdAt,
  });
  const target = { objectType: 'sql_proc' as const, object: procedure.qualifiedName };
  grantCreatorAdmin(catalog, session.user, target, 'sql_proc_execute');
  if (executeAs !== '') grantCreatorAdmin(catalog, executeAs, target, 'sql_proc_execute');
  return { group: 'DDL', countAffected: 1 };
}

export async function dropProcedure(session: Session, statement: DropProcedure): Promise<Outcome> {
  const schema = session.schemaOf(statement.name);
  const procedure = findProcedure(session, statement.name);
  if (!procedure) {
    if (statement.ifExists) return { group: 'DDL', countAffected: 0 };
    throw procedureErrors.notFound(qualified(session, statement.name));
  }
  checkManage(session, schema);
  session.emulator.catalog.remove(procedure);
  return { group: 'DDL', countAffected: 1 };
}

export async function showProcedure(session: Session, statement: ShowProcedure): Promise<Outcome> {
  let procedures: StoredProcedure[];
  if (statement.name === null) {
    procedures = session.emulator.catalog
      .list<StoredProcedure>('stored_procedure')
      .filter((procedure) => mayExecute(session, procedure))
      .sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName));
  } else {
    const procedure = findProcedure(session, statement.name);
    if (!procedure || !mayExecute(session, procedure)) throw procedureErrors.notFound(qualified(session, statement.name));
    procedures = [procedure];
  }
  const result: ResultSet = {
    columns: [{ name: 'DDL', avro: 'string', datatype: 'string', nullable: false }],
    rows: procedures.map((procedure) => [procedure.text]),
  };
  return { group: 'QUERY', countAffected: 0, result };
}

export async function executeProcedure(session: Session, statement: ExecuteProcedure): Promise<Outcome> {
  const name = qualified(session, statement.name);
  const procedure = findProcedure(session, statement.name);
  if (!procedure) throw procedureErrors.notFound(name);
  if (!mayExecute(session, procedure)) throw securityErrors.accessDenied();
  if (session.procedures.length >= MAX_PROCEDURE_DEPTH) throw procedureErrors.tooDeep(procedure.qualifiedName, MAX_PROCEDURE_DEPTH);
  if (session.procedures.some((running) => keyOf(running) === keyOf(procedure.qualifiedName))) {
    throw procedureErrors.recursive(procedure.qualifiedName, [...session.procedures, procedure.qualifiedName]);
  }
  const runAs = session.emulator.procedures.runAs(procedure, session.user);
  const startedAt = new Date(session.emulator.clock.now()).toISOString();
  const run = await runBody(session, procedure, runAs);
  session.emulator.procedures.record(procedure, {
    trigger: 'execute',
    dueTime: null,
    startedAt,
    runAs,
    status: run.error ? 'ERROR' : 'OK',
    message: run.error?.message ?? '',
    statementsRun: run.statementsRun,
  });
  if (run.error) throw run.error;
  const outcome = run.outcome!;
  session.lastEndpoint = outcome.lastEndpoint;
  return { group: outcome.group, countAffected: outcome.countAffected, result: outcome.result, info: outcome.info };
}

interface BodyRun {
  statementsRun: number;
  outcome?: Awaited<ReturnType<typeof runScript>>;
  error?: KineticaError | Error;
}

/** Reads a procedure's body from its definition and runs it as `runAs`; a failure is returned, named for the procedure. */
async function runBody(session: Session, procedure: StoredProcedure, runAs: string): Promise<BodyRun> {
  const settings: SessionSettings = {
    defaultSchema: procedure.origin.defaultSchema !== '' ? procedure.origin.defaultSchema : DEFAULT_SCHEMA,
    updateOnExistingPk: false,
    ignoreExistingPk: false,
  };
  const progress = { done: 0 };
  let statements: Runnable[] = [];
  try {
    const prepared = prepareText(procedure.text, undefined);
    const [definition] = parseScript(prepared);
    if (definition?.kind !== 'createProcedure') throw procedureErrors.unreadable();
    statements = readBody(prepared.text, definition);
    const body = session.forBody(runAs, settings, prepared.text, procedure.qualifiedName);
    return { statementsRun: statements.length, outcome: await runScript(body, statements, progress) };
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const failed = statements[progress.done];
    const where = failed ? ` at statement ${progress.done + 1} of ${statements.length} (line ${failed.line})` : '';
    return { statementsRun: progress.done, error: new KineticaError(`SQL procedure '${procedure.qualifiedName}' stopped${where}: ${cause.message}`) };
  }
}

/**
 * A scheduled run: the body as `runAs`, on a session of its own (the emulator's scheduler has no
 * request). api/sql.ts builds the session and hands this to the emulator (ServerServices).
 */
export async function runScheduledBody(session: Session, procedure: StoredProcedure, runAs: string): Promise<{ statementsRun: number; error?: Error }> {
  if (!mayExecute(session, procedure, runAs)) {
    return { statementsRun: 0, error: new KineticaError(`SQL procedure '${procedure.qualifiedName}' was not run: user '${runAs}' may not execute it (EXECUTE permission)`) };
  }
  const run = await runBody(session, procedure, runAs);
  return { statementsRun: run.statementsRun, error: run.error };
}
