/**
 * Change tracking for the backup engine. Every change to the catalog takes the next sequence
 * number and appends one entry naming the object (and, for records, the data file) it touched.
 * "What changed since point X" is then a binary search and a walk over the entries after X: its
 * cost follows the number of changes, not the size of the database.
 *
 * A catalog has an epoch (a random id). Points from another epoch (before a restart of the
 * emulator, or a state load) cannot be compared, and `since` says so by returning undefined.
 */
import { randomUUID } from 'node:crypto';

export interface ChangePoint {
  epoch: string;
  seq: number;
}

export interface ChangeEntry {
  seq: number;
  /** The object's key: `<kind>:<qualified lower-case name>`. */
  objectKey: string;
  /** The data file touched, for record changes; undefined for a definition change. */
  file?: number;
}

export class ChangeLog {
  constructor(
    readonly epoch: string = randomUUID(),
    private current = 0,
    private readonly entries: ChangeEntry[] = [],
  ) {}

  /**
   * The same log (epoch, sequence and entries) to go on apart from this one: a copy of the
   * catalog is this catalog at this point, so a snapshot taken before it compares with it.
   */
  copy(): ChangeLog {
    return new ChangeLog(this.epoch, this.current, this.entries.slice());
  }

  /** The point the catalog is at now. */
  point(): ChangePoint {
    return { epoch: this.epoch, seq: this.current };
  }

  /** Takes the next sequence number for a change about to be recorded. */
  next(): number {
    return ++this.current;
  }

  get seq(): number {
    return this.current;
  }

  record(seq: number, objectKey: string, file?: number): void {
    const last = this.entries[this.entries.length - 1];
    // One entry per (change, object, file): repeated touches within one change add nothing.
    if (last && last.seq === seq && last.objectKey === objectKey && last.file === file) return;
    this.entries.push(file === undefined ? { seq, objectKey } : { seq, objectKey, file });
  }

  /** The entries after a point, oldest first; undefined when the point is from another epoch. */
  since(point: ChangePoint): ChangeEntry[] | undefined {
    if (point.epoch !== this.epoch) return undefined;
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle]!.seq <= point.seq) low = middle + 1;
      else high = middle;
    }
    return this.entries.slice(low);
  }

  /** Number of entries kept (for tests and benchmarks). */
  get size(): number {
    return this.entries.length;
  }
}
