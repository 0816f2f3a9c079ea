/**
 * Reads expression text into a syntax tree with the parser generated from the Peggy grammar in
 * grammar.peggy (src/generated/expr-parser.cjs, see src/lazy-parser.ts). It holds no state between parses.
 */
import { lazyParser } from '../lazy-parser.js';
import { expressionErrors } from '../errors/expression.js';
import { walkNodes, type ExprNode } from './ast.js';
import { isStackOverflow, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, nestingOverflow } from './bounds.js';

const expressionParser = lazyParser(new URL('../generated/expr-parser.cjs', import.meta.url));

interface PeggyExpectation {
  type: string;
  text?: string;
  description?: string;
}

interface PeggySyntaxError {
  location: { start: { offset: number } };
  expected: PeggyExpectation[] | null;
}

function isPeggySyntaxError(error: unknown): error is PeggySyntaxError & Error {
  return error instanceof Error && error.name === 'SyntaxError' && 'location' in error && 'expected' in error;
}

const MAX_EXPECTED = 6;

/** What the parser wanted, in words, when the list is short enough to help. */
function describeExpected(expected: PeggyExpectation[] | null): string[] {
  const words = new Set<string>();
  for (const item of expected ?? []) {
    if (item.type === 'literal' && item.text !== undefined) words.add(`'${item.text}'`);
    else if (item.type === 'other' && item.description !== undefined && item.description !== 'whitespace') words.add(item.description);
    else if (item.type === 'end') words.add('end of expression');
  }
  return words.size > 0 && words.size <= MAX_EXPECTED ? [...words] : [];
}

/** The token at an offset, for "unexpected ...": a word, or one character. */
function tokenAt(text: string, offset: number): string {
  if (offset >= text.length) return 'end of expression';
  const word = /^[A-Za-z0-9_#]+/.exec(text.slice(offset));
  return `'${word ? word[0] : text[offset]}'`;
}

/** The first construct outside the subset, by position, or undefined. */
function firstRejected(node: ExprNode): ExprNode | undefined {
  let first: ExprNode | undefined;
  walkNodes(node, (current) => {
    if (current.kind === 'unsupported' || current.kind === 'invalid') {
      if (first === undefined || rejectedAt(current) < rejectedAt(first)) first = current;
    }
  });
  return first;
}

function rejectedAt(node: ExprNode): number {
  return node.kind === 'unsupported' || node.kind === 'invalid' ? node.at : node.start;
}

/**
 * Refuses, before any parsing, an expression longer than MAX_EXPRESSION_LENGTH or nested deeper
 * than MAX_NESTING_DEPTH; `field` is the request field it came from, for the message. With `sql`,
 * the text is in the query engine's dialect (an aggregate entry, having, order_by): its comments
 * do not count.
 */
export function checkExpressionBounds(text: string, field: string, sql = false): void {
  if (text.length > MAX_EXPRESSION_LENGTH) throw expressionErrors.tooLong(field, text.length, MAX_EXPRESSION_LENGTH);
  const overflow = nestingOverflow(text, sql);
  if (overflow !== undefined) throw expressionErrors.tooDeep(field, MAX_NESTING_DEPTH, overflow + 1);
}

/**
 * Parses an expression; null for blank text. Throws a KineticaError for text beyond the bounds,
 * for text that does not parse and for constructs outside the subset, naming the first one and its
 * position. `field` names the request field in the bounds' errors.
 */
export function parseExpression(text: string, field = 'expression'): ExprNode | null {
  checkExpressionBounds(text, field);
  let tree: ExprNode | null;
  try {
    tree = expressionParser().parse(text) as ExprNode | null;
  } catch (error) {
    // The depth check keeps the parser well inside the stack; should it still run out, the
    // request gets the same answer as text past the bound, not an internal error.
    if (isStackOverflow(error)) throw expressionErrors.tooDeep(field, MAX_NESTING_DEPTH, 1);
    if (!isPeggySyntaxError(error)) throw error;
    const offset = error.location.start.offset;
    throw expressionErrors.syntax(text, offset + 1, tokenAt(text, offset), describeExpected(error.expected));
  }
  if (tree === null) return null;
  const rejected = firstRejected(tree);
  if (rejected?.kind === 'unsupported') throw expressionErrors.unsupported(text, rejected.construct, rejected.at + 1);
  if (rejected?.kind === 'invalid') {
    throw rejected.problem === 'unterminatedString'
      ? expressionErrors.unterminatedString(text, rejected.at + 1)
      : expressionErrors.unterminatedIdentifier(text, rejected.at + 1);
  }
  return tree;
}
