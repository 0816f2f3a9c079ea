// The bounds on expression text (src/expr/bounds.ts) and the inputs that used to exhaust the stack
// or backtrack for minutes: each is either refused with the bound's error or evaluated correctly.
// The inputs are sized so that the old code failed on them (a RangeError from ~800 parentheses
// or ~4,000 chained operators, a LIKE that never finished).
import { describe, expect, it } from 'vitest';
import { compileFilter, compileValue, referencedColumns, type ExprColumn } from '../../src/expr/index.js';
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from '../../src/expr/bounds.js';
import { KineticaError } from '../../src/errors/kinetica-error.js';
import { columns, errorOf, matching } from './table.js';

const filterError = (expression: string, field?: string) => errorOf(() => compileFilter(expression, columns, undefined, field));

/** The error must be the bound's own (a KineticaError, HTTP 400), never an internal RangeError. */
function expectTooDeep(error: Error, field = 'expression'): void {
  expect(error).toBeInstanceOf(KineticaError);
  expect(error.message).toContain(`Value of '${field}' nests too deeply for an expression: more than ${MAX_NESTING_DEPTH} levels`);
}

const nested = (depth: number, inner = 'id') => '('.repeat(depth) + inner + ')'.repeat(depth);

describe('nesting depth', () => {
  it('reads parentheses up to the bound and refuses one level more, naming the position', () => {
    expect(matching(`${nested(MAX_NESTING_DEPTH)} = 3`)).toEqual([3]);
    const error = filterError(`${nested(MAX_NESTING_DEPTH + 1)} = 3`);
    expectTooDeep(error);
    expect(error.message).toContain(`at position ${MAX_NESTING_DEPTH + 1} `);
  });

  it('refuses deep parentheses that used to run the parser out of stack', () => {
    expectTooDeep(filterError(`${nested(10_000)} = 1`));
    expectTooDeep(filterError('('.repeat(10_000) + '1'));
    expectTooDeep(filterError(`f${'('.repeat(10_000)}${')'.repeat(10_000)} = 1`));
  });

  it('counts prefix operators waiting for their operand: not, !, ~ and signs', () => {
    expectTooDeep(filterError(`${'not '.repeat(10_000)}id = 1`));
    expectTooDeep(filterError(`${'!'.repeat(10_000)}active`));
    expectTooDeep(filterError(`${'- '.repeat(10_000)}1 = id`));
    expectTooDeep(filterError(`${'~'.repeat(10_000)}id = 1`));
    expectTooDeep(filterError(`${'-('.repeat(MAX_NESTING_DEPTH)}1${')'.repeat(MAX_NESTING_DEPTH)} = id`));
  });

  it('evaluates prefix chains within the bound', () => {
    expect(matching(`${'not '.repeat(MAX_NESTING_DEPTH)}id = 1`)).toEqual([1]);
    expect(matching(`${'not '.repeat(MAX_NESTING_DEPTH - 1)}id = 1`)).toEqual([2, 3, 4]);
    expect(matching(`${'- '.repeat(MAX_NESTING_DEPTH - 1)}1 = id`)).toEqual([]);
    expect(matching(`${'- '.repeat(MAX_NESTING_DEPTH - 2)}3 = id`)).toEqual([3]);
  });

  it('does not count binary minus and plus, or parentheses inside quotes', () => {
    expect(matching(`id ${'- 0 '.repeat(5_000)}= 2`)).toEqual([2]);
    expect(matching(`name = '${'('.repeat(10_000)}' or "first name" = 'Bob'`)).toEqual([3]);
  });

  it('names the request field it was given', () => {
    expectTooDeep(filterError(`${nested(1_000)} = 1`, 'expressions[2]'), 'expressions[2]');
    expectTooDeep(errorOf(() => referencedColumns(nested(1_000), undefined, 'filter_expression')), 'filter_expression');
  });
});

describe('text length', () => {
  it('reads text up to the bound and refuses longer text, naming the field, the length and the bound', () => {
    const padded = (length: number) => `id = 1${' '.repeat(length - 6)}`;
    expect(matching(padded(MAX_EXPRESSION_LENGTH))).toEqual([1]);
    const error = filterError(padded(MAX_EXPRESSION_LENGTH + 1), 'global_expression');
    expect(error).toBeInstanceOf(KineticaError);
    expect(error.message).toContain(
      `Value of 'global_expression' is too long for an expression: ${MAX_EXPRESSION_LENGTH + 1} characters, over the limit of ${MAX_EXPRESSION_LENGTH}`,
    );
  });

  it('refuses long unterminated strings and names before reading them', () => {
    expect(filterError(`name = '${'x'.repeat(1_000_000)}`).message).toContain('is too long for an expression: 1000008 characters');
    expect(filterError(`"${'x'.repeat(1_000_000)}`).message).toContain('is too long for an expression: 1000001 characters');
  });
});

