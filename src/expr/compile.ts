/**
 * Turns a syntax tree into evaluators over decoded records. Everything that can be checked without
 * a row is checked here, once: column names, operand types, literal ranges. What remains for
 * evaluation is null logic, division by zero and (for values) the target column's range.
 *
 * Values while evaluating: number (int, long, float, double), string, Buffer (bytes), boolean
 * (conditions and boolean columns) or null. Conditions use SQL's three-valued logic: null is
 * "unknown", and a row matches only when its filter is true.
 */
import { expressionErrors } from '../errors/expression.js';
import type { BinaryNode, ColumnNode, ExprNode, NumberNode } from './ast.js';
import type { ExprColumn, Row } from './index.js';

type Value = number | string | Buffer | boolean | null;
type ValueType = 'number' | 'string' | 'bytes' | 'boolean' | 'null';
type Condition = (row: Row) => boolean | null;

/** A compiled operand: its static type and how to evaluate it. */
interface Typed {
  type: ValueType;
  /** For numbers: whole by type (int, long and boolean columns, integer literals, integer arithmetic). */
  integer: boolean;
  /** Set for literals (and negated literals): the value, known without a row. */
  constant?: Value;
  /** Set when the operand is a column reference. */
  column?: ExprColumn;
  node: ExprNode;
  evaluate: (row: Row) => Value;
}

/** How two operands compare once unified: numbers (booleans as 1/0), strings or bytes. */
type Domain = 'number' | 'string' | 'bytes';

interface Pair {
  domain: Domain;
  left: Typed;
  right: Typed;
}

const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const NUMERIC_BASES = new Set<ExprColumn['base']>(['int', 'long', 'float', 'double']);
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const FLOAT_MAX = 3.4028234663852886e38;
/** Patterns read from rows, compiled once each; bounded so a long scan cannot grow it without end. */
const PATTERN_CACHE_SIZE = 256;

function asNumber(value: number | boolean): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function compareValues(domain: Domain, a: Value, b: Value): number {
  if (domain === 'number') {
    const x = asNumber(a as number | boolean);
    const y = asNumber(b as number | boolean);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (domain === 'bytes') return Buffer.compare(a as Buffer, b as Buffer);
  const x = a as string;
  const y = b as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

const COMPARISONS: Record<string, (order: number) => boolean> = {
  '=': (order) => order === 0,
  '!=': (order) => order !== 0,
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
};

/** `_` in a compiled LIKE segment: any one character. */
const ANY = -1;

/** The characters (Unicode code points, as `_` counts them) of a string. */
function codePoints(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const point = text.codePointAt(i)!;
    points.push(point);
    if (point > 0xffff) i++;
  }
  return points;
}

/** Whether `segment` matches `value` at `at` (the caller has checked it fits). */
function segmentAt(value: number[], at: number, segment: number[]): boolean {
  for (let i = 0; i < segment.length; i++) {
    if (segment[i] !== ANY && segment[i] !== value[at + i]) return false;
  }
  return true;
}

/** Knuth-Morris-Pratt's failure table of a segment without `_`. */
function failureTable(segment: number[]): number[] {
  const table = [0];
  let k = 0;
  for (let i = 1; i < segment.length; i++) {
    while (k > 0 && segment[i] !== segment[k]) k = table[k - 1]!;
    if (segment[i] === segment[k]) k++;
    table.push(k);
  }
  return table;
}

/** The leftmost start at or after `from` where the segment fits wholly before `limit`; -1 if none. */
type SegmentSearch = (value: number[], from: number, limit: number) => number;

function searchFor(segment: number[]): SegmentSearch {
  if (!segment.includes(ANY)) {
    // Linear in the value: Knuth-Morris-Pratt.
    const table = failureTable(segment);
    return (value, from, limit) => {
      let k = 0;
      for (let i = from; i < limit; i++) {
        while (k > 0 && value[i] !== segment[k]) k = table[k - 1]!;
        if (value[i] === segment[k]) k++;
        if (k === segment.length) return i - k + 1;
      }
      return -1;
    };
  }
  // With `_`, each start is tried: at most the value's length times the segment's.
  return (value, from, limit) => {
    for (let at = from; at + segment.length <= limit; at++) if (segmentAt(value, at, segment)) return at;
    return -1;
  };
}

/**
 * SQL LIKE: % is any run of characters, _ is one character; everything else is itself. The
 * pattern is split at its %s into segments; the first must start the value, the last end it, and
 * each one between is taken at its leftmost place after the one before (taking it further right
 * can only leave less room for the rest). No regular expression: one built from `%a%a%a...%b`
 * backtracks through every way of placing the a's before failing, which for a value of a few
 * thousand characters takes minutes; this takes one pass per segment.
 */
export function likeMatcher(pattern: string): (value: string) => boolean {
  const segments = pattern.split('%').map((part) => codePoints(part).map((point) => (point === 95 ? ANY : point)));
  const first = segments[0]!;
  if (segments.length === 1) return (value) => {
    const points = codePoints(value);
    return points.length === first.length && segmentAt(points, 0, first);
  };
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1).filter((segment) => segment.length > 0).map((segment) => ({ length: segment.length, search: searchFor(segment) }));
  return (value) => {
    const points = codePoints(value);
    const end = points.length - last.length;
    if (end < first.length || !segmentAt(points, 0, first) || !segmentAt(points, end, last)) return false;
    let at = first.length;
    for (const segment of middle) {
      const found = segment.search(points, at, end);
      if (found < 0) return false;
      at = found + segment.length;
    }
    return true;
  };
}

