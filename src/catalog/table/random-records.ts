/**
 * Random records for /insert/records/random: values for every column type the emulator has, shaped
 * by the endpoint's documented parameters (seed; per column or for `all`: min, max, interval,
 * null_percentage, cardinality). The records go through the ordinary insert, so every generated
 * value is checked against the table's type like any other record.
 */
import { tableErrors } from '../../errors/tables.js';
import { mulberry32 } from '../../seeded-random.js';
import { charLimit, type ColumnModel } from './type-model.js';
import type { Table } from './table.js';

/** The most records one request may generate: the count is the client's, the memory is ours. */
export const MAX_RANDOM_RECORDS = 100_000;
/** Longest string, bytes or JSON value one generated record may hold (a column's own min/max above it is refused, `all`'s ignored). */
export const MAX_RANDOM_LENGTH = 65_536;
/**
 * Most characters and bytes one request may generate, all records and columns together: enough
 * for 100,000 records of five unbounded string columns at their default lengths, and made in a
 * fraction of a second, so one request cannot hold the server for long.
 */
export const MAX_RANDOM_TEXT = 16 * 1024 * 1024;

export const RANDOM_PARAMETERS = ['min', 'max', 'interval', 'null_percentage', 'cardinality'] as const;
type Parameter = (typeof RANDOM_PARAMETERS)[number];
type Parameters = Partial<Record<Parameter, number>>;

/** Kinetica's documented defaults: numbers from -99999 to 99999, 5% nulls in nullable columns. */
const DEFAULT_MIN = -99999;
const DEFAULT_MAX = 99999;
const DEFAULT_NULL_SHARE = 0.05;
/** Timestamps start at 2010-01-01 by Kinetica's reference; the end (2030-01-01) is the emulator's choice. */
const TIMESTAMP_MIN = Date.UTC(2010, 0, 1);
const TIMESTAMP_MAX = Date.UTC(2030, 0, 1) - 1;
const DAY_MS = 86_400_000;
/** Lengths the reference leaves open: unbounded strings and bytes up to 32, arrays up to 5 items. */
const DEFAULT_STRING_MAX = 32;
const DEFAULT_ARRAY_MAX = 5;
/** Attempts to find an unused primary key before giving up on a record. */
const KEY_ATTEMPTS = 32;
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface Plan {
  column: ColumnModel;
  params: Parameters;
  /** The parameters came from the column's own map (errors), not from `all` (ignored when they do not apply). */
  explicit: boolean;
}

/** What a column's properties make of it, for generation. */
function dataTypeOf(column: ColumnModel): string {
  for (const property of column.properties) {
    const word = /^([a-z0-9_]+)/.exec(property)?.[1] ?? '';
    if (/^char\d+$/.test(word)) return 'char';
    if (['int8', 'int16', 'boolean', 'timestamp', 'date', 'time', 'datetime', 'decimal', 'ulong', 'uuid', 'ipv4', 'wkt', 'json', 'array', 'vector'].includes(word)) {
      return word;
    }
  }
  return column.base;
}

function propertyArgument(column: ColumnModel, name: string): string | undefined {
  return column.properties.map((p) => new RegExp(`^${name}\\((.*)\\)$`).exec(p)?.[1]).find((arg) => arg !== undefined);
}

/** The numeric range a column's type holds, for clamping `all` and checking a column's own min/max. */
function typeRange(column: ColumnModel, dataType: string): [number, number] | undefined {
  switch (dataType) {
    case 'int8': return [-128, 127];
    case 'int16': return [-32768, 32767];
    case 'boolean': return [0, 1];
    case 'int': return [-2147483648, 2147483647];
    case 'long': return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    case 'timestamp':
    case 'date':
    case 'datetime': return [-30610224000000, 29379542399999];
    case 'time': return [0, DAY_MS - 1];
    case 'ulong': return [0, Number.MAX_SAFE_INTEGER];
    case 'float': return [-3.4028234663852886e38, 3.4028234663852886e38];
    case 'double': return [-Number.MAX_VALUE, Number.MAX_VALUE];
    case 'decimal': {
      const [precision, scale] = (propertyArgument(column, 'decimal') ?? '19,4').split(',').map(Number) as [number, number];
      const limit = 10 ** Math.min(precision - scale, 15) - 10 ** -scale;
      return [-limit, limit];
    }
    default: return undefined;
  }
}

