/**
 * Ingest benchmark (issue: the catalog): one million records of a five-column type (int, long,
 * double, char32 string, timestamp) through binary /insert/records in batches of 10,000, against
 * the built server over HTTP. Reports records per second and RSS growth per record.
 * Targets: at least 200,000 records/s; under 200 bytes of RSS per record.
 */
import avro from 'avsc';
import { request } from 'node:http';
import { codecOf, decodeEnvelope } from '../src/wire/codec.js';
import { rssMb, startEmulator, stop } from './support.js';

const TOTAL = Number(process.env.BENCH_INGEST_RECORDS ?? 1_000_000);
const BATCH = 10_000;

function post(url: string, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends an Avro binary request; the answer's envelope, which must be OK. */
async function send(url: string, body: Buffer) {
  const reply = decodeEnvelope('binary', await post(url, body));
  if (reply.status !== 'OK') throw new Error(`${url}: ${reply.message}`);
  return reply;
}

/** Calls an endpoint in Avro binary and returns its response record. */
async function call<R>(base: string, path: string, record: unknown): Promise<R> {
  const codec = codecOf(path);
  const reply = await send(`${base}${path}`, codec.requestType.toBuffer(record));
  return codec.responseType.fromBuffer(reply.data) as R;
}

export const FIVE_COLUMN_TYPE = {
  type: 'record',
  name: 'type_name',
  fields: [
    { name: 'i', type: 'int' },
    { name: 'l', type: 'long' },
    { name: 'd', type: 'double' },
    { name: 's', type: 'string' },
    { name: 't', type: 'long' },
  ],
} as const;

export function fiveColumnRecord(n: number) {
  return { i: n % 2_000_000_000, l: n * 7919, d: n / 3, s: `name-${n % 100_000}`, t: 1_764_201_600_000 + n };
}

export async function ingestBenchmark(): Promise<Record<string, number>> {
  const server = await startEmulator();
  const base = server.url;
  const typeJson = JSON.stringify(FIVE_COLUMN_TYPE);
  const recordType = avro.Type.forSchema(FIVE_COLUMN_TYPE as unknown as avro.Schema);
  const { type_id: typeId } = await call<{ type_id: string }>(base, '/create/type', {
    type_definition: typeJson, label: 'five', properties: { s: ['char32'], t: ['timestamp'] }, options: {},
  });
  await call(base, '/create/table', { table_name: 'ingest', type_id: typeId, options: {} });

  // Encode every batch before timing, so the figure is the server's, not the client's.
  const bodies: Buffer[] = [];
  const insertType = codecOf('/insert/records').requestType;
  for (let start = 0; start < TOTAL; start += BATCH) {
    const list = Array.from({ length: Math.min(BATCH, TOTAL - start) }, (_, k) => recordType.toBuffer(fiveColumnRecord(start + k)));
    bodies.push(insertType.toBuffer({ table_name: 'ingest', list, list_str: [], list_encoding: 'binary', options: {} }));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssBefore = rssMb(server.child.pid!);
  const started = process.hrtime.bigint();
  for (const body of bodies) await send(`${base}/insert/records`, body);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssAfter = rssMb(server.child.pid!);
  await stop(server);

  const figures = {
    recordsPerSecond: TOTAL / seconds,
    rssBytesPerRecord: ((rssAfter - rssBefore) * 1024 * 1024) / TOTAL,
  };
  console.log(
    `ingest: ${TOTAL.toLocaleString('en')} records in ${seconds.toFixed(2)} s = ${Math.round(figures.recordsPerSecond).toLocaleString('en')} records/s (target >= 200,000); ` +
      `RSS grew ${(rssAfter - rssBefore).toFixed(1)} MB = ${figures.rssBytesPerRecord.toFixed(0)} bytes/record (target < 200)`,
  );
  return figures;
}
