/**
 * Catalog.copy, which checkpoints rest on: a copy has everything the database had (objects of
 * every kind, records, the change log's point), and from then on the two change apart, whatever
 * either does to records it shares with the other (appends into the same last file, updates,
 * deletes, primary keys).
 */
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { copyEntry } from '../../src/catalog/copy.js';
import { DataFile } from '../../src/catalog/table/data-file.js';
import { deleteRecords, updateRecords } from '../../src/catalog/table/records.js';
import type { Table } from '../../src/catalog/table/table.js';
import { createStoredProcedure } from '../../src/catalog/objects/index.js';
import { addInitialSecurity } from '../../src/catalog/security/index.js';
import type { User } from '../../src/catalog/security/principals.js';
import type { CatalogEntry } from '../../src/catalog/entry.js';
import { addTable, insertItems, item, newCatalog, recordsOf } from '../support/catalog.js';

const ids = (table: Table) => recordsOf(table).map((record) => record.id);

function tableOf(catalog: Catalog, name: string): Table {
  return catalog.table('app', name)!;
}

/** Every object's definition, by key, and the schemas: what the database holds, as data. */
function contents(catalog: Catalog) {
  const objects: Record<string, unknown> = {};
  for (const kind of ['table', 'user', 'role', 'stored_procedure'] as const) {
    for (const entry of catalog.list(kind)) objects[`${kind}:${entry.schema ?? ''}.${entry.name}`] = entry.definition();
  }
  const records: Record<string, unknown> = {};
  for (const table of catalog.list<Table>('table')) records[table.qualifiedName] = recordsOf(table);
  return { schemas: catalog.schemaList(), objects, records, group: catalog.defaultResourceGroup.values() };
}

function seeded(): Catalog {
  const catalog = newCatalog(4);
  addInitialSecurity(catalog, 'admin-pw');
  const keyed = addTable(catalog, 'app', 'keyed');
  // 10 records in files of 4: the last file (2 records) has room, where appends go.
  insertItems(catalog, keyed, Array.from({ length: 10 }, (_, n) => item(n + 1)));
  insertItems(catalog, addTable(catalog, 'app', 'plain', false), [item(1), item(2), item(3)]);
  createStoredProcedure(catalog, { name: 'app.job', definition: 'CREATE PROCEDURE app.job BEGIN DELETE FROM app.keyed WHERE id < 0; END' });
  catalog.defaultResourceGroup.alter({ max_cpu_concurrency: '4' }, { VRAM: { max_memory: '1000' } });
  return catalog;
}

