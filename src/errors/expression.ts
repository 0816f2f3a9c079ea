import { KineticaError } from './kinetica-error.js';

/**
 * Errors of filter and value expressions (/get/records `expression`, /delete/records and
 * /update/records `expressions`, `new_values_maps`). Kinetica's own texts for these are not
 * known, so each says what is wrong, where (position N = the N-th character, counting from 1),
 * and what to write instead. docs/expressions.md describes the subset.
 */

const SUPPORTED =
  "Supported: numbers, 'strings', true, false, null, column names (bare or \"double-quoted\"), " +
  '= == != <> < <= > >=, and, or, xor, not (or !), is [not] null, [not] in (...), ' +
  "[not] between ... and ..., [not] like '...' (% and _), + - * / %, unary minus, parentheses";

const MAX_QUOTED = 200;

/** The expression as quoted in a message: shortened when long, so the message stays readable. */
function quoted(expression: string): string {
  const text = expression.trim();
  return `'${text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}...` : text}'`;
}

/** Advice for a construct, by how its description starts. */
const UNSUPPORTED_HINTS: ReadonlyArray<readonly [string, string]> = [
  ["operator '&&'", "; write 'and'"],
  ["operator '||'", "; write 'or' for a logical or (Kinetica reads '||' as string concatenation)"],
  ['qualified column name', '; name the column alone, the expression applies to one table'],
];

function hintFor(construct: string): string {
  return UNSUPPORTED_HINTS.find(([start]) => construct.startsWith(start))?.[1] ?? '';
}

const VALUE_FIXES: Readonly<Record<string, string>> = {
  int: 'give a number or a numeric expression',
  long: 'give a number or a numeric expression',
  float: 'give a number or a numeric expression',
  double: 'give a number or a numeric expression',
  boolean: 'give true, false, 1, 0 or a condition',
  string: "quote string constants ('text')",
  bytes: 'give another bytes column or null',
};

const NESTING_LEVELS = 'each open parenthesis, and each not, !, ~, - or + before its operand, is a level';

export const expressionErrors = {
  /** Checked before parsing (src/expr/bounds.ts). */
  tooLong: (field: string, length: number, max: number) =>
    new KineticaError(
      `Value of '${field}' is too long for an expression: ${length} characters, over the limit of ${max}; ` +
        'shorten it (a long run of x = 1 or x = 2 ... reads shorter as x in (1, 2, ...)), or split the work over several requests',
    ),
  tooDeep: (field: string, max: number, position: number) =>
    new KineticaError(
      `Value of '${field}' nests too deeply for an expression: more than ${max} levels at position ${position} ` +
        `(${NESTING_LEVELS}); remove redundant parentheses and repeated negations`,
    ),
  syntax: (expression: string, position: number, found: string, expected: string[]) =>
    new KineticaError(
      `Syntax error in expression ${quoted(expression)} at position ${position}: unexpected ${found}` +
        (expected.length > 0 ? ` (expected ${expected.join(', ')})` : '') +
        `. ${SUPPORTED}`,
    ),
  unsupported: (expression: string, construct: string, position: number) =>
    new KineticaError(
      `Unsupported ${construct} at position ${position} in expression ${quoted(expression)}: ` +
        `kinetica-mock does not evaluate it${hintFor(construct)}. ${SUPPORTED}`,
    ),
  unterminatedString: (expression: string, position: number) =>
    new KineticaError(
      `Unterminated string in expression ${quoted(expression)}: the quote at position ${position} is never closed; ` +
        `end the string with ' and write '' for a quote inside it`,
    ),
  unterminatedIdentifier: (expression: string, position: number) =>
    new KineticaError(
      `Unterminated column name in expression ${quoted(expression)}: the double quote at position ${position} is never closed; ` +
        `end the name with "`,
    ),
  unknownColumn: (expression: string, column: string, columns: readonly string[], wasQuoted: boolean) =>
    new KineticaError(
      `Unknown column '${column}' in expression ${quoted(expression)}: the table's columns are ` +
        (columns.length > 0 ? columns.join(', ') : '(none)') +
        (wasQuoted ? '; double quotes name a column, write a string constant in single quotes' : ''),
    ),
  ambiguousColumn: (expression: string, column: string, candidates: readonly string[]) =>
    new KineticaError(
      `Column name '${column}' in expression ${quoted(expression)} matches several columns that differ only in case ` +
        `(${candidates.map((name) => `'${name}'`).join(', ')}); write the name with its exact case`,
    ),
  typeMismatch: (expression: string, operator: string, left: string, right: string, position: number) =>
    new KineticaError(
      `Type mismatch at position ${position} in expression ${quoted(expression)}: '${operator}' cannot compare ` +
        `${left} with ${right}; compare values of one type (numbers unquoted, strings in single quotes)`,
    ),
  notANumber: (expression: string, operator: string, operand: string, position: number) =>
    new KineticaError(
      `Type mismatch at position ${position} in expression ${quoted(expression)}: '${operator}' needs a number, ` +
        `got ${operand}`,
    ),
  notAString: (expression: string, operand: string, position: number) =>
    new KineticaError(
      `Type mismatch at position ${position} in expression ${quoted(expression)}: 'like' needs a string, got ${operand}; ` +
        `apply it to a string column and a quoted pattern`,
    ),
  notACondition: (expression: string, operand: string, position: number) =>
    new KineticaError(
      `Expression ${quoted(expression)} uses ${operand} as a condition at position ${position}: a condition is a ` +
        `comparison, a boolean or a number (non-zero is true); compare the value, e.g. name = 'x'`,
    ),
  numberOutOfRange: (expression: string, literal: string, position: number) =>
    new KineticaError(
      `Number ${literal} at position ${position} in expression ${quoted(expression)} is outside the range ` +
        `kinetica-mock evaluates exactly: integers from -9007199254740991 to 9007199254740991, finite decimals`,
    ),
  divisionByZero: (expression: string, part: string) =>
    new KineticaError(
      `Division by zero in '${part}' while evaluating expression ${quoted(expression)}; guard the divisor, ` +
        `e.g. 'b != 0 and a / b > 1' (and/or stop at the first operand that decides)`,
    ),
  emptyValue: (column: string) =>
    new KineticaError(`Value expression for column '${column}' is empty; give a constant or an expression`),
  valueType: (expression: string, column: string, base: string, got: string) =>
    new KineticaError(
      `Value of expression ${quoted(expression)} for ${base} column '${column}' is ${got}; ` +
        (VALUE_FIXES[base] ?? 'give a value of its type'),
    ),
  valueOutOfRange: (expression: string, column: string, base: string, value: string, range: string) =>
    new KineticaError(
      `Value ${value} of expression ${quoted(expression)} is out of range for ${base} column '${column}' (${range})`,
    ),
  valueNotWhole: (expression: string, column: string, base: string, value: string) =>
    new KineticaError(
      `Value ${value} of expression ${quoted(expression)} is not a whole number, as ${base} column '${column}' needs; ` +
        `keep the arithmetic on whole numbers (division of whole numbers truncates)`,
    ),
  nullNotAllowed: (expression: string, column: string) =>
    new KineticaError(
      `Value of expression ${quoted(expression)} is null, but column '${column}' is not nullable; give a value`,
    ),
} as const;
