/**
 * Copies of catalog objects for a copy of the catalog (Catalog.copy, which checkpoints use): an
 * object of any kind becomes a new object of the same class whose fields change apart from the
 * original's.
 *
 * Objects of every kind are plain data under their class: strings, numbers, booleans, arrays,
 * maps, sets and plain objects, which are copied deeply. Two things are shared instead:
 * - bytes (Buffer and the other typed arrays, a UDF's files): nothing writes into them in place;
 * - a table's type (TableType, immutable and shared by tables already) and, through
 *   TableData.copy, its records (copy-on-write: see DataFile.share).
 * Anything else (an instance of another class, a function) is refused with an error naming where
 * it is, so a new field that cannot be copied this way fails the tests instead of being shared
 * by mistake.
 */
import type { CatalogEntry } from './entry.js';
import { TableData } from './table/table-data.js';
import { TableType } from './table/table-type.js';

/** A copy of an object of any kind, of the same class, sharing only what never changes in place. */
export function copyEntry<E extends CatalogEntry>(entry: E): E {
  const copy = Object.create(Object.getPrototypeOf(entry) as object) as Record<string, unknown>;
  for (const [key, value] of Object.entries(entry)) copy[key] = copyValue(value, `${entry.kind} '${entry.name}'.${key}`);
  return copy as unknown as E;
}

function copyValue(value: unknown, where: string): unknown {
  if (typeof value === 'function') throw new Error(`Cannot copy ${where}: a function`);
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return value;
  if (value instanceof TableType) return value;
  if (value instanceof TableData) return value.copy();
  if (Array.isArray(value)) return value.map((item, index) => copyValue(item, `${where}[${index}]`));
  if (value instanceof Map) return new Map([...value].map(([key, item]) => [key, copyValue(item, `${where}.get(${String(key)})`)]));
  if (value instanceof Set) return new Set([...value].map((item) => copyValue(item, `${where} item`)));
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new Error(`Cannot copy ${where}: an instance of ${(prototype.constructor as { name?: string } | undefined)?.name ?? 'a class'} (catalog/copy.ts copies plain data)`);
  }
  const copy: Record<string, unknown> = prototype === null ? Object.create(null) : {};
  for (const [key, item] of Object.entries(value)) copy[key] = copyValue(item, `${where}.${key}`);
  return copy;
}
