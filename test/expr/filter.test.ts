import { describe, expect, it } from 'vitest';
import { compileFilter, type ExprColumn } from '../../src/expr/index.js';
import { columns, errorOf, holds, matching, rows } from './table.js';

const filterError = (expression: string, table: ExprColumn[] = columns) => errorOf(() => compileFilter(expression, table));

describe('blank filters', () => {
  it('match every row', () => {
    expect(matching('')).toEqual([1, 2, 3, 4]);
    expect(matching('  \n\t ')).toEqual([1, 2, 3, 4]);
  });
});

describe('comparisons', () => {
  it('compare numbers', () => {
    expect(matching('score < 1.5')).toEqual([4]);
    expect(matching('score <= 1.5')).toEqual([1, 4]);
    expect(matching('score > 1.5')).toEqual([3]);
    expect(matching('score >= 1.5')).toEqual([1, 3]);
    expect(matching('big = 9007199254740991')).toEqual([4]);
  });

  it('compare two columns', () => {
    expect(matching('big > id')).toEqual([1, 4]);
    expect(matching('id = id')).toEqual([1, 2, 3, 4]);
  });

  it('compare strings by character code, case-sensitively', () => {
    expect(matching("name = 'alpha'")).toEqual([1]);
    expect(matching("name = 'ALPHA'")).toEqual([]);
    expect(matching("name < 'b'")).toEqual([1, 4]);
    expect(matching("name >= 'a'")).toEqual([1, 3]);
  });

  it('compare a float column with a constant at float precision', () => {
    expect(matching('ratio = 0.1')).toEqual([1]);
    expect(matching('ratio in (0.1, 2)')).toEqual([1, 3]);
    expect(matching('ratio between 0.1 and 0.1')).toEqual([1]);
  });

  it('read a quoted number as a number against a number', () => {
    expect(matching("id = '3'")).toEqual([3]);
    expect(matching("'3' = id")).toEqual([3]);
    expect(matching("score > '2.5e0'")).toEqual([3]);
    expect(matching("id in ('1', 4)")).toEqual([1, 4]);
    expect(matching("id between '2' and '3'")).toEqual([2, 3]);
  });

  it('compare boolean columns with true/false, 1/0 and quoted words', () => {
    expect(matching('active = true')).toEqual([1, 4]);
    expect(matching('active = 0')).toEqual([2]);
    expect(matching("active = 'false'")).toEqual([2]);
    expect(matching("active = '1'")).toEqual([1, 4]);
    expect(matching('active != false')).toEqual([1, 4]);
  });

  it('accept boolean columns decoded as JavaScript booleans', () => {
    const filter = compileFilter('active', columns);
    expect([true, false, null].map((active) => filter({ active }))).toEqual([true, false, false]);
  });

  it('compare bytes columns with each other', () => {
    const table: ExprColumn[] = [
      { name: 'a', base: 'bytes', nullable: true },
      { name: 'b', base: 'bytes', nullable: true },
    ];
    const filter = compileFilter('a < b', table);
    expect(filter({ a: Buffer.from([1]), b: Buffer.from([2]) })).toBe(true);
    expect(filter({ a: Buffer.from([2]), b: Buffer.from([1]) })).toBe(false);
  });

  it('read long columns decoded as bigint', () => {
    expect(compileFilter('big = 5', columns)({ big: 5n })).toBe(true);
  });
});

describe('null logic', () => {
  it('never matches a comparison with null', () => {
    expect(matching('score = null')).toEqual([]);
    expect(matching('score != null')).toEqual([]);
    expect(matching('not (score = null)')).toEqual([]);
    expect(holds('null = null')).toBe(false);
  });

  it('treats a comparison with a null column value as unknown, also under not', () => {
    expect(matching('score > 0')).toEqual([1, 3]);
    expect(matching('not score > 0')).toEqual([4]);
    expect(matching('(score > 0) is null')).toEqual([2]);
  });

  it('decides and/or by a known operand even when the other is unknown', () => {
    expect(matching('score > 0 or true')).toEqual([1, 2, 3, 4]);
    expect(matching('score > 0 and false')).toEqual([]);
    expect(matching('(score > 0 and false) is null')).toEqual([]);
    expect(matching('(score > 0 or false) is null')).toEqual([2]);
    expect(matching('(score > 0 and true) is null')).toEqual([2]);
  });

  it('gives unknown for xor with an unknown operand', () => {
    expect(matching('(score > 0 xor true) is null')).toEqual([2]);
    expect(matching('score > 0 xor id > 2')).toEqual([1, 4]);
  });

  it('tests nulls with is [not] null', () => {
    expect(matching('score is null')).toEqual([2]);
    expect(matching('score is not null')).toEqual([1, 3, 4]);
    expect(matching('not score is null')).toEqual([1, 3, 4]);
    expect(matching('payload is not null')).toEqual([1, 4]);
    expect(matching('score + 1 is null')).toEqual([2]);
    expect(holds('null is not null')).toBe(false);
  });

  it('treats a missing field as null', () => {
    expect(compileFilter('score is null', columns)({ id: 9 })).toBe(true);
  });

  it('propagates null through arithmetic', () => {
    expect(matching('score * 0 = 0')).toEqual([1, 3, 4]);
    expect(matching('null + 1 is null')).toEqual([1, 2, 3, 4]);
    expect(matching('-score < 0')).toEqual([1, 3]);
  });
});

