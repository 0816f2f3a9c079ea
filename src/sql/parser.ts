/**
 * Reads /execute/sql statement text into statements (src/sql/ast.ts), with the Peggy grammar in
 * grammar.peggy built together with the expression grammar of src/expr/grammar.peggy.
 *
 * Two passes. The first (start rule `Lexemes`) finds comments and `$n` parameters outside quoted
 * text: comments are replaced by blanks (line breaks kept, so line and column numbers stay
 * right), their KI_HINT_... words are kept as hints, and parameters are replaced by the literal of
 * their value. The second (start rule `Script`) reads the statements. The parser is generated from
 * both grammars (src/generated/sql-parser.cjs, see src/lazy-parser.ts); it holds no state between parses.
 */
import { lazyParser } from '../lazy-parser.js';
import { sqlErrors, type SqlPosition } from '../errors/sql.js';
import { isStackOverflow, MAX_NESTING_DEPTH, MAX_SQL_LENGTH, nestingOverflow } from '../expr/bounds.js';
import type { ParameterValue } from './parameters.js';
import type { Statement } from './ast.js';

const sqlParser = lazyParser(new URL('../generated/sql-parser.cjs', import.meta.url));

export interface Lexeme {
  type: 'comment' | 'openComment' | 'parameter';
  start: number;
  end: number;
  body?: string;
  /** `$n`: n; `?`: null, the next one. */
  index?: number | null;
}

/** A KI_HINT_... word from a comment, at its offset in the prepared text. */
export interface Hint {
  name: string;
  offset: number;
}

export interface PreparedText {
  /** The text the statements are read from: comments blanked, parameters bound. */
  text: string;
  hints: Hint[];
}

/**
 * Refuses, before any parsing, statement text longer than MAX_SQL_LENGTH or nested deeper than
 * MAX_NESTING_DEPTH (src/expr/bounds.ts): the one check every /execute/sql text goes through, in
 * lexText.
 */
export function checkStatementBounds(raw: string): void {
  if (raw.length > MAX_SQL_LENGTH) throw sqlErrors.statementTooLong(raw.length, MAX_SQL_LENGTH);
  const overflow = nestingOverflow(raw, true);
  if (overflow !== undefined) {
    const { line, column } = positionOf(raw, overflow);
    throw sqlErrors.statementTooDeep(MAX_NESTING_DEPTH, line, column);
  }
}

/**
 * Runs a parse, turning the stack running out into the depth bound's error. The bound keeps the
 * parser far from the stack's end; this is the last resort, so that no text gets an internal error.
 */
export function withinStack<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isStackOverflow(error)) throw sqlErrors.statementTooDeep(MAX_NESTING_DEPTH, 1, 1);
    throw error;
  }
}

/** The comments and parameters of a text (the first pass), to prepare it with one parameter set or several. */
export function lexText(raw: string): Lexeme[] {
  checkStatementBounds(raw);
  const lexemes = withinStack(() => sqlParser().parse(raw, { startRule: 'Lexemes' }) as (Lexeme | null)[]);
  return lexemes.filter((lexeme): lexeme is Lexeme => lexeme !== null);
}

/** Line and column (from 1) of an offset. */
export function positionOf(text: string, offset: number): SqlPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const HINT = /\bKI_HINT_[A-Z0-9_]+\b/gi;

/**
 * The first pass: blanks comments (keeping their hints) and replaces each `$n` by the literal of
 * parameter n, and each `?` by the next parameter (the JDBC style, which the Python DB-API's
 * executemany sends as written); a parameter without a value is an error.
 */
export function prepareText(raw: string, parameters: readonly ParameterValue[] | undefined, lexemes = lexText(raw)): PreparedText {
  let text = '';
  let from = 0;
  const hints: Hint[] = [];
  let nextPositional = 1;
  for (const lexeme of lexemes) {
    text += raw.slice(from, lexeme.start);
    from = lexeme.end;
    const original = raw.slice(lexeme.start, lexeme.end);
    switch (lexeme.type) {
      case 'openComment': {
        const { line, column } = positionOf(raw, lexeme.start);
        throw sqlErrors.unterminatedComment(line, column);
      }
      case 'comment':
        for (const match of (lexeme.body ?? '').matchAll(HINT)) hints.push({ name: match[0].toUpperCase(), offset: text.length });
        text += original.replace(/[^\n]/g, ' ');
        break;
      case 'parameter': {
        const index = lexeme.index ?? nextPositional++;
        const given = parameters?.length ?? 0;
        if (index < 1 || index > given) throw sqlErrors.missingParameter(index, given);
        text += literalOf(parameters![index - 1]!);
        break;
      }
    }
  }
  text += raw.slice(from);
  // Bound values are read back as literals, so the bound applies to the text they make too.
  if (text.length > MAX_SQL_LENGTH) throw sqlErrors.boundStatementTooLong(text.length, MAX_SQL_LENGTH);
  return { text, hints };
}

/** The SQL literal of a bound parameter. */
function literalOf(value: ParameterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

interface PeggyExpectation {
  type: string;
  text?: string;
  description?: string;
}

interface PeggySyntaxError extends Error {
  location: { start: { offset: number; line: number; column: number } };
  expected: PeggyExpectation[] | null;
}

function isPeggySyntaxError(error: unknown): error is PeggySyntaxError {
  return error instanceof Error && error.name === 'SyntaxError' && 'location' in error && 'expected' in error;
}

const MAX_EXPECTED = 24;

/** What the parser wanted, when the list is short enough to help. */
function describeExpected(expected: PeggyExpectation[] | null): string[] {
  const words = new Set<string>();
  for (const item of expected ?? []) {
    if (item.type === 'literal' && item.text !== undefined) words.add(`"${item.text}"`);
    else if (item.type === 'other' && item.description !== undefined && item.description !== 'whitespace') {
      words.add(/^[A-Z_ ]+$/.test(item.description) ? `"${item.description}"` : item.description);
    } else if (item.type === 'end') words.add('<EOF>');
  }
  return words.size > 0 && words.size <= MAX_EXPECTED ? [...words].sort() : [];
}

/** The token at an offset, as Calcite shows it: a word, a quoted literal, one character, or <EOF>. */
function tokenAt(text: string, offset: number): string {
  const rest = text.slice(offset);
  if (rest.trim() === '') return '<EOF>';
  const word = /^[A-Za-z0-9_#]+/.exec(rest);
  if (word) return word[0].toUpperCase();
  const quoted = /^'(?:[^']|'')*'|^"(?:[^"]|"")*"/.exec(rest);
  return quoted ? quoted[0] : rest[0]!;
}

/** Reads prepared text into statements; throws a SqlEngine syntax error naming the token and position. */
export function parseScript(prepared: PreparedText): Statement[] {
  try {
    return withinStack(() => sqlParser().parse(prepared.text, { startRule: 'Script' }) as Statement[]);
  } catch (error) {
    if (!isPeggySyntaxError(error)) throw error;
    const { offset, line, column } = error.location.start;
    const found = tokenAt(prepared.text, offset);
    if (found === "'") throw sqlErrors.unterminatedString(line, column);
    if (found === '"') throw sqlErrors.unterminatedIdentifier(line, column);
    throw sqlErrors.syntax(found, line, column, describeExpected(error.expected));
  }
}