/**
 * What double-quoted text means. Kinetica's native expressions take string constants in single or
 * double quotes (its expression reference), and the Python client writes `name = "Vrpoi"` itself,
 * so there a double-quoted text that names no column is a string ('columnOrString'). In SQL double
 * quotes only ever name something ('column').
 */
export type DoubleQuotes = 'columnOrString' | 'column';

export class ExpressionCompiler {
  constructor(
    private readonly text: string,
    private readonly columns: readonly ExprColumn[],
    private readonly doubleQuotes: DoubleQuotes = 'columnOrString',
  ) {}

  /** A filter: true when the row matches. */
  filter(node: ExprNode): (row: Row) => boolean {
    const condition = this.condition(this.compile(node));
    return (row) => condition(row) === true;
  }

  /** A value for the target column, checked against its type (see docs/expressions.md). */
  value(node: ExprNode, target: ExprColumn): (row: Row) => unknown {
    const typed = this.forTarget(this.compile(node), target);
    const store = this.storer(target);
    if (typed.constant !== undefined) {
      // A constant is checked now, so a bad value fails the request even when no row matches.
      const stored = store(typed.constant);
      return () => stored;
    }
    return (row) => store(typed.evaluate(row));
  }

  private compile(node: ExprNode): Typed {
    switch (node.kind) {
      case 'number':
        return this.number(node);
      case 'string':
        return constant(node, 'string', node.value, false);
      case 'boolean':
        return constant(node, 'boolean', node.value, false);
      case 'null':
        return constant(node, 'null', null, false);
      case 'column':
        if (node.quoted && this.doubleQuotes === 'columnOrString' && !this.names(node)) {
          return constant(node, 'string', node.name, false);
        }
        return this.column(node);
      case 'negate':
        return this.negate(node.operand, node);
      case 'not': {
        const operand = this.condition(this.compile(node.operand));
        return condition(node, (row) => {
          const value = operand(row);
          return value === null ? null : !value;
        });
      }
      case 'binary':
        return this.binary(node);
      case 'isNull': {
        const operand = this.compile(node.operand);
        const negated = node.negated;
        return condition(node, (row) => (operand.evaluate(row) === null) !== negated);
      }
      case 'in':
        return this.in(node.operand, node.list, node.negated, node);
      case 'between':
        return this.between(node.operand, node.low, node.high, node.negated, node);
      case 'like':
        return this.like(node.operand, node.pattern, node.negated, node);
      case 'unsupported':
      case 'invalid':
        // parseExpression rejects these before compiling.
        throw new Error(`unreachable: ${node.kind} node reached the compiler`);
    }
  }

  // ---- operands ----

  private number(node: NumberNode): Typed {
    const value = node.float ? Math.fround(node.value) : node.value;
    if (!Number.isFinite(value) || (node.integer && !Number.isSafeInteger(value))) {
      throw expressionErrors.numberOutOfRange(this.text, node.text, node.start + 1);
    }
    return constant(node, 'number', value, node.integer);
  }

