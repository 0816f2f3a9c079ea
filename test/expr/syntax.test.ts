import { describe, expect, it } from 'vitest';
import { KineticaError } from '../../src/errors/kinetica-error.js';
import { compileFilter, referencedColumns } from '../../src/expr/index.js';
import { columns, errorOf, holds, matching, SUPPORTED } from './table.js';

const filterError = (expression: string) => errorOf(() => compileFilter(expression, columns));

describe('literals', () => {
  it('reads decimal, hex, exponent, fraction and F-suffixed numbers', () => {
    expect(holds('31242 = 31242')).toBe(true);
    expect(holds('0x1F = 31')).toBe(true);
    expect(holds('0XfF = 255')).toBe(true);
    expect(holds('3.41e5 = 341000')).toBe(true);
    expect(holds('2E-2 = 0.02')).toBe(true);
    expect(holds('.5 = 0.5')).toBe(true);
    expect(holds('5. = 5')).toBe(true);
  });

  it('rounds an F-suffixed constant to float precision', () => {
    expect(holds('3.1415F = 3.1415')).toBe(false);
    expect(holds('3.1415F < 3.1415')).toBe(true);
  });

  it('reads negative numbers as unary minus', () => {
    expect(holds('-5 < 0')).toBe(true);
    expect(holds('- 5 = -5')).toBe(true);
    expect(holds('--5 = 5')).toBe(true);
    expect(holds('+5 = 5')).toBe(true);
    expect(matching('big = -7')).toEqual([3]);
  });

  it("reads single-quoted strings with '' for a quote", () => {
    expect(matching("name = 'o''hara'")).toEqual([3]);
    expect(holds("'' = ''")).toBe(true);
    expect(holds("'it''s' = 'it''s'")).toBe(true);
  });

  it('reads true, false and null in any case', () => {
    expect(holds('TRUE')).toBe(true);
    expect(holds('False')).toBe(false);
    expect(holds('NULL is NuLl')).toBe(true);
  });
});

describe('column names', () => {
  it('reads bare and double-quoted names, with "" for a quote inside', () => {
    expect(matching('id = 3')).toEqual([3]);
    expect(matching('"id" = 3')).toEqual([3]);
    expect(matching(`"first name" = 'Bob'`)).toEqual([3]);
    const quoted = compileFilter('"say ""hi""" = 1', [{ name: 'say "hi"', base: 'int', nullable: false }]);
    expect(quoted({ 'say "hi"': 1 })).toBe(true);
  });

  it('takes a keyword as a column name only in double quotes', () => {
    const table = [{ name: 'and', base: 'int' as const, nullable: false }];
    expect(compileFilter('"and" = 2', table)({ and: 2 })).toBe(true);
    expect(filterError('and = 2').message).toBe(
      `Syntax error in expression 'and = 2' at position 1: unexpected 'and'. ${SUPPORTED}`,
    );
  });

  it('accepts words that merely start with a keyword', () => {
    const table = [
      { name: 'order', base: 'int' as const, nullable: false },
      { name: 'notes', base: 'string' as const, nullable: false },
      { name: 'island', base: 'int' as const, nullable: false },
    ];
    const filter = compileFilter("order = 1 and notes = 'x' and island = 2", table);
    expect(filter({ order: 1, notes: 'x', island: 2 })).toBe(true);
  });
});

describe('keywords', () => {
  it('are case-insensitive', () => {
    expect(matching('id >= 2 AND id <= 3')).toEqual([2, 3]);
    expect(matching('id = 1 Or id = 4')).toEqual([1, 4]);
    expect(matching('NOT id = 1 aNd score IS NOT NULL')).toEqual([3, 4]);
    expect(matching('id IN (1, 2) and id Not Between 2 AND 3')).toEqual([1]);
    expect(matching("name LIKE 'a%'")).toEqual([1]);
  });
});

describe('operators', () => {
  it('accepts = and == for equality, != and <> for inequality', () => {
    expect(matching('id = 2')).toEqual([2]);
    expect(matching('id == 2')).toEqual([2]);
    expect(matching('id != 2')).toEqual([1, 3, 4]);
    expect(matching('id <> 2')).toEqual([1, 3, 4]);
  });

  it('accepts ! as not', () => {
    expect(matching('!(id = 2)')).toEqual([1, 3, 4]);
    expect(matching('! id = 2')).toEqual([1, 3, 4]);
  });

  it('needs no spaces around symbols', () => {
    expect(matching('id>=2 and(id<4)')).toEqual([2, 3]);
    expect(matching('(id=1)or(id=4)')).toEqual([1, 4]);
  });
});

