import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { AvroBoundsError, avroBoundsChecker, MAX_AVRO_DEPTH, MAX_EMPTY_ITEMS, type AvroType } from '../../src/bounds/avro.js';
import { endpointSchemas } from '../../src/wire/schemas.js';

function refusal(type: AvroType, bytes: number[] | Buffer): AvroBoundsError {
  try {
    avroBoundsChecker(type)(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  } catch (error) {
    if (error instanceof AvroBoundsError) return error;
    throw error;
  }
  throw new Error('the bytes were accepted');
}

const OPTIONS: AvroType = { type: 'record', name: 'r', fields: [{ name: 'options', type: { type: 'map', values: 'string' } }] };

describe('the Avro bounds walk', () => {
  it('accepts every value avsc writes for every Kinetica request record', () => {
    for (const schema of endpointSchemas.values()) {
      const type = avro.Type.forSchema(schema.request as avro.Schema);
      const check = avroBoundsChecker(schema.request as AvroType);
      for (let i = 0; i < 5; i++) expect(() => check(type.toBuffer(type.random()))).not.toThrow();
    }
  });

  it('refuses the five bytes that made avsc loop: a map block claiming billions of entries', () => {
    const error = refusal(OPTIONS, [0xc1, 0xf6, 0xb9, 0xe2, 0x54]);
    expect(error.field).toBe('options');
    expect(error.truncated).toBe(false);
    expect(error.problem).toMatch(/^a block claims \d+ entries but only 0 bytes remain \(room for at most 0\)$/);
  });

  it('counts a map entry as at least its key length and its value', () => {
    // Two entries need four bytes (two one-byte keys of length 0, two empty values): three are too few.
    expect(refusal(OPTIONS, [0x04, 0x00, 0x00, 0x00]).problem).toBe('a block claims 2 entries but only 3 bytes remain (room for at most 1)');
    expect(() => avroBoundsChecker(OPTIONS)(Buffer.from([0x04, 0x00, 0x00, 0x00, 0x00, 0x00]))).not.toThrow();
  });

  it('refuses an array of doubles that claims more items than its bytes hold (eight bytes each)', () => {
    const type: AvroType = { type: 'array', items: 'double' };
    expect(refusal(type, [0x04, ...new Array(15).fill(0)]).problem).toBe('a block claims 2 items but only 15 bytes remain (room for at most 1)');
  });

  it('checks the byte size that follows a negative block count', () => {
    const type: AvroType = { type: 'array', items: 'int' };
    // Count -1 (zig-zag 1), size 100 (zig-zag 200 = 0xc8 0x01), then one int.
    expect(refusal(type, [0x01, 0xc8, 0x01, 0x02, 0x00]).problem).toBe('a block claims 100 bytes but only 2 bytes remain');
    expect(() => avroBoundsChecker(type)(Buffer.from([0x01, 0x02, 0x02, 0x00]))).not.toThrow();
  });

  it('refuses string and bytes lengths longer than what remains, and negative ones', () => {
    expect(refusal('string', [0x0a, 0x61]).problem).toBe('a string value claims 5 bytes but only 1 byte remains');
    expect(refusal('bytes', [0x03]).problem).toBe('a bytes value has a negative length (-2)');
  });

  it('refuses a number longer than ten bytes', () => {
    expect(refusal('long', new Array(11).fill(0xff)).problem).toBe('a number is longer than 10 bytes');
  });

  it('refuses a union branch that does not exist', () => {
    expect(refusal(['null', 'string'], [0x04]).problem).toBe('union branch 2 does not exist (the union has 2)');
  });

  it('tells plain truncation apart, so callers keep their own words for it', () => {
    const error = refusal('double', [0, 0, 0]);
    expect(error.truncated).toBe(true);
  });

  it('caps items of an empty type across all blocks', () => {
    const type: AvroType = { type: 'array', items: 'null' };
    const count = (n: number) => {
      const zigzag = n * 2;
      const out: number[] = [];
      let rest = zigzag;
      while (rest >= 0x80) {
        out.push((rest % 0x80) | 0x80);
        rest = Math.floor(rest / 0x80);
      }
      out.push(rest);
      return out;
    };
    expect(() => avroBoundsChecker(type)(Buffer.from([...count(MAX_EMPTY_ITEMS), 0]))).not.toThrow();
    const half = MAX_EMPTY_ITEMS / 2;
    expect(refusal(type, [...count(half), ...count(half + 1), 0]).problem).toMatch(/of an empty type/);
  });

  it('refuses a schema nested deeper than the bound when the checker is built', () => {
    let deep: AvroType = 'int';
    for (let i = 0; i <= MAX_AVRO_DEPTH; i++) deep = { type: 'array', items: deep };
    expect(() => avroBoundsChecker(deep)).toThrow(`the type nests deeper than ${MAX_AVRO_DEPTH} levels`);
  });

  it('names the path of a field inside records, arrays and maps', () => {
    const type: AvroType = {
      type: 'record', name: 'r',
      fields: [{ name: 'list', type: { type: 'array', items: { type: 'record', name: 'i', fields: [{ name: 'tags', type: { type: 'map', values: 'string' } }] } } }],
    };
    // One list item whose tags map claims 50 entries.
    expect(refusal(type, [0x02, 0x64]).field).toBe('list[].tags');
  });
});
