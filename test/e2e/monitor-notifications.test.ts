/**
 * Table monitor notifications over ZeroMQ, received the way the Python client's GPUdbTableMonitor
 * receives them: a SUB socket on the host of the database URL and the port /show/system/properties
 * advertises (conf.set_monitor_port), subscribed to the topic id /create/tablemonitor returned.
 * Each message is the topic frame, then one Avro binary frame per inserted record, or one count
 * frame for updates and deletes. Every wait is bounded by a receive timeout.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Subscriber } from 'zeromq';
import avro from 'avsc';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable, insertOrders, order, recordCodec } from '../support/tables.js';
import { startMock } from '../../src/index.js';

const COUNT = avro.Type.forSchema({ type: 'record', name: 'type_name', fields: [{ name: 'count', type: 'long' }] });
/** Longest wait for a message that must come; a test fails rather than hangs. */
const RECEIVE_MS = 3000;
const PROBE_TOPIC = 'probe_monitor';

interface Created {
  topic_id: string;
  type_schema: string;
  info: Record<string, string>;
}

async function advertisedPort(url: string): Promise<number> {
  const { property_map } = await ok<{ property_map: Record<string, string> }>(url, '/show/system/properties', {
    options: { properties: 'conf.set_monitor_port' },
  });
  return Number(property_map['conf.set_monitor_port']);
}

