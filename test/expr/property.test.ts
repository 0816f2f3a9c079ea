// Generated expressions evaluated both by compileFilter and by a small reference evaluator
// written here, straight from SQL's three-valued logic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, type ExprColumn } from '../../src/expr/index.js';

type Num =
  | { kind: 'column'; name: 'a' | 'b' }
  | { kind: 'literal'; value: number }
  | { kind: 'null' }
  | { kind: 'negate'; operand: Num }
  | { kind: 'arithmetic'; op: '+' | '-' | '*'; left: Num; right: Num };

type Cond =
  | { kind: 'bool'; value: boolean }
  | { kind: 'compare'; op: '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='; left: Num; right: Num }
  | { kind: 'isNull'; operand: Num; negated: boolean }
  | { kind: 'in'; operand: Num; list: Num[]; negated: boolean }
  | { kind: 'between'; operand: Num; low: Num; high: Num; negated: boolean }
  | { kind: 'not'; operand: Cond }
  | { kind: 'logical'; op: 'and' | 'or' | 'xor'; left: Cond; right: Cond };

interface Row {
  a: number | null;
  b: number | null;
}

const table: ExprColumn[] = [
  { name: 'a', base: 'int', nullable: true },
  { name: 'b', base: 'int', nullable: true },
];

const { num, cond } = fc.letrec<{ num: Num; cond: Cond }>((tie) => ({
  num: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('column' as const), name: fc.constantFrom('a' as const, 'b' as const) }),
    fc.record({ kind: fc.constant('literal' as const), value: fc.integer({ min: -5, max: 5 }) }),
    fc.record({ kind: fc.constant('null' as const) }),
    fc.record({ kind: fc.constant('negate' as const), operand: tie('num') }),
    fc.record({
      kind: fc.constant('arithmetic' as const),
      op: fc.constantFrom('+' as const, '-' as const, '*' as const),
      left: tie('num'),
      right: tie('num'),
    }),
  ),
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }),
    fc.record({
      kind: fc.constant('compare' as const),
      op: fc.constantFrom('=' as const, '!=' as const, '<>' as const, '<' as const, '<=' as const, '>' as const, '>=' as const),
      left: tie('num'),
      right: tie('num'),
    }),
    fc.record({ kind: fc.constant('isNull' as const), operand: tie('num'), negated: fc.boolean() }),
    fc.record({
      kind: fc.constant('in' as const),
      operand: tie('num'),
      list: fc.array(tie('num'), { minLength: 1, maxLength: 3 }),
      negated: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('between' as const), operand: tie('num'), low: tie('num'), high: tie('num'), negated: fc.boolean() }),
    fc.record({ kind: fc.constant('not' as const), operand: tie('cond') }),
    fc.record({
      kind: fc.constant('logical' as const),
      op: fc.constantFrom('and' as const, 'or' as const, 'xor' as const),
      left: tie('cond'),
      right: tie('cond'),
    }),
  ),
})) as { num: fc.Arbitrary<Num>; cond: fc.Arbitrary<Cond> };

const row: fc.Arbitrary<Row> = fc.record({
  a: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
  b: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
});

// ---- printing: every compound in parentheses, keywords in the chosen case ----

function printNum(node: Num): string {
  switch (node.kind) {
    case 'column':
      return node.name;
    case 'literal':
      return String(node.value);
    case 'null':
      return 'null';
    case 'negate':
      return `(-${printNum(node.operand)})`;
    case 'arithmetic':
      return `(${printNum(node.left)} ${node.op} ${printNum(node.right)})`;
  }
}

function printCond(node: Cond, keyword: (word: string) => string): string {
  const not = (negated: boolean) => (negated ? `${keyword('not')} ` : '');
  switch (node.kind) {
    case 'bool':
      return keyword(String(node.value));
    case 'compare':
      return `(${printNum(node.left)} ${node.op} ${printNum(node.right)})`;
    case 'isNull':
      return `(${printNum(node.operand)} ${keyword('is')} ${not(node.negated)}${keyword('null')})`;
    case 'in':
      return `(${printNum(node.operand)} ${not(node.negated)}${keyword('in')} (${node.list.map(printNum).join(', ')}))`;
    case 'between':
      return (
        `(${printNum(node.operand)} ${not(node.negated)}${keyword('between')} ${printNum(node.low)} ` +
        `${keyword('and')} ${printNum(node.high)})`
      );
    case 'not':
      return `(${keyword('not')} ${printCond(node.operand, keyword)})`;
    case 'logical':
      return `(${printCond(node.left, keyword)} ${keyword(node.op)} ${printCond(node.right, keyword)})`;
  }
}

