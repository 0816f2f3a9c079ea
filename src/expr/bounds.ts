/**
 * The bounds on expression and SQL text, checked before Peggy reads it. Peggy's parsers are
 * recursive descent: every parenthesis level, and every prefix operator (`not`, `!`, `~`, unary
 * `-` and `+`) waiting for its operand, is a run of nested JavaScript calls, so deep enough text
 * runs Node's stack out (measured with the default stack: about 770 levels of parentheses, fewer
 * when each level also carries a sign). Parsing time grows with the text's length, so a text the
 * size of the body limit (64 MB) would hold the event loop for tens of seconds.
 *
 * Both are checked here, in time proportional to the text: the length first, then the nesting
 * depth by one pass that skips quoted text (and, for SQL, comments).
 */

/**
 * Longest expression text, in characters (UTF-16 code units, JavaScript's string length). Peggy
 * spends some microseconds per token (more on a busy machine), so the bound is what keeps one
 * parse short: 64 KiB holds an `in` list of about ten thousand ids, far beyond a hand-written
 * filter, and the slowest shapes at that length (`a+a+...`, an `in` list of one-digit numbers)
 * parse and compile in about 0.3 s on a two-core machine (up to three times that when it is busy).
 */
export const MAX_EXPRESSION_LENGTH = 64 * 1024;

/**
 * Longest /execute/sql statement text, in characters: 256 KiB holds a multi-row INSERT of a few
 * thousand rows; the slowest shapes at that length (a chain of `+`, tens of thousands of `$n`) take
 * about 0.6 s on a two-core machine (up to three times that when it is busy). More rows go as
 * several requests or as query_parameters (one parameter set per row, each parsed on its own).
 */
export const MAX_SQL_LENGTH = 256 * 1024;

/**
 * Deepest nesting of parentheses and pending prefix operators, in expressions and in SQL: about
 * six times below where the parser runs out of stack, and far deeper than any real filter goes.
 */
export const MAX_NESTING_DEPTH = 128;

/** Words after which a `not` is a prefix (its operand comes next), and after which `-`/`+` are signs. */
const OPERATOR_WORDS = new Set(['and', 'or', 'xor', 'not', 'in', 'between', 'like', 'is']);

function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 35 || // #
    code === 46 // . (decimals and qualified names)
  );
}

/**
 * The offset at which the text first nests deeper than `max` levels, or undefined when it never
 * does. A level is an open parenthesis, or a prefix operator whose operand has not started yet:
 * `not not a` reaches 2, `-(-(1))` reaches 4. A `-` or `+` right after an operand is binary and
 * does not count. Quoted text is skipped; an unterminated quote ends the scan (the parser then
 * reports it). With `sql`, `--` and `/* ... *\/` comments are skipped too.
 */
export function nestingOverflow(text: string, sql: boolean, max = MAX_NESTING_DEPTH): number | undefined {
  const length = text.length;
  // Prefix operators still waiting for their operand, per open parenthesis (index 0: outside any).
  const pending: number[] = [0];
  let depth = 0;
  let afterOperand = false;
  const operand = (): void => {
    depth -= pending[pending.length - 1]!;
    pending[pending.length - 1] = 0;
    afterOperand = true;
  };
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      i++;
      continue;
    }
    if (code === 39 || code === 34) {
      // '...' or "...": a doubled quote stays inside.
      let j = i + 1;
      for (;;) {
        j = text.indexOf(text[i]!, j);
        if (j < 0) return undefined;
        if (text.charCodeAt(j + 1) === code) j += 2;
        else break;
      }
      i = j + 1;
      operand();
      continue;
    }
    if (sql && code === 45 && text.charCodeAt(i + 1) === 45) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? length : end + 1;
      continue;
    }
    if (sql && code === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
      continue;
    }
    if (isWordChar(code)) {
      let j = i + 1;
      while (j < length && isWordChar(text.charCodeAt(j))) j++;
      const word = j - i <= 7 ? text.slice(i, j).toLowerCase() : '';
      if (word === 'not' && !afterOperand) {
        pending[pending.length - 1]!++;
        if (++depth > max) return i;
      } else if (OPERATOR_WORDS.has(word)) {
        afterOperand = false;
      } else {
        operand();
      }
      i = j;
      continue;
    }
    switch (code) {
      case 40: // (
        pending.push(0);
        afterOperand = false;
        if (++depth > max) return i;
        break;
      case 41: // )
        if (pending.length > 1) {
          depth -= pending.pop()! + 1;
          operand();
        }
        break;
      case 33: // ! (but != is a comparison)
      case 126: // ~
        if (code === 33 && text.charCodeAt(i + 1) === 61) {
          afterOperand = false;
          i++;
          break;
        }
        pending[pending.length - 1]!++;
        afterOperand = false;
        if (++depth > max) return i;
        break;
      case 45: // -
      case 43: // +
        if (afterOperand) {
          afterOperand = false;
        } else {
          pending[pending.length - 1]!++;
          if (++depth > max) return i;
        }
        break;
      default:
        afterOperand = false;
    }
    i++;
  }
  return undefined;
}

/** Whether an error is the engine running out of stack (RangeError: Maximum call stack size exceeded). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
