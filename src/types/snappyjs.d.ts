declare module 'snappyjs' {
  /** Uncompresses a raw Snappy block; throws on a malformed one or one longer than maxLength. */
  export function uncompress(compressed: Uint8Array | ArrayBuffer, maxLength?: number): Uint8Array;
  /** Compresses into a raw Snappy block. */
  export function compress(uncompressed: Uint8Array | ArrayBuffer): Uint8Array;
  const snappy: { uncompress: typeof uncompress; compress: typeof compress };
  export default snappy;
}
