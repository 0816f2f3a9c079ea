/**
 * Kinetica record types: the Avro record schema of /create/type with its column properties,
 * validated, normalized to the form Kinetica stores and shows, and the checks each property puts
 * on a column's values.
 *
 * What Kinetica stores, as live /show/table bodies show it: the record is always named
 * 'type_name', the definition is compact JSON with each field as {"name":...,"type":...}, a
 * nullable column is the union [base,"null"], and every column has a property list that starts
 * with the implicit 'data' (e.g. ["data","char256","nullable"]).
 */
import { parseBoundedJson } from '../../bounds/json.js';
import { createHash } from 'node:crypto';
import { showValue, typeErrors, valueProblems } from '../../errors/types.js';

export type BaseType = 'int' | 'long' | 'float' | 'double' | 'string' | 'bytes' | 'boolean';

export interface ColumnModel {
  name: string;
  base: BaseType;
  nullable: boolean;
  /** Property strings as Kinetica stores them (lower case, canonical order), including 'nullable' when nullable. */
  properties: string[];
  primaryKey: boolean;
  shardKey: boolean;
  /** Checks a decoded, non-null value against the column's properties. Returns what is wrong in a short phrase, or undefined when the value is fine. */
  check(value: unknown): string | undefined;
}

/** The width of a charN column, from its properties; undefined for any other column. */
export function charLimit(properties: string[]): number | undefined {
  for (const property of properties) {
    const match = /^char(\d+)$/.exec(property);
    if (match) return Number(match[1]);
  }
  return undefined;
}

export interface TypeModel {
  /** The label given to /create/type, or the Avro record name when the label is empty. */
  label: string;
  /** Canonical JSON text of the Avro record schema, as /show/types and /show/table return it. */
  definition: string;
  /** The parsed record schema, ready for avsc's Type.forSchema. */
  avroSchema: { type: 'record'; name: string; fields: { name: string; type: unknown }[] };
  columns: ColumnModel[];
  /** Column -> property list, as /show/types and /show/table return it: every column, in type order. */
  properties: Record<string, string[]>;
  primaryKey: string[];
  shardKey: string[];
}

/** The record name Kinetica gives every type, whatever name the request used. */
const RECORD_NAME = 'type_name';

/** The Avro types a Kinetica column can have ('boolean' is a property of int, not a base type). */
type StoredBase = Exclude<BaseType, 'boolean'>;
const STORED_BASES: readonly StoredBase[] = ['int', 'long', 'float', 'double', 'string', 'bytes'];

export function isStoredBase(value: unknown): value is StoredBase {
  return typeof value === 'string' && (STORED_BASES as readonly string[]).includes(value);
}

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_COLUMN_NAME = 200;

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

type PropertyName =
  | 'data' | 'store_only' | 'text_search' | 'disk_optimized'
  | 'char' | 'int8' | 'int16' | 'boolean' | 'timestamp' | 'date' | 'time' | 'datetime'
  | 'decimal' | 'ulong' | 'uuid' | 'ipv4' | 'wkt' | 'json' | 'array' | 'vector'
  | 'normalize' | 'primary_key' | 'soft_primary_key' | 'shard_key' | 'nullable'
  | 'dict' | 'compress'
  | 'init_with_now' | 'init_with_uuid' | 'update_with_now' | 'update_with_user'
  | 'default' | 'default_sql';

interface PropertySpec {
  /** Position in the canonical order. */
  rank: number;
  /** Base types it applies to; undefined for any. */
  bases?: readonly StoredBase[];
  /** A data type property: refines the base type, at most one per column. */
  dataType?: boolean;
  /** Takes an argument in parentheses: required, optional, or not at all (undefined). */
  argument?: 'required' | 'optional';
}

const STRING: readonly StoredBase[] = ['string'];

const PROPERTY_SPECS: Record<PropertyName, PropertySpec> = {
  data: { rank: 0 },
  store_only: { rank: 0 },
  text_search: { rank: 1, bases: STRING },
  disk_optimized: { rank: 2, bases: STRING },
  char: { rank: 3, bases: STRING, dataType: true },
  int8: { rank: 3, bases: ['int'], dataType: true },
  int16: { rank: 3, bases: ['int'], dataType: true },
  boolean: { rank: 3, bases: ['int'], dataType: true },
  timestamp: { rank: 3, bases: ['long'], dataType: true },
  date: { rank: 3, bases: STRING, dataType: true },
  time: { rank: 3, bases: STRING, dataType: true },
  datetime: { rank: 3, bases: STRING, dataType: true },
  decimal: { rank: 3, bases: STRING, dataType: true, argument: 'optional' },
  ulong: { rank: 3, bases: STRING, dataType: true },
  uuid: { rank: 3, bases: STRING, dataType: true },
  ipv4: { rank: 3, bases: STRING, dataType: true },
  wkt: { rank: 3, bases: ['string', 'bytes'], dataType: true },
  json: { rank: 3, bases: STRING, dataType: true },
  array: { rank: 3, bases: STRING, dataType: true, argument: 'required' },
  vector: { rank: 3, bases: ['bytes'], dataType: true, argument: 'required' },
  normalize: { rank: 4, bases: ['bytes'] },
  primary_key: { rank: 5 },
  soft_primary_key: { rank: 6 },
  shard_key: { rank: 7 },
  nullable: { rank: 8 },
  dict: { rank: 9, bases: ['int', 'long', 'string'] },
  compress: { rank: 10, argument: 'required' },
  init_with_now: { rank: 11 },
  init_with_uuid: { rank: 12 },
  update_with_now: { rank: 13 },
  update_with_user: { rank: 14, bases: STRING },
  default: { rank: 15, argument: 'required' },
  default_sql: { rank: 16, argument: 'required' },
};

