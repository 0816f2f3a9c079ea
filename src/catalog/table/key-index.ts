/**
 * A table's primary-key index (key value -> row id) that copies in constant time, for checkpoints.
 *
 * Copying a Map of 100,000 keys takes tens of milliseconds, more than a whole checkpoint restore
 * may. So the index is a shared base that nobody changes, under an overlay of its own: what was
 * set since, and which keys of the base are gone. copy() shares the base and copies the overlay
 * (small); each side then writes to its own overlay. When the overlay grows as large as the base,
 * the two are merged into a map of this index's own (an amortized cost of one set per write).
 * Without copies, everything is in the overlay and the base is empty: a plain Map.
 */

/** What readers of the index use. */
export interface KeyLookup {
  get(key: string): number | undefined;
  has(key: string): boolean;
  keys(): Iterable<string>;
}

const EMPTY: ReadonlyMap<string, number> = new Map();

export class KeyIndex implements KeyLookup {
  /** Shared with copies: never changed once it is a base. */
  private base: ReadonlyMap<string, number> = EMPTY;
  /** Keys set since the base (over it). */
  private own = new Map<string, number>();
  /** Keys of the base removed since (and not set again in `own`). */
  private gone = new Set<string>();

  get(key: string): number | undefined {
    const rowId = this.own.get(key);
    if (rowId !== undefined || this.base.size === 0 || this.gone.has(key)) return rowId;
    return this.base.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Every key, once. */
  *keys(): Generator<string> {
    yield* this.own.keys();
    for (const key of this.base.keys()) if (!this.own.has(key) && !this.gone.has(key)) yield key;
  }

  set(key: string, rowId: number): void {
    this.own.set(key, rowId);
    this.gone.delete(key);
    this.mergeWhenLarge();
  }

  delete(key: string): void {
    this.own.delete(key);
    if (this.base.has(key)) {
      this.gone.add(key);
      this.mergeWhenLarge();
    }
  }

  /** Empties the index (the base is let go, not changed). */
  clear(): void {
    this.base = EMPTY;
    this.own = new Map();
    this.gone = new Set();
  }

  /** The same keys, to change apart from these: the base is shared, the overlay copied. */
  copy(): KeyIndex {
    // The usual case, an index never copied before: its map becomes the base of both.
    if (this.base.size === 0) {
      this.base = this.own;
      this.own = new Map();
      this.gone.clear();
    }
    const copy = new KeyIndex();
    copy.base = this.base;
    copy.own = new Map(this.own);
    copy.gone = new Set(this.gone);
    return copy;
  }

  private mergeWhenLarge(): void {
    if (this.base.size === 0 || this.own.size + this.gone.size < Math.max(this.base.size, 1024)) return;
    const merged = new Map(this.base);
    for (const key of this.gone) merged.delete(key);
    for (const [key, rowId] of this.own) merged.set(key, rowId);
    this.base = EMPTY;
    this.own = merged;
    this.gone = new Set();
  }
}
