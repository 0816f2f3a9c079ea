/**
 * A table's records: data files of at most N records each, in insertion order (see DataFile), a
 * row id per record, and the primary-key index when the type has a key. Every change names the
 * files it touched, so the catalog can log them for the backup engine.
 */
import { DataFile } from './data-file.js';
import { KeyIndex, type KeyLookup } from './key-index.js';

export interface PackedFile {
  bytes: Buffer;
  offsets: ArrayLike<number>;
}

export class TableData {
  readonly files: DataFile[] = [];
  private nextRowId = 1;
  private total = 0;
  /** Primary-key value (see keyOf in the table) -> row id; only for tables with a key. */
  private readonly keys: KeyIndex | undefined;

  constructor(
    readonly recordsPerFile: number,
    hasPrimaryKey: boolean,
    keys?: KeyIndex,
  ) {
    this.keys = keys ?? (hasPrimaryKey ? new KeyIndex() : undefined);
  }

  /**
   * Records and a key index that change apart from these, in time that follows the number of
   * files, not of records: the files share their bytes (DataFile.share) and the index its keys
   * (KeyIndex.copy), each copied only where one side writes. A checkpoint holds such copies.
   */
  copy(): TableData {
    const copy = new TableData(this.recordsPerFile, false, this.keys?.copy());
    for (const file of this.files) copy.files.push(file.share());
    copy.nextRowId = this.nextRowId;
    copy.total = this.total;
    return copy;
  }

  /** Primary-key value -> row id, for tables with a key; changed through setKey and forgetKeys. */
  get primaryKeys(): KeyLookup | undefined {
    return this.keys;
  }

  /** Points a primary-key value at a row. */
  setKey(key: string, rowId: number): void {
    this.keys?.set(key, rowId);
  }

  /** Removes primary-key values from the index. */
  forgetKeys(keys: Iterable<string>): void {
    if (this.keys) for (const key of keys) this.keys.delete(key);
  }

  get count(): number {
    return this.total;
  }

  /** Appends records at the end (the last file, then new files of N records); returns their row ids. */
  append(records: readonly Uint8Array[], keys: readonly (string | undefined)[] | undefined, seq: number, touched: Set<number>): number[] {
    const rowIds: number[] = [];
    for (let i = 0; i < records.length; i++) {
      let fileIndex = this.files.length - 1;
      let file = this.files[fileIndex];
      if (!file || file.count >= this.recordsPerFile) {
        file?.trim();
        file = new DataFile(seq);
        this.files.push(file);
        fileIndex++;
      }
      const rowId = this.nextRowId++;
      file.append(rowId, records[i]!);
      file.version = seq;
      touched.add(fileIndex);
      const key = keys?.[i];
      if (key !== undefined) this.keys?.set(key, rowId);
      rowIds.push(rowId);
    }
    this.total += records.length;
    return rowIds;
  }

  /** Where a row lives: its file index and position, or undefined. */
  locate(rowId: number): { file: number; position: number } | undefined {
    let low = 0;
    let high = this.files.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const file = this.files[middle]!;
      if (file.count > 0 && rowId < file.firstRowId) high = middle - 1;
      else if (file.count > 0 && rowId > file.lastRowId) low = middle + 1;
      else {
        const position = file.positionOf(rowId);
        if (position >= 0) return { file: middle, position };
        // Empty files or a gap: fall back to a scan of the neighbours.
        break;
      }
    }
    for (let index = 0; index < this.files.length; index++) {
      const position = this.files[index]!.positionOf(rowId);
      if (position >= 0) return { file: index, position };
    }
    return undefined;
  }

  /**
   * Applies deletions and replacements grouped by file: each touched file is rewritten once.
   * `replacements` maps a row id to its new encoded record.
   */
  change(
    deletions: Iterable<number>,
    replacements: ReadonlyMap<number, Uint8Array>,
    seq: number,
    touched: Set<number>,
  ): void {
    const perFile = new Map<number, { removed: Set<number>; replaced: Map<number, Uint8Array> }>();
    const slot = (file: number) => {
      let entry = perFile.get(file);
      if (!entry) {
        entry = { removed: new Set(), replaced: new Map() };
        perFile.set(file, entry);
      }
      return entry;
    };
    let removedCount = 0;
    for (const rowId of deletions) {
      const where = this.locate(rowId);
      if (!where) continue;
      const entry = slot(where.file);
      if (!entry.removed.has(where.position)) {
        entry.removed.add(where.position);
        removedCount++;
      }
    }
    for (const [rowId, bytes] of replacements) {
      const where = this.locate(rowId);
      if (where) slot(where.file).replaced.set(where.position, bytes);
    }
    for (const [index, entry] of perFile) {
      const file = this.files[index]!;
      file.rewrite(entry.removed, entry.replaced);
      file.version = seq;
      touched.add(index);
    }
    this.total -= removedCount;
  }

  /**
   * Replaces the bytes of every record (a change of type): `records[f][p]` is the new encoding of
   * the record at position p of file f. Each file keeps its records, their order and their ids.
   */
  reencode(records: readonly (readonly Uint8Array[])[], seq: number, touched: Set<number>): void {
    records.forEach((fileRecords, index) => {
      const file = this.files[index]!;
      file.rewrite(new Set(), new Map(fileRecords.map((bytes, position) => [position, bytes])));
      file.version = seq;
      touched.add(index);
    });
  }

  /** Removes every record and every file. */
  clear(touched: Set<number>): void {
    for (let index = 0; index < this.files.length; index++) touched.add(index);
    this.files.length = 0;
    this.keys?.clear();
    this.total = 0;
  }

  /** Every record in insertion order with its row id. */
  *rows(): Generator<{ rowId: number; bytes: Buffer; file: number; position: number }> {
    for (let index = 0; index < this.files.length; index++) {
      const file = this.files[index]!;
      for (let position = 0; position < file.count; position++) {
        yield { rowId: file.rowIdAt(position), bytes: file.recordAt(position), file: index, position };
      }
    }
  }

  /** Replaces all files with the given packed files (a restore); row ids are renumbered. */
  load(files: readonly PackedFile[], seq: number, keyOf: ((bytes: Buffer) => string) | undefined): void {
    this.files.length = 0;
    this.keys?.clear();
    this.total = 0;
    for (const packed of files) {
      const file = DataFile.fromPacked(seq, packed.bytes, packed.offsets, this.nextRowId);
      this.nextRowId += file.count;
      this.total += file.count;
      this.files.push(file);
      if (keyOf && this.keys) {
        for (let position = 0; position < file.count; position++) {
          this.keys.set(keyOf(file.recordAt(position)), file.rowIdAt(position));
        }
      }
    }
  }
}
