/**
 * CREATE TABLE column definitions (sql-ddl.mdx "Column Types" and "Column Properties") as the
 * Avro field and property list /create/type takes. The properties themselves are checked by the
 * type model behind /create/type, so a wrong property fails there with its own message.
 */
import { sqlErrors } from '../errors/sql.js';
import type { ColumnDefinition } from './ast.js';

export type StoredBase = 'int' | 'long' | 'float' | 'double' | 'string' | 'bytes';

export interface ColumnSpec {
  name: string;
  base: StoredBase;
  /** /create/type properties, lower case (nullable is expressed by the Avro union instead). */
  properties: string[];
  nullable: boolean;
}

interface TypeWord {
  base: StoredBase;
  property?: string;
  /** What the sizes in parentheses mean for this type. */
  sizes?: 'chars' | 'decimal' | 'vector';
  /** The item type when the type is used as an array (TYPE[N]). */
  arrayItem?: string;
}

const TYPE_WORDS: Record<string, TypeWord> = {
  BOOLEAN: { base: 'int', property: 'boolean', arrayItem: 'boolean' },
  TINYINT: { base: 'int', property: 'int8' },
  BYTE: { base: 'int', property: 'int8' },
  SMALLINT: { base: 'int', property: 'int16' },
  INTEGER: { base: 'int', arrayItem: 'int' },
  INT: { base: 'int', arrayItem: 'int' },
  BIGINT: { base: 'long', arrayItem: 'long' },
  LONG: { base: 'long', arrayItem: 'long' },
  // DECIMAL and NUMERIC alone are aliases of BIGINT; with (P,S) they are decimal(p,s).
  DECIMAL: { base: 'long', sizes: 'decimal' },
  NUMERIC: { base: 'long', sizes: 'decimal' },
  'UNSIGNED BIGINT': { base: 'string', property: 'ulong', arrayItem: 'ulong' },
  REAL: { base: 'float', arrayItem: 'float' },
  FLOAT: { base: 'float', arrayItem: 'float' },
  DOUBLE: { base: 'double', arrayItem: 'double' },
  VARCHAR: { base: 'string', sizes: 'chars', arrayItem: 'string' },
  CHAR: { base: 'string', sizes: 'chars', arrayItem: 'string' },
  STRING: { base: 'string', sizes: 'chars', arrayItem: 'string' },
  TEXT: { base: 'string', sizes: 'chars', arrayItem: 'string' },
  IPV4: { base: 'string', property: 'ipv4' },
  UUID: { base: 'string', property: 'uuid' },
  JSON: { base: 'string', property: 'json' },
  DATE: { base: 'string', property: 'date' },
  TYPE_DATE: { base: 'string', property: 'date' },
  DATETIME: { base: 'string', property: 'datetime' },
  TIME: { base: 'string', property: 'time' },
  TYPE_TIME: { base: 'string', property: 'time' },
  TIMESTAMP: { base: 'long', property: 'timestamp' },
  TYPE_TIMESTAMP: { base: 'long', property: 'timestamp' },
  BLOB: { base: 'bytes' },
  BINARY: { base: 'bytes' },
  BYTES: { base: 'bytes' },
  VARBINARY: { base: 'bytes' },
  GEOMETRY: { base: 'string', property: 'wkt' },
  ST_GEOMETRY: { base: 'string', property: 'wkt' },
  WKT: { base: 'string', property: 'wkt' },
  VECTOR: { base: 'bytes', sizes: 'vector' },
};

const CHAR_WIDTHS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/** A table's columns as /create/type wants them: the Avro record and the property lists. */
export function columnSpec(definition: ColumnDefinition, inPrimaryKey: boolean): ColumnSpec {
  const { name, type } = definition;
  const word = TYPE_WORDS[type];
  if (!word) throw sqlErrors.unknownColumnType(type, name);
  const sizes = definition.args.filter((arg) => arg.size !== undefined).map((arg) => arg.size!);
  const properties = definition.args
    .filter((arg) => arg.property !== undefined)
    .map((arg) => (arg.argument === null || arg.argument === undefined ? arg.property! : `${arg.property!}(${arg.argument})`));
  let base = word.base;
  const typeProperties: string[] = [];

  if (definition.array !== null) {
    if (!word.arrayItem || sizes.length > 0) {
      throw sqlErrors.badTypeArgument(`${type}[${definition.array}]`, name, 'arrays hold BOOLEAN, INTEGER, BIGINT, UNSIGNED BIGINT, REAL, DOUBLE or VARCHAR items');
    }
    base = 'string';
    typeProperties.push(definition.array === '' ? `array(${word.arrayItem})` : `array(${word.arrayItem},${definition.array})`);
  } else {
    if (word.property) typeProperties.push(word.property);
    switch (word.sizes) {
      case undefined:
        if (sizes.length > 0) throw sqlErrors.badTypeArgument(`${type}(${sizes.join(', ')})`, name, `${type} takes no size`);
        break;
      case 'chars': {
        if (sizes.length > 1) throw sqlErrors.badTypeArgument(`${type}(${sizes.join(', ')})`, name, 'give one size, the most characters a value holds');
        const size = sizes[0];
        if (size !== undefined) {
          if (size < 1) throw sqlErrors.badTypeArgument(`${type}(${size})`, name, 'the size must be at least 1');
          const width = CHAR_WIDTHS.find((candidate) => candidate >= size);
          if (width !== undefined) typeProperties.push(`char${width}`);
        }
        break;
      }
      case 'decimal':
        if (sizes.length > 2) throw sqlErrors.badTypeArgument(`${type}(${sizes.join(', ')})`, name, 'give DECIMAL(precision, scale)');
        if (sizes.length > 0) {
          base = 'string';
          typeProperties.push(`decimal(${sizes[0]},${sizes[1] ?? 0})`);
        }
        break;
      case 'vector':
        if (sizes.length !== 1) throw sqlErrors.badTypeArgument(type, name, 'give the number of dimensions, as VECTOR(10)');
        typeProperties.push(`vector(${sizes[0]})`);
        break;
    }
  }

  const all = [...typeProperties, ...properties];
  const primaryKey = inPrimaryKey || all.includes('primary_key');
  if (definition.nullability === 'null' && primaryKey) throw sqlErrors.nullablePrimaryKey(name);
  // Columns are nullable unless NOT NULL or part of the primary key (which cannot hold nulls).
  const nullable = definition.nullability === null ? !primaryKey : definition.nullability === 'null';
  return { name, base, properties: all, nullable };
}