describe('Catalog.copy', () => {
  it('has the same schemas, objects, records, default group settings and change point', () => {
    const catalog = seeded();
    const copy = catalog.copy();
    expect(contents(copy)).toEqual(contents(catalog));
    expect(copy.changes.point()).toEqual(catalog.changes.point());
    expect(copy.changes.since({ epoch: catalog.changes.epoch, seq: 0 })).toEqual(catalog.changes.since({ epoch: catalog.changes.epoch, seq: 0 }));
    expect(copy.typeList()).toEqual(catalog.typeList());
    // Each object is of its class still (its methods work), and its own.
    const admin = copy.get<User>('user', undefined, 'admin')!;
    expect(admin.constructor).toBe(catalog.get('user', undefined, 'admin')!.constructor);
    expect(admin).not.toBe(catalog.get('user', undefined, 'admin'));
    expect(admin.hasRole('authenticated')).toBe(catalog.get<User>('user', undefined, 'admin')!.hasRole('authenticated'));
  });

  it('changes apart from the original: records appended, updated and deleted on either side stay on that side', () => {
    const catalog = seeded();
    const copy = catalog.copy();

    // Both append into the same last file (records 9 and 10 share it with room for two more),
    // at the same place in it.
    insertItems(catalog, tableOf(catalog, 'keyed'), [item(21)]);
    insertItems(copy, tableOf(copy, 'keyed'), [item(11)]);
    insertItems(copy, tableOf(copy, 'keyed'), [item(12), item(13)]);
    updateRecords(copy, tableOf(copy, 'keyed'), ['id = 2'], [{ label: 'changed' }], { useExpressions: false, updateOnExistingPk: false, ignoreExistingPk: false, truncateStrings: false });
    deleteRecords(copy, tableOf(copy, 'keyed'), ['id = 5'], { deleteAll: false });
    copy.remove(tableOf(copy, 'plain'));

    expect(ids(tableOf(copy, 'keyed'))).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(recordsOf(tableOf(copy, 'keyed'))[1]).toMatchObject({ id: 2, label: 'changed' });
    expect(ids(tableOf(catalog, 'keyed'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 21]);
    expect(recordsOf(tableOf(catalog, 'keyed'))[1]).toMatchObject({ id: 2, label: 'item2' });
    expect(tableOf(catalog, 'plain')).toBeDefined();

    // Primary keys too: each side knows its own keys, and refuses only its own duplicates.
    insertItems(catalog, tableOf(catalog, 'keyed'), [item(11)]);
    expect(ids(tableOf(catalog, 'keyed'))).toContain(11);
    expect(() => insertItems(catalog, tableOf(catalog, 'keyed'), [item(11)])).toThrow(/primary key/i);
    expect(tableOf(copy, 'keyed').data.primaryKeys!.has(JSON.stringify([21]))).toBe(false);
    expect(tableOf(catalog, 'keyed').data.primaryKeys!.has(JSON.stringify([5]))).toBe(true);
    expect(tableOf(copy, 'keyed').data.primaryKeys!.has(JSON.stringify([5]))).toBe(false);
  });

  it('leaves the original untouched by object changes in the copy (grants, renames, procedures, the default group)', () => {
    const catalog = seeded();
    const before = contents(catalog);
    const copy = catalog.copy();
    const admin = copy.get<User>('user', undefined, 'admin')!;
    admin.grants.push({ permission: 'table_read', objectType: 'table', object: 'app.keyed', withGrantOption: false, filterExpression: '', columns: ['id'] });
    admin.roles.push('extra');
    copy.touch(admin);
    copy.rename(tableOf(copy, 'keyed'), 'app', 'renamed');
    tableOf(copy, 'renamed').options.ttl = '5';
    copy.remove(copy.get('stored_procedure', 'app', 'job')!);
    copy.defaultResourceGroup.alter({ max_cpu_concurrency: '8' }, { RAM: { max_memory: '5' } });
    copy.createSchema('other');
    expect(contents(catalog)).toEqual(before);
    expect(catalog.changes.seq).toBeLessThan(copy.changes.seq);
  });

  it('copies a copy, and copies have no hooks of their own', () => {
    const catalog = seeded();
    catalog.afterAdd.push(() => {
      throw new Error('the original hook ran');
    });
    const second = catalog.copy().copy();
    expect(contents(second)).toEqual(contents(catalog));
    expect(second.afterAdd).toEqual([]);
    expect(() => second.createSchema('fresh')).not.toThrow();
    addTable(second, 'fresh', 't');
  });

  it('refuses an object holding something it cannot copy, naming the field', () => {
    const odd = { kind: 'role', schema: undefined, name: 'odd', defVersion: 1, when: new Date(0), definition: () => ({}) };
    expect(() => copyEntry(odd as unknown as CatalogEntry)).toThrow("Cannot copy role 'odd'.when: an instance of Date");
  });
});

describe('DataFile.share', () => {
  const bytes = (text: string) => Buffer.from(text);
  const all = (file: DataFile) => Array.from({ length: file.count }, (_, i) => file.recordAt(i).toString());

  it('gives a file with the same records that changes apart: appends, rewrites and trims on either side', () => {
    const file = new DataFile(1);
    file.append(1, bytes('a'));
    file.append(2, bytes('b'));
    const twin = file.share();
    expect(all(twin)).toEqual(['a', 'b']);
    twin.append(3, bytes('twin'));
    file.append(3, bytes('orig'));
    expect(all(twin)).toEqual(['a', 'b', 'twin']);
    expect(all(file)).toEqual(['a', 'b', 'orig']);
    const third = twin.share();
    twin.rewrite(new Set([0]), new Map([[1, bytes('B')]]));
    third.trim();
    third.append(4, bytes('d'));
    expect(all(twin)).toEqual(['B', 'twin']);
    expect(all(third)).toEqual(['a', 'b', 'twin', 'd']);
    expect(all(file)).toEqual(['a', 'b', 'orig']);
    expect([third.rowIdAt(3), twin.rowIdAt(0), file.rowIdAt(2)]).toEqual([4, 2, 3]);
  });
});