  private column(node: ColumnNode): Typed {
    const column = this.resolve(node);
    const name = column.name;
    const read = readerFor(column.base);
    const type: ValueType = NUMERIC_BASES.has(column.base) ? 'number' : (column.base as ValueType);
    return {
      type,
      integer: column.base === 'int' || column.base === 'long' || column.base === 'boolean',
      column,
      node,
      evaluate: (row) => read(row[name]),
    };
  }

  /** Whether a column node names a column of the table, by the lookup resolve() applies. */
  private names(node: ColumnNode): boolean {
    const lower = node.name.toLowerCase();
    return this.columns.some((column) => column.name === node.name || column.name.toLowerCase() === lower);
  }

  /** Exact name first; otherwise the one column whose name differs only in case. */
  private resolve(node: ColumnNode): ExprColumn {
    const exact = this.columns.find((column) => column.name === node.name);
    if (exact) return exact;
    const lower = node.name.toLowerCase();
    const matches = this.columns.filter((column) => column.name.toLowerCase() === lower);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw expressionErrors.ambiguousColumn(this.text, node.name, matches.map((column) => column.name));
    }
    throw expressionErrors.unknownColumn(this.text, node.name, this.columns.map((column) => column.name), node.quoted);
  }

  // ---- arithmetic ----

  private negate(operandNode: ExprNode, node: ExprNode): Typed {
    const operand = this.numeric(this.compile(operandNode), '-');
    if (operand.type === 'null') return constant(node, 'null', null, false);
    if (operand.constant !== undefined) {
      return constant(node, 'number', 0 - asNumber(operand.constant as number), operand.integer);
    }
    return {
      type: 'number',
      integer: operand.integer,
      node,
      evaluate: (row) => {
        const value = operand.evaluate(row);
        return value === null ? null : 0 - asNumber(value as number | boolean);
      },
    };
  }

  /**
   * `a + b - c * d ...`: binary operators group from the left, so a chain is a left-deep tree, and
   * its value the fold of its operands from the left, each step with its own operator. It is
   * compiled and evaluated as that fold, with a loop: recursion would go as deep as the chain is
   * long, and a long enough chain would run out of stack.
   */
  private arithmetic(node: BinaryNode): Typed {
    const { head, steps } = chainOf(node, ARITHMETIC);
    const first = this.numeric(this.compile(head), steps[0]!.op);
    let integer = first.integer;
    let nullOperand = first.type === 'null';
    const folds = steps.map((step) => {
      const right = this.numeric(this.compile(step.right), step.op);
      nullOperand ||= right.type === 'null';
      integer &&= right.integer;
      return { right, apply: this.operation(step, integer) };
    });
    // Every operand is checked first: a null anywhere makes the whole chain null.
    if (nullOperand) return constant(node, 'null', null, false);
    return {
      type: 'number',
      integer,
      node,
      evaluate: (row) => {
        const a = first.evaluate(row);
        if (a === null) return null;
        let value = asNumber(a as number | boolean);
        for (const fold of folds) {
          const b = fold.right.evaluate(row);
          if (b === null) return null;
          value = fold.apply(value, asNumber(b as number | boolean));
        }
        return value;
      },
    };
  }

  /** One step of an arithmetic chain; `integer`: both its operands are whole by type, so division truncates. */
  private operation(step: BinaryNode, integer: boolean): (a: number, b: number) => number {
    const op = step.op;
    if (op === '+') return (a, b) => a + b;
    if (op === '-') return (a, b) => a - b;
    if (op === '*') return (a, b) => a * b;
    return (a, b) => {
      if (b === 0) throw expressionErrors.divisionByZero(this.text, this.text.slice(step.start, step.end));
      if (op === '%') return a % b;
      return integer ? Math.trunc(a / b) + 0 : a / b;
    };
  }

  /** An operand where a number is needed: numbers, booleans (1/0), null, or a string literal that reads as a number. */
  private numeric(typed: Typed, operator: string): Typed {
    if (typed.type === 'number' || typed.type === 'boolean' || typed.type === 'null') return typed;
    const coerced = numericConstant(typed);
    if (coerced) return coerced;
    throw expressionErrors.notANumber(this.text, operator, this.describe(typed), typed.node.start + 1);
  }

  // ---- conditions ----

  private binary(node: BinaryNode): Typed {
    switch (node.op) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return this.arithmetic(node);
      case 'and':
      case 'or':
      case 'xor':
        return this.logical(node);
      default:
        return this.comparison(node);
    }
  }

  /**
   * `a and b and c ...` (or `or`, or `xor`): a chain of one operator, compiled as the list of its
   * operands and evaluated with a loop, for the reason given at arithmetic().
   */
  private logical(node: BinaryNode): Typed {
    const op = node.op;
    const { head, steps } = chainOf(node, new Set([op]));
    const operands = [head, ...steps.map((step) => step.right)].map((operand) => this.condition(this.compile(operand)));
    if (op === 'and' || op === 'or') {
      // Left to right, stopping at the first operand that decides (so `b != 0 and a / b > 1` never
      // divides by zero); otherwise unknown if any operand was.
      const decides = op === 'or';
      return condition(node, (row) => {
        let unknown = false;
        for (const operand of operands) {
          const value = operand(row);
          if (value === decides) return decides;
          if (value === null) unknown = true;
        }
        return unknown ? null : !decides;
      });
    }
    // xor: unknown as soon as an operand is.
    return condition(node, (row) => {
      let result = false;
      for (const operand of operands) {
        const value = operand(row);
        if (value === null) return null;
        result = result !== value;
      }
      return result;
    });
  }

  /** An operand used as a condition: booleans, numbers (non-zero is true) and null. */
  private condition(typed: Typed): Condition {
    if (typed.type === 'string' || typed.type === 'bytes') {
      throw expressionErrors.notACondition(this.text, this.describe(typed), typed.node.start + 1);
    }
    const evaluate = typed.evaluate;
    if (typed.type === 'boolean') return evaluate as Condition;
    return (row) => {
      const value = evaluate(row);
      return value === null ? null : asNumber(value as number | boolean) !== 0;
    };
  }

  private comparison(node: BinaryNode): Typed {
    const pair = this.pair(this.compile(node.left), this.compile(node.right), node.op, node.start + 1);
    if (pair === null) return condition(node, () => null);
    const { domain, left, right } = pair;
    const test = COMPARISONS[node.op]!;
    return condition(node, (row) => {
      const a = left.evaluate(row);
      if (a === null) return null;
      const b = right.evaluate(row);
      if (b === null) return null;
      return test(compareValues(domain, a, b));
    });
  }

  private in(operandNode: ExprNode, listNodes: ExprNode[], negated: boolean, node: ExprNode): Typed {
    const operand = this.compile(operandNode);
    const items = listNodes.map((itemNode) => this.pair(operand, this.compile(itemNode), 'in', itemNode.start + 1));
    return condition(node, (row) => {
      const raw = operand.evaluate(row);
      if (raw === null) return null;
      let unknown = false;
      for (const item of items) {
        const value = item === null ? null : item.right.evaluate(row);
        if (item === null || value === null) {
          unknown = true;
          continue;
        }
        const left = item.left === operand ? raw : item.left.evaluate(row);
        if (compareValues(item.domain, left, value) === 0) return !negated;
      }
      return unknown ? null : negated;
    });
  }

  private between(operandNode: ExprNode, lowNode: ExprNode, highNode: ExprNode, negated: boolean, node: ExprNode): Typed {
    const operand = this.compile(operandNode);
    const low = this.pair(operand, this.compile(lowNode), 'between', lowNode.start + 1);
    const high = this.pair(operand, this.compile(highNode), 'between', highNode.start + 1);
    const bound = (pair: Pair | null, raw: Value, row: Row, accept: (order: number) => boolean): boolean | null => {
      if (pair === null) return null;
      const value = pair.right.evaluate(row);
      if (value === null) return null;
      const left = pair.left === operand ? raw : pair.left.evaluate(row);
      return accept(compareValues(pair.domain, left, value));
    };
    return condition(node, (row) => {
      const raw = operand.evaluate(row);
      if (raw === null) return null;
      const aboveLow = bound(low, raw, row, (order) => order >= 0);
      const belowHigh = aboveLow === false ? false : bound(high, raw, row, (order) => order <= 0);
      const inside = aboveLow === false || belowHigh === false ? false : aboveLow === null || belowHigh === null ? null : true;
      return inside === null ? null : inside !== negated;
    });
  }

  private like(operandNode: ExprNode, patternNode: ExprNode, negated: boolean, node: ExprNode): Typed {
    const operand = this.stringOperand(this.compile(operandNode));
    const pattern = this.stringOperand(this.compile(patternNode));
    if (operand.type === 'null' || pattern.type === 'null') return condition(node, () => null);
    const fixed = typeof pattern.constant === 'string' ? likeMatcher(pattern.constant) : undefined;
    const patterns = new Map<string, (value: string) => boolean>();
    return condition(node, (row) => {
      const value = operand.evaluate(row);
      if (value === null) return null;
      let matches = fixed;
      if (matches === undefined) {
        const text = pattern.evaluate(row);
        if (text === null) return null;
        matches = patterns.get(text as string);
        if (matches === undefined) {
          if (patterns.size >= PATTERN_CACHE_SIZE) patterns.clear();
          matches = likeMatcher(text as string);
          patterns.set(text as string, matches);
        }
      }
      return matches(value as string) !== negated;
    });
  }

  /** An operand of `like`: a string or null. */
  private stringOperand(typed: Typed): Typed {
    if (typed.type === 'string' || typed.type === 'null') return typed;
    throw expressionErrors.notAString(this.text, this.describe(typed), typed.node.start + 1);
  }

  /**
   * Unifies two operands for a comparison; null when either is the null literal (the comparison
   * is then unknown for every row). A string literal that reads as a number compares as a number
   * against a number; a float column compares with constants rounded to float precision.
   */
  private pair(left: Typed, right: Typed, operator: string, position: number): Pair | null {
    if (left.type === 'null' || right.type === 'null') return null;
    const mismatch = () =>
      expressionErrors.typeMismatch(this.text, operator, this.describe(left), this.describe(right), position);
    if (left.type === 'bytes' || right.type === 'bytes') {
      if (left.type === right.type) return { domain: 'bytes', left, right };
      throw mismatch();
    }
    if (left.type === 'string' && right.type === 'string') return { domain: 'string', left, right };
    let a = left;
    let b = right;
    if (a.type === 'string') a = (right.type === 'boolean' ? booleanConstant(a) : undefined) ?? numericConstant(a) ?? a;
    if (b.type === 'string') b = (left.type === 'boolean' ? booleanConstant(b) : undefined) ?? numericConstant(b) ?? b;
    if (a.type === 'string' || b.type === 'string') throw mismatch();
    if (a.column?.base === 'float' && typeof b.constant === 'number') b = constant(b.node, 'number', Math.fround(b.constant), false);
    if (b.column?.base === 'float' && typeof a.constant === 'number') a = constant(a.node, 'number', Math.fround(a.constant), false);
    return { domain: 'number', left: a, right: b };
  }

  // ---- values for /update/records ----

  private forTarget(typed: Typed, target: ExprColumn): Typed {
    const mismatch = () => expressionErrors.valueType(this.text, target.name, target.base, this.describe(typed));
    if (typed.type === 'null') {
      if (!target.nullable) throw expressionErrors.nullNotAllowed(this.text, target.name);
      return typed;
    }
    switch (target.base) {
      case 'string':
        if (typed.type !== 'string') throw mismatch();
        return typed;
      case 'bytes':
        if (typed.type !== 'bytes') throw mismatch();
        return typed;
      case 'boolean':
        if (typed.type === 'number' || typed.type === 'boolean') return typed;
        if (typed.type === 'string') {
          const coerced = booleanConstant(typed) ?? numericConstant(typed);
          if (coerced) return coerced;
        }
        throw mismatch();
      default:
        if (typed.type === 'number' || typed.type === 'boolean') return typed;
        if (typed.type === 'string') {
          const coerced = numericConstant(typed);
          if (coerced) return coerced;
        }
        throw mismatch();
    }
  }

  /** Checks an evaluated value against the target column and gives what to store. */
  private storer(target: ExprColumn): (value: Value) => unknown {
    const { name, base, nullable } = target;
    const text = this.text;
    return (value) => {
      if (value === null) {
        if (!nullable) throw expressionErrors.nullNotAllowed(text, name);
        return null;
      }
      if (base === 'string' || base === 'bytes') return value;
      const number = asNumber(value as number | boolean);
      switch (base) {
        case 'boolean':
          return number !== 0 ? 1 : 0;
        case 'int':
          if (!Number.isInteger(number)) throw expressionErrors.valueNotWhole(text, name, base, String(number));
          if (number < INT_MIN || number > INT_MAX) {
            throw expressionErrors.valueOutOfRange(text, name, base, String(number), `${INT_MIN} to ${INT_MAX}`);
          }
          return number;
        case 'long':
          if (!Number.isInteger(number)) throw expressionErrors.valueNotWhole(text, name, base, String(number));
          if (!Number.isSafeInteger(number)) {
            throw expressionErrors.valueOutOfRange(
              text,
              name,
              base,
              String(number),
              `${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}, the range kinetica-mock keeps exactly`,
            );
          }
          return number;
        case 'float': {
          if (!Number.isFinite(number) || Math.abs(number) > FLOAT_MAX) {
            throw expressionErrors.valueOutOfRange(text, name, base, String(number), `-${FLOAT_MAX} to ${FLOAT_MAX}`);
          }
          return Math.fround(number);
        }
        default:
          if (!Number.isFinite(number)) {
            throw expressionErrors.valueOutOfRange(text, name, base, String(number), 'a finite double');
          }
          return number;
      }
    };
  }

  /** An operand in words, for messages. */
  private describe(typed: Typed): string {
    if (typed.column) return `${typed.column.base} column '${typed.column.name}'`;
    const node = typed.node;
    if (node.kind === 'string') return `string '${node.value}'`;
    if (node.kind === 'number') return `number ${node.text}`;
    if (node.kind === 'boolean') return `boolean ${node.value}`;
    if (node.kind === 'null') return 'null';
    const part = `'${this.text.slice(node.start, node.end)}'`;
    if (typed.type === 'boolean') return `condition ${part}`;
    return `${typed.type} expression ${part}`;
  }
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

