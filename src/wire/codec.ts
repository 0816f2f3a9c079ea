/**
 * The three request encodings Kinetica's clients use, and the response envelope in two of them.
 *   application/json          JSON object of the request record
 *   application/octet-stream  Avro binary of the request record
 *   application/x-snappy      raw Snappy block of that Avro binary
 * Responses go back in JSON for JSON requests and in (uncompressed) Avro binary otherwise.
 */
import avro from 'avsc';
import { createRequire } from 'node:module';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import type { ValueError } from '@sinclair/typebox/errors';
import { lazyTypeBox } from '../lazy-typebox.js';
import type { TSchema } from '@sinclair/typebox';
import { wireErrors } from '../errors/wire.js';
import { envelopeSchema, schemaOf, type AvroRecord, type AvroType, type EndpointSchema } from './schemas.js';
import { describeAvroType, recordTypeBox } from './typebox.js';
import { avroBoundsChecker, avroFailureKind, type AvroBoundsChecker } from '../bounds/avro.js';
import { jsonTooDeepAt, MAX_JSON_DEPTH } from '../bounds/json.js';

export type Encoding = 'json' | 'binary' | 'snappy';

/** The media types of the three encodings, as the clients write them. */
export const MEDIA_TYPES: ReadonlyMap<string, Encoding> = new Map([
  ['application/json', 'json'],
  ['application/octet-stream', 'binary'],
  ['application/x-snappy', 'snappy'],
]);

/** The encoding named by a Content-type header: case-insensitive, parameters ignored. */
export function encodingOf(contentType: string | undefined): Encoding | undefined {
  if (!contentType) return undefined;
  // The header as the clients send it needs no normalizing.
  return MEDIA_TYPES.get(contentType) ?? MEDIA_TYPES.get(contentType.split(';', 1)[0]!.trim().toLowerCase());
}

export function responseContentType(encoding: Encoding): string {
  return encoding === 'json' ? 'application/json' : 'application/octet-stream';
}

/** Everything derived from one endpoint's schemas, built on first use and then shared. */
export interface EndpointCodec {
  schema: EndpointSchema;
  requestType: avro.Type;
  responseType: avro.Type;
  /** Checks a binary request's lengths and counts against its size before avsc decodes it. */
  readonly requestBounds: AvroBoundsChecker;
  /** The compiled JSON check of the request record (compiled on first use: binary requests never need it). */
  readonly requestCheck: TypeCheck<TSchema>;
  requestHasBytes: boolean;
  responseHasBytes: boolean;
  /** The JSON OK envelope up to its data_str value, which is all that varies (see okEnvelope). */
  jsonOkHead: string;
  /** The binary OK envelope up to its data field (status, message, data_type; see okEnvelope). */
  binaryOkHead: Buffer;
}

class Codec implements EndpointCodec {
  readonly requestType: avro.Type;
  readonly responseType: avro.Type;
  readonly requestHasBytes: boolean;
  readonly responseHasBytes: boolean;
  readonly jsonOkHead: string;
  readonly binaryOkHead: Buffer;
  private compiledCheck: TypeCheck<TSchema> | undefined;
  private boundsChecker: AvroBoundsChecker | undefined;

  constructor(readonly schema: EndpointSchema) {
    this.requestType = avro.Type.forSchema(schema.request as avro.Schema);
    this.responseType = avro.Type.forSchema(schema.response as avro.Schema);
    this.requestHasBytes = containsBytes(schema.request);
    this.responseHasBytes = containsBytes(schema.response);
    this.jsonOkHead = jsonOkHead(schema.response.name);
    this.binaryOkHead = binaryOkHead(schema.response.name);
  }

  get requestBounds(): AvroBoundsChecker {
    return (this.boundsChecker ??= avroBoundsChecker(this.schema.request));
  }

  get requestCheck(): TypeCheck<TSchema> {
    return (this.compiledCheck ??= lazyTypeBox.TypeCompiler.Compile(recordTypeBox(this.schema.request)));
  }
}

const codecs = new Map<string, EndpointCodec>();

