/**
 * Checkpoints: the whole state of an emulator kept in memory under a name, to come back to in a
 * few milliseconds (POST /_mock/checkpoints/<name>, then .../restore).
 *
 * A checkpoint keeps three things, and a restore puts all three back:
 * - the database: a copy of the catalog (Catalog.copy), which shares the records' bytes with the
 *   database it came from instead of copying them (copy-on-write: see TableData.copy), so taking
 *   and restoring cost time in proportion to the objects and data files, not to the records;
 * - the backup stores: SQLite's image of the store database (BackupEngine.image), a byte copy;
 * - the clock's setting: fixed at a time, or running with an offset.
 * The journal, the faults, the alerts and the settings are not part of it; a restore leaves them
 * as they are. A reset leaves the checkpoints as they are.
 *
 * A restore puts a fresh copy in place and keeps the checkpoint as it was, so restoring the same
 * one twice gives the same state twice.
 */
import type { ClockSetting } from '../clock.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Table } from '../catalog/table/table.js';
import type { Emulator } from '../emulator/emulator.js';
import { ControlError } from '../errors/control-error.js';

/** How many checkpoints one emulator keeps at most. */
export const MAX_CHECKPOINTS = 32;

/** Letters, digits, '_', '-' and '.', 1 to 64 of them (but not '.' or '..', which URLs cannot carry). */
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** What GET /_mock/checkpoints shows of one checkpoint. */
export interface CheckpointView {
  name: string;
  /** When it was taken (machine time, ISO 8601). */
  takenAt: string;
  /** The clock it keeps: its reading when taken (ISO 8601), whether it stood still, its offset from machine time. */
  clock: { now: string; fixed: boolean; offsetMs: number };
  /** Tables in its database, and their records. */
  tables: number;
  records: number;
  /** Backups in its stores, and their snapshots. */
  backups: number;
  snapshots: number;
  /**
   * Bytes it holds: its tables' encoded records plus its stores' image. Records it shares with the
   * database or with other checkpoints (those nobody changed since) count here and there too.
   */
  bytes: number;
}

/** The answer to taking one: the checkpoint, and whether it replaced one of the same name. */
export interface CheckpointTaken extends CheckpointView {
  replaced: boolean;
}

interface Checkpoint {
  view: CheckpointView;
  /** A copy of the database, never put in place itself (a restore puts a copy of it). */
  catalog: Catalog;
  stores: Buffer;
  clock: ClockSetting;
}

export class Checkpoints {
  /** By name, oldest first. */
  private readonly held = new Map<string, Checkpoint>();

  constructor(private readonly emulator: Emulator) {}

  /** Keeps the emulator's state under a name, replacing a checkpoint of that name. */
  take(name: string): CheckpointTaken {
    checkName(name);
    const replaced = this.held.has(name);
    if (!replaced && this.held.size >= MAX_CHECKPOINTS) {
      throw new ControlError(
        `This emulator already keeps ${MAX_CHECKPOINTS} checkpoints, the most it keeps: delete one first ` +
          '(DELETE /_mock/checkpoints/<name>, or DELETE /_mock/checkpoints for all), or take this one under the name of one to replace',
        409,
      );
    }
    const { emulator } = this;
    const stores = emulator.backups.image();
    const catalog = emulator.catalog.copy();
    const clock = emulator.clock.setting();
    const tables = catalog.list<Table>('table');
    const { now, fixed, offsetMs } = emulator.clock.describe();
    const view: CheckpointView = {
      name,
      takenAt: new Date().toISOString(),
      clock: { now: new Date(now).toISOString(), fixed, offsetMs },
      tables: tables.length,
      records: tables.reduce((sum, table) => sum + table.data.count, 0),
      ...emulator.backups.count(),
      bytes: stores.length + tables.reduce((sum, table) => sum + table.data.files.reduce((n, file) => n + file.byteLength, 0), 0),
    };
    // A replaced checkpoint goes to the end: the list is in the order they were taken.
    this.held.delete(name);
    this.held.set(name, { view, catalog, stores, clock });
    return { ...view, replaced };
  }

  /**
   * Puts the database, the stores and the clock back as a checkpoint has them. The stores go
   * first, as the only step that can fail (a file store's write): then nothing else has changed.
   * The clock comes before the database, so the scheduled procedures of the restored database
   * start from the restored clock (Emulator's catalog setter tracks them afresh).
   */
  restore(name: string): CheckpointView {
    const checkpoint = this.find(name);
    const { emulator } = this;
    const catalog = emulator.connect(checkpoint.catalog.copy());
    emulator.backups.restoreImage(checkpoint.stores);
    emulator.clock.restore(checkpoint.clock);
    emulator.catalog = catalog;
    return { ...checkpoint.view };
  }

  /** Every checkpoint, in the order they were taken. */
  list(): CheckpointView[] {
    return [...this.held.values()].map((checkpoint) => ({ ...checkpoint.view }));
  }

  /** Drops one checkpoint; 404 when there is none of that name. */
  delete(name: string): void {
    this.find(name);
    this.held.delete(name);
  }

  /** Drops every checkpoint; answers how many there were. */
  clear(): number {
    const count = this.held.size;
    this.held.clear();
    return count;
  }

  private find(name: string): Checkpoint {
    checkName(name);
    const checkpoint = this.held.get(name);
    if (!checkpoint) throw new ControlError(`No checkpoint '${name}' (GET /_mock/checkpoints lists them)`, 404);
    return checkpoint;
  }
}

function checkName(name: string): void {
  if (!NAME.test(name) || name === '.' || name === '..') {
    throw new ControlError(
      `Invalid checkpoint name ${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name)}: use 1 to 64 letters, digits, '_', '-' and '.' (not '.' or '..' alone)`,
    );
  }
}
