/**
 * A walk over Avro binary that checks every length and count against the bytes that are left,
 * before avsc decodes anything. avsc trusts what a buffer claims: a map block that claims two
 * billion entries in a five-byte body makes it loop two billion times, reading past the end, and
 * only then notice the buffer was short. The walk reads each varint once and skips every string,
 * so it costs time in proportion to the bytes given, and refuses:
 *   - a varint longer than ten bytes (no 64-bit value needs more);
 *   - a string or bytes length that is negative or longer than what remains;
 *   - a block count larger than what remains could hold (each item of a type that takes at least
 *     one byte needs one byte; items of a zero-byte type are capped by MAX_EMPTY_ITEMS);
 *   - a block byte size (negative counts carry one) larger than what remains;
 *   - a union branch that does not exist;
 *   - a type nested deeper than MAX_AVRO_DEPTH (only a schema a client supplies can be that deep).
 * The checker of a type is built once and kept with it; it allocates nothing per call.
 */
/**
 * An Avro schema as JSON, as far as the walk needs it: Kinetica's request records and table types
 * use primitives, unions, arrays, maps and records. Any other type is refused when the checker is built.
 */
export type AvroType =
  | string
  | AvroType[]
  | { type: 'map'; values: AvroType }
  | { type: 'array'; items: AvroType }
  | { type: 'record'; name?: string; fields: { name: string; type: AvroType }[] };

/** How deeply nested a checked type may be. Kinetica's request records nest four levels at most. */
export const MAX_AVRO_DEPTH = 32;
/** Most items of a zero-byte type (null, or an empty record) one array or map may hold. */
export const MAX_EMPTY_ITEMS = 1 << 16;
/** No 64-bit varint takes more bytes. */
const MAX_VARINT_BYTES = 10;

/** A bound an Avro body breaks: where (a dotted field path) and how. */
export class AvroBoundsError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    /** The bytes simply stopped, with no claim broken: callers keep their own words for that. */
    readonly truncated = false,
  ) {
    super(`${field ? `field '${field}': ` : ''}${problem}`);
    this.name = 'AvroBoundsError';
  }
}

/**
 * How decoding a client's Avro bytes failed, whichever of the walk or avsc noticed: the bytes
 * ended early, bytes were left after the value, or another problem (the error's own message).
 */
export function avroFailureKind(error: Error): 'ended' | 'trailing' | 'other' {
  if (error instanceof AvroBoundsError) return error.truncated ? 'ended' : 'other';
  if (/truncated/i.test(error.message)) return 'ended';
  if (/trailing/i.test(error.message)) return 'trailing';
  return 'other';
}

/** A reading position in one buffer. */
interface Cursor {
  buf: Buffer;
  pos: number;
}

type Check = (cursor: Cursor) => void;

/** A checker for one type: throws AvroBoundsError at the first bound broken; leaves trailing bytes to the decoder. */
export interface AvroBoundsChecker {
  (bytes: Buffer): void;
}

export function avroBoundsChecker(type: AvroType): AvroBoundsChecker {
  const check = compile(type, '', 0);
  return (bytes: Buffer) => check({ buf: bytes, pos: 0 });
}

function compile(type: AvroType, path: string, depth: number): Check {
  if (depth > MAX_AVRO_DEPTH) {
    throw new AvroBoundsError(path, `the type nests deeper than ${MAX_AVRO_DEPTH} levels`);
  }
  if (typeof type === 'string') return primitive(type, path);
  if (Array.isArray(type)) return union(type, path, depth);
  if (typeof type !== 'object' || type === null) throw new AvroBoundsError(path, `${JSON.stringify(type)} is not an Avro type`);
  switch (type.type) {
    case 'record': {
      const fields = type.fields.map((field) => compile(field.type, path ? `${path}.${field.name}` : field.name, depth + 1));
      return (cursor) => {
        for (let i = 0; i < fields.length; i++) fields[i]!(cursor);
      };
    }
    case 'array':
      return blocks(compile(type.items, `${path}[]`, depth + 1), minBytes(type.items), path, 'items');
    case 'map': {
      const value = compile(type.values, `${path}{}`, depth + 1);
      const entry: Check = (cursor) => {
        skipLength(cursor, path, 'a key');
        value(cursor);
      };
      // A key is a string: at least its length byte.
      return blocks(entry, 1 + minBytes(type.values), path, 'entries');
    }
    default: {
      // A primitive may be written as an object too: {"type": "string"}.
      const name = (type as { type: unknown }).type;
      if (typeof name === 'string') return primitive(name, path);
      throw new AvroBoundsError(path, `unknown Avro type ${JSON.stringify(name)}`);
    }
  }
}

