/**
 * The store's image (BackupEngine.image and restoreImage), which checkpoints keep: putting an
 * image back gives every backup and snapshot as they were, as often as asked, in memory and in a
 * file (which then holds the image's store after a restart too); a restore that cannot be made
 * leaves the store as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupEngine, type SnapshotType } from '../../src/backup/engine.js';
import { openSqliteStore, STORE_FILE_NAME } from '../../src/backup-store/sqlite.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import { Clock } from '../../src/clock.js';
import { addTable, insertItems, item, newCatalog } from '../support/catalog.js';

const STORE = 's3://bucket/backups';

function setUp(dataDir: string | undefined) {
  const clock = new Clock();
  clock.fix(1_764_201_600_000);
  const catalog: Catalog = newCatalog(100, clock);
  const table = addTable(catalog, 's', 't');
  const engine = new BackupEngine(openSqliteStore(dataDir), () => clock.now());
  const snap = (name: string, type: SnapshotType, map: Record<string, string> = {}) => {
    clock.shift(1000);
    return engine.create(catalog, { storeKey: STORE, name, type, objectsMap: map, options: {} });
  };
  const insert = (from: number, count: number) => insertItems(catalog, table, Array.from({ length: count }, (_, n) => item(from + n)));
  return { engine, snap, insert };
}

/** What the stores hold, as the state document has it. */
const contents = (engine: BackupEngine) => JSON.stringify(engine.export());

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['in memory', false],
  ['in a file', true],
])('a store %s', (_where, inFile) => {
  const dataDir = () => {
    if (!inFile) return undefined;
    const dir = mkdtempSync(join(tmpdir(), 'kinetica-mock-image-'));
    dirs.push(dir);
    return dir;
  };

  it('comes back as its image had it, twice, and the image does not change', () => {
    const { engine, snap, insert } = setUp(dataDir());
    insert(0, 250);
    snap('nightly', 'full', { all: 's' });
    insert(250, 10);
    snap('nightly', 'incremental');
    const kept = contents(engine);
    const image = engine.image();
    const pristine = Buffer.from(image);
    expect(engine.count()).toEqual({ backups: 1, snapshots: 2 });

    insert(260, 5);
    snap('nightly', 'incremental');
    snap('weekly', 'full', { all: 's' });
    engine.drop(engine.match(STORE, 'nightly', false), false);
    expect(engine.count()).toEqual({ backups: 1, snapshots: 1 });

    engine.restoreImage(image);
    expect(contents(engine)).toBe(kept);
    expect(engine.count()).toEqual({ backups: 1, snapshots: 2 });
    // The chain goes on from there: the next incremental bases itself on the restored snapshot.
    const next = snap('nightly', 'incremental');
    expect(next.totalRecords).toBe(265);
    engine.restoreImage(image);
    expect(contents(engine)).toBe(kept);
    expect(image.equals(pristine)).toBe(true);
    engine.close();
  });
});

describe('a store in a file', () => {
  function fileStore() {
    const dir = mkdtempSync(join(tmpdir(), 'kinetica-mock-image-'));
    dirs.push(dir);
    return { dir, ...setUp(dir) };
  }

  it('holds the restored store after a restart, with nothing left beside it', () => {
    const { dir, engine, snap, insert } = fileStore();
    insert(0, 50);
    snap('nightly', 'full', { all: 's' });
    // Commits still in the write-ahead log are part of the image.
    expect(existsSync(join(dir, `${STORE_FILE_NAME}-wal`))).toBe(true);
    const image = engine.image();
    const kept = contents(engine);
    snap('weekly', 'full', { all: 's' });
    engine.restoreImage(image);
    engine.close();
    expect(readdirSync(dir).filter((name) => name.endsWith('.restoring'))).toEqual([]);

    const reopened = new BackupEngine(openSqliteStore(dir), () => Date.now());
    expect(contents(reopened)).toBe(kept);
    reopened.close();
  });

  it('stays as it was when the image cannot be written', () => {
    const { dir, engine, snap, insert } = fileStore();
    insert(0, 50);
    snap('nightly', 'full', { all: 's' });
    const image = engine.image();
    snap('weekly', 'full', { all: 's' });
    const now = contents(engine);
    // A folder where the image would be written: the write fails before anything is touched.
    mkdirSync(join(dir, `${STORE_FILE_NAME}.restoring`));
    expect(() => engine.restoreImage(image)).toThrow();
    expect(contents(engine)).toBe(now);
    expect(engine.count()).toEqual({ backups: 2, snapshots: 2 });
    engine.close();
  });
});

describe('a store in memory', () => {
  it('stays as it was when the bytes are not a store image', () => {
    const { engine, snap, insert } = setUp(undefined);
    insert(0, 10);
    snap('nightly', 'full', { all: 's' });
    const now = contents(engine);
    expect(() => engine.restoreImage(Buffer.from('not a database, not at all, not even close'.repeat(200)))).toThrow();
    expect(contents(engine)).toBe(now);
    engine.close();
  });
});
