/**
 * Kinetica's filter and value expressions (docs/expressions.md, parsed by src/expr) as engine SQL
 * with the same meaning, for the REST read endpoints (aggregate, filter, get/records/bycolumn) that
 * run on the engine.
 *
 * The tree is typed against the table's columns before any SQL is written, with the rules
 * src/expr/compile.ts applies to /get/records (so an expression refused there is refused here with
 * the same message), widened to the column types the engine reads natively:
 * - a timestamp column is a number of epoch milliseconds, as in Kinetica: `epoch_ms(col)`;
 * - a boolean column is 1 or 0 in arithmetic and comparisons, true when non-zero as a condition;
 * - decimal and ulong columns are numbers; date, time and datetime columns compare with strings
 *   (the engine reads the string as a date, time or timestamp);
 * - `/` of two whole operands truncates toward zero; `/` or `%` by zero fails the query, naming
 *   the division (the engine would answer null);
 * - a float column compared with a constant compares at float precision;
 * - a string constant that reads as a number is that number against a number, and 'true' or
 *   'false' is 1 or 0 against a boolean column.
 */
import { keyOf } from '../catalog/names.js';
import type { ColumnModel } from '../catalog/table/type-model.js';
import { expressionErrors } from '../errors/expression.js';
import type { ExprNode } from '../expr/ast.js';
import { parseExpression } from '../expr/parser.js';
import { quoteIdentifier } from './names.js';

/** What a sub-expression is, for the checks: number (whole or not), condition, string, bytes, date/time, null. */
type Kind = 'number' | 'condition' | 'string' | 'bytes' | 'temporal' | 'null';

interface Typed {
  sql: string;
  kind: Kind;
  /** A whole number (integer literal, int/long/boolean/timestamp column, arithmetic of those). */
  whole?: boolean;
  /** A float column (comparisons round constants to float precision). */
  float?: boolean;
  /** A constant string, kept for conversion against numbers and booleans. */
  literal?: string;
  /** A numeric constant. */
  constant?: boolean;
  /** A boolean column (a string 'true'/'false' compares with it). */
  boolean?: boolean;
  /** For messages: what the operand is. */
  what: string;
}