const CHAR_WIDTHS = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const ARRAY_ITEM_TYPES = ['int', 'long', 'float', 'double', 'string', 'ulong', 'boolean'] as const;
type ArrayItemType = (typeof ARRAY_ITEM_TYPES)[number];

/** Which properties must accompany another: [property, the data types it needs]. */
const NEEDS: [PropertyName, PropertyName[]][] = [
  ['init_with_now', ['date', 'time', 'datetime', 'timestamp']],
  ['update_with_now', ['date', 'time', 'datetime', 'timestamp']],
  ['init_with_uuid', ['uuid']],
  ['normalize', ['vector']],
];

/** Pairs that cannot be on one column (primary_key with nullable has its own message). */
const EXCLUSIVE: [PropertyName, PropertyName][] = [
  ['data', 'store_only'],
  ['primary_key', 'soft_primary_key'],
  ['text_search', 'decimal'],
  ['text_search', 'date'],
  ['text_search', 'time'],
  ['text_search', 'datetime'],
];

interface Property {
  /** Canonical text, as stored and shown. */
  text: string;
  name: PropertyName;
  charWidth?: number;
  decimal?: { precision: number; scale: number };
  array?: { item: ArrayItemType; length?: number };
  vectorDimension?: number;
}

function isPropertyName(name: string): name is PropertyName {
  return Object.prototype.hasOwnProperty.call(PROPERTY_SPECS, name) && name !== 'char';
}

/** Parses one property string as a request may spell it (any case, spaces around arguments). */
function parseProperty(column: string, raw: string): Property {
  const trimmed = raw.trim();
  if (trimmed === '') throw typeErrors.emptyProperty(column);

  // A default expression keeps its case: it may hold a quoted string.
  const defaultMatch = /^(default|default_sql)\s*\(([\s\S]*)\)$/i.exec(trimmed);
  if (defaultMatch) {
    const name = defaultMatch[1]!.toLowerCase() as 'default' | 'default_sql';
    const expression = defaultMatch[2]!.trim();
    if (expression === '') {
      throw typeErrors.invalidPropertyArgument(column, trimmed, `give the default value inside the parentheses, as ${name}(0)`);
    }
    return { text: `${name}(${expression})`, name };
  }

  const lower = trimmed.toLowerCase();
  const match = /^([a-z0-9_]+)\s*(?:\(([\s\S]*)\))?$/.exec(lower);
  if (!match) throw typeErrors.unknownProperty(column, trimmed);
  const word = match[1]!;
  const argument = match[2] === undefined ? undefined : match[2].replace(/\s+/g, '');

  const charMatch = /^char(\d+)$/.exec(word);
  if (charMatch) {
    const width = Number(charMatch[1]);
    if (argument !== undefined || !CHAR_WIDTHS.includes(width)) {
      throw typeErrors.invalidPropertyArgument(
        column,
        trimmed,
        `the string widths are ${CHAR_WIDTHS.map((w) => `char${w}`).join(', ')}`,
      );
    }
    return { text: word, name: 'char', charWidth: width };
  }
  if (!isPropertyName(word)) throw typeErrors.unknownProperty(column, trimmed);

  const spec = PROPERTY_SPECS[word];
  if (argument === undefined) {
    if (spec.argument === 'required') throw typeErrors.invalidPropertyArgument(column, trimmed, argumentHelp(word));
    return { text: word, name: word };
  }
  if (spec.argument === undefined) {
    throw typeErrors.invalidPropertyArgument(column, trimmed, `'${word}' takes no argument in parentheses`);
  }
  switch (word) {
    case 'decimal':
      return parseDecimal(column, trimmed, argument);
    case 'array':
      return parseArray(column, trimmed, argument);
    case 'vector': {
      if (!/^\d+$/.test(argument) || Number(argument) < 1) {
        throw typeErrors.invalidPropertyArgument(column, trimmed, argumentHelp('vector'));
      }
      const dimension = Number(argument);
      return { text: `vector(${dimension})`, name: 'vector', vectorDimension: dimension };
    }
    case 'compress':
      return parseCompress(column, trimmed, argument);
    default:
      throw typeErrors.unknownProperty(column, trimmed);
  }
}

