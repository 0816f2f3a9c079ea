/**
 * The settings of one emulator, apart from the server's. A server (port, host, body limit,
 * timeouts, log level, the control token, the monitor port) may host several emulators; each has
 * its own name, data, users and behaviour, read here from the same command-line settings.
 */
import type { AuthToken, Config } from '../config.js';
import { STORE_FILE_NAME } from '../backup-store/sqlite.js';

/** The emulator every server has, reached at the root URL. */
export const DEFAULT_EMULATOR = 'default';

export interface EmulatorSettings {
  /** Names the emulator and its backup store file (`default` keeps the file name of a server with one emulator). */
  name: string;
  /** Folder of the backup store's file; undefined keeps the stores in memory. */
  dataDir: string | undefined;
  /** Records per data file in the backup file model (N). */
  recordsPerFile: number;
  /** Authentication and authorization on. */
  auth: boolean;
  /** Password of the built-in user `admin`. */
  adminPassword: string;
  /** Bearer tokens accepted when authentication is on, each acting as a user. */
  authTokens: readonly AuthToken[];
  /** Loose mode: unknown option keys are ignored (and reported in `info`) instead of refused. */
  loose: boolean;
  /** Requests kept in the journal; 0 keeps none. */
  journalSize: number;
  /** Fixture file or folder loaded when the emulator is built, and again by a reset. */
  fixtures: string | undefined;
  /** Milliseconds one query may run on the embedded engine. */
  queryTimeout: number;
}

/** The settings of the emulator named `name`, from the server's configuration. */
export function emulatorSettings(config: Config, name: string = DEFAULT_EMULATOR): EmulatorSettings {
  const { dataDir, recordsPerFile, auth, adminPassword, authTokens, loose, journalSize, fixtures, queryTimeout } = config;
  return { name, dataDir, recordsPerFile, auth, adminPassword, authTokens, loose, journalSize, fixtures, queryTimeout };
}

/**
 * The file an emulator's backup stores live in, inside the data folder: each emulator has its
 * own, so two emulators on one folder never share one. The default emulator's file keeps the
 * name it always had, so an existing data folder comes back as it was.
 */
export function storeFileName(emulatorName: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(emulatorName)) throw new Error(`An emulator name must be 1-64 letters, digits, '_' or '-' to name a file: '${emulatorName}'`);
  return emulatorName === DEFAULT_EMULATOR ? STORE_FILE_NAME : STORE_FILE_NAME.replace(/\.sqlite$/, `.${emulatorName}.sqlite`);
}
