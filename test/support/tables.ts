/**
 * Table fixtures for end-to-end tests: a type like the one the Python client's GPUdbRecordType
 * sends, and records encoded the way the clients encode them (avsc straight from the type).
 */
import avro from 'avsc';
import { ok, type WireEncoding } from './client.js';

export const ORDERS_TYPE = JSON.stringify({
  type: 'record',
  name: 'orders_t',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'name', type: 'string' },
    { name: 'amount', type: ['double', 'null'] },
    { name: 'ts', type: 'long' },
  ],
});

export const ORDERS_PROPERTIES = {
  id: ['primary_key'],
  name: ['char32'],
  amount: ['nullable'],
  ts: ['timestamp'],
};

export interface Order {
  id: number;
  name: string;
  amount: number | null;
  ts: number;
}

export function order(id: number): Order {
  return { id, name: `n${id}`, amount: id % 3 === 0 ? null : id * 1.5, ts: 1764201600000 + id };
}

export async function createType(
  url: string,
  encoding: WireEncoding,
  definition = ORDERS_TYPE,
  properties: Record<string, string[]> = ORDERS_PROPERTIES,
  label = 'orders_t',
): Promise<string> {
  const created = await ok<{ type_id: string }>(url, '/create/type', { type_definition: definition, label, properties, options: {} }, encoding);
  return created.type_id;
}

export async function createOrdersTable(url: string, name: string, encoding: WireEncoding, options: Record<string, string> = {}): Promise<string> {
  const typeId = await createType(url, encoding);
  await ok(url, '/create/table', { table_name: name, type_id: typeId, options }, encoding);
  return typeId;
}

const codecs = new Map<string, avro.Type>();
export function recordCodec(definition: string): avro.Type {
  let type = codecs.get(definition);
  if (!type) {
    type = avro.Type.forSchema(JSON.parse(definition) as avro.Schema, { wrapUnions: false });
    codecs.set(definition, type);
  }
  return type;
}

/** An /insert/records request in the encoding the clients use for it: binary list or JSON list_str. */
export function insertRequest(
  table: string,
  records: object[],
  listEncoding: 'binary' | 'json',
  options: Record<string, string> = {},
  definition = ORDERS_TYPE,
) {
  return listEncoding === 'binary'
    ? { table_name: table, list: records.map((r) => recordCodec(definition).toBuffer(r)), list_str: [], list_encoding: 'binary', options }
    : { table_name: table, list: [], list_str: records.map((r) => JSON.stringify(r)), list_encoding: 'json', options };
}

export async function insertOrders(url: string, table: string, records: object[], encoding: WireEncoding, options: Record<string, string> = {}) {
  return ok<{ count_inserted: number; count_updated: number; record_ids: string[]; info: Record<string, string> }>(
    url,
    '/insert/records',
    insertRequest(table, records, encoding === 'json' ? 'json' : 'binary', options),
    encoding,
  );
}

/** Reads every record of a table back, decoded, in the given wire encoding and record encoding. */
export async function readAll<T = Record<string, unknown>>(
  url: string,
  table: string,
  encoding: WireEncoding,
  recordEncoding: 'binary' | 'json' = encoding === 'json' ? 'json' : 'binary',
  options: Record<string, string> = {},
): Promise<T[]> {
  const page = await ok<{ type_schema: string; records_binary: Buffer[] | string[]; records_json: string[] }>(
    url,
    '/get/records',
    { table_name: table, offset: 0, limit: -9999, encoding: recordEncoding, options },
    encoding,
  );
  if (recordEncoding === 'json') return page.records_json.map((r) => JSON.parse(r) as T);
  const codec = recordCodec(page.type_schema);
  return (page.records_binary as (Buffer | string)[]).map(
    (bytes) => codec.fromBuffer(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1')) as T,
  );
}