export function codecOf(path: string): EndpointCodec {
  let codec = codecs.get(path);
  if (!codec) {
    codec = new Codec(schemaOf(path));
    codecs.set(path, codec);
  }
  return codec;
}

function containsBytes(type: AvroType): boolean {
  if (typeof type === 'string') return type === 'bytes';
  if (Array.isArray(type)) return type.some(containsBytes);
  switch (type.type) {
    case 'map':
      return containsBytes(type.values);
    case 'array':
      return containsBytes(type.items);
    case 'record':
      return type.fields.some((field) => containsBytes(field.type));
  }
}

/** Decodes a request body into the endpoint's request record, or throws a KineticaError naming the fault. */
export function decodeRequest(codec: EndpointCodec, encoding: Encoding, body: Buffer, maxBytes: number): unknown {
  const record = codec.schema.request;
  if (encoding === 'json') return decodeJson(codec, body);
  let avroBytes = body;
  if (encoding === 'snappy') avroBytes = uncompressSnappy(body, maxBytes);
  try {
    // avsc believes the counts and lengths it reads: they are checked against the bytes first.
    codec.requestBounds(avroBytes);
    return codec.requestType.fromBuffer(avroBytes);
  } catch (error) {
    throw wireErrors.undecodableAvro(record.name, avroErrorText(error as Error, avroBytes.length));
  }
}

/**
 * One element of a Snappy block writes at most 64 bytes for every 3 it takes (a copy with a
 * two-byte offset), so a block cannot honestly claim more than this many bytes per byte it has.
 */
const SNAPPY_MAX_EXPANSION = 64 / 3;

/**
 * Uncompresses a raw Snappy block. Its claimed length is checked before any memory is taken for
 * it: against the body limit, and against what a block of its size can expand to.
 */
function uncompressSnappy(body: Buffer, maxBytes: number): Buffer {
  const claimed = snappyClaimedLength(body);
  if (claimed !== undefined && claimed > maxBytes) {
    throw wireErrors.badSnappy(`it expands to ${claimed} bytes, over the body limit of ${maxBytes} bytes`);
  }
  if (claimed !== undefined && claimed > Math.ceil(body.length * SNAPPY_MAX_EXPANSION)) {
    throw wireErrors.badSnappy(`it claims to expand to ${claimed} bytes, more than a ${body.length}-byte block can hold`);
  }
  try {
    return snappy().uncompressSync(body, { asBuffer: true }) as Buffer;
  } catch (error) {
    throw wireErrors.badSnappy((error as Error).message.replace(/^snappy: /, ''));
  }
}

/**
 * The Snappy library (a native module), loaded by the first Snappy request rather than at start:
 * most clients send JSON or plain Avro, and start-up time is part of the emulator's budget.
 */
let snappyModule: typeof import('snappy') | undefined;
function snappy(): typeof import('snappy') {
  return (snappyModule ??= createRequire(import.meta.url)('snappy') as typeof import('snappy'));
}

/** The uncompressed length a Snappy block starts with (a varint of at most five bytes), if it has one. */
function snappyClaimedLength(body: Buffer): number | undefined {
  let value = 0;
  for (let i = 0; i < 5 && i < body.length; i++) {
    value += (body[i]! & 0x7f) * 2 ** (7 * i);
    if (body[i]! < 0x80) return value;
  }
  return undefined;
}

function avroErrorText(error: Error, length: number): string {
  const kind = avroFailureKind(error);
  if (kind === 'ended') return `the body ends early (${length} bytes)`;
  if (kind === 'trailing') return `bytes remain after the last field (${length} bytes)`;
  return error.message;
}

