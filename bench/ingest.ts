/**
 * Ingest benchmark (issue: the catalog): one million records of a five-column type (int, long,
 * double, char32 string, timestamp) through binary /insert/records in batches of 10,000, against
 * the built server over HTTP. Reports records per second and RSS growth per record.
 * Targets: at least 200,000 records/s; under 200 bytes of RSS per record.
 */
import avro from 'avsc';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { rssMb, startEmulator, stop } from './support.js';

const TOTAL = Number(process.env.BENCH_INGEST_RECORDS ?? 1_000_000);
const BATCH = 10_000;

const schemas = JSON.parse(readFileSync(new URL('../src/wire/avro-schemas.json', import.meta.url), 'utf8')) as {
  endpoints: Record<string, { request: avro.Schema; response: avro.Schema }>;
};
const requestType = (path: string) => avro.Type.forSchema(schemas.endpoints[path]!.request);
const envelope = avro.Type.forSchema((schemas.endpoints.gpudb_response as unknown as { response: avro.Schema }).response);

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

async function call(base: string, path: string, record: unknown): Promise<void> {
  const reply = envelope.fromBuffer(await post(`${base}${path}`, requestType(path).toBuffer(record))) as { status: string; message: string };
  if (reply.status !== 'OK') throw new Error(`${path}: ${reply.message}`);
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
  await call(base, '/create/type', { type_definition: typeJson, label: 'five', properties: { s: ['char32'], t: ['timestamp'] }, options: {} });
  const typeId = await (async () => {
    const reply = envelope.fromBuffer(
      await post(`${base}/create/type`, requestType('/create/type').toBuffer({ type_definition: typeJson, label: 'five', properties: { s: ['char32'], t: ['timestamp'] }, options: {} })),
    ) as { data: Buffer };
    return (avro.Type.forSchema(schemas.endpoints['/create/type']!.response).fromBuffer(reply.data) as { type_id: string }).type_id;
  })();
  await call(base, '/create/table', { table_name: 'ingest', type_id: typeId, options: {} });

  // Encode every batch before timing, so the figure is the server's, not the client's.
  const bodies: Buffer[] = [];
  const insertType = requestType('/insert/records');
  for (let start = 0; start < TOTAL; start += BATCH) {
    const list = Array.from({ length: Math.min(BATCH, TOTAL - start) }, (_, k) => recordType.toBuffer(fiveColumnRecord(start + k)));
    bodies.push(insertType.toBuffer({ table_name: 'ingest', list, list_str: [], list_encoding: 'binary', options: {} }));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssBefore = rssMb(server.child.pid!);
  const started = process.hrtime.bigint();
  for (const body of bodies) {
    const reply = envelope.fromBuffer(await post(`${base}/insert/records`, body)) as { status: string; message: string };
    if (reply.status !== 'OK') throw new Error(reply.message);
  }
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