describe('in', () => {
  it('matches any value of the list', () => {
    expect(matching('id in (1, 3, 99)')).toEqual([1, 3]);
    expect(matching("name in ('alpha', 'o''hara')")).toEqual([1, 3]);
    expect(matching('id in (1)')).toEqual([1]);
  });

  it('takes expressions in the list', () => {
    expect(matching('id in (big + 3, 2 * 2)')).toEqual([4]);
  });

  it('follows SQL null rules', () => {
    expect(matching('score in (1.5, null)')).toEqual([1]);
    expect(matching('id not in (1, 2)')).toEqual([3, 4]);
    expect(matching('id not in (1, null)')).toEqual([]);
    expect(matching('score not in (1.5)')).toEqual([3, 4]);
  });
});

describe('between', () => {
  it('includes both bounds', () => {
    expect(matching('id between 2 and 3')).toEqual([2, 3]);
    expect(matching('id between 3 and 2')).toEqual([]);
    expect(matching("name between 'a' and 'o''hara'")).toEqual([1, 3]);
  });

  it('negates with not between', () => {
    expect(matching('id not between 2 and 3')).toEqual([1, 4]);
    expect(matching('score not between 0 and 5')).toEqual([3, 4]);
  });

  it('follows SQL null rules', () => {
    expect(matching('id between null and 5')).toEqual([]);
    expect(matching('id not between 3 and null')).toEqual([1, 2]);
    expect(matching('id between 3 and null')).toEqual([]);
  });
});

describe('like', () => {
  it('matches % as any run and _ as one character', () => {
    expect(matching("name like 'a%'")).toEqual([1]);
    expect(matching("name like '%a'")).toEqual([1, 3]);
    expect(matching("name like '%'")).toEqual([1, 3, 4]);
    expect(matching("name like '_lpha'")).toEqual([1]);
    expect(matching("name like 'alph'")).toEqual([]);
    expect(matching("name like '_'")).toEqual([]);
  });

  it('matches whole values, case-sensitively', () => {
    expect(matching("name like 'ALPHA'")).toEqual([]);
    expect(matching("name like 'lph'")).toEqual([]);
  });

  it('treats other characters literally', () => {
    expect(matching("name like 'Beta_1%'")).toEqual([4]);
    expect(matching("name like 'o''h.ra'")).toEqual([]);
    expect(matching("name like 'o''h_ra'")).toEqual([3]);
    expect(matching("name like '(%)'")).toEqual([]);
  });

  it('matches across line breaks', () => {
    expect(compileFilter("name like 'a%b'", columns)({ name: 'a\nb' })).toBe(true);
  });

  it('negates with not like and skips nulls', () => {
    expect(matching("name not like 'a%'")).toEqual([3, 4]);
    expect(matching('name like null')).toEqual([]);
  });

  it('takes the pattern from a column', () => {
    expect(matching('name like name')).toEqual([1, 3, 4]);
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, multiplies', () => {
    expect(matching('id + 1 = 3')).toEqual([2]);
    expect(matching('id - 1 = 2')).toEqual([3]);
    expect(matching('score * 2 = 3')).toEqual([1]);
    expect(matching('-id = -4')).toEqual([4]);
  });

  it('truncates division of whole numbers, as SQL does', () => {
    expect(holds('7 / 2 = 3')).toBe(true);
    expect(holds('-7 / 2 = -3')).toBe(true);
    expect(matching('id / 2 = 1')).toEqual([2, 3]);
  });

  it('divides decimals exactly', () => {
    expect(holds('7.0 / 2 = 3.5')).toBe(true);
    expect(holds('7 / 2.0 = 3.5')).toBe(true);
    expect(matching('score / 2 = 0.75')).toEqual([1]);
  });

  it('keeps the sign of the dividend in %', () => {
    expect(holds('7 % 3 = 1')).toBe(true);
    expect(holds('-7 % 3 = -1')).toBe(true);
    expect(holds('7.5 % 2 = 1.5')).toBe(true);
  });

  it('counts booleans as 1 and 0', () => {
    expect(matching('active + 1 = 2')).toEqual([1, 4]);
    expect(holds('(1 < 2) + (2 < 3) = 2')).toBe(true);
  });

  it('reads a quoted number as a number', () => {
    expect(matching("id + '1' = 2")).toEqual([1]);
  });
});