describe('precedence', () => {
  it('multiplies and divides before adding and subtracting', () => {
    expect(holds('1 + 2 * 3 = 7')).toBe(true);
    expect(holds('(1 + 2) * 3 = 9')).toBe(true);
    expect(holds('7 - 6 / 3 = 5')).toBe(true);
    expect(holds('1 + 7 % 4 = 4')).toBe(true);
  });

  it('groups arithmetic from the left', () => {
    expect(holds('10 - 4 - 3 = 3')).toBe(true);
    expect(holds('20 / 2 / 5 = 2')).toBe(true);
  });

  it('applies unary minus before multiplication', () => {
    expect(holds('-2 * 3 = -6')).toBe(true);
    expect(holds('- 2 - 3 = -5')).toBe(true);
  });

  it('compares after arithmetic', () => {
    expect(holds('1 + 1 = 2')).toBe(true);
    expect(holds('2 = 1 + 1')).toBe(true);
  });

  it('applies not after comparisons and before and', () => {
    expect(holds('not 1 = 2')).toBe(true);
    expect(holds('not false and false')).toBe(false);
    expect(holds('not (false and false)')).toBe(true);
  });

  it('applies and before xor, and xor before or', () => {
    expect(holds('true or true and false')).toBe(true);
    expect(holds('(true or true) and false')).toBe(false);
    expect(holds('false or true xor true')).toBe(false);
    expect(holds('true xor true and false')).toBe(true);
  });

  it('reads between ... and before the logical and', () => {
    expect(matching('id between 1 and 2 and name is not null')).toEqual([1]);
  });
});

describe('syntax errors', () => {
  it('name the unexpected token and its position', () => {
    expect(filterError('id = = 1').message).toBe(
      `Syntax error in expression 'id = = 1' at position 6: unexpected '='. ${SUPPORTED}`,
    );
    expect(filterError('id = 1 name').message).toBe(
      `Syntax error in expression 'id = 1 name' at position 8: unexpected 'name'. ${SUPPORTED}`,
    );
    expect(filterError('id ? 1').message).toBe(
      `Syntax error in expression 'id ? 1' at position 4: unexpected '?'. ${SUPPORTED}`,
    );
  });

  it('say when the expression ends too early', () => {
    expect(filterError('(id = 1').message).toBe(
      `Syntax error in expression '(id = 1' at position 8: unexpected end of expression. ${SUPPORTED}`,
    );
    expect(filterError('id between 1').message).toBe(
      `Syntax error in expression 'id between 1' at position 13: unexpected end of expression. ${SUPPORTED}`,
    );
  });

  it('list what was expected when the list is short', () => {
    expect(filterError('id is 1').message).toBe(
      `Syntax error in expression 'id is 1' at position 7: unexpected '1' (expected 'not', 'null'). ${SUPPORTED}`,
    );
    expect(filterError('id not 1').message).toBe(
      `Syntax error in expression 'id not 1' at position 8: unexpected '1' (expected 'in', 'between', 'like'). ${SUPPORTED}`,
    );
  });

  it('need a space between a number and a following word', () => {
    expect(filterError('id>=2and id<4').message).toBe(
      `Syntax error in expression 'id>=2and id<4' at position 5: unexpected '2and'. ${SUPPORTED}`,
    );
  });

  it('reject chained comparisons', () => {
    expect(filterError('1 < id < 3').message).toBe(
      `Syntax error in expression '1 < id < 3' at position 8: unexpected '<'. ${SUPPORTED}`,
    );
  });

  it('reject an empty in-list', () => {
    expect(filterError('id in ()').message).toBe(
      `Syntax error in expression 'id in ()' at position 8: unexpected ')'. ${SUPPORTED}`,
    );
  });

  it('report unterminated strings and column names', () => {
    expect(filterError("name = 'abc").message).toBe(
      "Unterminated string in expression 'name = 'abc': the quote at position 8 is never closed; " +
        "end the string with ' and write '' for a quote inside it",
    );
    expect(filterError('"name = 1').message).toBe(
      `Unterminated column name in expression '"name = 1': the double quote at position 1 is never closed; end the name with "`,
    );
  });

  it('are KineticaErrors with HTTP status 400', () => {
    const error = filterError('id = = 1');
    expect(error).toBeInstanceOf(KineticaError);
    expect((error as KineticaError).httpStatus).toBe(400);
  });

  it('quote a long expression shortened', () => {
    const long = `id = 1 and ${'id > 0 and '.repeat(30)}?`;
    const message = filterError(long).message;
    expect(message.startsWith(`Syntax error in expression '${long.slice(0, 200)}...' at position ${long.length}:`)).toBe(true);
  });
});

