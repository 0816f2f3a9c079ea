/**
 * Runs the statements of one /execute/sql request, in order, each on the REST endpoints it maps
 * to. The whole text is read and checked first (syntax, unsupported constructs, only the last
 * statement may return rows), so nothing runs when any of it is refused. A statement that fails
 * stops the script; the ones before it stay done (Kinetica has no transactions).
 */
import { sqlErrors } from '../errors/sql.js';
import type { Statement } from './ast.js';
import { positionOf } from './parser.js';
import type { ResultSet } from './result.js';
import { alterBackup, createBackup, describeBackup, dropBackup, restoreBackup, showBackup, verifyBackup } from './run/backups.js';
import { alterConnector, createCredential, createDataSink, createDataSource, dropConnector, dropCredential } from './run/connectors.js';
import { insert, remove, update } from './run/dml.js';
import { select } from './run/select.js';
import { alterUser, createRole, createUser, dropPrincipal, permissionStatement, roleGrant } from './run/security.js';
import { createSchema, createTable, dropSchema, dropTable, truncateTable } from './run/tables.js';
import { createProcedure, dropProcedure, executeProcedure, showProcedure } from './run/procedures.js';
import type { Outcome, Session, StatementGroup } from './run/session.js';
import { alterViewRefresh, createView, describeTable, dropView, refreshView, showTable } from './run/views.js';

type Runnable = Exclude<Statement, { kind: 'unsupported' }>;

/** The endpoint each statement maps to: info.last_endpoint when it calls none (IF NOT EXISTS on an existing table). */
const MAIN_ENDPOINT: Record<Runnable['kind'], string> = {
  createBackup: '/create/backup',
  alterBackup: '/alter/backup',
  restoreBackup: '/restore/backup',
  dropBackup: '/drop/backup',
  showBackup: '/show/backup',
  describeBackup: '/show/backup',
  verifyBackup: '/verify/backup',
  createSchema: '/create/schema',
  dropSchema: '/drop/schema',
  createTable: '/create/table',
  dropTable: '/clear/table',
  truncateTable: '/delete/records',
  createCredential: '/create/credential',
  dropCredential: '/drop/credential',
  createDataSink: '/create/datasink',
  alterDataSink: '/alter/datasink',
  dropDataSink: '/drop/datasink',
  createDataSource: '/create/datasource',
  alterDataSource: '/alter/datasource',
  dropDataSource: '/drop/datasource',
  createUser: '/create/user/internal',
  alterUser: '/alter/user',
  dropUser: '/delete/user',
  createRole: '/create/role',
  alterRole: '/alter/role',
  dropRole: '/delete/role',
  grantRole: '/grant/role',
  revokeRole: '/revoke/role',
  grant: '/grant/permission',
  revoke: '/revoke/permission',
  insert: '/insert/records',
  update: '/update/records',
  delete: '/delete/records',
  select: '/get/records',
  // SQL procedures have no REST endpoint but /show/sql/proc.
  createProcedure: '/execute/sql',
  executeProcedure: '/execute/sql',
  dropProcedure: '/execute/sql',
  showProcedure: '/show/sql/proc',
  // Views have no REST endpoint but /clear/table (DROP) and /show/table.
  createView: '/execute/sql',
  dropView: '/clear/table',
  refreshView: '/execute/sql',
  alterViewRefresh: '/execute/sql',
  showTable: '/show/table',
  describeTable: '/show/table',
};

const RETURNS_ROWS = new Set<Statement['kind']>(['select', 'showBackup', 'describeBackup', 'verifyBackup', 'showProcedure', 'showTable', 'describeTable']);

/** Whether a statement always answers rows (a query or a SHOW); EXECUTE PROCEDURE answers its body's last. */
export function returnsRows(statement: Statement): boolean {
  return RETURNS_ROWS.has(statement.kind);
}

