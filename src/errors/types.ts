import { KineticaError } from './kinetica-error.js';

/**
 * Errors of record types: /create/type definitions, column properties and records converted
 * against a type. Column and property names are quoted as the request gave them.
 */

const BASE_TYPES = 'int, long, float, double, string or bytes';

/** Shows a value in a message: quoted, shortened when long. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'bigint') text = value.toString();
  else if (value instanceof Uint8Array) text = `<${value.length} bytes>`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return `'${text.length > 64 ? `${text.slice(0, 61)}...` : text}'`;
}

export const typeErrors = {
  // --- the type definition as a whole
  invalidJson: (detail: string) =>
    new KineticaError(
      `Type definition is not valid JSON (${detail}): send an Avro record schema or a list of columns as a JSON string`,
    ),
  notARecord: (got: string) =>
    new KineticaError(
      `Type definition must be an Avro record schema ({"type":"record","name":...,"fields":[...]}) ` +
        `or a list of columns ([["id","int","primary_key"],...]), got ${got}`,
    ),
  fieldsNotList: () =>
    new KineticaError(`Type definition has no 'fields' list: give the columns as "fields":[{"name":...,"type":...}]`),
  noColumns: () => new KineticaError('Type definition has no columns: give at least one column'),
  fieldNotObject: (index: number) =>
    new KineticaError(
      `Field ${index} of the type definition is not an object: give each column as {"name":...,"type":...}`,
    ),
  columnEntryNotList: (index: number) =>
    new KineticaError(
      `Column ${index} of the type definition is not a list: give each column as [name, type, property...] of strings`,
    ),
  missingColumnName: (index: number) =>
    new KineticaError(`Column ${index} of the type definition has no name: give each column a non-empty 'name'`),
  invalidColumnName: (name: string) =>
    new KineticaError(
      `Column name '${name}' is not valid: use letters, digits and underscores, starting with a letter or ` +
        `an underscore, at most 200 characters`,
    ),
  duplicateColumn: (name: string) =>
    new KineticaError(`Column '${name}' is defined more than once in the type definition: give each column once`),
  missingColumnType: (column: string) =>
    new KineticaError(`Column '${column}' has no type: give one of ${BASE_TYPES}`),

  // --- a column's type
  unsupportedType: (column: string, type: string) =>
    new KineticaError(`Column '${column}' has unsupported type ${type}: use ${BASE_TYPES}`),
  booleanBaseType: (column: string) =>
    new KineticaError(
      `Column '${column}' has type 'boolean', which is not a Kinetica base type: declare it 'int' with the 'boolean' property`,
    ),
  invalidUnion: (column: string, type: string) =>
    new KineticaError(
      `Column '${column}' has type ${type}: the only union allowed is one base type with "null", ` +
        `as ["int","null"] for a nullable int`,
    ),
  nullableWithoutUnion: (column: string, base: string) =>
    new KineticaError(
      `Column '${column}' has the 'nullable' property but its type '${base}' is not a union with null: ` +
        `declare the type as ["${base}","null"]`,
    ),
  unknownListType: (column: string, type: string) =>
    new KineticaError(
      `Column '${column}' has unknown type '${type}': use ${BASE_TYPES}, or a data type property ` +
        `such as char32, int8, boolean, timestamp, date, decimal, uuid or vector(10)`,
    ),

  // --- the properties map
  propertiesForUnknownColumn: (column: string, columns: string[]) =>
    new KineticaError(
      `Properties are given for column '${column}', which is not in the type definition; its columns are: ${columns.join(', ')}`,
    ),
  emptyProperty: (column: string) =>
    new KineticaError(`Column '${column}' has an empty property: remove it or give a property name`),
  unknownProperty: (column: string, property: string) =>
    new KineticaError(
      `Column '${column}' has unknown property '${property}': see /create/type for the valid column properties`,
    ),
  invalidPropertyArgument: (column: string, property: string, fix: string) =>
    new KineticaError(`Property '${property}' of column '${column}' is not valid: ${fix}`),
  propertyNotForBaseType: (column: string, property: string, base: string, validBases: string[]) =>
    new KineticaError(
      `Property '${property}' of column '${column}' does not apply to its base type '${base}': ` +
        `it applies only to ${validBases.join(' and ')} columns`,
    ),
  propertyNeedsProperty: (column: string, property: string, needed: string[]) =>
    new KineticaError(
      `Property '${property}' of column '${column}' applies only to ${needed.join(', ')} columns: ` +
        `add one of those properties or remove '${property}'`,
    ),
  conflictingProperties: (column: string, first: string, second: string) =>
    new KineticaError(
      `Column '${column}' cannot have both '${first}' and '${second}': they are mutually exclusive; remove one`,
    ),
  twoDataTypes: (column: string, first: string, second: string) =>
    new KineticaError(
      `Column '${column}' has two data type properties, '${first}' and '${second}': keep one`,
    ),
  nullablePrimaryKey: (column: string) =>
    new KineticaError(
      `Primary key column '${column}' cannot be nullable: remove 'primary_key', or remove 'nullable' and "null" from its type`,
    ),
  shardKeyOutsidePrimaryKey: (column: string, primaryKey: string[]) =>
    new KineticaError(
      `Shard key column '${column}' is not part of the primary key (${primaryKey.join(', ')}): ` +
        `when a type has a primary key, every shard key column must also have 'primary_key'`,
    ),

  // --- records converted against a type
  recordNotObject: (got: string) =>
    new KineticaError(`Record must be a JSON object of column values, got ${got}`),
  recordUnknownColumn: (column: string, columns: string[]) =>
    new KineticaError(
      `Record has a value for '${column}', which is not a column of the type; its columns are: ${columns.join(', ')}`,
    ),
  recordMissingColumn: (column: string) =>
    new KineticaError(`Record has no value for column '${column}', which is not nullable: give a value`),
  recordNullInNotNullable: (column: string) =>
    new KineticaError(`Record has null for column '${column}', which is not nullable: give a value`),
  recordWrongType: (column: string, value: unknown, expected: string) =>
    new KineticaError(`Cannot convert ${showValue(value)} to ${expected} for column '${column}'`),
  invalidValue: (column: string, value: unknown, problem: string) =>
    new KineticaError(`Value ${showValue(value)} of column '${column}' ${problem}`),
} as const;

/**
 * What ColumnModel.check reports: a short phrase that follows the value, as in
 * "Value '2024-13-01' of column 'd' is not a date ..." (typeErrors.invalidValue composes it).
 */