describe('numbers as conditions', () => {
  it('treats non-zero as true, as Kinetica does', () => {
    expect(matching('id - 1')).toEqual([2, 3, 4]);
    expect(matching('not active')).toEqual([2]);
    expect(matching('active and id > 1')).toEqual([4]);
    expect(holds('2 and 0.5')).toBe(true);
  });
});

describe('division by zero', () => {
  it('fails the evaluation, naming the division', () => {
    const filter = compileFilter('id / (id - 2) > 0', columns);
    expect(errorOf(() => rows.filter(filter)).message).toBe(
      "Division by zero in 'id / (id - 2)' while evaluating expression 'id / (id - 2) > 0'; guard the divisor, " +
        "e.g. 'b != 0 and a / b > 1' (and/or stop at the first operand that decides)",
    );
    expect(errorOf(() => holds('1 % 0 = 1')).message).toBe(
      "Division by zero in '1 % 0' while evaluating expression '1 % 0 = 1'; guard the divisor, " +
        "e.g. 'b != 0 and a / b > 1' (and/or stop at the first operand that decides)",
    );
  });

  it('is avoided by a guard before it, since and/or stop at the deciding operand', () => {
    expect(matching('id != 2 and 6 / (id - 2) < 0')).toEqual([1]);
    expect(matching('id = 2 or 6 / (id - 2) > 2')).toEqual([2, 3, 4]);
  });
});

describe('column names', () => {
  it('match without regard to case when no name matches exactly', () => {
    expect(matching('ID = 1')).toEqual([1]);
    expect(matching('"Score" > 5')).toEqual([3]);
  });

  it('prefer the exact name', () => {
    const table: ExprColumn[] = [
      { name: 'Name', base: 'string', nullable: false },
      { name: 'name', base: 'string', nullable: false },
    ];
    const filter = compileFilter("Name = 'x' and name = 'y'", table);
    expect(filter({ Name: 'x', name: 'y' })).toBe(true);
  });

  it('fail when several names differ only in case from the one written', () => {
    const table: ExprColumn[] = [
      { name: 'Name', base: 'string', nullable: false },
      { name: 'name', base: 'string', nullable: false },
    ];
    expect(filterError("NAME = 'x'", table).message).toBe(
      "Column name 'NAME' in expression 'NAME = 'x'' matches several columns that differ only in case ('Name', 'name'); " +
        'write the name with its exact case',
    );
  });

  it('fail when unknown, listing the table columns', () => {
    expect(filterError('nope = 1').message).toBe(
      "Unknown column 'nope' in expression 'nope = 1': the table's columns are id, big, score, ratio, name, active, payload, first name",
    );
  });

  it('read double-quoted text that names no column as a string, as the Python client writes key lookups', () => {
    expect(matching('name = "alpha"')).toEqual([1]);
    expect(matching('"first name" = "Bob"')).toEqual([3]);
    expect(matching('name in ("alpha", "Beta_1%") and "name" like "B%"')).toEqual([4]);
    expect(matching(`"name" = 'alpha'`)).toEqual([1]);
    // `""` is a quote inside, as in a quoted column name.
    expect(holds(`"say ""hi""" = 'say "hi"'`)).toBe(true);
  });

  it('read double-quoted text that names a column as that column, by the bare-name lookup', () => {
    // "NAME" names the column name, so this compares the column with itself: single quotes make it text.
    expect(matching('name = "NAME"')).toEqual([1, 3, 4]);
    expect(matching("name = 'NAME'")).toEqual([]);
  });

  it('keep double quotes for names only when asked to (SQL), explaining them when a name is unknown', () => {
    expect(errorOf(() => compileFilter('name = "alpha"', columns, 'column')).message).toBe(
      "Unknown column 'alpha' in expression 'name = \"alpha\"': the table's columns are id, big, score, ratio, name, active, " +
        'payload, first name; double quotes name a column, write a string constant in single quotes',
    );
  });

  it('say when the table has no columns', () => {
    expect(filterError('x = 1', []).message).toBe("Unknown column 'x' in expression 'x = 1': the table's columns are (none)");
  });
});

