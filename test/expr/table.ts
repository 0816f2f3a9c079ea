// A small table shared by the expression tests.
import { compileFilter, type ExprColumn, type Row } from '../../src/expr/index.js';

export const columns: ExprColumn[] = [
  { name: 'id', base: 'int', nullable: false },
  { name: 'big', base: 'long', nullable: true },
  { name: 'score', base: 'double', nullable: true },
  { name: 'ratio', base: 'float', nullable: true },
  { name: 'name', base: 'string', nullable: true },
  { name: 'active', base: 'boolean', nullable: true },
  { name: 'payload', base: 'bytes', nullable: true },
  { name: 'first name', base: 'string', nullable: true },
];

export const rows: Row[] = [
  { id: 1, big: 10, score: 1.5, ratio: Math.fround(0.1), name: 'alpha', active: 1, payload: Buffer.from('a'), 'first name': 'Ann' },
  { id: 2, big: null, score: null, ratio: null, name: null, active: 0, payload: null, 'first name': null },
  { id: 3, big: -7, score: 10, ratio: 2, name: "o'hara", active: null, payload: null, 'first name': 'Bob' },
  { id: 4, big: 9007199254740991, score: -2.25, ratio: 0.5, name: 'Beta_1%', active: 1, payload: Buffer.from('b'), 'first name': '' },
];

/** The ids of the rows the filter matches. */
export function matching(expression: string, table: Row[] = rows): number[] {
  const predicate = compileFilter(expression, columns);
  return table.filter(predicate).map((row) => row.id as number);
}

/** Whether a filter over constants holds (evaluated against an empty row). */
export function holds(expression: string): boolean {
  return compileFilter(expression, columns)({});
}

/** The error a call throws (fails the test when it does not throw). */
export function errorOf(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}

export const SUPPORTED =
  "Supported: numbers, 'strings', true, false, null, column names (bare or \"double-quoted\"), " +
  '= == != <> < <= > >=, and, or, xor, not (or !), is [not] null, [not] in (...), ' +
  "[not] between ... and ..., [not] like '...' (% and _), + - * / %, unary minus, parentheses";
