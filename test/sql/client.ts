/**
 * /execute/sql as the official clients call it, over real HTTP, with the answer's dynamic-schema
 * result decoded independently of src/sql/result.ts: the Avro schema from response_schema_str
 * (avsc), or the JSON text, into headers, data types and rows.
 */
import avro from 'avsc';
import { call, type Envelope, type WireEncoding } from '../support/client.js';

export interface ExecuteSqlResponse {
  count_affected: number;
  response_schema_str: string;
  binary_encoded_response: Buffer | string;
  json_encoded_response: string;
  total_number_of_records: number;
  has_more_records: boolean;
  paging_table: string;
  info: Record<string, string>;
}

export interface SqlAnswer extends ExecuteSqlResponse {
  headers: string[];
  datatypes: string[];
  rows: unknown[][];
}

export interface SqlRequest {
  /** The request's `encoding` field: binary (the default, as in the clients) or json. */
  encoding?: string;
  offset?: number;
  limit?: number;
  options?: Record<string, string>;
  data?: Buffer[];
  request_schema_str?: string;
  /** HTTP headers to send (Authorization, with --auth). */
  headers?: Record<string, string>;
}

export function sqlRequest(statement: string, request: SqlRequest = {}) {
  return {
    statement,
    offset: request.offset ?? 0,
    limit: request.limit ?? -9999,
    encoding: request.encoding ?? 'binary',
    request_schema_str: request.request_schema_str ?? '',
    data: request.data ?? [],
    options: request.options ?? {},
  };
}

/** Decodes the result of an OK answer into headers, data types and row-major values. */
export function decodeResult(response: ExecuteSqlResponse): SqlAnswer {
  const schema = JSON.parse(response.response_schema_str) as avro.schema.RecordType;
  let record: Record<string, unknown[]>;
  if (response.json_encoded_response !== '') {
    record = JSON.parse(response.json_encoded_response) as Record<string, unknown[]>;
  } else {
    const bytes = Buffer.isBuffer(response.binary_encoded_response)
      ? response.binary_encoded_response
      : Buffer.from(response.binary_encoded_response, 'latin1');
    record = avro.Type.forSchema(schema, { wrapUnions: false }).fromBuffer(bytes) as Record<string, unknown[]>;
  }
  const headers = record.column_headers as string[];
  const datatypes = record.column_datatypes as string[];
  const count = (record.column_1 ?? []).length;
  const rows = Array.from({ length: count }, (_, i) => headers.map((_header, j) => record[`column_${j + 1}`]![i]));
  return { ...response, headers, datatypes, rows };
}

/** Sends one /execute/sql request in a wire encoding; returns the envelope. */
export function executeSql(url: string, statement: string, wire: WireEncoding = 'json', request: SqlRequest = {}): Promise<Envelope<ExecuteSqlResponse>> {
  return call<ExecuteSqlResponse>(url, '/execute/sql', sqlRequest(statement, request), wire, request.headers ?? {});
}

/**
 * Runs SQL and insists on OK. The result encoding follows the wire encoding unless given, as the
 * Python client does (a JSON client asks for json results).
 */
export async function sql(url: string, statement: string, wire: WireEncoding = 'json', request: SqlRequest = {}): Promise<SqlAnswer> {
  const envelope = await executeSql(url, statement, wire, { encoding: wire === 'json' ? 'json' : 'binary', ...request });
  if (envelope.status !== 'OK') throw new Error(`SQL failed (${envelope.httpStatus}): ${envelope.message}\n${statement}`);
  return decodeResult(envelope.data!);
}

/** Runs SQL and insists on ERROR; returns the message. */
export async function sqlFails(url: string, statement: string, wire: WireEncoding = 'json', request: SqlRequest = {}): Promise<string> {
  const envelope = await executeSql(url, statement, wire, { encoding: wire === 'json' ? 'json' : 'binary', ...request });
  if (envelope.status !== 'ERROR') throw new Error(`SQL succeeded but was expected to fail:\n${statement}`);
  return envelope.message;
}
