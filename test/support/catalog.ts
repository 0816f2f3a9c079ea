/**
 * Building catalogs directly (no HTTP) for unit and property tests of the backup engine.
 */
import { Catalog } from '../../src/catalog/catalog.js';
import { insertRecords, PLAIN_INSERT } from '../../src/catalog/table/records.js';
import type { Table } from '../../src/catalog/table/table.js';
import { parseType } from '../../src/catalog/table/type-model.js';
import { Clock } from '../../src/clock.js';

export const ITEM_TYPE = JSON.stringify({
  type: 'record',
  name: 'type_name',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'label', type: 'string' },
    { name: 'value', type: ['double', 'null'] },
  ],
});

export function newCatalog(recordsPerFile = 10_000, clock = new Clock()): Catalog {
  return new Catalog({ recordsPerFile, now: () => clock.now() });
}

export function addTable(catalog: Catalog, schema: string, name: string, primaryKey = true): Table {
  if (!catalog.schema(schema)) catalog.createSchema(schema);
  const type = catalog.registerType(parseType(ITEM_TYPE, 'item', primaryKey ? { id: ['primary_key'] } : {}));
  return catalog.createTable(schema, name, type, {});
}

export interface Item {
  id: number;
  label: string;
  value: number | null;
}

export function item(id: number, label = `item${id}`): Item {
  return { id, label, value: id % 4 === 0 ? null : id / 2 };
}

export function insertItems(catalog: Catalog, table: Table, items: Item[], upsert = false): void {
  insertRecords(catalog, table, { encoding: 'json', records: items.map((i) => JSON.stringify(i)) }, { ...PLAIN_INSERT, updateOnExistingPk: upsert });
}

/** A table's records, decoded, in storage order. */
export function recordsOf(table: Table): Record<string, unknown>[] {
  return [...table.data.rows()].map((row) => table.type.decode(row.bytes));
}