describe('constructs outside the subset', () => {
  const unsupported = (construct: string, position: number, expression: string, hint = '') =>
    `Unsupported ${construct} at position ${position} in expression '${expression}': kinetica-mock does not evaluate it${hint}. ${SUPPORTED}`;

  it.each([
    ['abs(score) > 1', "function call 'abs()'", 1],
    ['id > 1 and IF(id > 2, 1, 0) = 1', "function call 'IF()'", 12],
    ["cast(id as varchar) = '1'", "function call 'cast()'", 1],
    ['id in (select id from t)', 'subquery', 7],
    ['(select 1) = 1', 'subquery', 1],
    ['case when id = 1 then 1 else 0 end = 1', 'CASE expression', 1],
    ['id & 1 = 1', "bitwise operator '&'", 4],
    ['id | 1 = 1', "bitwise operator '|'", 4],
    ['id ^ 1 = 1', "bitwise operator '^'", 4],
    ['id << 1 = 2', "bitwise operator '<<'", 4],
    ['id >> 1 = 0', "bitwise operator '>>'", 4],
    ['~id = 0', "bitwise operator '~'", 1],
    ['big = 2000-1-2', 'date/time constant', 7],
    ["big > 2020-01-02T17:17:17Z", 'date/time constant', 7],
    ['big < 17:17:17', 'date/time constant', 7],
  ])('%s names %s', (expression, construct, position) => {
    expect(filterError(expression).message).toBe(unsupported(construct, position, expression));
  });

  it('suggests and for &&, or for ||', () => {
    expect(filterError('id = 1 && id = 2').message).toBe(
      unsupported("operator '&&'", 8, 'id = 1 && id = 2', "; write 'and'"),
    );
    expect(filterError('id = 1 || id = 2').message).toBe(
      unsupported(
        "operator '||'",
        8,
        'id = 1 || id = 2',
        "; write 'or' for a logical or (Kinetica reads '||' as string concatenation)",
      ),
    );
  });

  it('rejects qualified column names', () => {
    expect(filterError('t.id = 1').message).toBe(
      unsupported("qualified column name 't.id'", 1, 't.id = 1', '; name the column alone, the expression applies to one table'),
    );
  });

  it('reports the leftmost construct first', () => {
    expect(filterError('id & 1 = 1 and abs(id) = 1').message).toBe(
      unsupported("bitwise operator '&'", 4, 'id & 1 = 1 and abs(id) = 1'),
    );
  });
});

describe('referencedColumns', () => {
  it('lists each column once, as written, in order of first use', () => {
    expect(referencedColumns('b + "first name" > a and b is null or c in (a, d)')).toEqual(['b', 'first name', 'a', 'c', 'd']);
  });

  it('lists nothing for constants and blank text', () => {
    expect(referencedColumns("1 = 1 and 'x' like '%'")).toEqual([]);
    expect(referencedColumns('   ')).toEqual([]);
  });

  it('does not need the columns to exist', () => {
    expect(referencedColumns('nope = 1')).toEqual(['nope']);
    // Given the table's columns, a double-quoted text naming none of them is a string, not a reference.
    expect(referencedColumns('name = "Vrpoi" and "ID" > 1', ['id', 'name'])).toEqual(['name', 'ID']);
  });

  it('throws the parse errors', () => {
    expect(errorOf(() => referencedColumns('abs(x) = 1')).message).toBe(
      `Unsupported function call 'abs()' at position 1 in expression 'abs(x) = 1': kinetica-mock does not evaluate it. ${SUPPORTED}`,
    );
  });
});
