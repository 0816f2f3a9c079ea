/**
 * Results in Kinetica's dynamic-schema format (api-dynamic-schemas.mdx): a record named
 * `generic_response` with one array per column (`column_1`, `column_2`...), then
 * `column_headers` and `column_datatypes`; Avro binary or JSON, as the request's `encoding` asks.
 * A statement without rows answers Kinetica's placeholder, seen on a live 7.2 server:
 * `{"column_1":[],"column_headers":["dummy"],"column_datatypes":["string"]}`.
 */
import avro from 'avsc';
import type { ColumnModel } from '../catalog/table/type-model.js';
import { bytesAsLatin1 } from '../wire/codec.js';

import type { ResultColumn } from '../query/results.js';

/** A result column (the query layer's, shared by every statement's answer). */
export type { AvroBase, ResultColumn } from '../query/results.js';

export interface ResultSet {
  columns: ResultColumn[];
  /** Row-major values: numbers, strings, Buffers, null. */
  rows: unknown[][];
  /**
   * Set when `rows` is already the page the request asked for (a query on the engine converts
   * only that page): the number of rows in the whole result.
   */
  total?: number;
}

/** What a statement without rows answers. */
export const NO_ROWS: ResultSet = {
  columns: [{ name: 'dummy', avro: 'string', datatype: 'string', nullable: false }],
  rows: [],
};

const DATA_TYPE_PROPERTIES = /^(char\d+|int8|int16|boolean|timestamp|date|time|datetime|ulong|uuid|ipv4|json)$/;

/** The result column of a table column: its base type and Kinetica's name for its data type. */
export function resultColumnOf(column: ColumnModel, header = column.name): ResultColumn {
  let datatype: string = column.base;
  for (const property of column.properties) {
    if (DATA_TYPE_PROPERTIES.test(property)) datatype = property;
    else if (property.startsWith('decimal')) datatype = 'decimal';
    else if (property.startsWith('array(')) datatype = 'array';
    else if (property.startsWith('vector(')) datatype = 'vector';
    else if (property === 'wkt') datatype = column.base === 'bytes' ? 'wkb' : 'wkt';
  }
  return { name: header, avro: column.base === 'boolean' ? 'int' : column.base, datatype, nullable: column.nullable };
}

export interface EncodedResult {
  response_schema_str: string;
  binary_encoded_response: Buffer;
  json_encoded_response: string;
  /** Rows in the page sent. */
  returned: number;
}

function schemaOf(columns: ResultColumn[]) {
  return {
    type: 'record',
    name: 'generic_response',
    fields: [
      ...columns.map((column, i) => ({
        name: `column_${i + 1}`,
        type: { type: 'array', items: column.nullable ? [column.avro, 'null'] : column.avro },
      })),
      { name: 'column_headers', type: { type: 'array', items: 'string' } },
      { name: 'column_datatypes', type: { type: 'array', items: 'string' } },
    ],
  };
}

/** Column-major record of the rows, keys in schema order (column_1..n, headers, datatypes). */
function columnMajor(result: ResultSet, rows: unknown[][]): Record<string, unknown[]> {
  const record: Record<string, unknown[]> = {};
  result.columns.forEach((_column, i) => {
    record[`column_${i + 1}`] = rows.map((row) => row[i] ?? null);
  });
  record.column_headers = result.columns.map((column) => column.name);
  record.column_datatypes = result.columns.map((column) => column.datatype);
  return record;
}

/**
 * The Avro types of recent result schemas, by schema text: building one takes far longer than
 * encoding a page, and most answers share a few schemas (every DDL or DML statement the same one).
 */
const resultTypes = new Map<string, avro.Type>();
const MAX_RESULT_TYPES = 256;

function resultType(schemaText: string, schema: unknown): avro.Type {
  let type = resultTypes.get(schemaText);
  if (!type) {
    if (resultTypes.size >= MAX_RESULT_TYPES) resultTypes.clear();
    type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
    resultTypes.set(schemaText, type);
  }
  return type;
}

/** Encodes the rows of one page in the request's encoding. */
export function encodeResult(result: ResultSet, page: unknown[][], encoding: 'binary' | 'json'): EncodedResult {
  const schema = schemaOf(result.columns);
  const schemaText = JSON.stringify(schema);
  const record = columnMajor(result, page);
  if (encoding === 'json') {
    return {
      response_schema_str: schemaText,
      binary_encoded_response: Buffer.alloc(0),
      // JSON carries bytes as strings of code points 0-255 (Avro's JSON encoding of bytes).
      json_encoded_response: JSON.stringify(record, bytesAsLatin1),
      returned: page.length,
    };
  }
  return {
    response_schema_str: schemaText,
    binary_encoded_response: resultType(schemaText, schema).toBuffer(record),
    json_encoded_response: '',
    returned: page.length,
  };
}