// ---- the reference evaluator ----

type Truth = boolean | null;

function evalNum(node: Num, r: Row): number | null {
  switch (node.kind) {
    case 'column':
      return r[node.name];
    case 'literal':
      return node.value;
    case 'null':
      return null;
    case 'negate': {
      const value = evalNum(node.operand, r);
      return value === null ? null : -value;
    }
    case 'arithmetic': {
      const left = evalNum(node.left, r);
      const right = evalNum(node.right, r);
      if (left === null || right === null) return null;
      return node.op === '+' ? left + right : node.op === '-' ? left - right : left * right;
    }
  }
}

function compare(op: string, left: number | null, right: number | null): Truth {
  if (left === null || right === null) return null;
  switch (op) {
    case '=':
      return left === right;
    case '!=':
    case '<>':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left >= right;
  }
}

const not3 = (value: Truth): Truth => (value === null ? null : !value);
const and3 = (a: Truth, b: Truth): Truth => (a === false || b === false ? false : a === null || b === null ? null : true);
const or3 = (a: Truth, b: Truth): Truth => (a === true || b === true ? true : a === null || b === null ? null : false);

function evalCond(node: Cond, r: Row): Truth {
  switch (node.kind) {
    case 'bool':
      return node.value;
    case 'compare':
      return compare(node.op, evalNum(node.left, r), evalNum(node.right, r));
    case 'isNull':
      return (evalNum(node.operand, r) === null) !== node.negated;
    case 'in': {
      const value = evalNum(node.operand, r);
      const found = node.list.map((item) => compare('=', value, evalNum(item, r))).reduce(or3, false);
      return node.negated ? not3(found) : found;
    }
    case 'between': {
      const value = evalNum(node.operand, r);
      const inside = and3(compare('>=', value, evalNum(node.low, r)), compare('<=', value, evalNum(node.high, r)));
      return node.negated ? not3(inside) : inside;
    }
    case 'not':
      return not3(evalCond(node.operand, r));
    case 'logical': {
      const left = evalCond(node.left, r);
      const right = evalCond(node.right, r);
      if (node.op === 'and') return and3(left, right);
      if (node.op === 'or') return or3(left, right);
      return left === null || right === null ? null : left !== right;
    }
  }
}

describe('generated filters', () => {
  it('match exactly when the reference evaluator says true', () => {
    fc.assert(
      fc.property(cond, fc.array(row, { minLength: 1, maxLength: 8 }), (tree, sample) => {
        const filter = compileFilter(printCond(tree, (word) => word), table);
        for (const r of sample) expect(filter({ ...r })).toBe(evalCond(tree, r) === true);
      }),
      { numRuns: 300 },
    );
  });

  it('do not depend on the case of keywords', () => {
    fc.assert(
      fc.property(cond, row, (tree, r) => {
        const lower = compileFilter(printCond(tree, (word) => word), table);
        const upper = compileFilter(printCond(tree, (word) => word.toUpperCase()), table);
        expect(upper({ ...r })).toBe(lower({ ...r }));
      }),
      { numRuns: 100 },
    );
  });
});

describe('comparisons of non-null numbers', () => {
  const doubles: ExprColumn[] = [
    { name: 'x', base: 'double', nullable: true },
    { name: 'y', base: 'double', nullable: true },
  ];
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
  const pairs = [
    ['x < y', 'not (x >= y)'],
    ['x > y', 'not (x <= y)'],
    ['x = y', 'not (x != y)'],
    ['x <> y', 'x < y or x > y'],
    ['x between y and y', 'x = y'],
  ] as const;

  it.each(pairs)('%s equals %s', (left, right) => {
    const a = compileFilter(left, doubles);
    const b = compileFilter(right, doubles);
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        expect(a({ x, y })).toBe(b({ x, y }));
      }),
    );
  });

  it('agree with JavaScript', () => {
    const less = compileFilter('x < y', doubles);
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        expect(less({ x, y })).toBe(x < y);
      }),
    );
  });
});
