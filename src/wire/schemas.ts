/**
 * Kinetica's own Avro schemas, one request and one response record per REST endpoint, loaded from
 * the copy in avro-schemas.json. Everything that reads or writes a record (the Avro codec, the JSON
 * validation, the generated TypeScript types, the parity list) derives from these, so they cannot drift.
 */
import { readFileSync } from 'node:fs';

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
export type AvroType =
  | AvroPrimitive
  | AvroType[]
  | { type: 'map'; values: AvroType }
  | { type: 'array'; items: AvroType }
  | AvroRecord;

export interface AvroField {
  name: string;
  type: AvroType;
}

export interface AvroRecord {
  type: 'record';
  name: string;
  fields: AvroField[];
}

export interface EndpointSchema {
  path: string;
  request: AvroRecord;
  response: AvroRecord;
}

interface SchemaFile {
  about: string;
  endpoints: Record<string, { request?: AvroRecord; response?: AvroRecord }>;
}

const file = JSON.parse(
  readFileSync(new URL('./avro-schemas.json', import.meta.url), 'utf8'),
) as SchemaFile;

/** Every Kinetica REST endpoint with its request and response record, keyed by path. */
export const endpointSchemas: ReadonlyMap<string, EndpointSchema> = new Map(
  Object.entries(file.endpoints)
    .filter(([path, pair]) => path.startsWith('/') && pair.request && pair.response)
    .map(([path, pair]) => [path, { path, request: pair.request!, response: pair.response! }]),
);

const envelope = file.endpoints.gpudb_response?.response;
if (!envelope) throw new Error('avro-schemas.json lacks the gpudb_response envelope');

/** The response envelope every endpoint answers with. */
export const envelopeSchema: AvroRecord = envelope;

export function schemaOf(path: string): EndpointSchema {
  const schema = endpointSchemas.get(path);
  if (!schema) throw new Error(`No Avro schema for endpoint ${path}`);
  return schema;
}
