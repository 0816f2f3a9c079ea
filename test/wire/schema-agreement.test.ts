/**
 * For every registered endpoint, the Avro codec, the JSON validation and the schema agree: a value
 * the schema allows passes both encodings and decodes to itself; dropping, adding or mistyping a
 * field is refused in JSON with a message that names the field.
 */
import { describe, expect, it } from 'vitest';
import { emulatedEndpointPaths } from '../../src/app.js';
import { codecOf, decodeRequest } from '../../src/wire/codec.js';
import { schemaOf, type AvroType } from '../../src/wire/schemas.js';
import { renderRecordsModule } from '../../src/wire/records-source.js';
import { readFileSync } from 'node:fs';

const paths = emulatedEndpointPaths();
const LIMIT = 1 << 24;

function toJsonForm(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (Array.isArray(value)) return value.map(toJsonForm);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonForm(v)]));
  }
  return value;
}

/** A JSON value of a different kind than the Avro type takes. */
function wrongValueFor(type: AvroType): unknown {
  if (typeof type === 'string') return type === 'string' || type === 'bytes' ? 12 : 'text';
  if (Array.isArray(type)) return type.includes('string') ? 12 : 'text';
  return type.type === 'array' ? { not: 'an array' } : ['not', 'a', 'map'];
}

describe('codec, validation and schema agree for every registered endpoint', () => {
  it('registers endpoints', () => {
    expect(paths.length).toBeGreaterThan(0);
  });

  for (const path of paths) {
    describe(path, () => {
      const codec = codecOf(path);
      const record = schemaOf(path).request;

      it('takes the fields of the Avro request record, in wire order', () => {
        const properties = Object.keys((codec.requestCheck.Schema() as unknown as { properties: object }).properties);
        expect(properties).toEqual(record.fields.map((field) => field.name));
      });

      it('decodes random valid requests alike in binary and JSON', () => {
        for (let i = 0; i < 20; i++) {
          const value = codec.requestType.random();
          const binary = decodeRequest(codec, 'binary', codec.requestType.toBuffer(value), LIMIT);
          const json = decodeRequest(codec, 'json', Buffer.from(JSON.stringify(toJsonForm(value))), LIMIT);
          // avsc cannot compare maps, so compare canonical encodings (maps keep their key order).
          const expected = codec.requestType.toBuffer(value);
          expect(codec.requestType.toBuffer(binary).equals(expected)).toBe(true);
          expect(codec.requestType.toBuffer(json).equals(expected)).toBe(true);
        }
      });

      it('refuses a JSON request missing any field, naming it', () => {
        const value = toJsonForm(codec.requestType.random()) as Record<string, unknown>;
        for (const field of record.fields) {
          const { [field.name]: _dropped, ...rest } = value;
          expect(() => decodeRequest(codec, 'json', Buffer.from(JSON.stringify(rest)), LIMIT)).toThrow(
            `Missing required field '${field.name}'`,
          );
        }
      });

      it('refuses an unknown field and a mistyped field, naming them', () => {
        const value = toJsonForm(codec.requestType.random()) as Record<string, unknown>;
        expect(() =>
          decodeRequest(codec, 'json', Buffer.from(JSON.stringify({ ...value, not_a_field: 1 })), LIMIT),
        ).toThrow("Unknown field 'not_a_field'");
        for (const field of record.fields) {
          const wrong = { ...value, [field.name]: wrongValueFor(field.type) };
          expect(() => decodeRequest(codec, 'json', Buffer.from(JSON.stringify(wrong)), LIMIT)).toThrow(
            new RegExp(`^Field '${field.name}(\\.|\\[|')`),
          );
        }
      });
    });
  }
});

describe('the generated record types', () => {
  it('are up to date with the Avro schemas (npm run gen:records)', () => {
    const onDisk = readFileSync(new URL('../../src/generated/records.ts', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderRecordsModule());
  });
});