const isWhole = (dataType: string) => ['int8', 'int16', 'boolean', 'int', 'long', 'timestamp', 'ulong'].includes(dataType);
const lengthTypes = new Set(['char', 'string', 'bytes', 'json', 'array']);

export interface RandomRequest {
  count: number;
  options: Record<string, Record<string, number>>;
}

/** Generates the records of a request as decoded values, ready for the table's encoder. */
export function randomRecords(table: Table, request: RandomRequest): Record<string, unknown>[] {
  const { count, options } = request;
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_RANDOM_RECORDS) {
    throw tableErrors.randomCountOutOfRange(count, MAX_RANDOM_RECORDS);
  }
  const columns = table.type.model.columns;
  const names = columns.map((column) => column.name);
  let seed: number | undefined;
  const all: Parameters = {};
  const own = new Map<string, Parameters>();
  for (const [key, map] of Object.entries(options)) {
    if (key === 'seed') {
      for (const [parameter, value] of Object.entries(map)) {
        if (parameter !== 'value') throw tableErrors.randomUnknownParameter(key, parameter, ['value']);
        if (!Number.isFinite(value) || value < 0) throw tableErrors.randomBadParameter(key, parameter, value, 'the seed is a number of at least 0');
        seed = Math.floor(value);
      }
      continue;
    }
    if (key === 'track_length') throw tableErrors.randomTrackLength(table.qualifiedName);
    const column = key === 'all' ? undefined : columns.find((candidate) => candidate.name === key);
    if (key !== 'all' && !column) throw tableErrors.randomUnknownKey(table.qualifiedName, key, names);
    const params: Parameters = {};
    for (const [parameter, value] of Object.entries(map)) {
      if (!(RANDOM_PARAMETERS as readonly string[]).includes(parameter)) throw tableErrors.randomUnknownParameter(key, parameter, RANDOM_PARAMETERS);
      params[parameter as Parameter] = value;
    }
    checkParameters(key, params, column);
    if (key === 'all') Object.assign(all, params);
    else own.set(key, params);
  }
  const plans: Plan[] = columns.map((column) => ({ column, params: { ...all, ...own.get(column.name) }, explicit: own.has(column.name) }));
  const random = mulberry32(seed ?? Math.floor(Math.random() * 2 ** 32));
  const budget = { left: MAX_RANDOM_TEXT };
  const makers = plans.map((plan) => valueMaker(plan, random, budget));

  const type = table.type;
  const keys = new Set<string>(type.hasPrimaryKey ? table.data.primaryKeys?.keys() ?? [] : []);
  const records: Record<string, unknown>[] = [];
  for (let index = 0; index < count; index++) {
    let record: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < KEY_ATTEMPTS && record === undefined; attempt++) {
      const candidate = Object.fromEntries(plans.map((plan, i) => [plan.column.name, makers[i]!(index)]));
      const key = type.primaryKeyOf(candidate);
      if (key === undefined) record = candidate;
      else if (!keys.has(key)) {
        keys.add(key);
        record = candidate;
      }
    }
    if (record === undefined) throw tableErrors.randomKeysExhausted(table.qualifiedName, records.length, count);
    records.push(record);
  }
  return records;
}

/** The documented rules of each parameter; a column's own map is also checked against its type. */
function checkParameters(key: string, params: Parameters, column: ColumnModel | undefined): void {
  const { min, max, interval, null_percentage: nulls, cardinality } = params;
  for (const [parameter, value] of Object.entries(params)) {
    if (!Number.isFinite(value)) throw tableErrors.randomBadParameter(key, parameter, value, 'give a finite number');
  }
  if (min !== undefined && max !== undefined && min > max) throw tableErrors.randomMinAboveMax(key, min, max);
  if (interval !== undefined && interval <= 0) throw tableErrors.randomBadParameter(key, 'interval', interval, 'the interval is above 0');
  if (nulls !== undefined && (nulls < 0 || nulls > 1)) throw tableErrors.randomBadParameter(key, 'null_percentage', nulls, 'it is a share from 0 to 1.0');
  if (cardinality !== undefined && (cardinality < 1 || !Number.isInteger(cardinality))) {
    throw tableErrors.randomBadParameter(key, 'cardinality', cardinality, 'it is a whole number above 0');
  }
  if (cardinality !== undefined && interval !== undefined) throw tableErrors.randomCardinalityWithInterval(key);
  if (!column) return;
  if (nulls !== undefined && nulls > 0 && !column.nullable) throw tableErrors.randomNullsNotNullable(column.name);
  const dataType = dataTypeOf(column);
  if (cardinality !== undefined && dataType === 'wkt') {
    throw tableErrors.randomBadParameter(key, 'cardinality', cardinality, 'it does not apply to WKT columns');
  }
  if (lengthTypes.has(dataType)) {
    const width = dataType === 'char' ? charLimit(column.properties)! : MAX_RANDOM_LENGTH;
    for (const [parameter, value] of [['min', min], ['max', max]] as const) {
      if (value !== undefined && (value < 0 || value > width || !Number.isInteger(value))) {
        throw tableErrors.randomBadParameter(key, parameter, value, `for column '${column.name}' it is a length from 0 to ${width}`);
      }
    }
    return;
  }
  const range = typeRange(column, dataType);
  for (const [parameter, value] of [['min', min], ['max', max]] as const) {
    if (value !== undefined && range && (value < range[0] || value > range[1])) {
      throw tableErrors.randomBadParameter(key, parameter, value, `column '${column.name}' holds values from ${range[0]} to ${range[1]}`);
    }
  }
}

