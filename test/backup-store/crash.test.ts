/**
 * A snapshot is written in one transaction: killing the writer at any moment leaves the store
 * with whole snapshots only. The writer is killed with SIGKILL at several points of its work, and
 * every snapshot left is then read back completely.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readObject } from '../../src/backup/restore.js';
import { StateCache } from '../../src/backup/state.js';
import { openSqliteStore } from '../../src/backup-store/sqlite.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function writeAndKill(dir: string, afterMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/backup-store/crash-writer.ts', dir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('writing')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a killed writer', () => {
  it.each([0, 37, 150, 420])('leaves only whole snapshots when killed %i ms into writing', async (afterMs) => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetica-mock-crash-'));
    try {
      await writeAndKill(dir, afterMs);
      const store = openSqliteStore(dir);
      const states = new StateCache();
      const backup = store.findBackup('s3://crash/test', 'b')!;
      const snapshots = store.snapshots(backup.id);
      expect(snapshots.length).toBeGreaterThan(0);
      expect(snapshots[0]!.type).toBe('full');
      for (const snapshot of snapshots) {
        const files = [...states.get(store, snapshot).objects.values()].flatMap(
          (object) => readObject(store, object, { backup: 'b', snapshotId: snapshot.snapshotId }, { files: true, checksum: false }).files,
        );
        const records = files.reduce((sum, file) => sum + file.records, 0);
        expect(records).toBe(snapshot.totalRecords);
        for (const file of files) {
          expect(file.offsets[file.offsets.length - 1]).toBe(file.bytes.length);
        }
      }
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