function primitive(name: string, path: string): Check {
  switch (name) {
    case 'null':
      return () => {};
    case 'boolean':
      return (cursor) => skipFixed(cursor, 1, path);
    case 'int':
    case 'long':
      return (cursor) => {
        readVarint(cursor, path);
      };
    case 'float':
      return (cursor) => skipFixed(cursor, 4, path);
    case 'double':
      return (cursor) => skipFixed(cursor, 8, path);
    case 'string':
    case 'bytes':
      return (cursor) => skipLength(cursor, path, `a ${name} value`);
    default:
      throw new AvroBoundsError(path, `unknown Avro type '${name}'`);
  }
}

function union(branches: AvroType[], path: string, depth: number): Check {
  const checks = branches.map((branch) => compile(branch, path, depth + 1));
  return (cursor) => {
    const index = readVarint(cursor, path);
    const check = checks[index];
    if (check === undefined) throw new AvroBoundsError(path, `union branch ${index} does not exist (the union has ${checks.length})`);
    check(cursor);
  };
}

/** Arrays and maps: blocks of items, each block a count (negative: followed by its byte size), ending with 0. */
function blocks(item: Check, itemBytes: number, path: string, noun: string): Check {
  return (cursor) => {
    // Items of an empty type cost no bytes: their total over all blocks is what is capped.
    let emptyItems = 0;
    for (;;) {
      const claimed = readVarint(cursor, path);
      if (claimed === 0) return;
      const count = Math.abs(claimed);
      const left = cursor.buf.length - cursor.pos;
      const most = itemBytes > 0 ? Math.floor(left / itemBytes) : MAX_EMPTY_ITEMS - emptyItems;
      if (itemBytes === 0) emptyItems += count;
      if (count > most) {
        throw new AvroBoundsError(
          path,
          itemBytes > 0
            ? `a block claims ${count} ${noun} but only ${bytes(left)} remain${left === 1 ? 's' : ''} (room for at most ${most})`
            : `a block claims ${count} ${noun} of an empty type; at most ${MAX_EMPTY_ITEMS} are accepted`,
        );
      }
      if (claimed < 0) {
        // A negative count is followed by the block's size in bytes.
        const size = readVarint(cursor, path);
        const rest = cursor.buf.length - cursor.pos;
        if (size < 0 || size > rest) throw new AvroBoundsError(path, `a block claims ${bytes(size)} but only ${bytes(rest)} remain${rest === 1 ? 's' : ''}`);
      }
      if (itemBytes > 0) for (let i = 0; i < count; i++) item(cursor);
    }
  };
}

/** The fewest bytes a value of a type takes. */
function minBytes(type: AvroType): number {
  if (typeof type === 'string') {
    switch (type) {
      case 'null':
        return 0;
      case 'float':
        return 4;
      case 'double':
        return 8;
      default:
        return 1;
    }
  }
  if (Array.isArray(type)) return 1;
  if (type.type === 'record') return type.fields.reduce((sum, field) => sum + minBytes(field.type), 0);
  return 1;
}

function skipFixed(cursor: Cursor, size: number, path: string): void {
  if (cursor.pos + size > cursor.buf.length) throw ended(path);
  cursor.pos += size;
}

function skipLength(cursor: Cursor, path: string, what: string): void {
  const length = readVarint(cursor, path);
  const left = cursor.buf.length - cursor.pos;
  if (length < 0) throw new AvroBoundsError(path, `${what} has a negative length (${length})`);
  if (length > left) throw new AvroBoundsError(path, `${what} claims ${bytes(length)} but only ${bytes(left)} remain${left === 1 ? 's' : ''}`);
  cursor.pos += length;
}

/**
 * A zig-zag varint as a JavaScript number: exact up to 2^53, close enough beyond for comparing
 * with a buffer's length, which is all the walk does with it.
 */
function readVarint(cursor: Cursor, path: string): number {
  const { buf } = cursor;
  let pos = cursor.pos;
  let value = 0;
  let scale = 1;
  for (let read = 0; ; read++) {
    if (read === MAX_VARINT_BYTES) throw new AvroBoundsError(path, `a number is longer than ${MAX_VARINT_BYTES} bytes`);
    if (pos >= buf.length) throw ended(path);
    const byte = buf[pos++]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) break;
  }
  cursor.pos = pos;
  // Zig-zag: even values are positive, odd ones negative.
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function bytes(count: number): string {
  return count === 1 ? '1 byte' : `${count} bytes`;
}

function ended(path: string): AvroBoundsError {
  return new AvroBoundsError(path, 'the bytes end early', true);
}