export const valueProblems = {
  notInt: () => 'is not an int (a whole number from -2147483648 to 2147483647)',
  notLong: () => 'is not a long (a whole number from -9223372036854775808 to 9223372036854775807)',
  notFloat: () => 'is not a float (a number within +/-3.4028235e38)',
  notDouble: () => 'is not a double',
  notString: () => 'is not a string',
  notBytes: () => 'is not bytes',
  outOfRange: (property: string, min: string, max: string) =>
    `is out of the ${property} range ${min} to ${max}`,
  tooLong: (property: string, limit: number) => `is longer than ${limit} characters (${property})`,
  notDate: () => 'is not a date in the form YYYY-MM-DD from 1000-01-01 to 2900-12-31',
  notTime: () => 'is not a time in the form HH:MM:SS.mmm from 00:00:00.000 to 23:59:59.999',
  notDatetime: () =>
    'is not a datetime in the form YYYY-MM-DD HH:MM:SS.mmm from 1000-01-01 00:00:00.000 to 2900-12-31 23:59:59.999',
  notTimestamp: () =>
    'is not a timestamp: milliseconds since 1970-01-01 from -30610224000000 (1000-01-01) to 29379542399999 (2900-12-31 23:59:59.999)',
  notDecimal: (integerDigits: number, scale: number) =>
    `is not a decimal with at most ${integerDigits} digits before the point and ${scale} after it`,
  notUlong: () => 'is not an unsigned long (digits only, from 0 to 18446744073709551615)',
  notUuid: () => 'is not a UUID (32 hexadecimal digits, as 123e4567-e89b-12d3-a456-426614174000)',
  notIpv4: () => 'is not an IPv4 address A.B.C.D with each part from 0 to 255',
  notJson: () => 'is not valid JSON',
  notArray: (itemType: string) => `is not an array of ${itemType} written as [v1,v2,...]`,
  wrongVectorLength: (dimension: number) =>
    `is not a vector of ${dimension} floats (${dimension * 4} bytes of little-endian float32)`,
  notWkt: () =>
    'is not WKT geometry (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON or GEOMETRYCOLLECTION)',
  notWkb: () => 'is not WKB geometry (a byte order mark 0 or 1 followed by the geometry)',
} as const;
