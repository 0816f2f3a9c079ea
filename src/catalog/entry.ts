/**
 * What every catalog object offers the rest of the emulator, whatever its kind: a name, a
 * definition (the JSON a backup keeps as the object's definition file) and the sequence number of
 * its last definition change.
 */
import type { ObjectKind } from './kinds.js';
import { keyOf } from './names.js';

export interface CatalogEntry {
  readonly kind: ObjectKind;
  /** The schema of a schema-scoped object (as first written), undefined for the others. */
  schema: string | undefined;
  /** The object's own name (as first written). */
  name: string;
  /** Catalog sequence number of the last change to the definition. */
  defVersion: number;
  /** Canonical definition: JSON-serializable, stable key order. */
  definition(): Record<string, unknown>;
}

/** A shallow copy of `value` with its keys in localeCompare order: the stable key order of a definition's maps. */
export function sortedByKey<V>(value: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * `schema.name` for schema-scoped objects, `name` for the others: how any schema and name (an
 * object, a parsed request name, a monitor's target) are shown, here and nowhere else.
 */
export function displayName(entry: Pick<CatalogEntry, 'schema' | 'name'>): string {
  return entry.schema === undefined ? entry.name : `${entry.schema}.${entry.name}`;
}

/** The key an object is stored and logged under: kind and lower-case name. */
export function entryKey(kind: ObjectKind, schema: string | undefined, name: string): string {
  return schema === undefined ? `${kind}:${keyOf(name)}` : `${kind}:${keyOf(schema)}.${keyOf(name)}`;
}
