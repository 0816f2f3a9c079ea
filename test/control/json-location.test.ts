import { describe, expect, it } from 'vitest';
import { findSyntaxError, formatPath, locate } from '../../src/control/json-location.js';

describe('positions in JSON texts', () => {
  it('finds where a text stops being JSON, with line and column, for every kind of mistake', () => {
    expect(findSyntaxError('{"a": 1}')).toBeUndefined();
    expect(findSyntaxError('{\n  "a": 1,\n}')).toEqual({ position: { line: 3, column: 1 }, problem: "expected a property name in double quotes, found '}'" });
    expect(findSyntaxError('{"a" 1}')).toEqual({ position: { line: 1, column: 6 }, problem: "expected ':' after the property name, found '1'" });
    // JSON.parse names no position for this one.
    expect(findSyntaxError('{"a": tru}')).toEqual({ position: { line: 1, column: 7 }, problem: "expected a value, found 't'" });
    expect(findSyntaxError('[1, 2')?.problem).toBe("expected ',' or ']' after an item, found the end of the text");
    expect(findSyntaxError('')?.problem).toBe('expected a value, found the end of the text');
    expect(findSyntaxError('{"a": "x\ny"}')?.problem).toMatch(/control character/);
    expect(findSyntaxError('{"a": "\\q"}')?.problem).toBe('an invalid escape in a string');
    expect(findSyntaxError('{"a": 01}')?.position).toEqual({ line: 1, column: 8 });
    expect(findSyntaxError('[1] [2]')?.problem).toBe('unexpected text after the end of the document');
  });

  it('agrees with JSON.parse on what is valid', () => {
    const samples = ['{}', '[]', '"x"', '-1.5e3', 'null', '{"a": [true, false, null, {"b": "\\u00e9\\n"}]}', '{"a":}', '[,]', '{"a":1}}', 'nul', '1.', '.5', '"\\u12"'];
    for (const sample of samples) {
      let valid = true;
      try {
        JSON.parse(sample);
      } catch {
        valid = false;
      }
      expect(findSyntaxError(sample) === undefined, sample).toBe(valid);
    }
  });

  it('locates the value at a path, or its deepest existing ancestor', () => {
    const text = '{\n  "tables": [\n    {"name": "x", "records": [\n      {"id": 1},\n      {"id": "two"}\n    ]}\n  ],\n  "users": "}{"\n}';
    expect(locate(text, ['tables', 0, 'records', 1])).toEqual({ line: 5, column: 7 });
    expect(locate(text, ['tables', 0, 'name'])).toEqual({ line: 3, column: 14 });
    expect(locate(text, ['users'])).toEqual({ line: 8, column: 12 });
    expect(locate(text, ['tables', 3])).toEqual({ line: 2, column: 13 });
    expect(locate(text, [])).toEqual({ line: 1, column: 1 });
  });

  it('writes paths as people read them', () => {
    expect(formatPath(['tables', 0, 'records', 12])).toBe('tables[0].records[12]');
    expect(formatPath([])).toBe('');
  });
});
