/**
 * Kinetica filter and value expressions, the subset described in docs/expressions.md: the
 * `expression` option of /get/records, `expressions` of /delete/records and /update/records, and
 * `new_values_maps` of /update/records. Every error is a KineticaError from
 * src/errors/expression.ts.
 */
import { expressionErrors } from '../errors/expression.js';
import { childrenOf, type ExprNode } from './ast.js';
import { ExpressionCompiler, type DoubleQuotes } from './compile.js';

export type { DoubleQuotes };
import { parseExpression } from './parser.js';

export interface ExprColumn {
  name: string;
  base: 'int' | 'long' | 'float' | 'double' | 'string' | 'bytes' | 'boolean';
  nullable: boolean;
}

/** A decoded Avro record: numbers, strings, Buffers, null. */
export type Row = Record<string, unknown>;

/** Compiles a filter; the returned predicate is true when the row matches. Empty/blank text matches every row. */
export function compileFilter(text: string, columns: ExprColumn[], doubleQuotes?: DoubleQuotes): (row: Row) => boolean {
  const tree = parseExpression(text);
  if (tree === null) return () => true;
  return new ExpressionCompiler(text, columns, doubleQuotes).filter(tree);
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
): (row: Row) => unknown {
  const tree = parseExpression(text);
  if (tree === null) throw expressionErrors.emptyValue(target.name);
  return new ExpressionCompiler(text, columns, doubleQuotes).value(tree, target);
}

/**
 * Names of the columns an expression references, as written (without quotes), each once, in order
 * of first use. Given the table's column names, a double-quoted text that names none of them is a
 * string constant (as compileFilter reads it), not a reference. Throws the same errors as
 * compileFilter for text that does not parse.
 */
export function referencedColumns(text: string, tableColumns?: readonly string[]): string[] {
  const tree = parseExpression(text);
  const names = new Set<string>();
  const known = tableColumns && new Set(tableColumns.map((name) => name.toLowerCase()));
  const visit = (node: ExprNode): void => {
    if (node.kind === 'column' && !(node.quoted && known && !known.has(node.name.toLowerCase()))) names.add(node.name);
    childrenOf(node).forEach(visit);
  };
  if (tree !== null) visit(tree);
  return [...names];
}
