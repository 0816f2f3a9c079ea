/**
 * One data file of a table: up to N records in insertion order, each kept as its Avro binary
 * under the table's type, packed end to end in one buffer. A file's bytes are the sum of its
 * records' sizes, which is what a backup copies. Records never move between files: an update or
 * a delete rewrites this file only.
 *
 * Packing keeps memory near the encoded size (no object per record) and makes a backup copy a
 * plain byte copy.
 *
 * A copy of the catalog (a checkpoint) shares a file's arrays instead of copying them (share()).
 * Nothing writes into arrays in place except append(), which takes its own copy first when they
 * are shared; every other change builds new arrays.
 */
const INITIAL_BYTES = 4096;
const INITIAL_RECORDS = 16;

export class DataFile {
  /** Catalog sequence number of the last change to this file. */
  version: number;
  private buffer: Buffer;
  private used = 0;
  /** Start offset of each record, plus the end of the last: count + 1 entries in use. */
  private offsets: Uint32Array;
  /** Row id of each record, ascending. */
  private ids: Float64Array;
  private records = 0;
  /** The arrays are also another file's (see share()): the next append copies them first. */
  private shared = false;

  constructor(version: number, capacityRecords = INITIAL_RECORDS, capacityBytes = INITIAL_BYTES) {
    this.version = version;
    this.buffer = Buffer.allocUnsafe(capacityBytes);
    this.offsets = new Uint32Array(capacityRecords + 1);
    this.ids = new Float64Array(capacityRecords);
  }

  /**
   * A file with the same records and version that changes apart from this one, in constant time:
   * both share the arrays until one of them appends (copy-on-write).
   */
  share(): DataFile {
    const twin = new DataFile(this.version, 0, 0);
    twin.buffer = this.buffer;
    twin.used = this.used;
    twin.offsets = this.offsets;
    twin.ids = this.ids;
    twin.records = this.records;
    twin.shared = true;
    this.shared = true;
    return twin;
  }

  /** A file holding the given packed records, as a backup restores it. */
  static fromPacked(version: number, bytes: Buffer, offsets: ArrayLike<number>, firstRowId: number): DataFile {
    const count = offsets.length - 1;
    const file = new DataFile(version, Math.max(count, 1));
    file.buffer = Buffer.from(bytes);
    file.used = bytes.length;
    file.offsets.set(offsets as ArrayLike<number>);
    for (let i = 0; i < count; i++) file.ids[i] = firstRowId + i;
    file.records = count;
    return file;
  }

  get count(): number {
    return this.records;
  }

  /** Bytes of all records (what a backup copies). */
  get byteLength(): number {
    return this.used;
  }

  get firstRowId(): number {
    return this.records > 0 ? this.ids[0]! : Number.POSITIVE_INFINITY;
  }

  get lastRowId(): number {
    return this.records > 0 ? this.ids[this.records - 1]! : Number.NEGATIVE_INFINITY;
  }

  rowIdAt(position: number): number {
    return this.ids[position]!;
  }

  /** The encoded record at a position (a view, valid until the file changes). */
  recordAt(position: number): Buffer {
    return this.buffer.subarray(this.offsets[position]!, this.offsets[position + 1]!);
  }

  /** The packed bytes of every record (a view, valid until the file changes). */
  packed(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  /** Record start offsets plus the end: count + 1 numbers. */
  packedOffsets(): Uint32Array {
    return this.offsets.subarray(0, this.records + 1);
  }

  /** Position of a row id in this file, or -1. */
  positionOf(rowId: number): number {
    let low = 0;
    let high = this.records - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const id = this.ids[middle]!;
      if (id === rowId) return middle;
      if (id < rowId) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  append(rowId: number, record: Uint8Array): void {
    if (this.shared) this.unshare();
    this.reserve(this.records + 1, this.used + record.length);
    this.offsets[this.records] = this.used;
    record instanceof Buffer ? record.copy(this.buffer, this.used) : this.buffer.set(record, this.used);
    this.used += record.length;
    this.ids[this.records] = rowId;
    this.records++;
    this.offsets[this.records] = this.used;
  }

  /**
   * Rewrites the file: records at positions in `removed` go, records in `replaced` take new bytes,
   * the rest stay in order. One pass, whatever the number of changes.
   */
  rewrite(removed: ReadonlySet<number>, replaced: ReadonlyMap<number, Uint8Array>): void {
    let size = 0;
    let kept = 0;
    for (let i = 0; i < this.records; i++) {
      if (removed.has(i)) continue;
      kept++;
      size += replaced.get(i)?.length ?? this.offsets[i + 1]! - this.offsets[i]!;
    }
    const buffer = Buffer.allocUnsafe(Math.max(size, 1));
    const offsets = new Uint32Array(kept + 1);
    const ids = new Float64Array(Math.max(kept, 1));
    let at = 0;
    let k = 0;
    for (let i = 0; i < this.records; i++) {
      if (removed.has(i)) continue;
      const bytes = replaced.get(i) ?? this.recordAt(i);
      offsets[k] = at;
      buffer.set(bytes, at);
      at += bytes.length;
      ids[k] = this.ids[i]!;
      k++;
    }
    offsets[k] = at;
    this.buffer = buffer;
    this.offsets = offsets;
    this.ids = ids;
    this.used = at;
    this.records = kept;
    this.shared = false;
  }

  /** Drops unused capacity: called when a file is full, so it holds no slack for good. */
  trim(): void {
    if (this.buffer.length > this.used) this.buffer = Buffer.from(this.buffer.subarray(0, this.used));
    if (this.offsets.length > this.records + 1) this.offsets = this.offsets.slice(0, this.records + 1);
    if (this.ids.length > this.records) this.ids = this.ids.slice(0, Math.max(this.records, 1));
  }

  /** Takes own copies of shared arrays (with their spare capacity) before writing into them. */
  private unshare(): void {
    const buffer = Buffer.allocUnsafe(Math.max(this.buffer.length, INITIAL_BYTES));
    this.buffer.copy(buffer, 0, 0, this.used);
    this.buffer = buffer;
    this.offsets = this.offsets.slice();
    this.ids = this.ids.slice();
    this.shared = false;
  }

  private reserve(records: number, bytes: number): void {
    if (bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(bytes, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    if (records + 1 > this.offsets.length) {
      const capacity = Math.max(records + 1, this.offsets.length * 2);
      const offsets = new Uint32Array(capacity);
      offsets.set(this.offsets.subarray(0, this.records + 1));
      this.offsets = offsets;
      const ids = new Float64Array(capacity);
      ids.set(this.ids.subarray(0, this.records));
      this.ids = ids;
    }
  }
}
