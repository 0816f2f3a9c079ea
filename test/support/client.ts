/**
 * A minimal Kinetica client for the tests, written apart from src/wire/codec.ts so that a codec
 * bug cannot hide itself: it encodes requests with avsc straight from the schema file and speaks
 * HTTP through node:http, the way the official clients do.
 */
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { compressSync } from 'snappy';

export type WireEncoding = 'json' | 'binary' | 'snappy';
export const ENCODINGS: WireEncoding[] = ['json', 'binary', 'snappy'];

interface SchemaPair {
  request: avro.Schema;
  response: avro.Schema;
}

const schemaFile = JSON.parse(
  readFileSync(new URL('../../src/wire/avro-schemas.json', import.meta.url), 'utf8'),
) as { endpoints: Record<string, Partial<SchemaPair>> };

const types = new Map<string, avro.Type>();
function typeOf(path: string, which: 'request' | 'response'): avro.Type {
  const key = `${which} ${path}`;
  let type = types.get(key);
  if (!type) {
    const schema = schemaFile.endpoints[path]?.[which];
    if (!schema) throw new Error(`no ${which} schema for ${path}`);
    type = avro.Type.forSchema(schema);
    types.set(key, type);
  }
  return type;
}

const envelopeType = avro.Type.forSchema(schemaFile.endpoints.gpudb_response!.response!);

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends raw bytes; `chunked` omits Content-Length as the Node.js client does. */
export function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
  method = 'POST',
  chunked = false,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    if (chunked) {
      // Two writes without a Content-Length: node sends Transfer-Encoding: chunked.
      req.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      req.end(bytes.subarray(Math.floor(bytes.length / 2)));
    } else {
      if (!('content-length' in lower(headers))) req.setHeader('content-length', bytes.length);
      req.end(bytes);
    }
  });
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export const CONTENT_TYPES: Record<WireEncoding, string> = {
  json: 'application/json',
  binary: 'application/octet-stream',
  snappy: 'application/x-snappy',
};

/** JSON carries Avro bytes as strings of code points 0-255, as the Python client sends them. */
function bytesAsLatin1(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return Buffer.isBuffer(raw) ? raw.toString('latin1') : value;
}

export function encodeRequest(path: string, record: unknown, encoding: WireEncoding): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify(record, bytesAsLatin1));
  const avroBytes = typeOf(path, 'request').toBuffer(record);
  return encoding === 'snappy' ? compressSync(avroBytes) : avroBytes;
}

export interface Envelope<R = Record<string, unknown>> {
  httpStatus: number;
  status: string;
  message: string;
  data_type: string;
  /** The decoded response record when status is OK. */
  data: R | undefined;
  headers: RawResponse['headers'];
  /** The raw envelope as received. */
  raw: { data: Buffer | string; data_str: string };
}

export function decodeResponse<R>(path: string, encoding: WireEncoding, response: RawResponse): Envelope<R> {
  if (encoding === 'json') {
    const parsed = JSON.parse(response.body.toString('utf8')) as {
      status: string; message: string; data_type: string; data: string; data_str: string;
    };
    return {
      httpStatus: response.status,
      status: parsed.status,
      message: parsed.message,
      data_type: parsed.data_type,
      data: parsed.status === 'OK' ? (JSON.parse(parsed.data_str) as R) : undefined,
      headers: response.headers,
      raw: { data: parsed.data, data_str: parsed.data_str },
    };
  }
  const envelope = envelopeType.fromBuffer(response.body) as {
    status: string; message: string; data_type: string; data: Buffer; data_str: string;
  };
  return {
    httpStatus: response.status,
    status: envelope.status,
    message: envelope.message,
    data_type: envelope.data_type,
    data: envelope.status === 'OK' ? (typeOf(path, 'response').fromBuffer(envelope.data) as R) : undefined,
    headers: response.headers,
    raw: { data: envelope.data, data_str: envelope.data_str },
  };
}

/** Calls an endpoint the way an official client would, in the given encoding. */
export async function call<R = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  record: unknown,
  encoding: WireEncoding = 'json',
  extraHeaders: Record<string, string> = {},
): Promise<Envelope<R>> {
  const body = encodeRequest(path, record, encoding);
  const response = await post(`${baseUrl}${path}`, body, { 'Content-type': CONTENT_TYPES[encoding], ...extraHeaders });
  return decodeResponse<R>(path, encoding, response);
}

/** Calls and insists on OK, returning the response record. */
export async function ok<R = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  record: unknown,
  encoding: WireEncoding = 'json',
  extraHeaders: Record<string, string> = {},
): Promise<R> {
  const envelope = await call<R>(baseUrl, path, record, encoding, extraHeaders);
  if (envelope.status !== 'OK') throw new Error(`${path} failed (${envelope.httpStatus}): ${envelope.message}`);
  return envelope.data!;
}

/** Calls and insists on ERROR, returning the envelope. */
export async function fails(
  baseUrl: string,
  path: string,
  record: unknown,
  encoding: WireEncoding = 'json',
  extraHeaders: Record<string, string> = {},
): Promise<Envelope> {
  const envelope = await call(baseUrl, path, record, encoding, extraHeaders);
  if (envelope.status !== 'ERROR') throw new Error(`${path} succeeded but was expected to fail`);
  return envelope;
}