describe('type errors', () => {
  it('reject comparing a number with a string that is not a number', () => {
    expect(filterError("id = 'x'").message).toBe(
      "Type mismatch at position 1 in expression 'id = 'x'': '=' cannot compare int column 'id' with string 'x'; " +
        'compare values of one type (numbers unquoted, strings in single quotes)',
    );
  });

  it('reject comparing a string column with a number', () => {
    expect(filterError('name = 5').message).toBe(
      "Type mismatch at position 1 in expression 'name = 5': '=' cannot compare string column 'name' with number 5; " +
        'compare values of one type (numbers unquoted, strings in single quotes)',
    );
  });

  it('name the list item or bound that does not fit', () => {
    expect(filterError("id in (1, 'two')").message).toBe(
      "Type mismatch at position 11 in expression 'id in (1, 'two')': 'in' cannot compare int column 'id' with string 'two'; " +
        'compare values of one type (numbers unquoted, strings in single quotes)',
    );
    expect(filterError("score between 1 and 'z'").message).toBe(
      "Type mismatch at position 21 in expression 'score between 1 and 'z'': 'between' cannot compare double column 'score' " +
        "with string 'z'; compare values of one type (numbers unquoted, strings in single quotes)",
    );
  });

  it('reject comparing bytes with anything but bytes', () => {
    expect(filterError("payload = 'a'").message).toBe(
      "Type mismatch at position 1 in expression 'payload = 'a'': '=' cannot compare bytes column 'payload' with string 'a'; " +
        'compare values of one type (numbers unquoted, strings in single quotes)',
    );
  });

  it('describe expressions by their type and text', () => {
    expect(filterError("id + 1 = 'x'").message).toBe(
      "Type mismatch at position 1 in expression 'id + 1 = 'x'': '=' cannot compare number expression 'id + 1' " +
        "with string 'x'; compare values of one type (numbers unquoted, strings in single quotes)",
    );
    expect(filterError("(id > 1) = 'x'").message).toBe(
      "Type mismatch at position 1 in expression '(id > 1) = 'x'': '=' cannot compare condition '(id > 1)' " +
        "with string 'x'; compare values of one type (numbers unquoted, strings in single quotes)",
    );
  });

  it('reject arithmetic on strings', () => {
    expect(filterError('id + name = 1').message).toBe(
      "Type mismatch at position 6 in expression 'id + name = 1': '+' needs a number, got string column 'name'",
    );
    expect(filterError("-'a' = 1").message).toBe(
      "Type mismatch at position 2 in expression '-'a' = 1': '-' needs a number, got string 'a'",
    );
  });

  it('reject like on anything but strings', () => {
    expect(filterError("id like '1%'").message).toBe(
      "Type mismatch at position 1 in expression 'id like '1%'': 'like' needs a string, got int column 'id'; " +
        'apply it to a string column and a quoted pattern',
    );
    expect(filterError('name like 5').message).toBe(
      "Type mismatch at position 11 in expression 'name like 5': 'like' needs a string, got number 5; " +
        'apply it to a string column and a quoted pattern',
    );
  });

  it('reject strings and bytes used as conditions', () => {
    expect(filterError('name').message).toBe(
      "Expression 'name' uses string column 'name' as a condition at position 1: a condition is a comparison, a boolean " +
        "or a number (non-zero is true); compare the value, e.g. name = 'x'",
    );
    expect(filterError("id = 1 and 'yes'").message).toBe(
      "Expression 'id = 1 and 'yes'' uses string 'yes' as a condition at position 12: a condition is a comparison, " +
        "a boolean or a number (non-zero is true); compare the value, e.g. name = 'x'",
    );
    expect(filterError('not payload').message).toBe(
      "Expression 'not payload' uses bytes column 'payload' as a condition at position 5: a condition is a comparison, " +
        "a boolean or a number (non-zero is true); compare the value, e.g. name = 'x'",
    );
  });
});

describe('number literals out of range', () => {
  it('reject integers beyond the exactly representable range', () => {
    expect(filterError('big = 9007199254740993').message).toBe(
      "Number 9007199254740993 at position 7 in expression 'big = 9007199254740993' is outside the range kinetica-mock " +
        'evaluates exactly: integers from -9007199254740991 to 9007199254740991, finite decimals',
    );
  });

  it('reject decimals that overflow a double', () => {
    expect(filterError('score < 1e999').message).toBe(
      "Number 1e999 at position 9 in expression 'score < 1e999' is outside the range kinetica-mock " +
        'evaluates exactly: integers from -9007199254740991 to 9007199254740991, finite decimals',
    );
  });
});