function decodeJson(codec: EndpointCodec, body: Buffer): unknown {
  const record = codec.schema.request;
  const text = body.toString('utf8');
  const deepAt = jsonTooDeepAt(text);
  if (deepAt !== -1) throw wireErrors.jsonTooDeep(MAX_JSON_DEPTH, deepAt);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Checked only here: JSON.parse refuses an empty or blank body too.
    if (text.trim().length === 0) throw wireErrors.emptyBody(record.name);
    throw wireErrors.malformedJson((error as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw wireErrors.jsonNotObject(record.name, jsonKind(value));
  }
  if (!codec.requestCheck.Check(value)) {
    const first = codec.requestCheck.Errors(value).First();
    throw first ? validationError(record, first) : wireErrors.internal('validation failed without an error');
  }
  return codec.requestHasBytes ? bytesFromJson(record, value) : value;
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return `an ${typeof value}`;
}

/** JSON pointer `/options/checksum` to the dotted form users write: `options.checksum`, `list[0]`. */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function avroTypeAt(record: AvroRecord, pointer: string): AvroType | undefined {
  let type: AvroType | undefined = record;
  for (const part of pointer.split('/').slice(1)) {
    if (type === undefined || typeof type === 'string' || Array.isArray(type)) return undefined;
    if (type.type === 'record') type = type.fields.find((field) => field.name === part)?.type;
    else if (type.type === 'map') type = type.values;
    else type = type.items;
  }
  return type;
}

function validationError(record: AvroRecord, error: ValueError) {
  const field = fieldPath(error.path);
  const expected = avroTypeAt(record, error.path);
  const expectedText = expected === undefined ? 'a valid value' : describeAvroType(expected);
  const ValueErrorType = lazyTypeBox.ValueErrorType;
  if (error.type === ValueErrorType.ObjectRequiredProperty) {
    return wireErrors.missingField(record.name, field, expectedText);
  }
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const parent = avroTypeAt(record, error.path.slice(0, error.path.lastIndexOf('/')) || '');
    const names = parent && typeof parent === 'object' && !Array.isArray(parent) && parent.type === 'record'
      ? parent.fields.map((f) => f.name)
      : record.fields.map((f) => f.name);
    return wireErrors.unknownField(record.name, field, names);
  }
  const range = error.type === ValueErrorType.IntegerMaximum || error.type === ValueErrorType.IntegerMinimum
    ? ` (${String(error.value)} is out of the ${expectedText} range)`
    : '';
  return wireErrors.wrongFieldType(record.name, field, withArticle(expectedText), jsonKind(error.value) + range);
}

function withArticle(text: string): string {
  return /^[aeiou]/i.test(text) ? `an ${text}` : `a ${text}`;
}