for (const encoding of ['json', 'binary'] as WireEncoding[]) {
  describe(`table monitor notifications (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const subscribers: Subscriber[] = [];
    let probeReady = false;

    afterEach(() => {
      for (const subscriber of subscribers.splice(0)) subscriber.close();
    });

    const monitor = (table: string, event: string, options: Record<string, string> = {}) =>
      ok$<Created>('/create/tablemonitor', { table_name: table, options: { event, ...options } });

    /**
     * A subscriber whose subscriptions the publisher has taken in. ZeroMQ drops what is published
     * before a new subscription arrives, so the probe topic is subscribed last and probed until a
     * probe message comes back: the subscriptions before it travelled the same pipe first.
     */
    async function subscribe(...topics: string[]): Promise<Subscriber> {
      if (!probeReady) {
        await createOrdersTable(mock.url, 'probe', encoding);
        await monitor('probe', 'insert', { monitor_id: PROBE_TOPIC });
        probeReady = true;
      }
      const port = await advertisedPort(mock.url);
      const subscriber = new Subscriber({ linger: 0, receiveTimeout: 100 });
      subscribers.push(subscriber);
      subscriber.connect(`tcp://${new URL(mock.url).hostname}:${port}`);
      subscriber.subscribe(...topics, PROBE_TOPIC);
      for (let attempt = 1; ; attempt++) {
        await insertOrders(mock.url, 'probe', [order(attempt)], encoding, { update_on_existing_pk: 'true' });
        const frames = await subscriber.receive().catch(() => undefined);
        if (frames?.[0]?.toString() === PROBE_TOPIC) break;
        if (attempt === 50) throw new Error('the publisher never took the subscription in');
      }
      subscriber.unsubscribe(PROBE_TOPIC);
      subscriber.receiveTimeout = RECEIVE_MS;
      return subscriber;
    }

    /** The next message that is not a late probe; rejects after RECEIVE_MS. */
    async function next(subscriber: Subscriber): Promise<Buffer[]> {
      for (;;) {
        const frames = await subscriber.receive();
        if (frames[0]?.toString() !== PROBE_TOPIC) return frames;
      }
    }

    it('advertises the port it publishes on, and keeps it', async () => {
      const port = await advertisedPort(mock.url);
      expect(port).toBeGreaterThan(0);
      expect(port).not.toBe(Number(new URL(mock.url).port));
      expect(await advertisedPort(mock.url)).toBe(port);
    });

    it('publishes the row images of an insert, one frame per record, after the topic frame', async () => {
      await createOrdersTable(mock.url, 'ins', encoding);
      const created = await monitor('ins', 'insert');
      const subscriber = await subscribe(created.topic_id);
      const records = [order(1), order(2), order(3)];
      await insertOrders(mock.url, 'ins', records, encoding);
      const [topic, ...rows] = await next(subscriber);
      expect(topic!.toString('utf8')).toBe(created.topic_id);
      const codec = recordCodec(created.type_schema);
      expect(rows.map((row) => codec.fromBuffer(row))).toEqual(records);
    });

    it('publishes the records an upsert writes, and those /insert/records/random makes', async () => {
      await createOrdersTable(mock.url, 'ups', encoding);
      await insertOrders(mock.url, 'ups', [order(1)], encoding);
      const created = await monitor('ups', 'insert');
      const subscriber = await subscribe(created.topic_id);
      const codec = recordCodec(created.type_schema);
      const replacing = { ...order(1), name: 'replaced' };
      await insertOrders(mock.url, 'ups', [order(2), replacing], encoding, { update_on_existing_pk: 'true' });
      const [, ...rows] = await next(subscriber);
      expect(rows.map((row) => codec.fromBuffer(row))).toEqual([order(2), replacing]);

      await ok$('/insert/records/random', { table_name: 'ups', count: 3, options: {} });
      const [topic, ...random] = await next(subscriber);
      expect(topic!.toString()).toBe(created.topic_id);
      expect(random).toHaveLength(3);
      const stored = await ok$<{ total_number_of_records: number }>('/get/records', {
        table_name: 'ups', offset: 0, limit: 0, encoding: 'binary', options: {},
      });
      expect(stored.total_number_of_records).toBe(5);
      for (const row of random) expect(Object.keys(codec.fromBuffer(row) as object)).toEqual(['id', 'name', 'amount', 'ts']);
    });

    it("publishes only the inserted records an insert monitor's expression lets through", async () => {
      await createOrdersTable(mock.url, 'filt', encoding);
      const created = await monitor('filt', 'insert', { expression: 'amount > 10' });
      const subscriber = await subscribe(created.topic_id);
      const codec = recordCodec(created.type_schema);
      // amount is id * 1.5, or null for multiples of 3.
      await insertOrders(mock.url, 'filt', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(order), encoding);
      const [, ...rows] = await next(subscriber);
      expect(rows.map((row) => codec.fromBuffer(row))).toEqual([order(7), order(8), order(10)]);

      // A batch the expression lets nothing through publishes nothing: the next message is the one after.
      await insertOrders(mock.url, 'filt', [order(11), order(12)].map((o) => ({ ...o, amount: 1 })), encoding);
      await insertOrders(mock.url, 'filt', [order(13)], encoding);
      const [, after] = await next(subscriber);
      expect(codec.fromBuffer(after!)).toEqual(order(13));
    });

    it('refuses an insert monitor whose expression does not read against the table', async () => {
      await createOrdersTable(mock.url, 'badexpr', encoding);
      const refused = await fails(mock.url, '/create/tablemonitor', { table_name: 'badexpr', options: { expression: 'no_such_column > 1' } }, encoding);
      expect(refused.message).toContain('no_such_column');
      const shown = await ok$<{ table_names: string[] }>('/show/tablemonitors', { monitor_ids: [], options: {} });
      expect(shown.table_names).not.toContain('ki_home.badexpr');
    });

    it('publishes the count of an update and of a delete as {count: long}', async () => {
      await createOrdersTable(mock.url, 'upd', encoding);
      await insertOrders(mock.url, 'upd', [order(1), order(2), order(3), order(4)], encoding);
      const updates = await monitor('upd', 'update');
      const deletes = await monitor('upd', 'delete');
      expect(JSON.parse(updates.type_schema).fields).toEqual([{ name: 'count', type: 'long' }]);
      const subscriber = await subscribe(updates.topic_id, deletes.topic_id);

      await ok$('/update/records', {
        table_name: 'upd',
        expressions: ['id <= 3'],
        new_values_maps: [{ name: 'changed' }],
        records_to_insert: [],
        records_to_insert_str: [],
        record_encoding: 'binary',
        options: {},
      });
      const updated = await next(subscriber);
      expect(updated[0]!.toString()).toBe(updates.topic_id);
      expect(updated).toHaveLength(2);
      expect(COUNT.fromBuffer(updated[1]!)).toEqual({ count: 3 });

      await ok$('/delete/records', { table_name: 'upd', expressions: ['id = 1', 'id = 4'], options: {} });
      const deleted = await next(subscriber);
      expect(deleted[0]!.toString()).toBe(deletes.topic_id);
      expect(COUNT.fromBuffer(deleted[1]!)).toEqual({ count: 2 });
    });

    it('publishes changes made through SQL too', async () => {
      await createOrdersTable(mock.url, 'sqlt', encoding);
      const created = await monitor('sqlt', 'delete');
      const subscriber = await subscribe(created.topic_id);
      await insertOrders(mock.url, 'sqlt', [order(1), order(2)], encoding);
      await ok$('/execute/sql', {
        statement: 'DELETE FROM sqlt',
        offset: 0,
        limit: -9999,
        encoding: 'json',
        request_schema_str: '',
        data: [],
        options: {},
      });
      const [topic, count] = await next(subscriber);
      expect(topic!.toString()).toBe(created.topic_id);
      expect(COUNT.fromBuffer(count!)).toEqual({ count: 2 });
    });

    it('sends a topic only what its own table and event publish, and nothing for a change of no records', async () => {
      await createOrdersTable(mock.url, 'mine', encoding);
      await createOrdersTable(mock.url, 'other', encoding);
      const mine = await monitor('mine', 'insert');
      await monitor('other', 'insert');
      const mineDeletes = await monitor('mine', 'delete');
      const subscriber = await subscribe(mine.topic_id, mineDeletes.topic_id);

      await insertOrders(mock.url, 'other', [order(9)], encoding);
      await insertOrders(mock.url, 'mine', [order(5)], encoding, { dry_run: 'true' });
      await ok$('/delete/records', { table_name: 'mine', expressions: ['id = 42'], options: {} });
      await insertOrders(mock.url, 'mine', [order(7)], encoding);
      // Messages on a topic arrive in order, so had any of the above published, it would come first.
      const [topic, row] = await next(subscriber);
      expect(topic!.toString()).toBe(mine.topic_id);
      expect(recordCodec(mine.type_schema).fromBuffer(row!)).toEqual(order(7));
    });

    it('stops publishing while suspended and once cleared', async () => {
      await createOrdersTable(mock.url, 'paused', encoding);
      const created = await monitor('paused', 'insert', { monitor_id: 'paused_stream' });
      const subscriber = await subscribe(created.topic_id);
      await ok$('/alter/tablemonitor', { topic_id: created.topic_id, monitor_updates_map: { notifications: 'suspend' }, options: {} });
      await insertOrders(mock.url, 'paused', [order(1)], encoding);
      await ok$('/alter/tablemonitor', { topic_id: created.topic_id, monitor_updates_map: { notifications: 'resume' }, options: {} });
      await insertOrders(mock.url, 'paused', [order(2)], encoding);
      const [, row] = await next(subscriber);
      expect(recordCodec(created.type_schema).fromBuffer(row!)).toEqual(order(2));

      await ok$('/clear/tablemonitor', { topic_id: created.topic_id, options: {} });
      await insertOrders(mock.url, 'paused', [order(3)], encoding);
      // A new monitor under the same topic id publishes to the same subscription, after the insert above.
      await monitor('paused', 'insert', { monitor_id: 'paused_stream' });
      await insertOrders(mock.url, 'paused', [order(4)], encoding);
      const [, after] = await next(subscriber);
      expect(recordCodec(created.type_schema).fromBuffer(after!)).toEqual(order(4));
    });
  });
}

