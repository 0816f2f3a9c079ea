/**
 * GET and PUT /_mock/state: the whole state (every kind of object, records, backups with their
 * snapshot chains) saved as one document and loaded into another emulator, which then behaves
 * the same; documents of another version or shape are refused and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { readAll, type Order } from '../support/tables.js';
import { createBackup } from '../support/backups.js';
import { buildScenario } from '../support/scenario.js';
import { OBJECT_KINDS } from '../../src/catalog/kinds.js';
import { comparable, control } from '../control/support.js';

const showBackups = (url: string) =>
  ok<Record<string, unknown>>(url, '/show/backup', { backup_name: '*', datasource_name: 'backup_source', options: { show_contents: 'object_files' } });

describe('GET and PUT /_mock/state', () => {
  const source = useMock();
  const target = useMock();

  it('saves every kind of object, the records and the backups, and another emulator loads them to the same state', async () => {
    await buildScenario(source.url, () => source.server.emulator.catalog);
    const saved = await control(source.url, 'GET', '/state');
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ format: 'kinetica-mock-state', version: 1, writtenBy: 'kinetica-mock 0.1.0' });
    expect(new Set(saved.body.catalog.objects.map((object: { kind: string }) => object.kind))).toEqual(new Set(OBJECT_KINDS));

    const loaded = await control(target.url, 'PUT', '/state', saved.body);
    expect(loaded.status).toBe(200);
    expect(loaded.body.loaded).toMatchObject({ schemas: 2, records: 8, backups: 2, snapshots: 3 });

    const again = await control(target.url, 'GET', '/state');
    expect(comparable(again.body)).toEqual(comparable(saved.body));

    // What clients see is the same.
    expect(await readAll<Order>(target.url, 'app.orders', 'binary')).toEqual(await readAll<Order>(source.url, 'app.orders', 'binary'));
    expect(await readAll(target.url, 'app.blobs', 'json')).toEqual(await readAll(source.url, 'app.blobs', 'json'));
    const showTable = { table_name: 'app', options: { show_children: 'true' } };
    expect(await ok(target.url, '/show/table', showTable)).toEqual(await ok(source.url, '/show/table', showTable));
    expect(await showBackups(target.url)).toEqual(await showBackups(source.url));
    const security = { names: [], options: {} };
    expect(await ok(target.url, '/show/security', security)).toEqual(await ok(source.url, '/show/security', security));
    // Password hashes came along (the changed admin password too), so users log in as before.
    expect(target.server.emulator.catalog.get('user', undefined, 'admin')?.definition()).toEqual(source.server.emulator.catalog.get('user', undefined, 'admin')?.definition());
  });

  it('leaves a loaded emulator able to go on: the chain continues and restores', async () => {
    // Nothing changed since the last snapshot, so an incremental one copies no file.
    const incremental = await createBackup(target.url, 'json', 'nightly', 'incremental');
    expect(incremental).toMatchObject({ copied_files: 0, copied_records: 0, total_number_of_records: 8 });
    await ok(target.url, '/drop/schema', { schema_name: 'app', options: { cascade: 'true' } });
    await ok(target.url, '/restore/backup', { backup_name: 'nightly', restore_objects_map: { all: 'app' }, datasource_name: 'backup_source', options: { create_schema_if_not_exist: 'true' } });
    expect((await readAll<Order>(target.url, 'app.orders', 'json')).map((row) => row.id)).toEqual([1, 3, 4, 5, 6, 7]);
    const verified = await ok<{ errors: string[][] }>(target.url, '/verify/backup', { backup_name: '*', datasource_name: 'backup_source', options: { backup_id: '-1' } });
    expect(verified.errors.flat()).toEqual([]);
  });

  it('replaces what was there: objects and backups not in the document are gone', async () => {
    const empty = await control(source.url, 'GET', '/state');
    await control(source.url, 'POST', '/reset', { backups: true });
    const blank = await control(source.url, 'GET', '/state');
    await control(target.url, 'PUT', '/state', blank.body);
    expect(comparable((await control(target.url, 'GET', '/state')).body)).toEqual(comparable(blank.body));
    expect(blank.body.stores.backups).toEqual([]);
    expect(empty.body.stores.backups.length).toBe(2);
  });
});

describe('PUT /_mock/state refuses bad documents and changes nothing', () => {
  const mock = useMock();

  it('refuses each with a message naming the problem, and the state stays as it was', async () => {
    await buildScenario(mock.url, () => mock.server.emulator.catalog);
    const good = (await control(mock.url, 'GET', '/state')).body;
    const before = comparable(good);
    const edit = (change: (document: any) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };

    const cases: [string, unknown, RegExp][] = [
      ['not an object', [good], /A state document must be a JSON object/],
      ['another format', { ...good, format: 'something-else' }, /Not a kinetica-mock state document: 'format' must be 'kinetica-mock-state'/],
      ['no format', { version: 1 }, /Not a kinetica-mock state document/],
      ['a newer version', { ...good, version: 2 }, /Unsupported state document version 2: this kinetica-mock \(0\.1\.0\) reads version 1/],
      ['no version', edit((d) => delete d.version), /Unsupported state document version null/],
      ['an unknown key', { ...good, extra: true }, /Invalid state document: 'extra': Unexpected property/],
      ['a missing part', edit((d) => delete d.stores), /Invalid state document: 'stores': Expected required property/],
      ['an unknown kind', edit((d) => (d.catalog.objects[0].kind = 'spaceship')), /Invalid state document: 'catalog\.objects\[0\]\.kind'/],
      ['a record of the wrong type', edit((d) => (objectNamed(d, 'orders').files[0][0].id = 'one')), /catalog\.objects\[\d+\] \(table 'app\.orders'\): files\[0\]\[0\]: .*'id'/],
      ['an object in a missing schema', edit((d) => (d.catalog.schemas = d.catalog.schemas.filter((schema: { name: string }) => schema.name !== 'app'))), /catalog\.objects\[\d+\] \(\w+ 'app\.\w+'\): .*app/],
      ['a schema-scoped kind without schema', edit((d) => delete objectNamed(d, 'orders').schema), /a table needs its 'schema'/],
      ['a bad definition', edit((d) => (objectNamed(d, 'ana').definition.password_hash = 'plain')), /catalog\.objects\[\d+\] \(user 'ana'\): .*password_hash/],
      ['an object given twice', edit((d) => d.catalog.objects.push(objectNamed(d, 'rg_batch'))), /\(resource_group 'rg_batch'\): it is given twice/],
      ['a snapshot with a missing baseline', edit((d) => (d.stores.backups[0].snapshots[1].baseline = 12345)), /stores\.backups\[0\] \('nightly' in '.+'\): snapshot \d+: its baseline 12345 is not an earlier snapshot/],
      ['file offsets that do not fit', edit((d) => d.stores.backups[0].snapshots[0].fileDeltas[0].offsets.push(99999)), /'offsets' must rise from 0 to the length of 'data'/],
      ['a backup given twice', edit((d) => d.stores.backups.push(d.stores.backups[0])), /stores\.backups\[2\] \('nightly' in '.+'\): it is given twice/],
    ];
    for (const [what, document, message] of cases) {
      const response = await control(mock.url, 'PUT', '/state', document);
      expect(response.status, what).toBe(400);
      expect(response.body.error, what).toMatch(message);
      expect(comparable((await control(mock.url, 'GET', '/state')).body), `${what} changed nothing`).toEqual(before);
    }

    const syntax = await control(mock.url, 'PUT', '/state', undefined, '{"format": "kinetica-mock-state",\n "version": 1,\n "catalog": [}');
    expect(syntax).toMatchObject({ status: 400, body: { error: "The body is not valid JSON: expected a value, found '}' (line 3, column 14)" } });
    expect((await control(mock.url, 'PUT', '/state', undefined, '')).body.error).toBe('The body must be a JSON document');
    expect(comparable((await control(mock.url, 'GET', '/state')).body)).toEqual(before);
  });
});

function objectNamed(document: any, name: string): any {
  return document.catalog.objects.find((object: { name: string }) => object.name === name);
}
