/**
 * /insert/records/random over real HTTP: the calls of the Python client's diagnostics script, the
 * documented parameters for each column type, and every refusal.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { readAll } from '../support/tables.js';

const ENCODINGS: WireEncoding[] = ['binary', 'json'];

/** The diagnostics script's point type, as it sends it. */
const POINT_TYPE = '{"type":"record","name":"point","fields":[{"name":"x","type":"double"},{"name":"y","type":"double"},{"name":"OBJECT_ID","type":"string"}]}';

let tables = 0;

for (const encoding of ENCODINGS) {
  describe(`random records (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);

    async function table(definition: string, properties: Record<string, string[]> = {}): Promise<string> {
      const name = `random_${++tables}`;
      const typeId = (await ok$<{ type_id: string }>('/create/type', { type_definition: definition, label: '', properties, options: {} })).type_id;
      await ok$('/create/table', { table_name: name, type_id: typeId, options: {} });
      return name;
    }
    const random = (name: string, count: number, options: Record<string, Record<string, number>> = {}) =>
      ok$<{ table_name: string; count: number }>('/insert/records/random', { table_name: name, count, options });

    it('inserts the points of the diagnostics script within the ranges it gives', async () => {
      const name = await table(POINT_TYPE);
      const first = await random(name, 2000, { x: { min: 0, max: 42 }, y: { min: 0, max: 42 } });
      expect(first).toEqual({ table_name: name, count: 2000, info: {} });
      await random(name, 2000, { x: { min: -50, max: -20 }, y: { min: -50, max: -20 } });
      const shown = await ok$<{ total_size: number }>('/show/table', { table_name: name, options: { get_sizes: 'true' } });
      expect(shown.total_size).toBe(4000);
      const points = await readAll<{ x: number; y: number; OBJECT_ID: string }>(mock.url, name, encoding);
      const [near, far] = [points.slice(0, 2000), points.slice(2000)];
      expect(near.every((p) => p.x >= 0 && p.x <= 42 && p.y >= 0 && p.y <= 42)).toBe(true);
      expect(far.every((p) => p.x >= -50 && p.x <= -20 && p.y >= -50 && p.y <= -20)).toBe(true);
      // Unbounded strings get lengths from 0 to 32 by default.
      expect(points.every((p) => p.OBJECT_ID.length <= 32)).toBe(true);
    });

    it('repeats the same records for the same seed', async () => {
      const [a, b] = [await table(POINT_TYPE), await table(POINT_TYPE)];
      await random(a, 50, { seed: { value: 100 } });
      await random(b, 50, { seed: { value: 100 } });
      const [first, second] = [await readAll(mock.url, a, encoding), await readAll(mock.url, b, encoding)];
      expect(second).toEqual(first);
      expect(new Set(first.map((record) => JSON.stringify(record))).size).toBeGreaterThan(40);
    });

    it('makes values of every type the column properties name, checked like any insert', async () => {
      const definition = JSON.stringify({
        type: 'record', name: 'kinds', fields: [
          { name: 'id', type: 'int' }, { name: 'tiny', type: 'int' }, { name: 'flag', type: 'int' }, { name: 'ts', type: 'long' },
          { name: 'day', type: 'string' }, { name: 'at', type: 'string' }, { name: 'clock', type: 'string' },
          { name: 'price', type: 'string' }, { name: 'big', type: 'string' }, { name: 'uid', type: 'string' },
          { name: 'ip', type: 'string' }, { name: 'code', type: 'string' }, { name: 'note', type: ['string', 'null'] },
          { name: 'kind', type: 'string' },
        ],
      });
      const name = await table(definition, {
        id: ['primary_key'], tiny: ['int8'], flag: ['boolean'], ts: ['timestamp'], day: ['date'], at: ['datetime'],
        clock: ['time'], price: ['decimal(10,2)'], big: ['ulong'], uid: ['uuid'], ip: ['ipv4'], code: ['char4'], note: ['nullable'],
        kind: ['char8'],
      });
      await random(name, 200, {
        // A column's own parameters override those of `all` one by one: tiny takes min from all, max from its own map.
        all: { min: -5 },
        tiny: { max: 5 },
        id: { min: 0, interval: 5 },
        note: { null_percentage: 1 },
        kind: { cardinality: 2 },
        ts: { min: Date.UTC(2020, 0, 1), max: Date.UTC(2021, 0, 1) },
      });
      const records = await readAll<Record<string, string | number | null>>(mock.url, name, encoding);
      expect(records.map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, i) => i * 5));
      expect(records.every((r) => (r.tiny as number) >= -5 && (r.tiny as number) <= 5)).toBe(true);
      expect(new Set(records.map((r) => r.flag))).toEqual(new Set([0, 1]));
      expect(records.every((r) => (r.ts as number) >= Date.UTC(2020, 0, 1) && (r.ts as number) <= Date.UTC(2021, 0, 1))).toBe(true);
      expect(records.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.day as string))).toBe(true);
      expect(records.every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/.test(r.at as string))).toBe(true);
      expect(records.every((r) => /^\d{2}:\d{2}:\d{2}\.\d{3}$/.test(r.clock as string))).toBe(true);
      expect(records.every((r) => /^-?\d+\.\d{2}$/.test(r.price as string) && Number(r.price) >= -5)).toBe(true);
      expect(records.every((r) => /^\d+$/.test(r.big as string))).toBe(true);
      expect(records.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(r.uid as string))).toBe(true);
      expect(records.every((r) => /^\d{1,3}(\.\d{1,3}){3}$/.test(r.ip as string))).toBe(true);
      // `all` asked for a minimum of -5: no length is negative, so a string column ignores it, as documented.
      expect(records.every((r) => (r.code as string).length <= 4)).toBe(true);
      expect(records.every((r) => r.note === null)).toBe(true);
      expect(new Set(records.map((r) => r.kind)).size).toBeLessThanOrEqual(2);
    });

    it('refuses what the reference rules out, naming the key and the fix', async () => {
      const name = await table(POINT_TYPE);
      const keyed = await table(JSON.stringify({ type: 'record', name: 'k', fields: [{ name: 'id', type: 'int' }] }), { id: ['primary_key', 'int8'] });
      const refused = async (table_name: string, count: number, options: Record<string, Record<string, number>>) =>
        (await fails$('/insert/records/random', { table_name, count, options })).message;
      expect(await refused(name, 100_001, {})).toBe('count 100001 is out of range: generate from 0 to 100000 records per request');
      expect(await refused(name, -1, {})).toBe('count -1 is out of range: generate from 0 to 100000 records per request');
      expect(await refused(name, 1, { z: { min: 1 } })).toBe(
        `options key 'z' is neither 'seed', 'all', 'track_length' nor a column of table 'ki_home.${name}'; its columns are: x, y, OBJECT_ID`,
      );
      expect(await refused(name, 1, { x: { mean: 1 } })).toBe(
        "options['x'] has the parameter 'mean', which is not one of: min, max, interval, null_percentage, cardinality",
      );
      expect(await refused(name, 1, { x: { min: 5, max: 1 } })).toBe("options['x'] has min 5 above max 1: give min <= max");
      expect(await refused(name, 1, { x: { null_percentage: 0.5 } })).toBe(
        "options['x'] asks for nulls (null_percentage) but column 'x' is not nullable",
      );
      expect(await refused(name, 1, { all: { null_percentage: 2 } })).toBe(
        "options['all']['null_percentage'] = 2 is not valid: it is a share from 0 to 1.0",
      );
      expect(await refused(name, 1, { x: { cardinality: 3, interval: 1 } })).toBe(
        "options['x'] gives both cardinality and interval: use one of them",
      );
      expect(await refused(name, 1, { track_length: { min: 1 } })).toBe(
        `options key 'track_length' applies only to track tables, and 'ki_home.${name}' is not one`,
      );
      // An int8 key has 256 values: 300 distinct keys cannot be made, and nothing is inserted.
      expect(await refused(keyed, 300, {})).toMatch(
        new RegExp(`^Could only generate \\d+ of 300 records with distinct primary keys for table 'ki_home\\.${keyed}': widen the min and max`),
      );
      expect(await readAll(mock.url, keyed, encoding)).toEqual([]);
    });

    it('bounds what one request can make: value lengths, all the text together, and a cardinality beyond the count', async () => {
      const name = await table(POINT_TYPE);
      const refused = async (count: number, options: Record<string, Record<string, number>>) =>
        (await fails$('/insert/records/random', { table_name: name, count, options })).message;
      // Once, a length of 6e8 ran the process out of memory and a cardinality of 5e9 failed inside.
      expect(await refused(1, { OBJECT_ID: { min: 600_000_000, max: 600_000_000 } })).toBe(
        "options['OBJECT_ID']['min'] = 600000000 is not valid: for column 'OBJECT_ID' it is a length from 0 to 65536",
      );
      expect(await refused(100_000, { OBJECT_ID: { min: 65_536, max: 65_536 } })).toBe(
        'The random records would hold more than 16777216 characters and bytes of string, bytes and JSON values: ask for fewer records (count) or shorter values (max)',
      );
      expect(await readAll(mock.url, name, encoding)).toEqual([]);
      // From `all`, a length beyond the bound is ignored for strings (a number's max, say), as a length a column cannot take.
      const inserted = await random(name, 3, { all: { cardinality: 5e9, max: 1e9 }, seed: { value: 7 } });
      expect(inserted.count).toBe(3);
      const rows = await readAll<{ OBJECT_ID: string }>(mock.url, name, encoding);
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(row.OBJECT_ID.length).toBeLessThanOrEqual(32);
    });
  });
}