function argumentHelp(name: PropertyName): string {
  switch (name) {
    case 'array':
      return `give the item type and optionally the length, as array(int) or array(int,10); item types: ${ARRAY_ITEM_TYPES.join(', ')}`;
    case 'vector':
      return 'give the number of floats as a positive integer, as vector(10)';
    case 'compress':
      return 'give the codec and optionally its level: compress(none), compress(snappy), compress(lz4(0..12)), compress(lz4hc) or compress(zstd(-131072..22))';
    default:
      return `give the argument of '${name}' in parentheses`;
  }
}

function parseDecimal(column: string, raw: string, argument: string): Property {
  const match = /^(\d+),(\d+)$/.exec(argument);
  const precision = match ? Number(match[1]) : NaN;
  const scale = match ? Number(match[2]) : NaN;
  if (!match || precision < 1 || precision > 27 || scale > 18 || scale > precision) {
    throw typeErrors.invalidPropertyArgument(
      column,
      raw,
      'give decimal(precision,scale) with precision from 1 to 27 and scale from 0 to 18, no more than the precision',
    );
  }
  return { text: `decimal(${precision},${scale})`, name: 'decimal', decimal: { precision, scale } };
}

function parseArray(column: string, raw: string, argument: string): Property {
  const [item, length, ...rest] = argument.split(',');
  if (!(ARRAY_ITEM_TYPES as readonly string[]).includes(item ?? '') || rest.length > 0) {
    throw typeErrors.invalidPropertyArgument(column, raw, argumentHelp('array'));
  }
  if (length !== undefined && (!/^-?\d+$/.test(length) || Number(length) === 0 || Number(length) < -1)) {
    throw typeErrors.invalidPropertyArgument(column, raw, 'the array length must be a positive integer, or -1 for no limit');
  }
  const itemType = item as ArrayItemType;
  return length === undefined
    ? { text: `array(${itemType})`, name: 'array', array: { item: itemType } }
    : { text: `array(${itemType},${Number(length)})`, name: 'array', array: { item: itemType, length: Number(length) } };
}

const COMPRESS_LEVELS: Record<string, [number, number] | undefined> = {
  none: undefined,
  snappy: undefined,
  lz4hc: undefined,
  lz4: [0, 12],
  zstd: [-131072, 22],
};

function parseCompress(column: string, raw: string, argument: string): Property {
  const match = /^([a-z0-9]+)(?:\((-?\d+)\))?$/.exec(argument);
  const codec = match?.[1];
  if (!match || codec === undefined || !Object.prototype.hasOwnProperty.call(COMPRESS_LEVELS, codec)) {
    throw typeErrors.invalidPropertyArgument(column, raw, argumentHelp('compress'));
  }
  const range = COMPRESS_LEVELS[codec];
  if (match[2] !== undefined) {
    const level = Number(match[2]);
    if (range === undefined || level < range[0] || level > range[1]) {
      throw typeErrors.invalidPropertyArgument(column, raw, argumentHelp('compress'));
    }
    return { text: `compress(${codec}(${level}))`, name: 'compress' };
  }
  return { text: `compress(${codec})`, name: 'compress' };
}

// ---------------------------------------------------------------------------------------------
// Value checks
// ---------------------------------------------------------------------------------------------

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const ULONG_MAX = 2n ** 64n - 1n;
const FLOAT_MAX = 3.4028234663852886e38;
/** 1000-01-01 00:00:00.000 and 2900-12-31 23:59:59.999 in epoch milliseconds. */
const TIMESTAMP_MIN = -30610224000000;
const TIMESTAMP_MAX = 29379542399999;
/** Plain 'decimal' is a 64-bit integer of ten-thousandths. */
const PLAIN_DECIMAL_SCALE = 4;
const PLAIN_DECIMAL_INTEGER_DIGITS = 15;

