/**
 * What every statement executor works with: the request's settings (default schema, primary-key
 * policies), the REST twins it runs on, the statement text, and the name and column
 * resolution a SQL planner does before anything runs (with Kinetica's SqlEngine messages).
 */
import type { Emulator } from '../../emulator/emulator.js';
import type { EmulatorContext } from '../../emulator/endpoints.js';
import type { Table } from '../../catalog/table/table.js';
import { DEFAULT_SCHEMA, keyOf } from '../../catalog/names.js';
import type { ColumnModel } from '../../catalog/table/type-model.js';
import { anyOf, onTable } from '../../catalog/security/index.js';
import { walkNodes, type ExprNode } from '../../expr/ast.js';
import { sqlErrors } from '../../errors/sql.js';
import type { EndpointPath, RequestOf, ResponseOf } from '../../wire/registry.js';
import type { RestTwins } from '../twins.js';
import type { Hint } from '../parser.js';
import type { OptionPair, QName } from '../ast.js';
import type { ResultSet } from '../result.js';

/** Kinetica's X-Kinetica-Group of a statement, reported in info. */
export type StatementGroup = 'DDL' | 'DML' | 'QUERY';

export interface Outcome {
  group: StatementGroup;
  /** The number of objects (DDL) or records (DML) affected. */
  countAffected: number;
  /** Rows, for statements that return them. */
  result?: ResultSet;
  /** Entries for the response's info (the REST twin's own info, such as dry_run or warning). */
  info?: Record<string, string>;
}

export interface SessionSettings {
  /** Schema of unqualified names: current_schema, else the user's default schema, else ki_home. */
  defaultSchema: string;
  updateOnExistingPk: boolean;
  ignoreExistingPk: boolean;
  /** The rows of a query's answer to convert (the request's offset and limit); all when undefined. */
  page?: { offset: number; limit: number };
}

export class Session {
  /** The endpoint the last statement maps to, or the last one it called. */
  lastEndpoint = '';

  readonly emulator: Emulator;

  constructor(
    private readonly twins: RestTwins,
    readonly context: EmulatorContext,
    readonly settings: SessionSettings,
    /** The prepared text the statements were read from (expression offsets point into it). */
    readonly text: string,
    readonly hints: readonly Hint[],
    /** The SQL procedures running, outermost first, when this session runs a procedure's body. */
    readonly procedures: readonly string[] = [],
  ) {
    this.emulator = context.emulator;
  }

  /** A session for a procedure's body: its own text and settings, acting as `user`, on the same twins. */
  forBody(user: string, settings: SessionSettings, text: string, procedure: string): Session {
    const context: EmulatorContext = { ...this.context, user, notes: this.context.notes };
    return new Session(this.twins, context, settings, text, [], [...this.procedures, procedure]);
  }

  /** Calls a REST endpoint with its own access rule; it becomes info.last_endpoint. */
  call<P extends EndpointPath>(path: P, request: RequestOf<P>): Promise<ResponseOf<P>> {
    this.lastEndpoint = path;
    return this.twins.call(path, request, this.context);
  }

  get user(): string {
    return this.context.user;
  }

  /** Whether the caller may see a table at all (any table permission on it). */
  canSee(tableName: string): boolean {
    const permissions = ['table_read', 'table_insert', 'table_update', 'table_delete', 'table_admin'];
    return this.emulator.callerMay(this.user, anyOf(...permissions.map((permission) => onTable(tableName, permission))));
  }

  /** The name a REST request takes: qualified when the default schema is not ki_home. */
  qualify(name: QName): string {
    if (name.schema !== undefined) return `${name.schema}.${name.name}`;
    return keyOf(this.settings.defaultSchema) === DEFAULT_SCHEMA ? name.name : `${this.settings.defaultSchema}.${name.name}`;
  }

  schemaOf(name: QName): string {
    return name.schema ?? this.settings.defaultSchema;
  }

  /** The source text of an expression, for the REST request that evaluates it. */
  textOf(node: { start: number; end: number }): string {
    return this.text.slice(node.start, node.end);
  }

