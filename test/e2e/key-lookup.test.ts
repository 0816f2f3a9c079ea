/**
 * The official clients' key lookup (the Python client's get_records_by_key, as its record retriever
 * example runs it) over real HTTP: the calls it makes, in the order and form it makes them.
 */
import { describe, expect, it } from 'vitest';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { insertRequest, recordCodec } from '../support/tables.js';

const ENCODINGS: WireEncoding[] = ['binary', 'json', 'snappy'];

/** The record retriever example's table, cut down: a sharded char16 name and an int. */
const PEOPLE_TYPE = JSON.stringify({
  type: 'record',
  name: 'people',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'name', type: ['string', 'null'] },
  ],
});
const PEOPLE_PROPERTIES = { name: ['shard_key', 'nullable', 'char16'] };

interface Shards {
  version: number;
  rank: number[];
  tom: number[];
  info: Record<string, string>;
}

for (const encoding of ENCODINGS) {
  describe(`key lookup as the clients do it (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);

    it('answers /admin/show/shards with one worker rank that every shard maps to', async () => {
      const shards = await ok$<Shards>('/admin/show/shards', { options: {} });
      expect(shards.version).toBeGreaterThan(0);
      expect(shards.rank.length).toBeGreaterThan(0);
      expect(shards.tom).toHaveLength(shards.rank.length);
      // Rank 1 is the first worker: the clients subtract one and index their worker list with it.
      expect(new Set(shards.rank)).toEqual(new Set([1]));
      expect(new Set(shards.tom)).toEqual(new Set([0]));
      // The worker list the clients build from /show/system/properties: head only, so one entry.
      const properties = await ok$<{ property_map: Record<string, string> }>('/show/system/properties', { options: {} });
      expect(properties.property_map['conf.enable_worker_http_servers']).toBe('FALSE');
      expect(properties.property_map['conf.number_of_ranks']).toBe('2');
    });

    it('finds a record by its shard key with the expression the Python client builds', async () => {
      const typeId = (await ok$<{ type_id: string }>('/create/type', {
        type_definition: PEOPLE_TYPE, label: 'people', properties: PEOPLE_PROPERTIES, options: {},
      })).type_id;
      await ok$('/create/table', { table_name: 'people', type_id: typeId, options: {} });
      const people = [{ id: 1, name: 'Vrpoi' }, { id: 2, name: 'Qwzt' }, { id: 3, name: 'name' }];
      await ok$('/insert/records', insertRequest('people', people, 'binary', {}, PEOPLE_TYPE));

      const shards = await ok$<Shards>('/admin/show/shards', { options: {} });
      const routingTable = shards.rank.map((rank) => rank - 1);
      // Whatever the key hashes to, it routes to worker 0: the head URL the lookup is sent to.
      expect(new Set(routingTable)).toEqual(new Set([0]));

      // get_records_by_key({'name': 'Vrpoi'}): a double-quoted string and fast_index_lookup.
      const page = await ok$<{ records_binary: Buffer[]; total_number_of_records: number }>('/get/records', {
        table_name: 'people',
        offset: 0,
        limit: -9999,
        encoding: 'binary',
        options: { expression: '(name = "Vrpoi")', fast_index_lookup: 'true' },
      });
      const codec = recordCodec(PEOPLE_TYPE);
      expect(page.records_binary.map((bytes) => ({ ...codec.fromBuffer(Buffer.from(bytes)) }))).toEqual([{ id: 1, name: 'Vrpoi' }]);
      expect(page.total_number_of_records).toBe(1);

      // A key that is also a column's name is still the column: the lookup compares name with itself.
      const named = await ok$<{ total_number_of_records: number }>('/get/records', {
        table_name: 'people', offset: 0, limit: -9999, encoding: 'binary',
        options: { expression: '(name = "name")', fast_index_lookup: 'true' },
      });
      expect(named.total_number_of_records).toBe(3);

      // On a SNAPPY connection the Python client asks for its connection encoding, and reads records_binary.
      const overSnappy = await ok$<{ records_binary: Buffer[] }>('/get/records', {
        table_name: 'people', offset: 0, limit: -9999, encoding: 'snappy',
        options: { expression: '(name = "Qwzt")', fast_index_lookup: 'true' },
      });
      expect(overSnappy.records_binary.map((bytes) => ({ ...codec.fromBuffer(Buffer.from(bytes)) }))).toEqual([{ id: 2, name: 'Qwzt' }]);
    });
  });
}