function integerOf(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1000 || year > 2900 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?$/;

function isDate(text: string): boolean {
  const match = DATE.exec(text);
  return match !== null && validDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isTime(text: string): boolean {
  const match = TIME.exec(text);
  return match !== null && Number(match[1]) <= 23 && Number(match[2]) <= 59 && Number(match[3]) <= 59;
}

function isDatetime(text: string): boolean {
  const match = /^(\S{10})(?:[ T](.+))?$/.exec(text);
  if (!match || !isDate(match[1]!)) return false;
  return match[2] === undefined || isTime(match[2]);
}

function isTimestamp(value: unknown): boolean {
  const integer = integerOf(value);
  return integer !== undefined && integer >= BigInt(TIMESTAMP_MIN) && integer <= BigInt(TIMESTAMP_MAX);
}

const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;

function isUlong(text: string): boolean {
  return /^\d{1,20}$/.test(text) && BigInt(text) <= ULONG_MAX;
}

function isIpv4(text: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  return match !== null && match.slice(1).every((part) => Number(part) <= 255);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function decimalProblem(text: string, spec: Property['decimal']): string | undefined {
  const scale = spec ? spec.scale : PLAIN_DECIMAL_SCALE;
  const integerDigits = spec ? spec.precision - spec.scale : PLAIN_DECIMAL_INTEGER_DIGITS;
  const problem = valueProblems.notDecimal(integerDigits, scale);
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) return problem;
  const whole = match[2]!.replace(/^0+(?=\d)/, '');
  const fraction = match[3] ?? '';
  if (whole === '' && fraction === '') return problem;
  const wholeDigits = whole === '0' ? 0 : whole.length;
  if (wholeDigits > integerDigits || fraction.length > scale) return problem;
  if (!spec) {
    // A 64-bit count of ten-thousandths: from -922337203685477.5808 to 922337203685477.5807.
    const scaled = BigInt(`${match[1]}${whole || '0'}${fraction.padEnd(scale, '0')}`);
    if (scaled < INT64_MIN || scaled > INT64_MAX) return problem;
  }
  return undefined;
}

const ARRAY_ITEM_CHECKS: Record<ArrayItemType, ((item: string) => boolean) | undefined> = {
  int: (item) => /^[+-]?\d+$/.test(item) && Number(item) >= INT32_MIN && Number(item) <= INT32_MAX,
  long: (item) => /^[+-]?\d+$/.test(item) && BigInt(item) >= INT64_MIN && BigInt(item) <= INT64_MAX,
  float: (item) => item !== '' && Number.isFinite(Number(item)) && Math.abs(Number(item)) <= FLOAT_MAX,
  double: (item) => item !== '' && !Number.isNaN(Number(item)),
  ulong: (item) => isUlong(item.replace(/^"(.*)"$/, '$1')),
  boolean: (item) => ['true', 'false', '0', '1'].includes(item),
  string: undefined,
};

function isArrayValue(text: string, item: ArrayItemType): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return false;
  const check = ARRAY_ITEM_CHECKS[item];
  if (check === undefined) return true;
  const inner = trimmed.slice(1, -1).trim();
  if (inner === '') return true;
  return inner.split(',').every((part) => {
    const value = part.trim().toLowerCase();
    return value === 'null' || check(value);
  });
}

const WKT = /^\s*(?:POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)\b/i;

/** The base-type check of a non-null value; `range` narrows int columns (int8, int16, boolean). */
function baseProblem(base: StoredBase, value: unknown, range?: [number, number, string]): string | undefined {
  switch (base) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
        return valueProblems.notInt();
      }
      if (range && (value < range[0] || value > range[1])) {
        return valueProblems.outOfRange(range[2], String(range[0]), String(range[1]));
      }
      return undefined;
    case 'long': {
      const integer = integerOf(value);
      return integer === undefined || integer < INT64_MIN || integer > INT64_MAX ? valueProblems.notLong() : undefined;
    }
    case 'float':
      return typeof value !== 'number' || (Number.isFinite(value) && Math.abs(value) > FLOAT_MAX)
        ? valueProblems.notFloat()
        : undefined;
    case 'double':
      return typeof value === 'number' ? undefined : valueProblems.notDouble();
    case 'string':
      return typeof value === 'string' ? undefined : valueProblems.notString();
    case 'bytes':
      return value instanceof Uint8Array ? undefined : valueProblems.notBytes();
  }
}

interface CheckPlan {
  base: StoredBase;
  dataType?: Property;
  initWithNow: boolean;
  initWithUuid: boolean;
}

const INT_RANGES: Partial<Record<PropertyName, [number, number, string]>> = {
  int8: [-128, 127, 'int8'],
  int16: [-32768, 32767, 'int16'],
  boolean: [0, 1, 'boolean'],
};