/**
 * The left spine of a binary node: its operators in `ops`, from the innermost step out. The first
 * operand is `head`; each step adds its `right` operand with its `op`.
 */
function chainOf(node: BinaryNode, ops: ReadonlySet<string>): { head: ExprNode; steps: BinaryNode[] } {
  const steps: BinaryNode[] = [];
  let current: ExprNode = node;
  while (current.kind === 'binary' && ops.has(current.op)) {
    steps.push(current);
    current = current.left;
  }
  return { head: current, steps: steps.reverse() };
}

function constant(node: ExprNode, type: ValueType, value: Value, integer: boolean): Typed {
  return { type, integer, constant: value, node, evaluate: () => value };
}

function condition(node: ExprNode, evaluate: Condition): Typed {
  return { type: 'boolean', integer: false, node, evaluate };
}

/** A string literal that reads as a number, as that number; undefined otherwise. */
function numericConstant(typed: Typed): Typed | undefined {
  if (typeof typed.constant !== 'string' || !NUMERIC_TEXT.test(typed.constant)) return undefined;
  const value = Number(typed.constant);
  const integer = INTEGER_TEXT.test(typed.constant);
  if (!Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) return undefined;
  return constant(typed.node, 'number', value, integer);
}

/** A string literal 'true' or 'false' (any case), as a boolean; undefined otherwise. */
function booleanConstant(typed: Typed): Typed | undefined {
  if (typeof typed.constant !== 'string') return undefined;
  const word = typed.constant.trim().toLowerCase();
  if (word !== 'true' && word !== 'false') return undefined;
  return constant(typed.node, 'boolean', word === 'true', false);
}

/** Reads a column's value from a decoded record into the evaluator's value types. */
function readerFor(base: ExprColumn['base']): (raw: unknown) => Value {
  switch (base) {
    case 'string':
      return (raw) => (raw === null || raw === undefined ? null : typeof raw === 'string' ? raw : String(raw));
    case 'bytes':
      return (raw) =>
        raw === null || raw === undefined
          ? null
          : Buffer.isBuffer(raw)
            ? raw
            : raw instanceof Uint8Array
              ? Buffer.from(raw)
              : Buffer.from(String(raw));
    case 'boolean':
      // Kinetica keeps booleans as ints 0/1; a decoded record may hold either form.
      return (raw) =>
        raw === null || raw === undefined ? null : typeof raw === 'boolean' ? raw : Number(raw) !== 0;
    default:
      return (raw) =>
        raw === null || raw === undefined
          ? null
          : typeof raw === 'number'
            ? raw
            : typeof raw === 'boolean'
              ? asNumber(raw)
              : Number(raw);
  }
}