/** A function giving the column's value for the record at an index (null, or a value of the column's type). */
function valueMaker(plan: Plan, random: () => number, budget: Budget): (index: number) => unknown {
  const { column, params } = plan;
  const base = baseMaker(plan, random, budget);
  let make = base;
  const cardinality = params.cardinality;
  if (cardinality !== undefined && dataTypeOf(column) !== 'wkt') {
    // A fixed set of `cardinality` values, picked from at random. Each is made the first time it is
    // picked, so a cardinality far above the count costs no more than the count.
    const made = new Map<number, unknown>();
    make = () => {
      const pick = Math.floor(random() * cardinality);
      if (!made.has(pick)) made.set(pick, base(pick));
      return made.get(pick);
    };
  }
  // Interval generation makes no nulls (the reference says so); otherwise nullable columns get 5% by default.
  const nullShare = !column.nullable || params.interval !== undefined ? 0 : (params.null_percentage ?? DEFAULT_NULL_SHARE);
  if (nullShare === 0) return make;
  return (index) => (random() < nullShare ? null : make(index));
}

/** What is left of MAX_RANDOM_TEXT for the rest of a request's values. */
interface Budget {
  left: number;
}

function baseMaker(plan: Plan, random: () => number, budget: Budget): (index: number) => unknown {
  const { column, params, explicit } = plan;
  const dataType = dataTypeOf(column);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const wholeBetween = (lo: number, hi: number) => {
    const first = Math.ceil(lo);
    const last = Math.floor(hi);
    return last < first ? first : first + Math.floor(random() * (last - first + 1));
  };

  if (lengthTypes.has(dataType) || dataType === 'vector') {
    const width = dataType === 'char' ? charLimit(column.properties)! : undefined;
    const limit = width ?? MAX_RANDOM_LENGTH;
    // From `all`, a length the column cannot take is ignored (the reference's rule); its own map was checked.
    const usable = (value: number | undefined) =>
      value !== undefined && (explicit || (value >= 0 && value <= limit && Number.isInteger(value))) ? value : undefined;
    const minLength = usable(params.min) ?? 0;
    const maxLength = Math.max(minLength, usable(params.max) ?? Math.min(limit, DEFAULT_STRING_MAX));
    const length = () => {
      const drawn = wholeBetween(minLength, maxLength);
      budget.left -= Math.max(0, drawn);
      if (budget.left < 0) throw tableErrors.randomTooMuchText(MAX_RANDOM_TEXT);
      return drawn;
    };
    switch (dataType) {
      case 'bytes':
        return () => Buffer.from(Array.from({ length: length() }, () => Math.floor(random() * 256)));
      case 'vector': {
        const dimension = Number(propertyArgument(column, 'vector'));
        return () => {
          budget.left -= dimension * 4;
          if (budget.left < 0) throw tableErrors.randomTooMuchText(MAX_RANDOM_TEXT);
          const buffer = Buffer.alloc(dimension * 4);
          for (let i = 0; i < dimension; i++) buffer.writeFloatLE(between(-1, 1), i * 4);
          return buffer;
        };
      }
      case 'json':
        return () => JSON.stringify({ value: Math.floor(between(DEFAULT_MIN, DEFAULT_MAX)) });
      case 'array': {
        const [item, size] = (propertyArgument(column, 'array') ?? 'int').split(',');
        const most = size !== undefined && Number(size) > 0 ? Math.min(Number(size), DEFAULT_ARRAY_MAX) : DEFAULT_ARRAY_MAX;
        const itemOf = (): string => {
          if (item === 'string') return `"${letters(random, 4)}"`;
          if (item === 'boolean') return random() < 0.5 ? 'true' : 'false';
          if (item === 'float' || item === 'double') return String(Math.round(between(-1000, 1000) * 100) / 100);
          if (item === 'ulong') return String(Math.floor(between(0, DEFAULT_MAX)));
          return String(Math.floor(between(DEFAULT_MIN, DEFAULT_MAX)));
        };
        return () => `[${Array.from({ length: wholeBetween(0, most) }, itemOf).join(',')}]`;
      }
      default:
        if (params.interval !== undefined && params.max === undefined) {
          // Linear strings: the column name, an underscore and the record's index; charN columns drop the name.
          return (index) => (width === undefined ? `${column.name}_${index}` : String(index).slice(-width));
        }
        return () => letters(random, length());
    }
  }

  switch (dataType) {
    case 'uuid':
      return () => Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    case 'ipv4':
      return () => Array.from({ length: 4 }, () => Math.floor(random() * 256)).join('.');
    case 'wkt': {
      const point = () => [between(-180, 180), between(-90, 90)] as const;
      if (column.base === 'bytes') {
        return () => {
          const [x, y] = point();
          const wkb = Buffer.alloc(21);
          wkb.writeUInt8(1, 0); // little-endian
          wkb.writeUInt32LE(1, 1); // a point
          wkb.writeDoubleLE(x, 5);
          wkb.writeDoubleLE(y, 13);
          return wkb;
        };
      }
      return () => {
        const [x, y] = point();
        return `POINT(${x.toFixed(6)} ${y.toFixed(6)})`;
      };
    }
    default:
      break;
  }

  // Numbers, and the date/time types drawn as instants: min and max bound them (epoch milliseconds for
  // timestamp, date and datetime; milliseconds of the day for time).
  const isInstant = dataType === 'timestamp' || dataType === 'date' || dataType === 'datetime';
  const range: [number, number] = typeRange(column, dataType) ?? [-Infinity, Infinity];
  const defaults: [number, number] = isInstant ? [TIMESTAMP_MIN, TIMESTAMP_MAX] : dataType === 'time' ? [0, DAY_MS - 1] : [DEFAULT_MIN, DEFAULT_MAX];
  const clamp = (value: number) => Math.min(range[1], Math.max(range[0], value));
  const lo = clamp(params.min ?? defaults[0]);
  const hi = Math.max(lo, clamp(params.max ?? (params.min !== undefined && params.min > defaults[1] ? params.min : defaults[1])));
  const whole = isWhole(dataType) || dataType === 'date' || dataType === 'datetime' || dataType === 'time';
  let number: (index: number) => number;
  if (params.interval !== undefined) {
    const step = params.interval;
    number = params.max === undefined
      // No max: evenly spaced from min, one step per record.
      ? (index) => clamp(lo + index * step)
      // With a max: random between min and max, cut down to the interval.
      : () => lo + Math.floor(random() * (Math.floor((hi - lo) / step) + 1)) * step;
  } else {
    number = whole ? () => wholeBetween(lo, hi) : () => between(lo, hi);
  }
  switch (dataType) {
    case 'date':
      return (index) => new Date(Math.floor(number(index))).toISOString().slice(0, 10);
    case 'datetime':
      return (index) => new Date(Math.floor(number(index))).toISOString().slice(0, 23).replace('T', ' ');
    case 'time':
      return (index) => new Date(Math.floor(number(index))).toISOString().slice(11, 23);
    case 'decimal': {
      const scale = Number((propertyArgument(column, 'decimal') ?? '19,4').split(',')[1]);
      return (index) => number(index).toFixed(scale);
    }
    case 'ulong':
      return (index) => String(Math.floor(number(index)));
    case 'float':
      return (index) => Math.fround(number(index));
    default:
      return whole ? (index) => Math.round(number(index)) : number;
  }
}

function letters(random: () => number, length: number): string {
  // Written as bytes, then read as text: adding to a string one character at a time took ten
  // times as long for long values. The same draws give the same letters.
  const bytes = Buffer.allocUnsafe(Math.max(0, length));
  for (let i = 0; i < length; i++) bytes[i] = LETTERS.charCodeAt(Math.floor(random() * LETTERS.length));
  return bytes.toString('latin1');
}