const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A string constant for the engine. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A number for the engine: integers as written, other values as DOUBLE (JavaScript's arithmetic). */
function sqlNumber(value: number, whole: boolean, float = false): string {
  if (float) return `CAST(${String(value)} AS FLOAT)`;
  if (whole && Number.isSafeInteger(value)) return String(value);
  return `CAST(${String(value)} AS DOUBLE)`;
}

/** How a table column reads in an expression. */
function columnTyped(column: ColumnModel): Typed {
  const name = quoteIdentifier(column.name);
  const what = `${column.base} column '${column.name}'`;
  const has = (property: string) => column.properties.some((p) => p === property || p.startsWith(`${property}(`));
  if (has('timestamp')) return { sql: `epoch_ms(${name})`, kind: 'number', whole: true, what: `timestamp column '${column.name}'` };
  if (has('boolean') || column.base === 'boolean') return { sql: `CAST(${name} AS INTEGER)`, kind: 'number', whole: true, boolean: true, what: `boolean column '${column.name}'` };
  if (has('date') || has('time') || has('datetime')) return { sql: name, kind: 'temporal', what: `date/time column '${column.name}'` };
  if (has('decimal')) return { sql: name, kind: 'number', what: `decimal column '${column.name}'` };
  if (has('ulong')) return { sql: name, kind: 'number', whole: true, what: `ulong column '${column.name}'` };
  switch (column.base) {
    case 'int':
    case 'long':
      return { sql: name, kind: 'number', whole: true, what };
    case 'float':
      return { sql: name, kind: 'number', float: true, what };
    case 'double':
      return { sql: name, kind: 'number', what };
    case 'bytes':
      return { sql: name, kind: 'bytes', what };
    default:
      return { sql: name, kind: 'string', what };
  }
}

/** Finds a column: its exact name first, else the one name that differs only in case. */
export function findColumn(columns: readonly ColumnModel[], name: string): ColumnModel | 'ambiguous' | undefined {
  const exact = columns.find((column) => column.name === name);
  if (exact) return exact;
  const matches = columns.filter((column) => keyOf(column.name) === keyOf(name));
  if (matches.length > 1) return 'ambiguous';
  return matches[0];
}

class Translator {
  constructor(
    private readonly text: string,
    private readonly columns: readonly ColumnModel[],
  ) {}

  private at(node: ExprNode): number {
    return node.start + 1;
  }

  private part(node: ExprNode): string {
    return this.text.slice(node.start, node.end);
  }

  /** A sub-expression as a condition (true when a number is non-zero). */
  condition(node: ExprNode): string {
    const typed = this.typed(node);
    return this.asCondition(typed, node);
  }

  private asCondition(typed: Typed, node: ExprNode): string {
    if (typed.kind === 'condition' || typed.kind === 'null') return typed.sql;
    if (typed.kind === 'number') return `(${typed.sql} <> 0)`;
    throw expressionErrors.notACondition(this.text, typed.what, this.at(node));
  }

  /** A sub-expression as a number (a condition counts 1 or 0). */
  private asNumber(typed: Typed, node: ExprNode, operator: string): Typed {
    if (typed.kind === 'number' || typed.kind === 'null') return typed;
    if (typed.kind === 'condition') return { sql: `CAST(${typed.sql} AS INTEGER)`, kind: 'number', whole: true, what: 'a condition' };
    if (typed.literal !== undefined && NUMERIC_TEXT.test(typed.literal)) {
      const value = Number(typed.literal);
      const whole = /^\s*[+-]?\d+\s*$/.test(typed.literal) && Number.isSafeInteger(value);
      return { sql: sqlNumber(value, whole), kind: 'number', whole, constant: true, what: `'${typed.literal}'` };
    }
    throw expressionErrors.notANumber(this.text, operator, typed.what, this.at(node));
  }

  typed(node: ExprNode): Typed {
    switch (node.kind) {
      case 'number':
        if (node.integer && !Number.isSafeInteger(node.value)) throw expressionErrors.numberOutOfRange(this.text, node.text, this.at(node));
        if (!Number.isFinite(node.value)) throw expressionErrors.numberOutOfRange(this.text, node.text, this.at(node));
        return { sql: sqlNumber(node.value, node.integer, node.float), kind: 'number', whole: node.integer, constant: true, what: `number ${node.text}` };
      case 'string':
        return { sql: sqlString(node.value), kind: 'string', literal: node.value, what: `string '${node.value}'` };
      case 'boolean':
        return { sql: node.value ? 'TRUE' : 'FALSE', kind: 'condition', what: String(node.value) };
      case 'null':
        return { sql: 'NULL', kind: 'null', what: 'null' };
      case 'column': {
        const found = findColumn(this.columns, node.name);
        if (found === 'ambiguous') {
          throw expressionErrors.ambiguousColumn(this.text, node.name, this.columns.filter((c) => keyOf(c.name) === keyOf(node.name)).map((c) => c.name));
        }
        if (found) return columnTyped(found);
        // Double quotes around text that names no column: a string constant.
        if (node.quoted) return { sql: sqlString(node.name), kind: 'string', literal: node.name, what: `string '${node.name}'` };
        throw expressionErrors.unknownColumn(this.text, node.name, this.columns.map((c) => c.name), false);
      }
      case 'negate': {
        const operand = this.asNumber(this.typed(node.operand), node.operand, '-');
        return { ...operand, sql: `(- ${operand.sql})`, constant: false, what: 'a number' };
      }
      case 'not':
        return { sql: `(NOT ${this.condition(node.operand)})`, kind: 'condition', what: 'a condition' };
      case 'isNull':
        return { sql: `(${this.typed(node.operand).sql} IS ${node.negated ? 'NOT ' : ''}NULL)`, kind: 'condition', what: 'a condition' };
      case 'binary':
        return this.binary(node);
      case 'in': {
        const operand = this.typed(node.operand);
        const items = node.list.map((item) => this.comparable(operand, this.typed(item), '=', node.operand, item));
        const left = items[0]?.[0] ?? operand.sql;
        return { sql: `(${left} ${node.negated ? 'NOT ' : ''}IN (${items.map(([, right]) => right).join(', ')}))`, kind: 'condition', what: 'a condition' };
      }
      case 'between': {
        const operand = this.typed(node.operand);
        const [left, low] = this.comparable(operand, this.typed(node.low), 'between', node.operand, node.low);
        const [, high] = this.comparable(operand, this.typed(node.high), 'between', node.operand, node.high);
        return { sql: `(${left} ${node.negated ? 'NOT ' : ''}BETWEEN ${low} AND ${high})`, kind: 'condition', what: 'a condition' };
      }
      case 'like': {
        const operand = this.typed(node.operand);
        const pattern = this.typed(node.pattern);
        for (const [typed, part] of [[operand, node.operand], [pattern, node.pattern]] as const) {
          if (typed.kind !== 'string' && typed.kind !== 'null' && typed.kind !== 'temporal') throw expressionErrors.notAString(this.text, typed.what, this.at(part));
        }
        const text = operand.kind === 'temporal' ? `CAST(${operand.sql} AS VARCHAR)` : operand.sql;
        return { sql: `(${text} ${node.negated ? 'NOT ' : ''}LIKE ${pattern.sql})`, kind: 'condition', what: 'a condition' };
      }
      default:
        // parseExpression refuses unsupported and invalid nodes before a tree gets here.
        throw expressionErrors.unsupported(this.text, 'construct', this.at(node));
    }
  }

  private binary(node: Extract<ExprNode, { kind: 'binary' }>): Typed {
    const { op } = node;
    if (op === 'and' || op === 'or') {
      // A long chain of one operator is a list, written without recursion into its left spine.
      const operands: ExprNode[] = [];
      let current: ExprNode = node;
      while (current.kind === 'binary' && current.op === op) {
        operands.push(current.right);
        current = current.left;
      }
      operands.push(current);
      operands.reverse();
      const parts = operands.map((operand) => this.condition(operand));
      return { sql: `(${parts.join(op === 'and' ? ' AND ' : ' OR ')})`, kind: 'condition', what: 'a condition' };
    }
    if (op === 'xor') {
      return { sql: `(${this.condition(node.left)} <> ${this.condition(node.right)})`, kind: 'condition', what: 'a condition' };
    }
    if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') return this.arithmetic(node);
    const [left, right] = this.comparable(this.typed(node.left), this.typed(node.right), op, node.left, node.right);
    const sqlOp = op === '!=' ? '<>' : op;
    return { sql: `(${left} ${sqlOp} ${right})`, kind: 'condition', what: 'a condition' };
  }

  /** Arithmetic, flattening a chain of + or - (or * / %) on its left spine into a loop. */
  private arithmetic(node: Extract<ExprNode, { kind: 'binary' }>): Typed {
    const chain: { op: string; node: ExprNode }[] = [];
    let current: ExprNode = node;
    while (current.kind === 'binary' && ['+', '-', '*', '/', '%'].includes(current.op)) {
      chain.push({ op: current.op, node: current.right });
      current = current.left;
    }
    chain.reverse();
    let result = this.asNumber(this.typed(current), current, chain[0]!.op);
    const start = current;
    for (const step of chain) {
      const right = this.asNumber(this.typed(step.node), step.node, step.op);
      const whole = Boolean(result.whole && right.whole);
      const partText = this.text.slice(start.start, step.node.end);
      let sql: string;
      if (step.op === '/' || step.op === '%') {
        const operator = step.op === '%' ? '%' : whole ? '//' : '/';
        const left = step.op === '/' && !whole ? `CAST(${result.sql} AS DOUBLE)` : result.sql;
        const failure = `error(${sqlString(expressionErrors.divisionByZero(this.text, partText).message)})`;
        sql = `(CASE WHEN ${right.sql} = 0 THEN ${failure} ELSE ${left} ${operator} ${right.sql} END)`;
      } else {
        sql = `(${result.sql} ${step.op} ${right.sql})`;
      }
      result = { sql, kind: 'number', whole, what: 'a number' };
    }
    return result;
  }

  /** Two operands of a comparison, each in SQL, after the conversions the rules allow. */
  private comparable(left: Typed, right: Typed, op: string, leftNode: ExprNode, rightNode: ExprNode): [string, string] {
    if (left.kind === 'null' || right.kind === 'null') return [left.sql, right.sql];
    const numberish = (t: Typed) => t.kind === 'number' || t.kind === 'condition';
    // 'true' / 'false' against a boolean column.
    const booleanText = (column: Typed, other: Typed) => column.boolean === true && other.literal !== undefined && /^\s*(true|false)\s*$/i.test(other.literal);
    if (booleanText(left, right)) return [left.sql, /true/i.test(right.literal!) ? '1' : '0'];
    if (booleanText(right, left)) return [/true/i.test(left.literal!) ? '1' : '0', right.sql];
    if (numberish(left) || numberish(right)) {
      const other = numberish(left) ? right : left;
      if (!numberish(other) && !(other.literal !== undefined && NUMERIC_TEXT.test(other.literal))) {
        throw expressionErrors.typeMismatch(this.text, op, left.what, right.what, this.at(numberish(left) ? rightNode : leftNode));
      }
      let l = this.asNumber(left, leftNode, op);
      let r = this.asNumber(right, rightNode, op);
      // A constant against a float column compares at float precision.
      if (l.float && r.constant) r = { ...r, sql: `CAST(${r.sql} AS FLOAT)` };
      if (r.float && l.constant) l = { ...l, sql: `CAST(${l.sql} AS FLOAT)` };
      return [l.sql, r.sql];
    }
    const compatible =
      (left.kind === 'string' && right.kind === 'string') ||
      (left.kind === 'bytes' && right.kind === 'bytes') ||
      (left.kind === 'temporal' && (right.kind === 'temporal' || right.kind === 'string')) ||
      (right.kind === 'temporal' && left.kind === 'string');
    if (!compatible) throw expressionErrors.typeMismatch(this.text, op, left.what, right.what, this.at(rightNode));
    return [left.sql, right.sql];
  }
}

/**
 * The engine condition of a Kinetica filter over these columns; undefined for blank text (every
 * row). Throws the expression errors of src/errors/expression.ts, `field` naming the request field
 * in the bounds' errors.
 */
export function filterSql(text: string, columns: readonly ColumnModel[], field = 'expression'): string | undefined {
  const tree = parseExpression(text, field);
  if (tree === null) return undefined;
  return new Translator(text, columns).condition(tree);
}

/**
 * The engine value of a Kinetica value expression (a column, a constant, arithmetic, a condition)
 * over these columns. A column on its own keeps its engine type (a timestamp column stays a
 * TIMESTAMP, answered as epoch milliseconds), so `column_names` entries that are plain columns
 * answer the column's own values.
 */
export function valueSql(text: string, columns: readonly ColumnModel[], field = 'column_names'): string {
  const tree = parseExpression(text, field);
  if (tree === null) throw expressionErrors.emptyValue(field);
  if (tree.kind === 'column') {
    const found = findColumn(columns, tree.name);
    if (found !== undefined && found !== 'ambiguous') return quoteIdentifier(found.name);
  }
  return new Translator(text, columns).typed(tree).sql;
}

/**
 * The engine value of an expression read as Kinetica reads values: a timestamp column as epoch
 * milliseconds, a boolean column as 1 or 0 (for statistics, min/max and histograms).
 */
export function numericSql(text: string, columns: readonly ColumnModel[], field = 'column_name'): string {
  const tree = parseExpression(text, field);
  if (tree === null) throw expressionErrors.emptyValue(field);
  return new Translator(text, columns).typed(tree).sql;
}

/**
 * The engine condition of a tree built by an endpoint (/filter/bylist, /filter/byrange...), with
 * `text` standing for it in messages. No bounds apply: the endpoint bounds its own inputs.
 */
export function conditionOfTree(tree: ExprNode, text: string, columns: readonly ColumnModel[]): string {
  return new Translator(text, columns).condition(tree);
}