  /** The hints (KI_HINT_...) written inside a statement. */
  hintsWithin(statement: { start: number; end: number }): Set<string> {
    return new Set(this.hints.filter((hint) => hint.offset >= statement.start && hint.offset <= statement.end).map((hint) => hint.name));
  }

  /**
   * Resolves a table as the planner does: a missing schema, a missing table and a table the
   * caller may not see give Kinetica's "Object ... not found" texts (ERRORS.md #1-#3).
   */
  resolveTable(name: QName): { table: Table; restName: string } {
    const catalog = this.emulator.catalog;
    const schemaName = this.schemaOf(name);
    const notFound = () =>
      name.schema === undefined ? sqlErrors.objectNotFound(name.name) : sqlErrors.objectNotFoundWithin(name.name, name.schema);
    const schema = catalog.schema(schemaName);
    if (!schema) throw name.schema === undefined ? sqlErrors.objectNotFound(name.name) : sqlErrors.objectNotFound(name.schema);
    const table = catalog.table(schema.name, name.name);
    if (!table || !this.canSee(table.qualifiedName)) throw notFound();
    return { table, restName: this.qualify(name) };
  }
}

/** A column of a table by the name a statement uses: exactly, else without regard to case. */
export function resolveColumn(table: Table, name: string): ColumnModel {
  const exact = table.type.columnsByName.get(name);
  if (exact) return exact;
  const matches = table.type.model.columns.filter((column) => keyOf(column.name) === keyOf(name));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw sqlErrors.ambiguousColumn(name, table.qualifiedName, matches.map((column) => column.name));
  throw sqlErrors.columnNotFound(name);
}

/** Checks every column an expression names against the table (the planner's check, before running). */
export function checkColumns(table: Table, node: ExprNode | null | undefined): void {
  if (!node) return;
  walkNodes(node, (current) => {
    if (current.kind === 'column') resolveColumn(table, current.name);
  });
}

/** 'YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z]' (read as UTC) or epoch milliseconds, for a TIMESTAMP column. */
export function timestampOf(column: ColumnModel, text: string): number {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?Z?$/.exec(trimmed);
  if (!match) throw sqlErrors.badTimestamp(column.name, text);
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = match;
  const value = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  if (Number.isNaN(value)) throw sqlErrors.badTimestamp(column.name, text);
  return value;
}

const isTimestamp = (column: ColumnModel) => column.properties.includes('timestamp');

/**
 * A condition as the text its REST twin evaluates. SQL compares TIMESTAMP columns with date
 * strings (`ts >= '2024-01-01'`); the expression language compares them with epoch milliseconds,
 * so such strings are replaced by their epoch value. Everything else is handed over as written.
 */
export function conditionText(session: Session, table: Table, node: ExprNode | null): string {
  if (!node) return '';
  const replacements: { start: number; end: number; text: string }[] = [];
  const timestampColumn = (candidate: ExprNode): ColumnModel | undefined => {
    if (candidate.kind !== 'column') return undefined;
    const column = resolveColumn(table, candidate.name);
    return isTimestamp(column) ? column : undefined;
  };
  const replaceStrings = (column: ColumnModel, operands: ExprNode[]) => {
    for (const operand of operands) {
      if (operand.kind === 'string') replacements.push({ start: operand.start, end: operand.end, text: String(timestampOf(column, operand.value)) });
    }
  };
  walkNodes(node, (current) => {
    if (current.kind === 'binary') {
      const left = timestampColumn(current.left);
      const right = timestampColumn(current.right);
      if (left) replaceStrings(left, [current.right]);
      if (right) replaceStrings(right, [current.left]);
    } else if (current.kind === 'in' || current.kind === 'between') {
      const column = timestampColumn(current.operand);
      if (column) replaceStrings(column, current.kind === 'in' ? current.list : [current.low, current.high]);
    }
  });
  let text = '';
  let from = node.start;
  for (const replacement of replacements.sort((a, b) => a.start - b.start)) {
    text += session.text.slice(from, replacement.start) + replacement.text;
    from = replacement.end;
  }
  return text + session.text.slice(from, node.end);
}

/** WITH OPTIONS pairs as a REST options map (names are lower case already). */
export function optionsMap(pairs: readonly OptionPair[] | null | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs ?? []) map[pair.name] = pair.value;
  return map;
}