function makeCheck(plan: CheckPlan): (value: unknown) => string | undefined {
  const { base, dataType, initWithNow, initWithUuid } = plan;
  const range = dataType ? INT_RANGES[dataType.name] : undefined;
  return (value) => {
    const problem = baseProblem(base, value, range);
    if (problem !== undefined || dataType === undefined) return problem;
    // init_with_now and init_with_uuid replace these values on insert, so they are not errors.
    if (initWithNow && value === '' && ['date', 'time', 'datetime'].includes(dataType.name)) return undefined;
    if (initWithUuid && typeof value === 'string' && dataType.name === 'uuid') return undefined;
    switch (dataType.name) {
      case 'char': {
        const text = value as string;
        const width = dataType.charWidth!;
        // UTF-16 length is at least the character count, so it only needs counting when over.
        return text.length > width && [...text].length > width ? valueProblems.tooLong(dataType.text, width) : undefined;
      }
      case 'timestamp':
        return initWithNow || isTimestamp(value) ? undefined : valueProblems.notTimestamp();
      case 'date':
        return isDate(value as string) ? undefined : valueProblems.notDate();
      case 'time':
        return isTime(value as string) ? undefined : valueProblems.notTime();
      case 'datetime':
        return isDatetime(value as string) ? undefined : valueProblems.notDatetime();
      case 'decimal':
        return decimalProblem(value as string, dataType.decimal);
      case 'ulong':
        return isUlong(value as string) ? undefined : valueProblems.notUlong();
      case 'uuid':
        return UUID.test(value as string) ? undefined : valueProblems.notUuid();
      case 'ipv4':
        return isIpv4(value as string) ? undefined : valueProblems.notIpv4();
      case 'json':
        return isJson(value as string) ? undefined : valueProblems.notJson();
      case 'array':
        return isArrayValue(value as string, dataType.array!.item) ? undefined : valueProblems.notArray(dataType.array!.item);
      case 'vector':
        return (value as Uint8Array).length === dataType.vectorDimension! * 4
          ? undefined
          : valueProblems.wrongVectorLength(dataType.vectorDimension!);
      case 'wkt':
        if (base === 'bytes') {
          const bytes = value as Uint8Array;
          return bytes.length >= 5 && (bytes[0] === 0 || bytes[0] === 1) ? undefined : valueProblems.notWkb();
        }
        return WKT.test(value as string) ? undefined : valueProblems.notWkt();
      default:
        return undefined;
    }
  };
}

/**
 * Fractional seconds past the millisecond: up to six more digits (microseconds, as Python's
 * datetime.now() writes them, down to nanoseconds). Kinetica's time and datetime hold
 * HH:MM:SS[.mmm], and its reference says finer fractions are truncated past the millisecond, so
 * the value is cut, not refused. More digits than nine are still an error (the check below).
 */
const FINER_THAN_MILLISECONDS = /^(.*\d{2}:\d{2}:\d{2}\.\d{3})\d{1,6}$/;

/**
 * The value a time or datetime column stores for one written with more than three fractional
 * digits (`10:30:00.123456` -> `10:30:00.123`); undefined when the value stays as it is.
 */
export function truncatedToMilliseconds(column: ColumnModel, value: unknown): string | undefined {
  if (typeof value !== 'string' || column.base !== 'string') return undefined;
  if (!column.properties.includes('datetime') && !column.properties.includes('time')) return undefined;
  return FINER_THAN_MILLISECONDS.exec(value)?.[1];
}

/**
 * What an insert must put in place of this value: 'now' for an init_with_now column given an
 * empty string (date, time, datetime) or an out-of-range timestamp, 'uuid' for an init_with_uuid
 * column given an empty or invalid UUID; undefined when the value stays. `check` accepts these
 * values, so the insert path must replace them.
 */
