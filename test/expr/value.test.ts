import { describe, expect, it } from 'vitest';
import { compileValue, type ExprColumn } from '../../src/expr/index.js';
import { columns, errorOf, rows, SUPPORTED } from './table.js';

const column = (name: string): ExprColumn => columns.find((candidate) => candidate.name === name)!;

/** The value the expression gives for each row of the shared table. */
function valuesOf(expression: string, target: string): unknown[] {
  const value = compileValue(expression, columns, column(target));
  return rows.map((row) => value(row));
}

const valueError = (expression: string, target: string) => errorOf(() => compileValue(expression, columns, column(target)));
const rowError = (expression: string, target: string, row: number) =>
  errorOf(() => compileValue(expression, columns, column(target))(rows[row]!)).message;

describe('values', () => {
  it('give constants', () => {
    expect(valuesOf('42', 'id')).toEqual([42, 42, 42, 42]);
    expect(valuesOf("'it''s'", 'name')).toEqual(["it's", "it's", "it's", "it's"]);
    expect(valuesOf('-2.5', 'score')).toEqual([-2.5, -2.5, -2.5, -2.5]);
  });

  it('give a double-quoted text that names no column as a string constant', () => {
    expect(valuesOf('"closed"', 'name')).toEqual(['closed', 'closed', 'closed', 'closed']);
  });

  it('copy other columns', () => {
    expect(valuesOf('"first name"', 'name')).toEqual(['Ann', null, 'Bob', '']);
    expect(valuesOf('payload', 'payload')).toEqual([Buffer.from('a'), null, null, Buffer.from('b')]);
  });

  it('compute arithmetic over the row', () => {
    expect(valuesOf('id * 10 + 1', 'id')).toEqual([11, 21, 31, 41]);
    expect(valuesOf('id / 2', 'id')).toEqual([0, 1, 1, 2]);
    expect(valuesOf('score * 2', 'score')).toEqual([3, null, 20, -4.5]);
  });

  it('give null for null operands when the column is nullable', () => {
    expect(valuesOf('null', 'score')).toEqual([null, null, null, null]);
    expect(valuesOf('score + 1', 'score')).toEqual([2.5, null, 11, -1.25]);
  });

  it('read a quoted number for a numeric column', () => {
    expect(valuesOf("'12'", 'id')).toEqual([12, 12, 12, 12]);
    expect(valuesOf("'0.25'", 'score')).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('round float values to float precision', () => {
    expect(valuesOf('0.1', 'ratio')).toEqual(Array(4).fill(Math.fround(0.1)));
  });

  it('store booleans as 1 and 0', () => {
    expect(valuesOf('true', 'active')).toEqual([1, 1, 1, 1]);
    expect(valuesOf("'false'", 'active')).toEqual([0, 0, 0, 0]);
    expect(valuesOf('id > 2', 'active')).toEqual([0, 0, 1, 1]);
    expect(valuesOf('id - 1', 'active')).toEqual([0, 1, 1, 1]);
    expect(valuesOf('score > 0', 'active')).toEqual([1, null, 1, 0]);
  });

  it('store conditions as 1 and 0 in numeric columns', () => {
    expect(valuesOf('id >= 3', 'id')).toEqual([0, 0, 1, 1]);
  });
});

describe('value errors', () => {
  it('reject blank text', () => {
    expect(valuesError('  ', 'id')).toBe("Value expression for column 'id' is empty; give a constant or an expression");
  });

  it('reject the parse errors of filters', () => {
    expect(valuesError('abs(id)', 'id')).toBe(
      `Unsupported function call 'abs()' at position 1 in expression 'abs(id)': kinetica-mock does not evaluate it. ${SUPPORTED}`,
    );
  });

  it('reject null for a column that is not nullable, at compile time for the null constant', () => {
    expect(valuesError('null', 'id')).toBe("Value of expression 'null' is null, but column 'id' is not nullable; give a value");
    const value = compileValue('big', columns, column('id'));
    expect(errorOf(() => value(rows[1]!)).message).toBe(
      "Value of expression 'big' is null, but column 'id' is not nullable; give a value",
    );
  });

  it('reject strings for numeric columns', () => {
    expect(valuesError("'abc'", 'id')).toBe(
      "Value of expression ''abc'' for int column 'id' is string 'abc'; give a number or a numeric expression",
    );
    expect(valuesError('name', 'score')).toBe(
      "Value of expression 'name' for double column 'score' is string column 'name'; give a number or a numeric expression",
    );
  });

  it('reject numbers and conditions for string columns', () => {
    expect(valuesError('5', 'name')).toBe(
      "Value of expression '5' for string column 'name' is number 5; quote string constants ('text')",
    );
    expect(valuesError('id = 1', 'name')).toBe(
      "Value of expression 'id = 1' for string column 'name' is condition 'id = 1'; quote string constants ('text')",
    );
  });

  it('reject anything but bytes for bytes columns', () => {
    expect(valuesError("'abc'", 'payload')).toBe(
      "Value of expression ''abc'' for bytes column 'payload' is string 'abc'; give another bytes column or null",
    );
  });

  it('reject words other than true and false for boolean columns', () => {
    expect(valuesError("'yes'", 'active')).toBe(
      "Value of expression ''yes'' for boolean column 'active' is string 'yes'; give true, false, 1, 0 or a condition",
    );
  });

  it('reject bytes for numeric columns', () => {
    expect(valuesError('payload', 'big')).toBe(
      "Value of expression 'payload' for long column 'big' is bytes column 'payload'; give a number or a numeric expression",
    );
  });

  it('reject int values out of range, at compile time for constants', () => {
    expect(valuesError('2147483648', 'id')).toBe(
      "Value 2147483648 of expression '2147483648' is out of range for int column 'id' (-2147483648 to 2147483647)",
    );
    expect(valuesOf('-2147483648', 'id')).toEqual(Array(4).fill(-2147483648));
    expect(rowError('big * 1000000000', 'id', 0)).toBe(
      "Value 10000000000 of expression 'big * 1000000000' is out of range for int column 'id' (-2147483648 to 2147483647)",
    );
  });

  it('reject long values beyond the exactly kept range', () => {
    expect(rowError('big + 1', 'big', 3)).toBe(
      "Value 9007199254740992 of expression 'big + 1' is out of range for long column 'big' " +
        '(-9007199254740991 to 9007199254740991, the range kinetica-mock keeps exactly)',
    );
  });

  it('reject fractions for int and long columns', () => {
    expect(rowError('score', 'id', 0)).toBe(
      "Value 1.5 of expression 'score' is not a whole number, as int column 'id' needs; " +
        'keep the arithmetic on whole numbers (division of whole numbers truncates)',
    );
    expect(valuesError('2.5', 'big')).toBe(
      "Value 2.5 of expression '2.5' is not a whole number, as long column 'big' needs; " +
        'keep the arithmetic on whole numbers (division of whole numbers truncates)',
    );
    expect(valuesOf('4.0', 'id')).toEqual([4, 4, 4, 4]);
  });

  it('reject float and double values out of range', () => {
    expect(valuesError('1e39', 'ratio')).toBe(
      "Value 1e+39 of expression '1e39' is out of range for float column 'ratio' (-3.4028234663852886e+38 to 3.4028234663852886e+38)",
    );
    expect(rowError('score * 1e308', 'score', 2)).toBe(
      "Value Infinity of expression 'score * 1e308' is out of range for double column 'score' (a finite double)",
    );
  });
});

function valuesError(expression: string, target: string): string {
  return valueError(expression, target).message;
}
