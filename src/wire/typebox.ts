/**
 * TypeBox schemas derived from the Avro records, used to check JSON request bodies. Deriving them
 * (instead of writing them) keeps the JSON validation and the Avro codec in step by construction.
 */
import type { TSchema } from '@sinclair/typebox';
import { lazyTypeBox } from '../lazy-typebox.js';
import type { AvroRecord, AvroType } from './schemas.js';

const INT_RANGE = { minimum: -2147483648, maximum: 2147483647 };

/** The JSON form of an Avro type: bytes travel as strings, every record is closed. */
export function typeBoxOf(type: AvroType): TSchema {
  if (typeof type === 'string') {
    switch (type) {
      case 'null':
        return lazyTypeBox.Type.Null();
      case 'boolean':
        return lazyTypeBox.Type.Boolean();
      case 'int':
        return lazyTypeBox.Type.Integer(INT_RANGE);
      case 'long':
        return lazyTypeBox.Type.Integer();
      case 'float':
      case 'double':
        return lazyTypeBox.Type.Number();
      case 'bytes':
      case 'string':
        return lazyTypeBox.Type.String();
    }
  }
  if (Array.isArray(type)) return lazyTypeBox.Type.Union(type.map(typeBoxOf));
  switch (type.type) {
    case 'map':
      return lazyTypeBox.Type.Record(lazyTypeBox.Type.String(), typeBoxOf(type.values));
    case 'array':
      return lazyTypeBox.Type.Array(typeBoxOf(type.items));
    case 'record':
      return recordTypeBox(type);
  }
}

export function recordTypeBox(record: AvroRecord): TSchema {
  const properties: Record<string, TSchema> = {};
  for (const field of record.fields) properties[field.name] = typeBoxOf(field.type);
  return lazyTypeBox.Type.Object(properties, { additionalProperties: false, $id: record.name });
}

/** How an Avro type reads in a message: `map of string`, `array of long`, ... */
export function describeAvroType(type: AvroType): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.map(describeAvroType).join(' or ');
  switch (type.type) {
    case 'map':
      return `map of ${describeAvroType(type.values)}`;
    case 'array':
      return `array of ${describeAvroType(type.items)}`;
    case 'record':
      return `record ${type.name}`;
  }
}
