/**
 * Kinetica filter and value expressions, the subset described in docs/expressions.md: the
 * `expression` option of /get/records, `expressions` of /delete/records and /update/records, and
 * `new_values_maps` of /update/records. Every error is a KineticaError from
 * src/errors/expression.ts. Text is checked against the bounds of src/expr/bounds.ts before it is
 * parsed; `field` (the request field the text came from) names it in those errors.
 */
import { expressionErrors } from '../errors/expression.js';
import { walkNodes } from './ast.js';
import { isStackOverflow, MAX_NESTING_DEPTH } from './bounds.js';
import { ExpressionCompiler, type DoubleQuotes } from './compile.js';

export type { DoubleQuotes };
import { parseExpression } from './parser.js';

export { checkExpressionBounds } from './parser.js';

export interface ExprColumn {
  name: string;
  base: 'int' | 'long' | 'float' | 'double' | 'string' | 'bytes' | 'boolean';
  nullable: boolean;
}

/** A decoded Avro record: numbers, strings, Buffers, null. */
export type Row = Record<string, unknown>;

/**
 * Compiling recurses once per nesting level, which the bounds keep far from the stack's end;
 * should it still run out, the answer is the bound's error, not an internal one.
 */
function compiling<T>(field: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (isStackOverflow(error)) throw expressionErrors.tooDeep(field, MAX_NESTING_DEPTH, 1);
    throw error;
  }
}

/** Compiles a filter; the returned predicate is true when the row matches. Empty/blank text matches every row. */
export function compileFilter(
  text: string,
  columns: ExprColumn[],
  doubleQuotes?: DoubleQuotes,
  field = 'expression',
): (row: Row) => boolean {
  const tree = parseExpression(text, field);
  if (tree === null) return () => true;
  return compiling(field, () => new ExpressionCompiler(text, columns, doubleQuotes).filter(tree));
}

/**
 * Compiles a value expression (literal, column, arithmetic) for /update/records new values; returns
 * the value to store for the column's base type: a number for int, long, float (rounded to float
 * precision) and double, 1 or 0 for boolean, a string, a Buffer, or null.
 */
export function compileValue(
  text: string,
  columns: ExprColumn[],
  target: ExprColumn,
  doubleQuotes?: DoubleQuotes,
  field = 'expression',
): (row: Row) => unknown {
  const tree = parseExpression(text, field);
  if (tree === null) throw expressionErrors.emptyValue(target.name);
  return compiling(field, () => new ExpressionCompiler(text, columns, doubleQuotes).value(tree, target));
}

/**
 * Names of the columns an expression references, as written (without quotes), each once, in order
 * of first use. Given the table's column names, a double-quoted text that names none of them is a
 * string constant (as compileFilter reads it), not a reference. Throws the same errors as
 * compileFilter for text that does not parse.
 */
export function referencedColumns(text: string, tableColumns?: readonly string[], field = 'expression'): string[] {
  const tree = parseExpression(text, field);
  const names = new Set<string>();
  const known = tableColumns && new Set(tableColumns.map((name) => name.toLowerCase()));
  if (tree !== null) {
    walkNodes(tree, (node) => {
      if (node.kind === 'column' && !(node.quoted && known && !known.has(node.name.toLowerCase()))) names.add(node.name);
    });
  }
  return [...names];
}
