/**
 * How the store keeps a data file's record offsets: the start of each record plus the end of the
 * last, as little-endian uint32s.
 */
import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

export function packOffsets(offsets: Uint32Array | readonly number[]): Buffer {
  // On a little-endian machine a Uint32Array already has the stored layout: a view suffices.
  if (LITTLE_ENDIAN && offsets instanceof Uint32Array) return Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength);
  const packed = Buffer.alloc(offsets.length * 4);
  for (let i = 0; i < offsets.length; i++) packed.writeUInt32LE(offsets[i]!, i * 4);
  return packed;
}

export function unpackOffsets(packed: Buffer): Uint32Array {
  const offsets = new Uint32Array(Math.floor(packed.length / 4));
  for (let i = 0; i < offsets.length; i++) offsets[i] = packed.readUInt32LE(i * 4);
  return offsets;
}
