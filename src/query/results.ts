/**
 * Engine answers in Kinetica's terms: each engine type becomes the Avro type and data-type name
 * of Kinetica's dynamic-schema answers (docs/sql.md "The answer"), and each value the form
 * Kinetica sends: TIMESTAMP as epoch milliseconds, DATE as 'YYYY-MM-DD', TIME as
 * 'HH:MM:SS.mmm', DECIMAL as its text, BOOLEAN as 0 or 1, bytes as bytes.
 */
import type { DuckDBType } from '@duckdb/node-api';
import type { duckdb } from './engine.js';

type DuckDBModule = Awaited<ReturnType<typeof duckdb>>;

export type AvroBase = 'int' | 'long' | 'float' | 'double' | 'string' | 'bytes';

/** A result column as the dynamic-schema answer describes it (the same shape as sql/result.ts's). */
export interface ResultColumn {
  name: string;
  avro: AvroBase;
  /** Kinetica's data-type name: int, long, timestamp, decimal, char16... */
  datatype: string;
  nullable: boolean;
  /** For a DECIMAL answer: the engine's precision and scale (a view's column type keeps them). */
  decimal?: { precision: number; scale: number };
}

/** How one engine column is answered. */
export interface ColumnConversion {
  avro: AvroBase;
  datatype: string;
  decimal?: { precision: number; scale: number };
  convert: (value: unknown) => unknown;
}

const asNumber = (value: unknown) => Number(value as bigint | number);
const asText = (value: unknown) => String(value);
const two = (n: number) => String(n).padStart(2, '0');

/** 'HH:MM:SS.mmm' of microseconds since midnight. */
function timeText(micros: bigint): string {
  const ms = Number(micros / 1000n);
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${String(ms % 1000).padStart(3, '0')}`;
}

/** Kinetica's JSON text of a nested value (lists, structs, maps): plain JSON. */
function nestedText(value: unknown): string {
  return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? Number(item) : item));
}

export function conversionOf(duck: DuckDBModule, type: DuckDBType): ColumnConversion {
  const id = duck.DuckDBTypeId;
  switch (type.typeId) {
    case id.BOOLEAN:
      return { avro: 'int', datatype: 'boolean', convert: (value) => (value ? 1 : 0) };
    case id.TINYINT:
      return { avro: 'int', datatype: 'int8', convert: asNumber };
    case id.SMALLINT:
      return { avro: 'int', datatype: 'int16', convert: asNumber };
    case id.INTEGER:
    case id.UTINYINT:
    case id.USMALLINT:
      return { avro: 'int', datatype: 'int', convert: asNumber };
    case id.BIGINT:
    case id.UINTEGER:
    case id.HUGEINT:
    case id.UHUGEINT:
    case id.BIGNUM:
      return { avro: 'long', datatype: 'long', convert: asNumber };
    case id.UBIGINT:
      return { avro: 'string', datatype: 'ulong', convert: asText };
    case id.FLOAT:
      return { avro: 'float', datatype: 'float', convert: asNumber };
    case id.DOUBLE:
      return { avro: 'double', datatype: 'double', convert: asNumber };
    case id.DECIMAL: {
      const { width, scale } = type as unknown as { width: number; scale: number };
      return { avro: 'string', datatype: 'decimal', decimal: { precision: width, scale }, convert: asText };
    }
    case id.DATE:
      return { avro: 'string', datatype: 'date', convert: asText };
    case id.TIME:
    case id.TIME_NS:
    case id.TIME_TZ:
      return { avro: 'string', datatype: 'time', convert: (value) => timeText((value as { micros: bigint }).micros ?? 0n) };
    case id.TIMESTAMP:
    case id.TIMESTAMP_TZ:
      return { avro: 'long', datatype: 'timestamp', convert: (value) => Number((value as { micros: bigint }).micros / 1000n) };
    case id.TIMESTAMP_MS:
      return { avro: 'long', datatype: 'timestamp', convert: (value) => Number((value as { millis: bigint }).millis) };
    case id.TIMESTAMP_S:
      return { avro: 'long', datatype: 'timestamp', convert: (value) => Number((value as { seconds: bigint }).seconds) * 1000 };
    case id.TIMESTAMP_NS:
      return { avro: 'long', datatype: 'timestamp', convert: (value) => Number((value as { nanos: bigint }).nanos / 1_000_000n) };
    case id.BLOB:
      return { avro: 'bytes', datatype: 'bytes', convert: (value) => Buffer.from((value as { bytes: Uint8Array }).bytes) };
    case id.UUID:
      return { avro: 'string', datatype: 'uuid', convert: asText };
    case id.LIST:
    case id.ARRAY:
      return { avro: 'string', datatype: 'string', convert: (value) => nestedText((value as { items: unknown[] }).items.map(plain)) };
    case id.VARCHAR:
    case id.SQLNULL:
    case id.ENUM:
    default:
      return { avro: 'string', datatype: 'string', convert: (value) => (typeof value === 'object' && value !== null ? nestedText(plain(value)) : asText(value)) };
  }
}

/** A nested engine value as plain JSON-able data. */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value;
  if ('items' in value && Array.isArray((value as { items: unknown[] }).items)) return (value as { items: unknown[] }).items.map(plain);
  if ('entries' in value && typeof (value as { entries: unknown }).entries === 'object') {
    const entries = (value as { entries: unknown }).entries;
    if (Array.isArray(entries)) return entries.map((entry) => plain(entry));
    return Object.fromEntries(Object.entries(entries as Record<string, unknown>).map(([key, item]) => [key, plain(item)]));
  }
  return String(value);
}

/** The result column of an engine column: header, Avro type, data type; nullable is decided from the rows. */
export function resultColumn(header: string, conversion: ColumnConversion, nullable: boolean): ResultColumn {
  const column: ResultColumn = { name: header, avro: conversion.avro, datatype: conversion.datatype, nullable };
  if (conversion.decimal) column.decimal = conversion.decimal;
  return column;
}