describe('long chains of one operator', () => {
  // `a + a + ... + a` folds into a tree as deep as it is long; these used to overflow the stack
  // (in the syntax check, the compiler or the evaluator) from about 4,000 operands on.
  it('add up a chain of 10,000 terms', () => {
    expect(matching(`id${' + id'.repeat(9_999)} = 30000`)).toEqual([3]);
    const value = compileValue(`1${' + 1'.repeat(9_999)}`, columns, { name: 'id', base: 'int', nullable: false });
    expect(value({})).toBe(10_000);
  });

  it('fold mixed arithmetic from the left, with integer division per step', () => {
    expect(matching(`id${' - 1 + 1'.repeat(5_000)} = id`)).toEqual([1, 2, 3, 4]);
    expect(matching(`id${' * 2 / 2'.repeat(5_000)} = 3`)).toEqual([3]);
    const target: ExprColumn = { name: 'score', base: 'double', nullable: true };
    expect(compileValue(`7 / 2${' + 0'.repeat(10_000)} + 0.5`, columns, target)({})).toBe(3.5);
    expect(compileValue(`big${' - 1'.repeat(10_000)}`, columns, target)({ big: null })).toBeNull();
  });

  it('still names a division by zero at its own step', () => {
    const divide = compileValue(`id${' + 1'.repeat(10_000)} / (id - 1)`, columns, { name: 'id', base: 'int', nullable: false });
    expect(errorOf(() => divide({ id: 1 })).message).toContain('Division by zero in');
  });

  it('evaluate long or, and and xor chains with three-valued logic', () => {
    expect(matching(`${'id = 3 or '.repeat(6_000)}id = 4`)).toEqual([3, 4]);
    expect(matching(`${'id > 0 and '.repeat(5_000)}score > 0`)).toEqual([1, 3]);
    // score is null on row 2: unknown, so neither the filter nor its negation matches it.
    expect(matching(`${'id > 0 and '.repeat(5_000)}score > 0 or name = 'Beta_1%'`)).toEqual([1, 3, 4]);
    expect(matching(`not (${'id > 0 and '.repeat(5_000)}score > 0)`)).toEqual([4]);
    expect(matching(`${'active xor '.repeat(5_001)}active`)).toEqual([]);
    expect(matching(`${'active xor '.repeat(5_000)}active`)).toEqual([1, 4]);
  });

  it('list the columns a long chain names', () => {
    expect(referencedColumns(`id${' + big'.repeat(10_000)} > score`)).toEqual(['id', 'big', 'score']);
  });

  it('read an in list of 10,000 items', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => i + 3).join(', ');
    expect(matching(`id in (${ids})`)).toEqual([3, 4]);
    expect(matching(`id not in (${ids})`)).toEqual([1, 2]);
  });
});

describe('like', () => {
  const text: ExprColumn[] = [{ name: 's', base: 'string', nullable: true }];
  const like = (pattern: string, value: string) => compileFilter(`s like '${pattern}'`, text)({ s: value });

  it('answers patterns with many %s over long values (a regular expression backtracked for minutes)', () => {
    const many = `${'%a'.repeat(20)}%b`;
    expect(like(many, 'a'.repeat(20_000))).toBe(false);
    expect(like(many, `${'a'.repeat(20_000)}b`)).toBe(true);
    expect(like(many, `${'a'.repeat(19)}b`)).toBe(false);
    expect(like(`%${'a'.repeat(500)}b%`, 'a'.repeat(200_000))).toBe(false);
  });

  it('matches % as any run and _ as one character, anchored at both ends', () => {
    expect(like('a%', 'abc')).toBe(true);
    expect(like('%c', 'abc')).toBe(true);
    expect(like('%b%', 'abc')).toBe(true);
    expect(like('a_c', 'abc')).toBe(true);
    expect(like('a_c', 'ac')).toBe(false);
    expect(like('ab%bc', 'abc')).toBe(false);
    expect(like('ab%bc', 'abbc')).toBe(true);
    expect(like('%', '')).toBe(true);
    expect(like('', '')).toBe(true);
    expect(like('', 'a')).toBe(false);
    expect(like('%a_b%', 'xxaxbxx')).toBe(true);
    expect(like('%a_b%', 'xxabxx')).toBe(false);
    expect(like('a.c', 'abc')).toBe(false);
    expect(like('a.c', 'a.c')).toBe(true);
  });

  it('takes _ as one character outside the basic plane, as Kinetica counts characters', () => {
    expect(like('_', '😀')).toBe(true);
    expect(like('a_b', 'a😀b')).toBe(true);
    expect(like('a__b', 'a😀b')).toBe(false);
    expect(like('%😀%', 'xx😀yy')).toBe(true);
  });
});
