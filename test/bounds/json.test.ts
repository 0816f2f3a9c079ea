import { describe, expect, it } from 'vitest';
import { jsonTooDeepAt, JsonTooDeepError, MAX_JSON_DEPTH, parseBoundedJson } from '../../src/bounds/json.js';

describe('the JSON depth check', () => {
  it('accepts a document that nests exactly to the bound', () => {
    const text = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(jsonTooDeepAt(text)).toBe(-1);
    expect(parseBoundedJson(text)).toBeInstanceOf(Array);
  });

  it('finds the first bracket past the bound, objects and arrays alike', () => {
    const text = '{"a":'.repeat(MAX_JSON_DEPTH) + '[1]' + '}'.repeat(MAX_JSON_DEPTH);
    expect(jsonTooDeepAt(text)).toBe(MAX_JSON_DEPTH * 5);
    expect(() => parseBoundedJson(text)).toThrow(JsonTooDeepError);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const inner = '"' + '[{\\"'.repeat(1000) + '"';
    expect(jsonTooDeepAt(`{"a": ${inner}}`)).toBe(-1);
    expect(parseBoundedJson(`{"a": ${inner}}`)).toEqual({ a: '[{"'.repeat(1000) });
  });

  it('refuses a megabyte of opening brackets at the first one past the bound', () => {
    expect(jsonTooDeepAt('['.repeat(1 << 20))).toBe(MAX_JSON_DEPTH);
  });

  it('leaves syntax errors to JSON.parse', () => {
    expect(() => parseBoundedJson('{"a": }')).toThrow(SyntaxError);
  });
});