function run(session: Session, statement: Runnable): Promise<Outcome> {
  switch (statement.kind) {
    case 'createBackup':
      return createBackup(session, statement);
    case 'alterBackup':
      return alterBackup(session, statement);
    case 'restoreBackup':
      return restoreBackup(session, statement);
    case 'dropBackup':
      return dropBackup(session, statement);
    case 'showBackup':
      return showBackup(session, statement);
    case 'describeBackup':
      return describeBackup(session, statement);
    case 'verifyBackup':
      return verifyBackup(session, statement);
    case 'createSchema':
      return createSchema(session, statement);
    case 'dropSchema':
      return dropSchema(session, statement);
    case 'createTable':
      return createTable(session, statement);
    case 'dropTable':
      return dropTable(session, statement);
    case 'truncateTable':
      return truncateTable(session, statement);
    case 'createCredential':
      return createCredential(session, statement);
    case 'dropCredential':
      return dropCredential(session, statement);
    case 'createDataSink':
      return createDataSink(session, statement);
    case 'createDataSource':
      return createDataSource(session, statement);
    case 'alterDataSink':
    case 'alterDataSource':
      return alterConnector(session, statement);
    case 'dropDataSink':
    case 'dropDataSource':
      return dropConnector(session, statement);
    case 'createUser':
      return createUser(session, statement);
    case 'alterUser':
      return alterUser(session, statement);
    case 'dropUser':
    case 'dropRole':
      return dropPrincipal(session, statement);
    case 'createRole':
    case 'alterRole':
      return createRole(session, statement);
    case 'grantRole':
    case 'revokeRole':
      return roleGrant(session, statement);
    case 'grant':
    case 'revoke':
      return permissionStatement(session, statement);
    case 'insert':
      return insert(session, statement);
    case 'update':
      return update(session, statement);
    case 'delete':
      return remove(session, statement);
    case 'select':
      return select(session, statement);
    case 'createProcedure':
      return createProcedure(session, statement);
    case 'executeProcedure':
      return executeProcedure(session, statement);
    case 'dropProcedure':
      return dropProcedure(session, statement);
    case 'showProcedure':
      return showProcedure(session, statement);
    case 'createView':
      return createView(session, statement);
    case 'dropView':
      return dropView(session, statement);
    case 'refreshView':
      return refreshView(session, statement);
    case 'alterViewRefresh':
      return alterViewRefresh(session, statement);
    case 'showTable':
    case 'describeTable':
      return statement.kind === 'showTable' ? showTable(session, statement) : describeTable(session, statement);
  }
}

interface Mark {
  kind: 'unsupported' | 'invalid';
  at: number;
  construct?: string;
  problem?: 'unterminatedString' | 'unterminatedIdentifier';
}

/**
 * The first construct a statement holds that cannot run: unreadable text first, then unsupported
 * constructs, by position. A loop over the tree, not recursion: a WHERE condition like
 * `a + a + ... + a` is a tree as deep as the chain is long.
 */
function firstMark(statement: Statement): Mark | undefined {
  const marks: Mark[] = [];
  const stack: unknown[] = [statement];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const node = value as Partial<Mark>;
    if ((node.kind === 'unsupported' || node.kind === 'invalid') && typeof node.at === 'number') marks.push(node as Mark);
    for (const [key, child] of Object.entries(value)) if (key !== 'kind') stack.push(child);
  }
  marks.sort((a, b) => (a.kind === b.kind ? a.at - b.at : a.kind === 'invalid' ? -1 : 1));
  return marks[0];
}

/** Refuses, before anything runs, a script holding a construct outside the subset. */
export function checkScript(text: string, statements: readonly Statement[]): asserts statements is Runnable[] {
  if (statements.length === 0) throw sqlErrors.emptyStatement();
  checkConstructs(text, statements);
  statements.forEach((statement, i) => {
    if (RETURNS_ROWS.has(statement.kind) && i < statements.length - 1) {
      throw sqlErrors.resultNotLast(statement.line, statement.column);
    }
  });
}

/** Refuses the first unreadable text or unsupported construct the statements hold. */
export function checkConstructs(text: string, statements: readonly Statement[]): asserts statements is Runnable[] {
  for (const statement of statements) {
    const mark = firstMark(statement);
    if (!mark) continue;
    const { line, column } = positionOf(text, mark.at);
    if (mark.kind === 'invalid') {
      throw mark.problem === 'unterminatedString' ? sqlErrors.unterminatedString(line, column) : sqlErrors.unterminatedIdentifier(line, column);
    }
    throw sqlErrors.unsupported(mark.construct!, line, column);
  }
}

export interface ScriptOutcome {
  group: StatementGroup;
  countAffected: number;
  result: ResultSet | undefined;
  info: Record<string, string>;
  lastEndpoint: string;
}

/**
 * Runs statements in order; the first failure stops them (those before it stay done). `progress`
 * counts the statements that ran to the end, for a procedure run's record.
 */
export async function runScript(session: Session, statements: readonly Runnable[], progress = { done: 0 }): Promise<ScriptOutcome> {
  let countAffected = 0;
  let last: Outcome | undefined;
  let info: Record<string, string> = {};
  for (const statement of statements) {
    session.lastEndpoint = MAIN_ENDPOINT[statement.kind];
    last = await run(session, statement);
    // ON CHANGE materialized views refresh before the statement answers (src/emulator/views.ts).
    if (last.group === 'DML') await session.emulator.views.settled();
    countAffected += last.countAffected;
    info = { ...info, ...last.info };
    progress.done++;
  }
  return { group: last!.group, countAffected, result: last!.result, info, lastEndpoint: session.lastEndpoint };
}

export type { Runnable };