describe('table monitor port settings', () => {
  const opened: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((mock) => mock.close()));
  });

  it('publishes nothing with monitorPort -1, advertised as -1, and monitors still work as objects', async () => {
    const mock = await startMock({ monitorPort: -1 });
    opened.push(mock);
    expect(await advertisedPort(mock.url)).toBe(-1);
    await createOrdersTable(mock.url, 't', 'json');
    const created = await ok<Created>(mock.url, '/create/tablemonitor', { table_name: 't', options: {} });
    expect(created.topic_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('advertises -1 while the port is taken, monitors still working as objects, and binds it once it is free', async () => {
    const first = await startMock();
    opened.push(first); // closing twice is harmless
    const taken = await advertisedPort(first.url);
    const second = await startMock({ monitorPort: taken });
    opened.push(second);
    expect(await advertisedPort(second.url)).toBe(-1);
    await createOrdersTable(second.url, 't', 'json');
    await ok(second.url, '/create/tablemonitor', { table_name: 't', options: {} });
    await first.close();
    // libzmq releases the port on its own I/O thread, a moment after close() returns; each ask
    // tries to bind again, so within a bounded wait the port is the second emulator's.
    let port = await advertisedPort(second.url);
    for (let attempt = 0; attempt < 40 && port !== taken; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      port = await advertisedPort(second.url);
    }
    expect(port).toBe(taken);
  });
});