export function replacedOnInsert(column: ColumnModel, value: unknown): 'now' | 'uuid' | undefined {
  const properties = column.properties;
  if (properties.includes('init_with_now')) {
    if (column.base === 'long') return isTimestamp(value) ? undefined : 'now';
    if (value === '') return 'now';
  }
  if (properties.includes('init_with_uuid') && typeof value === 'string' && !UUID.test(value)) return 'uuid';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Building columns and types
// ---------------------------------------------------------------------------------------------

interface ColumnDraft {
  name: string;
  base: StoredBase;
  /** The type is a union with null. */
  union: boolean;
  properties: string[];
}

/**
 * 'avro': the type_definition is an Avro record, so nullability is the union and a 'nullable'
 * property without one is refused. 'columns': the column list form (and modelFromColumns), where
 * the 'nullable' property itself makes the column nullable.
 */
type NullableSource = 'avro' | 'columns';

function buildColumn(draft: ColumnDraft, source: NullableSource): ColumnModel {
  const { name, base } = draft;
  const parsed = new Map<string, Property>();
  for (const raw of draft.properties) {
    const property = parseProperty(name, raw);
    if (!parsed.has(property.text)) parsed.set(property.text, property);
  }
  const properties = [...parsed.values()];
  const has = (property: PropertyName) => properties.some((p) => p.name === property);

  for (const property of properties) {
    const bases = PROPERTY_SPECS[property.name].bases;
    if (bases !== undefined && !bases.includes(base)) {
      throw typeErrors.propertyNotForBaseType(name, property.text, base, [...bases]);
    }
  }

  const dataTypes = properties.filter((p) => PROPERTY_SPECS[p.name].dataType);
  if (dataTypes.length > 1) throw typeErrors.twoDataTypes(name, dataTypes[0]!.text, dataTypes[1]!.text);
  const dataType = dataTypes[0];

  let nullable = draft.union;
  if (has('nullable') && !draft.union) {
    if (source === 'avro') throw typeErrors.nullableWithoutUnion(name, base);
    nullable = true;
  }
  if (nullable && !has('nullable')) properties.push({ text: 'nullable', name: 'nullable' });
  if (nullable && has('primary_key')) throw typeErrors.nullablePrimaryKey(name);

  for (const [first, second] of EXCLUSIVE) {
    const a = properties.find((p) => p.name === first);
    const b = properties.find((p) => p.name === second);
    if (a && b) throw typeErrors.conflictingProperties(name, a.text, b.text);
  }
  for (const [property, needed] of NEEDS) {
    const present = properties.find((p) => p.name === property);
    if (present && !(dataType && needed.includes(dataType.name))) {
      throw typeErrors.propertyNeedsProperty(name, present.text, needed);
    }
  }
  const dict = properties.find((p) => p.name === 'dict');
  if (dict && base === 'string' && !(dataType && (dataType.name === 'char' || dataType.name === 'date'))) {
    throw typeErrors.propertyNeedsProperty(name, dict.text, ['charN', 'date']);
  }
  const updateWithUser = properties.find((p) => p.name === 'update_with_user');
  if (updateWithUser && dataType && dataType.name !== 'char') {
    throw typeErrors.propertyNeedsProperty(name, updateWithUser.text, ['charN', 'string']);
  }

  // 'data' is the default of numeric and string columns, and Kinetica lists it.
  if (base !== 'bytes' && !has('data') && !has('store_only')) properties.push({ text: 'data', name: 'data' });

  properties.sort((a, b) => PROPERTY_SPECS[a.name].rank - PROPERTY_SPECS[b.name].rank || compareText(a.text, b.text));

  return {
    name,
    base,
    nullable,
    properties: properties.map((p) => p.text),
    primaryKey: has('primary_key'),
    shardKey: has('shard_key'),
    check: makeCheck({
      base,
      ...(dataType ? { dataType } : {}),
      initWithNow: has('init_with_now'),
      initWithUuid: has('init_with_uuid'),
    }),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkColumnName(name: unknown, index: number): string {
  if (typeof name !== 'string' || name === '') throw typeErrors.missingColumnName(index);
  if (!COLUMN_NAME.test(name) || name.length > MAX_COLUMN_NAME) throw typeErrors.invalidColumnName(name);
  return name;
}

function assemble(label: string, drafts: ColumnDraft[], source: NullableSource): TypeModel {
  if (drafts.length === 0) throw typeErrors.noColumns();
  const seen = new Set<string>();
  for (const draft of drafts) {
    if (seen.has(draft.name)) throw typeErrors.duplicateColumn(draft.name);
    seen.add(draft.name);
  }
  const columns = drafts.map((draft) => buildColumn(draft, source));
  const primaryKey = columns.filter((c) => c.primaryKey).map((c) => c.name);
  const shardKey = columns.filter((c) => c.shardKey).map((c) => c.name);
  if (primaryKey.length > 0) {
    const outside = shardKey.find((column) => !primaryKey.includes(column));
    if (outside !== undefined) throw typeErrors.shardKeyOutsidePrimaryKey(outside, primaryKey);
  }
  const fields = columns.map((c) => ({ name: c.name, type: c.nullable ? [c.base, 'null'] : c.base }));
  const definition = JSON.stringify({ type: 'record', name: RECORD_NAME, fields });
  return {
    label,
    definition,
    avroSchema: { type: 'record', name: RECORD_NAME, fields: structuredClone(fields) },
    columns,
    properties: Object.fromEntries(columns.map((c) => [c.name, [...c.properties]])),
    primaryKey,
    shardKey,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object without "type":"record"';
  return `a ${typeof value}`;
}

/** The base type and nullability of an Avro field type. */
function fieldType(column: string, type: unknown): { base: StoredBase; union: boolean } {
  if (type === undefined) throw typeErrors.missingColumnType(column);
  const single = (t: unknown): StoredBase | undefined => {
    const name = typeof t === 'object' && t !== null && !Array.isArray(t) ? (t as { type?: unknown }).type : t;
    if (name === 'boolean') throw typeErrors.booleanBaseType(column);
    return isStoredBase(name) ? name : undefined;
  };
  if (Array.isArray(type)) {
    const nulls = type.filter((t) => t === 'null').length;
    const others = type.filter((t) => t !== 'null');
    const base = others.length === 1 ? single(others[0]) : undefined;
    if (base === undefined || nulls > 1) throw typeErrors.invalidUnion(column, JSON.stringify(type));
    return { base, union: nulls === 1 };
  }
  const base = single(type);
  if (base === undefined) throw typeErrors.unsupportedType(column, JSON.stringify(type));
  return { base, union: false };
}

function draftsFromRecord(record: Record<string, unknown>): ColumnDraft[] {
  const fields = record['fields'];
  if (!Array.isArray(fields)) throw typeErrors.fieldsNotList();
  return fields.map((field: unknown, index) => {
    if (typeof field !== 'object' || field === null || Array.isArray(field)) throw typeErrors.fieldNotObject(index);
    const name = checkColumnName((field as { name?: unknown }).name, index);
    const { base, union } = fieldType(name, (field as { type?: unknown }).type);
    return { name, base, union, properties: [] };
  });
}

/** The base type a column-list type word stands for: a base type, or a data type property. */
function baseOfTypeWord(column: string, word: string): { base: StoredBase; property?: string } {
  const lower = word.trim().toLowerCase();
  if (isStoredBase(lower)) return { base: lower };
  let property: Property;
  try {
    property = parseProperty(column, word);
  } catch {
    throw typeErrors.unknownListType(column, word);
  }
  const spec = PROPERTY_SPECS[property.name];
  if (!spec.dataType || spec.bases === undefined) throw typeErrors.unknownListType(column, word);
  // wkt alone means the string form; BLOB(WKT) is declared as bytes with the wkt property.
  return { base: spec.bases[0]!, property: word };
}

function draftsFromList(list: unknown[]): ColumnDraft[] {
  return list.map((entry, index) => {
    if (!Array.isArray(entry) || entry.length < 2 || !entry.every((item) => typeof item === 'string')) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && entry.length < 2) {
        throw typeErrors.missingColumnType(entry[0]);
      }
      throw typeErrors.columnEntryNotList(index);
    }
    const [rawName, typeWord, ...rest] = entry as string[];
    const name = checkColumnName(rawName, index);
    const { base, property } = baseOfTypeWord(name, typeWord!);
    const properties = property === undefined ? rest : [property, ...rest];
    return { name, base, union: false, properties };
  });
}

/** Validates and normalizes a /create/type request; throws a KineticaError from typeErrors naming the column, the property and the fix. */
export function parseType(
  typeDefinition: string,
  label: string,
  properties: Record<string, string[]>,
): TypeModel {
  let parsed: unknown;
  try {
    parsed = parseBoundedJson(typeDefinition);
  } catch (error) {
    throw typeErrors.invalidJson(error instanceof Error ? error.message : String(error));
  }

  let drafts: ColumnDraft[];
  let recordName = '';
  let source: NullableSource;
  if (Array.isArray(parsed)) {
    drafts = draftsFromList(parsed);
    source = 'columns';
  } else if (typeof parsed === 'object' && parsed !== null && (parsed as { type?: unknown }).type === 'record') {
    const record = parsed as Record<string, unknown>;
    drafts = draftsFromRecord(record);
    if (typeof record['name'] === 'string') recordName = record['name'];
    source = 'avro';
  } else {
    throw typeErrors.notARecord(describe(parsed));
  }

  const names = drafts.map((d) => d.name);
  for (const [column, list] of Object.entries(properties)) {
    const draft = drafts.find((d) => d.name === column);
    if (draft === undefined) throw typeErrors.propertiesForUnknownColumn(column, names);
    draft.properties.push(...list);
  }
  return assemble(label !== '' ? label : recordName, drafts, source);
}

/**
 * Parses a type as the catalog stored it (its canonical definition, label and properties), giving
 * back the same model and so the same type id. An empty label would read as the record's name when
 * parsed again (the rule for /create/type), so such a type is rebuilt from its columns instead.
 */
export function reparseType(typeDefinition: string, label: string, properties: Record<string, string[]>): TypeModel {
  const model = parseType(typeDefinition, label, properties);
  if (model.label === label) return model;
  return modelFromColumns(label, model.columns.map((c) => ({ name: c.name, base: c.base, nullable: c.nullable, properties: c.properties })));
}

/** Builds a model from a column list (used for /alter/table add_column and delete_column, and restores). */
export function modelFromColumns(
  label: string,
  columns: { name: string; base: BaseType; nullable: boolean; properties: string[] }[],
): TypeModel {
  const drafts = columns.map((column, index): ColumnDraft => {
    const name = checkColumnName(column.name, index);
    if (column.base === 'boolean') throw typeErrors.booleanBaseType(name);
    if (!isStoredBase(column.base)) throw typeErrors.unsupportedType(name, JSON.stringify(column.base));
    return { name, base: column.base, union: column.nullable, properties: [...column.properties] };
  });
  return assemble(label, drafts, 'columns');
}

/** A deterministic type id (a decimal string, like Kinetica's) for the same definition, properties and label. */
export function typeIdOf(model: TypeModel): string {
  const identity = JSON.stringify([model.definition, model.columns.map((c) => [c.name, c.properties]), model.label]);
  return createHash('sha256').update(identity).digest().readBigUInt64BE(0).toString();
}

// ---------------------------------------------------------------------------------------------
// JSON records
// ---------------------------------------------------------------------------------------------

function hasProperty(column: ColumnModel, prefix: string): boolean {
  return column.properties.some((p) => p === prefix || p.startsWith(`${prefix}(`));
}

const NUMBER_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Converts one JSON value to the Avro value of a column; a string says what is expected. */
function fromJsonValue(column: ColumnModel, value: unknown): { value: unknown } | { expected: string } {
  switch (column.base) {
    case 'int':
    case 'long': {
      const expected = column.base;
      if (typeof value === 'boolean' && column.properties.includes('boolean')) return { value: value ? 1 : 0 };
      if (typeof value === 'string' && column.properties.includes('boolean') && /^(true|false)$/i.test(value)) {
        return { value: value.toLowerCase() === 'true' ? 1 : 0 };
      }
      let integer: bigint | undefined;
      if (typeof value === 'number' && Number.isInteger(value)) integer = BigInt(value);
      else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) integer = BigInt(value.trim());
      if (integer === undefined) return { expected };
      const [min, max] = expected === 'int' ? [BigInt(INT32_MIN), BigInt(INT32_MAX)] : [INT64_MIN, INT64_MAX];
      if (integer < min || integer > max) return { expected };
      if (integer > BigInt(Number.MAX_SAFE_INTEGER) || integer < BigInt(Number.MIN_SAFE_INTEGER)) {
        return { expected: 'long within +/-9007199254740991 (the precision of a JSON number)' };
      }
      return { value: Number(integer) };
    }
    case 'float':
    case 'double':
      if (typeof value === 'number') return { value };
      if (typeof value === 'string' && NUMBER_TEXT.test(value)) return { value: Number(value) };
      return { expected: column.base };
    case 'string':
      if (typeof value === 'string') return { value };
      if (hasProperty(column, 'json')) return { value: JSON.stringify(value) };
      if (hasProperty(column, 'array') && Array.isArray(value)) return { value: JSON.stringify(value) };
      if (typeof value === 'number' && (hasProperty(column, 'decimal') || hasProperty(column, 'ulong'))) {
        return { value: String(value) };
      }
      return { expected: 'string' };
    case 'bytes':
      // Avro's JSON form of bytes: one character from \u0000 to \u00ff per byte.
      if (typeof value === 'string' && !/[^\u0000-\u00ff]/.test(value)) return { value: Buffer.from(value, 'latin1') };
      if (hasProperty(column, 'vector') && Array.isArray(value) && value.every((v) => typeof v === 'number')) {
        const buffer = Buffer.alloc(value.length * 4);
        value.forEach((v: number, i) => buffer.writeFloatLE(v, i * 4));
        return { value: buffer };
      }
      return { expected: 'bytes (a string of characters \\u0000-\\u00ff, one per byte)' };
    default:
      return { expected: column.base };
  }
}

/** Converts one JSON-encoded record (as in /insert/records list_str, already JSON.parse'd) into the Avro value for this type, or returns the problem naming the column. The value passes every column's check. */
export function recordFromJson(
  model: TypeModel,
  json: unknown,
): { value: Record<string, unknown> } | { error: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { error: typeErrors.recordNotObject(describeJson(json)).message };
  }
  const record = json as Record<string, unknown>;
  const names = model.columns.map((c) => c.name);
  for (const key of Object.keys(record)) {
    if (!names.includes(key)) return { error: typeErrors.recordUnknownColumn(key, names).message };
  }
  const value: Record<string, unknown> = {};
  for (const column of model.columns) {
    const raw = record[column.name];
    if (raw === undefined || raw === null) {
      if (!column.nullable) {
        const error = raw === undefined ? typeErrors.recordMissingColumn(column.name) : typeErrors.recordNullInNotNullable(column.name);
        return { error: error.message };
      }
      value[column.name] = null;
      continue;
    }
    const converted = fromJsonValue(column, raw);
    if ('expected' in converted) return { error: typeErrors.recordWrongType(column.name, raw, converted.expected).message };
    const stored = truncatedToMilliseconds(column, converted.value) ?? converted.value;
    const problem = column.check(stored);
    if (problem !== undefined) return { error: typeErrors.invalidValue(column.name, stored, problem).message };
    value[column.name] = stored;
  }
  return { value };
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `${typeof value} ${showValue(value)}`;
}

/** Converts a decoded Avro record to the JSON form Kinetica returns in records_json: bytes as one character per byte, longs as numbers. */
export function recordToJson(model: TypeModel, value: Record<string, unknown>): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const column of model.columns) {
    const v = value[column.name];
    if (v === undefined || v === null) json[column.name] = null;
    else if (v instanceof Uint8Array) json[column.name] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
    else if (typeof v === 'bigint') json[column.name] = Number(v);
    else json[column.name] = v;
  }
  return json;
}