/** JSON carries Avro bytes as strings of code points 0-255 (Avro's JSON encoding); handlers get Buffers. */
function bytesFromJson(type: AvroType, value: unknown): unknown {
  if (typeof type === 'string') return type === 'bytes' && typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (Array.isArray(type) || value === null || typeof value !== 'object') return value;
  switch (type.type) {
    case 'array':
      return (value as unknown[]).map((item) => bytesFromJson(type.items, item));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, bytesFromJson(type.values, item)]),
      );
    case 'record': {
      const out: Record<string, unknown> = {};
      for (const field of type.fields) out[field.name] = bytesFromJson(field.type, (value as Record<string, unknown>)[field.name]);
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Responses

const envelopeType = avro.Type.forSchema(envelopeSchema as avro.Schema);
const EMPTY = Buffer.alloc(0);

export interface Envelope {
  status: 'OK' | 'ERROR';
  message: string;
  data_type: string;
  data: Buffer;
  data_str: string;
}

/** Checks a handler's response record against the schema, so JSON and binary fail alike on a handler bug. */
export function checkResponse(codec: EndpointCodec, response: unknown): void {
  // Without an error hook avsc takes its fast path; the hook runs only to describe a failure.
  if (codec.responseType.isValid(response)) return;
  const problems: string[] = [];
  const valid = codec.responseType.isValid(response, {
    errorHook: (path, value) => problems.push(`${path.join('.') || '(record)'} = ${JSON.stringify(value)}`),
  });
  if (!valid) {
    throw wireErrors.internal(`${codec.schema.response.name} does not match its schema at ${problems.join('; ')}`);
  }
}

export function okEnvelope(codec: EndpointCodec, encoding: Encoding, response: unknown): Buffer | string {
  if (encoding === 'json') {
    const dataStr = codec.responseHasBytes ? JSON.stringify(response, bytesAsLatin1) : JSON.stringify(response);
    // For speed, only data_str is serialized per request: the same text as JSON.stringify of the
    // whole envelope, without writing its four fixed fields again every time.
    return codec.jsonOkHead + JSON.stringify(dataStr) + '}';
  }
  // The same bytes as envelopeType.toBuffer of the whole envelope, with its fixed head (status,
  // message, data_type) written once per endpoint, then its tail (data, data_str) per answer.
  const data = encodeRecord(codec.responseType, response);
  const head = codec.binaryOkHead;
  const envelope = Buffer.allocUnsafe(head.length + MAX_TAIL_OVERHEAD + data.length);
  head.copy(envelope, 0);
  const end = envelopeTailType.encode({ data, data_str: '' }, envelope, head.length);
  return envelope.subarray(0, end);
}

/**
 * Where response records are encoded before being copied into their envelope. avsc's toBuffer
 * returns a zero-filled Buffer of its own, which costs more than encoding a small record; a record
 * that does not fit here takes that way.
 */
const scratch = Buffer.allocUnsafe(64 * 1024);

/** A record's Avro bytes: a view of `scratch`, valid until the next call, or a Buffer of its own. */
function encodeRecord(type: avro.Type, value: unknown): Buffer {
  const end = type.encode(value, scratch, 0);
  return end >= 0 ? scratch.subarray(0, end) : type.toBuffer(value);
}

/**
 * The envelope record cut in two: the fields fixed for an endpoint's OK answers (status, message,
 * data_type) and the rest (data, data_str). Avro writes a record as its fields one after the other,
 * so a head followed by a tail is the whole envelope.
 */
const HEAD_FIELDS = 3;
const envelopeHeadType = avro.Type.forSchema({ ...envelopeSchema, name: 'envelope_head', fields: envelopeSchema.fields.slice(0, HEAD_FIELDS) } as avro.Schema);
const envelopeTailType = avro.Type.forSchema({ ...envelopeSchema, name: 'envelope_tail', fields: envelopeSchema.fields.slice(HEAD_FIELDS) } as avro.Schema);
/** What the tail takes beyond the bytes of data: the length of data (a long: at most 5 bytes for any Buffer) and an empty data_str. */
const MAX_TAIL_OVERHEAD = 6;

function binaryOkHead(dataType: string): Buffer {
  return envelopeHeadType.toBuffer({ status: 'OK', message: '', data_type: dataType });
}

/** `{"status":"OK",…,"data_str":` for a response record: the JSON OK envelope minus its data_str value. */
function jsonOkHead(dataType: string): string {
  const withEmptyDataStr = JSON.stringify({ status: 'OK', message: '', data_type: dataType, data: '', data_str: '' });
  return withEmptyDataStr.slice(0, -'""}'.length);
}

/** A JSON.stringify replacer that writes Buffers as Avro's JSON encoding of bytes (code points 0-255). */
export function bytesAsLatin1(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return Buffer.isBuffer(raw) ? raw.toString('latin1') : value;
}

export function errorEnvelope(encoding: Encoding, message: string): Buffer | string {
  if (encoding === 'json') {
    return JSON.stringify({ status: 'ERROR', message, data_type: 'none', data: '', data_str: '' });
  }
  return Buffer.from(encodeRecord(envelopeType, { status: 'ERROR', message, data_type: 'none', data: EMPTY, data_str: '' } satisfies Envelope));
}

/** Decodes an envelope and its record: for tests and for the clients in this project's tooling. */
export function decodeEnvelope(encoding: Encoding, body: Buffer | string): Envelope {
  if (encoding === 'json') {
    const parsed = JSON.parse(body.toString()) as Omit<Envelope, 'data'> & { data: string };
    return { ...parsed, data: Buffer.from(parsed.data, 'latin1') };
  }
  return envelopeType.fromBuffer(Buffer.isBuffer(body) ? body : Buffer.from(body)) as Envelope;
}
