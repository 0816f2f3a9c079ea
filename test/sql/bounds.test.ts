// The bounds on /execute/sql statement text (src/expr/bounds.ts), and the statements that used to
// exhaust the stack: each is refused with the bound's error, naming `statement`, or read correctly.
// Sizes are chosen so that the old code failed on them (a RangeError from ~800 parentheses, or
// from a WHERE chain of ~9,000 operators in the unsupported-construct check).
import { describe, expect, it } from 'vitest';
import { parseSql as parse } from '../support/sql.js';
import { MAX_NESTING_DEPTH, MAX_SQL_LENGTH } from '../../src/expr/bounds.js';
import { KineticaError } from '../../src/errors/kinetica-error.js';
import type { ParameterValue } from '../../src/sql/parameters.js';

function refusal(text: string, parameters?: ParameterValue[]): KineticaError {
  try {
    parse(text, parameters);
  } catch (error) {
    // The bound's own error (HTTP 400), never an internal RangeError.
    expect(error).toBeInstanceOf(KineticaError);
    return error as KineticaError;
  }
  throw new Error(`expected a refusal of: ${text.slice(0, 80)}...`);
}

const tooDeep = (line: number, column: number) =>
  `Value of 'statement' nests too deeply: more than ${MAX_NESTING_DEPTH} levels at line ${line}, column ${column} `;

describe('nesting depth of statement text', () => {
  const where = 'delete from t where ';

  it('reads parentheses up to the bound and refuses one more, at its line and column', () => {
    const inner = (depth: number) => `${'('.repeat(depth)}a${')'.repeat(depth)} = 1`;
    expect(parse(where + inner(MAX_NESTING_DEPTH))).toMatchObject([{ kind: 'delete', where: { kind: 'binary', op: '=' } }]);
    expect(refusal(`${where}\n  ${inner(MAX_NESTING_DEPTH + 1)}`).message).toContain(tooDeep(2, MAX_NESTING_DEPTH + 3));
  });

  it('refuses the deep inputs that used to run the parser out of stack', () => {
    expect(refusal(`${where}${'('.repeat(10_000)}1${')'.repeat(10_000)} = 1`).message).toContain(tooDeep(1, where.length + MAX_NESTING_DEPTH + 1));
    expect(refusal(`delete from t where ${'not '.repeat(10_000)}a = 1`).message).toContain("Value of 'statement' nests too deeply");
    expect(refusal(`select f${'('.repeat(10_000)}${')'.repeat(10_000)} from t`).message).toContain("Value of 'statement' nests too deeply");
    expect(refusal(`create view v as select ${'('.repeat(10_000)}`).message).toContain("Value of 'statement' nests too deeply");
  });

  it('does not count parentheses in strings, quoted names or comments', () => {
    const many = '('.repeat(10_000);
    const [statement] = parse(`delete from t /* ${many} */ where s = '${many}' -- ${many}\n or "${many}" = 1`);
    expect(statement).toMatchObject({ kind: 'delete', where: { kind: 'binary', op: 'or' } });
  });
});

describe('length of statement text', () => {
  it('reads text up to the bound and refuses longer text, naming the field, the length and the bound', () => {
    const padded = (length: number) => `drop table t${' '.repeat(length - 12)}`;
    expect(parse(padded(MAX_SQL_LENGTH))).toHaveLength(1);
    expect(refusal(padded(MAX_SQL_LENGTH + 1)).message).toContain(
      `Value of 'statement' is too long: ${MAX_SQL_LENGTH + 1} characters, over the limit of ${MAX_SQL_LENGTH} for SQL text`,
    );
  });

  it('applies the bound to the text with parameters bound, since bound values are read back as literals', () => {
    const big = 'x'.repeat(MAX_SQL_LENGTH);
    expect(refusal('insert into t values ($1)', [big]).message).toContain("Value of 'statement' is too long with its parameters bound");
  });

  it('refuses a long unterminated comment or string before reading it', () => {
    expect(refusal(`/*${'x'.repeat(1_000_000)}`).message).toContain("Value of 'statement' is too long: 1000002 characters");
    expect(refusal(`select * from t where s = '${'x'.repeat(1_000_000)}`).message).toContain("Value of 'statement' is too long");
  });
});

describe('long statement text within the bounds', () => {
  it('reads a WHERE chain of 20,000 operators', () => {
    const [statement] = parse(`delete from t where a${' + a'.repeat(20_000)} > 0`);
    expect(statement).toMatchObject({ kind: 'delete', where: { kind: 'binary', op: '>', left: { kind: 'binary', op: '+' } } });
  });

  it('finds an unsupported construct at the far end of a long chain', () => {
    expect(refusal(`delete from t where a${' + a'.repeat(20_000)} > f(1)`).message).toContain("function call 'f()' is not supported");
  });

  it('reads 10,000 statements, and skips long runs of empty ones', () => {
    expect(parse('drop table t;'.repeat(10_000))).toHaveLength(10_000);
    expect(parse(`${';'.repeat(100_000)}drop table t${';'.repeat(100_000)}`)).toMatchObject([{ kind: 'dropTable' }]);
  });

  it('binds 20,000 parameters and reads an in list of 20,000 items', () => {
    const [statement] = parse(`delete from t where a in (${'$1, '.repeat(19_999)}$1)`, [7]);
    expect(statement).toMatchObject({ kind: 'delete', where: { kind: 'in' } });
    expect((statement as { where: { list: unknown[] } }).where.list).toHaveLength(20_000);
  });

  it('reports an unterminated comment far from its start', () => {
    expect(refusal(`drop table t;\n/*${'x'.repeat(200_000)}`).message).toContain('Unterminated comment starting at line 2, column 1');
  });
});
