import { KineticaError } from './kinetica-error.js';

/**
 * Errors of schemas, types, tables and records. Where a real Kinetica text is known (see
 * docs/errors.md) it is used word for word; the others name the object and the fix.
 */
export const tableErrors = {
  // names
  emptyName: (what: string) => new KineticaError(`The ${what} name must not be empty`),
  nameTooLong: (what: string, name: string, max: number) =>
    new KineticaError(`The ${what} name '${name}' is longer than ${max} characters`),
  invalidName: (what: string, name: string) =>
    new KineticaError(
      `Invalid ${what} name '${name}': use 1-200 letters, digits, '_' or '#' ` +
        `(a quoted name may also hold spaces and {}[]():-), and at most one '.' between schema and name`,
    ),

  // schemas
  schemaExists: (name: string) =>
    new KineticaError(`Schema '${name}' already exists (use the option no_error_if_exists=true to ignore this)`),
  schemaNotFound: (name: string) => new KineticaError(`Schema '${name}' does not exist`),
  schemaMissingFor: (what: string, qualified: string, schema: string) =>
    new KineticaError(`Cannot create ${what} '${qualified}': schema '${schema}' does not exist (create it first with /create/schema)`),
  schemaNotEmpty: (name: string, count: number) =>
    new KineticaError(
      `Schema '${name}' is not empty (it holds ${count} object${count === 1 ? '' : 's'}): drop them first, or use the option cascade=true`,
    ),
  schemaProtected: (name: string) =>
    new KineticaError(`Schema '${name}' is the default schema and cannot be dropped or renamed`),

  // types
  typeNotFound: (typeId: string) =>
    new KineticaError(`Type '${typeId}' does not exist: create it with /create/type and pass the type_id it returns`),

  // tables
  tableExists: (qualified: string) =>
    new KineticaError(`Table '${qualified}' already exists (use the option no_error_if_exists=true to ignore this when the type is the same)`),
  tableExistsOtherType: (qualified: string, existingType: string, givenType: string) =>
    new KineticaError(
      `Table '${qualified}' already exists with type '${existingType}', not '${givenType}': no_error_if_exists only applies to the same type`,
    ),
  tableNotFound: (qualified: string) => new KineticaError(`Could not find the table: '${qualified}' (TM/SMc:1078)`),
  /** /show/table's own text for a missing table or schema (observed on Kinetica 7.2). */
  noMatchingTableOrSchema: (name: string) => new KineticaError(`No matching table or schema was found: ${name}`),
  objectExists: (kind: string, name: string) => new KineticaError(`A ${kind} named '${name}' already exists`),
  objectNotFound: (kind: string, name: string) => new KineticaError(`${kind[0]!.toUpperCase()}${kind.slice(1)} '${name}' does not exist`),

  // alter table
  columnExists: (table: string, column: string) =>
    new KineticaError(`Column '${column}' already exists in table '${table}'`),
  columnNotFound: (table: string, column: string, columns: string[]) =>
    new KineticaError(`Column '${column}' does not exist in table '${table}'; its columns are: ${columns.join(', ')}`),
  cannotDeleteKeyColumn: (table: string, column: string) =>
    new KineticaError(`Column '${column}' of table '${table}' is part of its primary or shard key and cannot be deleted`),
  cannotDeleteLastColumn: (table: string, column: string) =>
    new KineticaError(`Column '${column}' is the last column of table '${table}' and cannot be deleted`),
  missingAlterValue: (action: string, what: string) =>
    new KineticaError(`Action '${action}' needs the ${what} in value`),
  badColumnTypeOption: (value: string) =>
    new KineticaError(
      `Option column_type '${value}' is not a column type: use int, long, float, double, string or bytes`,
    ),
  missingColumnType: () => new KineticaError(`Action 'add_column' needs the option column_type (int, long, float, double, string or bytes)`),
  badColumnDefault: (column: string, value: string, detail: string) =>
    new KineticaError(`Option column_default_value '${value}' does not fit column '${column}': ${detail}`),
  actionNotEmulated: (action: string, supported: string[]) =>
    new KineticaError(`Action '${action}' of /alter/table is not emulated by kinetica-mock; it emulates: ${supported.join(', ')}`),
  indexNotFound: (table: string, column: string) =>
    new KineticaError(`Table '${table}' has no index on column '${column}'`),
  cannotConvertColumn: (table: string, column: string, detail: string) =>
    new KineticaError(`Cannot change column '${column}' of table '${table}': ${detail}`),

  // records
  listEncodingMismatch: (encoding: string, field: string, otherField: string) =>
    new KineticaError(
      `list_encoding is '${encoding}' but the records are in ${otherField}: put them in ${field}, or change list_encoding`,
    ),
  recordNotDecodable: (index: number, table: string, detail: string) =>
    new KineticaError(`Record ${index} cannot be decoded with the type of table '${table}': ${detail}`),
  recordInvalid: (index: number, table: string, detail: string) =>
    new KineticaError(`Record ${index} does not fit the type of table '${table}': ${detail}`),
  nullInNonNullable: (index: number, table: string, column: string) =>
    new KineticaError(`Record ${index}: column '${column}' of table '${table}' is not nullable, but the value is null`),
  duplicatePrimaryKey: (index: number, table: string, key: string) =>
    new KineticaError(
      `Record ${index} has primary key ${key}, which table '${table}' already holds ` +
        `(use the option update_on_existing_pk=true to replace it, or ignore_existing_pk=true to skip it)`,
    ),
  badRecordIndices: (count: number) => new KineticaError(`${count} records were rejected`),
  offsetOutOfRange: (offset: number) => new KineticaError(`offset ${offset} must not be negative`),
  badLimit: (limit: number) => new KineticaError(`limit ${limit} must be -9999 (all records), or at least 0`),
  unknownSortColumn: (table: string, column: string, columns: string[]) =>
    new KineticaError(`sort_by column '${column}' does not exist in table '${table}'; its columns are: ${columns.join(', ')}`),
  expressionCountMismatch: (expressions: number, maps: number) =>
    new KineticaError(`expressions has ${expressions} entries but new_values_maps has ${maps}: give one map per expression`),
  unknownUpdateColumn: (table: string, column: string, columns: string[]) =>
    new KineticaError(`new_values_maps names column '${column}', which table '${table}' lacks; its columns are: ${columns.join(', ')}`),
  badNewValue: (column: string, value: string, expected: string) =>
    new KineticaError(`New value '${value}' for column '${column}' is not valid: ${expected}`),
  nullInUpdate: (table: string, column: string) =>
    new KineticaError(`Cannot set column '${column}' of table '${table}' to null: it is not nullable`),
  updateKeyCollision: (table: string, key: string) =>
    new KineticaError(
      `The update would give two records of table '${table}' the primary key ${key} ` +
        `(use the option update_on_existing_pk=true to replace the other record, or ignore_existing_pk=true to skip the update)`,
    ),
  insertCountMismatch: (expressions: number, records: number) =>
    new KineticaError(`expressions has ${expressions} entries but records_to_insert has ${records}: give one record per expression`),
  badRecordId: (recordId: string) =>
    new KineticaError(`Record id '${recordId}' is not one /insert/records returns (16 hexadecimal digits)`),
  noDeleteExpression: () =>
    new KineticaError(`expressions is empty: give at least one filter expression, or the option record_id, or delete_all_records=true`),

  // random records (/insert/records/random)
  randomCountOutOfRange: (count: number, max: number) =>
    new KineticaError(`count ${count} is out of range: generate from 0 to ${max} records per request`),
  randomUnknownKey: (table: string, key: string, columns: readonly string[]) =>
    new KineticaError(
      `options key '${key}' is neither 'seed', 'all', 'track_length' nor a column of table '${table}'; its columns are: ${columns.join(', ')}`,
    ),
  randomUnknownParameter: (key: string, parameter: string, valid: readonly string[]) =>
    new KineticaError(`options['${key}'] has the parameter '${parameter}', which is not one of: ${valid.join(', ')}`),
  randomBadParameter: (key: string, parameter: string, value: number, rule: string) =>
    new KineticaError(`options['${key}']['${parameter}'] = ${value} is not valid: ${rule}`),
  randomTooMuchText: (limit: number) =>
    new KineticaError(
      `The random records would hold more than ${limit} characters and bytes of string, bytes and JSON values: ask for fewer records (count) or shorter values (max)`,
    ),
  randomMinAboveMax: (key: string, min: number, max: number) =>
    new KineticaError(`options['${key}'] has min ${min} above max ${max}: give min <= max`),
  randomNullsNotNullable: (column: string) =>
    new KineticaError(`options['${column}'] asks for nulls (null_percentage) but column '${column}' is not nullable`),
  randomCardinalityWithInterval: (key: string) =>
    new KineticaError(`options['${key}'] gives both cardinality and interval: use one of them`),
  randomTrackLength: (table: string) =>
    new KineticaError(`options key 'track_length' applies only to track tables, and '${table}' is not one`),
  randomKeysExhausted: (table: string, made: number, count: number) =>
    new KineticaError(
      `Could only generate ${made} of ${count} records with distinct primary keys for table '${table}': ` +
        `widen the min and max of the key columns, or ask for fewer records`,
    ),

  // JSON records (/insert/records/json, /get/records/json)
  jsonMissingParameter: (endpoint: string, parameter: string, example: string) =>
    new KineticaError(`${endpoint} needs the query parameter '${parameter}', as in ${endpoint}?${example}`),
  jsonPayloadNotJson: (detail: string) =>
    new KineticaError(`The body of /insert/records/json is not JSON (${detail}): send one JSON object, or an array of them`),
  jsonPayloadEmpty: () =>
    new KineticaError('The body of /insert/records/json holds no records: send one JSON object, or an array of them'),
  jsonRecordNotObject: (index: number, kind: string) =>
    new KineticaError(`Record ${index} of the JSON payload is ${kind}, not an object: give each record as {"column": value, ...}`),
  jsonCannotInferColumn: (column: string, kinds: readonly string[]) =>
    new KineticaError(
      `Cannot infer a type for column '${column}' of the new table: its values are ${kinds.join(' and ')}; ` +
        'give them one kind, or create the table first',
    ),
  jsonNotPlainColumn: (parameter: string, item: string) =>
    new KineticaError(
      `'${item}' in ${parameter} is not a column name: kinetica-mock reads plain column names only (functions, aliases and aggregates are not emulated)`,
    ),
  jsonBadOrderBy: (item: string) =>
    new KineticaError(`'${item}' in order_by is not '<column> [asc|desc]': give comma-separated columns, each optionally followed by asc or desc`),
  jsonHavingNotEmulated: () =>
    new KineticaError('having applies only to aggregates, which kinetica-mock does not emulate for /get/records/json: leave it out'),
} as const;
