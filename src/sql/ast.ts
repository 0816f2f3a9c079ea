/**
 * The statements grammar.peggy builds. Expressions (WHERE, SET values, VALUES items) are the
 * expression grammar's nodes (src/expr/ast.ts), with offsets into the prepared statement text.
 * Constructs outside the subset appear as `unsupported` marks anywhere in a statement; the
 * executor refuses a statement that holds one (see unsupportedIn in execute.ts).
 */
import type { ExprNode } from '../expr/ast.js';

export interface Located {
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface UnsupportedMark {
  kind: 'unsupported';
  construct: string;
  /** Offset of the construct in the prepared text. */
  at: number;
}

export interface QName {
  schema?: string;
  name: string;
}

export interface OptionPair {
  /** Lower case, words joined by `_` (BUCKET NAME -> bucket_name); quoted names as written. */
  name: string;
  value: string;
}

export interface ObjectGroup {
  /** The key of a REST objects map: all, table, datasink, user_defined_function... */
  type: string;
  names: string[];
}

// ---- backups

export interface CreateBackup extends Located {
  kind: 'createBackup';
  name: string;
  type: string;
  sink: QName;
  objects: ObjectGroup[];
  options: OptionPair[] | null;
}

export interface AlterBackup extends Located {
  kind: 'alterBackup';
  name: string;
  sink: QName;
  action: 'merge' | 'purge' | 'set';
  value?: string;
  settings: OptionPair[];
  options: OptionPair[] | null;
}

export interface RestoreBackup extends Located {
  kind: 'restoreBackup';
  name: string;
  source: QName;
  objects: ObjectGroup[];
  options: OptionPair[] | null;
}

export interface DropBackup extends Located {
  kind: 'dropBackup';
  pattern: string;
  sink: QName;
  options: OptionPair[] | null;
}

export interface ShowBackup extends Located {
  kind: 'showBackup' | 'describeBackup';
  pattern: string;
  source: QName;
}

export interface VerifyBackup extends Located {
  kind: 'verifyBackup';
  pattern: string;
  source: QName;
  options: OptionPair[] | null;
}

// ---- schemas and tables

export interface CreateSchema extends Located {
  kind: 'createSchema';
  name: string;
  ifNotExists: boolean;
}

export interface DropSchema extends Located {
  kind: 'dropSchema';
  name: string;
  ifExists: boolean;
  cascade: boolean;
}

export interface TypeArgument {
  size?: number;
  property?: string;
  argument?: string | null;
}

export interface ColumnDefinition {
  element: 'column';
  name: string;
  /** The type word(s) in upper case: INTEGER, VARCHAR, UNSIGNED BIGINT... */
  type: string;
  /** `[N]` after the type: the digits ('' for `[]`), or null. */
  array: string | null;
  args: TypeArgument[];
  nullability: 'null' | 'not null' | null;
  comment: string | null;
  line: number;
  column: number;
}

export type TableElement =
  | ColumnDefinition
  | { element: 'primaryKey'; soft: boolean; columns: string[] }
  | { element: 'shardKey'; columns: string[] }
  | { element: 'foreignKey'; columns: string[]; table: QName; targets: string[]; alias: string | null }
  | UnsupportedMark;

export type TableClause =
  | { clause: 'index'; kind: string; columns: string[]; line: number; column: number }
  | { clause: 'properties'; properties: OptionPair[] }
  | UnsupportedMark;

export interface CreateTable extends Located {
  kind: 'createTable';
  name: QName;
  orReplace: boolean;
  replicated: boolean;
  temp: boolean;
  ifNotExists: boolean;
  elements: TableElement[];
  clauses: TableClause[];
}

export interface DropTable extends Located {
  kind: 'dropTable';
  name: QName;
  ifExists: boolean;
}

export interface TruncateTable extends Located {
  kind: 'truncateTable';
  name: QName;
}

// ---- connectors

export interface CreateCredential extends Located {
  kind: 'createCredential';
  name: QName;
  orReplace: boolean;
  type: string;
  identity: string | null;
  secret: string | null;
  options: OptionPair[] | null;
}

export interface DropCredential extends Located {
  kind: 'dropCredential';
  /** null: `*`, every credential. */
  name: QName | null;
}

export interface CreateDataSink extends Located {
  kind: 'createDataSink';
  name: QName;
  orReplace: boolean;
  location: string;
  options: OptionPair[] | null;
}

export interface CreateDataSource extends Located {
  kind: 'createDataSource';
  name: QName;
  orReplace: boolean;
  location: string;
  user: string | null;
  password: string | null;
  options: OptionPair[] | null;
}

export interface AlterConnector extends Located {
  kind: 'alterDataSink' | 'alterDataSource';
  name: QName;
  properties: OptionPair[];
}

export interface DropConnector extends Located {
  kind: 'dropDataSink' | 'dropDataSource';
  name: QName;
}

// ---- security

export interface Setting {
  setting: 'password' | 'resource_group' | 'default_schema' | 'activated';
  value: string;
}

export interface CreateUser extends Located {
  kind: 'createUser' | 'alterUser';
  name: string;
  settings: Setting[];
}

export interface DropPrincipal extends Located {
  kind: 'dropUser' | 'dropRole';
  name: string;
}

export interface CreateRole extends Located {
  kind: 'createRole' | 'alterRole';
  name: string;
  resourceGroup: string | null;
}

export interface RoleGrant extends Located {
  kind: 'grantRole' | 'revokeRole';
  role: string;
  member: string;
}

export type PermissionTarget =
  | { scope: 'system' }
  | { scope: 'object'; name: QName }
  | { scope: 'schema'; pattern: { all?: boolean; name?: string } }
  | {
      scope: 'table' | 'either';
      pattern: { every?: 'table' | 'schema'; schema?: string; name?: QName };
      columns: (string | UnsupportedMark)[];
    };

export interface PermissionStatement extends Located {
  kind: 'grant' | 'revoke';
  /** Generic /grant/permission pairs: object type and permission word. */
  permissions: { objectType: string; permission: string }[];
  target: PermissionTarget;
  principal: string;
  where?: ExprNode | null;
  withGrantOption?: boolean;
  unsupported?: UnsupportedMark;
}

// ---- DML and queries

export interface Insert extends Located {
  kind: 'insert';
  table: QName;
  columns: string[] | null;
  rows: ExprNode[][];
  conflict: 'nothing' | UnsupportedMark | null;
  unsupported?: UnsupportedMark;
}

export interface Update extends Located {
  kind: 'update';
  table: QName;
  assignments: { column: string; value: ExprNode }[];
  where: ExprNode | null;
  unsupported?: UnsupportedMark;
}

export interface Delete extends Located {
  kind: 'delete';
  table: QName;
  where: ExprNode | null;
}

export type SelectItem =
  | { item: 'star' }
  | { item: 'count'; alias: string | null }
  | { item: 'column'; name: string; alias: string | null; line: number; column: number }
  | { item: 'unsupported'; unsupported: UnsupportedMark };

export interface OrderItem {
  name?: string;
  ordinal?: number;
  direction: 'ascending' | 'descending';
  line: number;
  column: number;
}

/** A query: its text (start to end) runs on the embedded engine. */
export interface Select extends Located {
  kind: 'select';
}

// ---- SQL procedures

export interface ProcedureInterval {
  /** As written: a number, fractions allowed. */
  amount: string;
  unit: 'second' | 'minute' | 'hour' | 'day';
}

export interface ProcedureScheduleClause {
  every: ProcedureInterval;
  /** STARTING AT '<time>', as written. */
  start: string | null;
  /** STOP AFTER '<time>' or STOP AFTER <n> <unit>. */
  stop: { at: string } | { after: ProcedureInterval } | null;
}

export interface CreateProcedure extends Located {
  kind: 'createProcedure';
  name: QName;
  orReplace: boolean;
  /** Where the statements between BEGIN and END are in the text. */
  body: { start: number; end: number };
  schedule: ProcedureScheduleClause | null;
  options: OptionPair[] | null;
}

export interface ExecuteProcedure extends Located {
  kind: 'executeProcedure';
  name: QName;
}

export interface DropProcedure extends Located {
  kind: 'dropProcedure';
  name: QName;
  ifExists: boolean;
}

export interface ShowProcedure extends Located {
  kind: 'showProcedure';
  /** null for `*`: every procedure. */
  name: QName | null;
}

// ---- views

export interface ViewRefreshClause {
  mode: 'off' | 'on_change' | 'on_query' | 'every';
  /** EVERY <n> <unit>: amounts may be fractions (`.5 HOURS`). */
  every: ProcedureInterval | null;
  /** STARTING AT '<time>', as written. */
  start: string | null;
  /** STOP AFTER '<time>' or STOP AFTER <n> <unit>. */
  stop: { at: string } | { after: ProcedureInterval } | null;
}

export interface CreateView extends Located {
  kind: 'createView';
  name: QName;
  orReplace: boolean;
  temp: boolean;
  materialized: boolean;
  refresh: ViewRefreshClause | null;
  /** Where the query is in the text. */
  query: { start: number; end: number };
  options: OptionPair[] | null;
}

export interface DropView extends Located {
  kind: 'dropView';
  name: QName;
  ifExists: boolean;
  materialized: boolean;
}

export interface RefreshView extends Located {
  kind: 'refreshView';
  name: QName;
}

export interface AlterViewRefresh extends Located {
  kind: 'alterViewRefresh';
  name: QName;
  refresh: ViewRefreshClause;
}

export interface ShowTable extends Located {
  kind: 'showTable' | 'describeTable';
  name: QName;
  /** The word written: TABLE or VIEW (the object must be one), or null: either. */
  objectKind: 'table' | 'view' | null;
}

export interface UnsupportedStatement extends Located {
  kind: 'unsupported';
  construct: string;
  at: number;
}

export type Statement =
  | CreateBackup
  | AlterBackup
  | RestoreBackup
  | DropBackup
  | ShowBackup
  | VerifyBackup
  | CreateSchema
  | DropSchema
  | CreateTable
  | DropTable
  | TruncateTable
  | CreateCredential
  | DropCredential
  | CreateDataSink
  | CreateDataSource
  | AlterConnector
  | DropConnector
  | CreateUser
  | DropPrincipal
  | CreateRole
  | RoleGrant
  | PermissionStatement
  | Insert
  | Update
  | Delete
  | Select
  | CreateProcedure
  | ExecuteProcedure
  | DropProcedure
  | ShowProcedure
  | CreateView
  | DropView
  | RefreshView
  | AlterViewRefresh
  | ShowTable
  | UnsupportedStatement;
