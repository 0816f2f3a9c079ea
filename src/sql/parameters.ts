/**
 * Values bound to `$1`, `$2`... in a statement: the `query_parameters` option (a JSON array, or an
 * array of arrays to insert several rows: what the Python client's DB-API cursor sends), or the
 * binary form (`data`: Avro records of `request_schema_str`, one record per parameter set).
 */
import avro from 'avsc';
import { AvroBoundsError, avroBoundsChecker, type AvroBoundsChecker, type AvroType } from '../bounds/avro.js';
import { parseBoundedJson } from '../bounds/json.js';
import { sqlErrors } from '../errors/sql.js';

export type ParameterValue = string | number | boolean | null;

/** undefined: no parameters were given; otherwise one list of values per parameter set. */
export type ParameterSets = ParameterValue[][] | undefined;

function asValue(item: unknown, where: string, fail: (problem: string) => Error): ParameterValue {
  if (item === null || typeof item === 'string' || typeof item === 'boolean') return item;
  if (typeof item === 'number') {
    if (!Number.isFinite(item)) throw fail(`${where} is not a finite number`);
    return item;
  }
  if (typeof item === 'bigint') return Number(item);
  if (Buffer.isBuffer(item)) return item.toString('latin1');
  // Lists (vectors) and objects are bound as their JSON text, as the Python client does for lists.
  return JSON.stringify(item);
}

/** Reads the query_parameters option: `null` (what the DB-API cursor sends without parameters) means none. */
export function parseQueryParameters(text: string | undefined): ParameterSets {
  if (text === undefined || text.trim() === '' || text.trim() === 'null') return undefined;
  let parsed: unknown;
  try {
    parsed = parseBoundedJson(text);
  } catch (error) {
    throw sqlErrors.badQueryParameters(`it is not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw sqlErrors.badQueryParameters('it is not an array');
  const fail = (problem: string) => sqlErrors.badQueryParameters(problem);
  if (parsed.length > 0 && parsed.every((item) => Array.isArray(item))) {
    return (parsed as unknown[][]).map((set, i) => set.map((item, j) => asValue(item, `item [${i}][${j}]`, fail)));
  }
  return [parsed.map((item, i) => asValue(item, `item [${i}]`, fail))];
}

/** Reads the binary parameters: each `data` entry is an Avro record of request_schema_str; its fields are $1, $2... */
export function parseBinaryParameters(schemaText: string, data: Buffer[]): ParameterSets {
  if (data.length === 0) return undefined;
  const fail = (problem: string) => sqlErrors.badParameterData(problem);
  let type: avro.Type;
  let checkBounds: AvroBoundsChecker;
  try {
    const schema = parseBoundedJson(schemaText);
    // Built first: it refuses types deeper than the bound and kinds the walk does not know,
    // before avsc (which recurses) sees the schema.
    checkBounds = avroBoundsChecker(schema as AvroType);
    type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
  } catch (error) {
    throw fail(`request_schema_str is not an Avro record schema (${(error as Error).message})`);
  }
  if (!(type instanceof avro.types.RecordType)) throw fail('request_schema_str is not an Avro record schema');
  const fields = type.fields.map((field) => field.name);
  return data.map((bytes, i) => {
    let record: Record<string, unknown>;
    try {
      checkBounds(bytes);
      record = type.fromBuffer(bytes) as Record<string, unknown>;
    } catch (error) {
      const problem = error instanceof AvroBoundsError && error.truncated ? 'it ends early' : (error as Error).message;
      throw fail(`data[${i}] does not decode (${problem})`);
    }
    return fields.map((field) => asValue(record[field], `data[${i}].${field}`, fail));
  });
}
