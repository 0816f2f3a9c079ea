/**
 * The backup family: /create/backup, /restore/backup, /show/backup, /drop/backup, /alter/backup and
 * /verify/backup, each handed to the emulator's backup engine (src/backup/engine.ts).
 * Backups live in the remote store a data sink (or source) points at, identified by its normalized
 * location, not by the sink's name.
 */
import { sinkStoreKey, sourceStoreKey } from '../catalog/connectors/index.js';
import { backupErrors } from '../errors/backup.js';
import { optionErrors } from '../errors/options.js';
import { bool, oneOf, readOptions, text } from './options.js';
import { system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';
import { ALTER_ACTIONS, type AlterAction, type RestorePolicy, type SnapshotType } from '../backup/engine.js';
import { RESTORE_HANDLERS } from '../catalog/restore-handlers.js';
import { checkName, keyOf } from '../catalog/names.js';
import { restoreErrors } from '../errors/restore.js';

/** With authentication on, every backup endpoint needs system_admin (Kinetica's rule for the family). */
export const backupEndpoints: EndpointTable = {
  '/create/backup': { handler: createBackup, access: system('system_admin') },
  '/restore/backup': { handler: restoreBackup, access: system('system_admin') },
  '/show/backup': { handler: showBackup, access: system('system_admin') },
  '/drop/backup': { handler: dropBackup, access: system('system_admin') },
  '/alter/backup': { handler: alterBackup, access: system('system_admin') },
  '/verify/backup': { handler: verifyBackup, access: system('system_admin') },
};

export const SNAPSHOT_TYPES: SnapshotType[] = ['full', 'incremental', 'differential'];

/** backup_name: not empty, and usable as a folder name in the store. */
export function checkBackupName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw backupErrors.emptyBackupName();
  if (!/^[A-Za-z0-9_\-.#]+$/.test(trimmed)) throw backupErrors.invalidBackupName(name);
  return trimmed;
}

/** max_incremental_backups_to_keep: -1 (keep all) or at least 1. */
const maxIncremental = (value: string): number => {
  const trimmed = value.trim();
  const parsed = Number(trimmed);
  if (!/^-?\d+$/.test(trimmed) || !(parsed === -1 || parsed >= 1) || !Number.isSafeInteger(parsed)) {
    throw backupErrors.maxIncrementalInvalid(value);
  }
  return parsed;
};

/** target_schema_map: `source:target` pairs separated by commas. */
const schemaMap = (value: string): Map<string, string> => {
  const map = new Map<string, string>();
  for (const pair of value.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const parts = pair.split(':').map((p) => p.trim());
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw restoreErrors.badSchemaMap(value);
    map.set(keyOf(checkName(parts[0]!, 'schema')), checkName(parts[1]!, 'schema'));
  }
  return map;
};

async function createBackup(request: RequestOf<'/create/backup'>, context: EmulatorContext): Promise<ResponseOf<'/create/backup'>> {
  const { emulator } = context;
  // ON CHANGE materialized views refreshed by the writes before this request are in the snapshot.
  await emulator.views.settled();
  const options = readOptions(
    request.options,
    {
      checksum: bool,
      comment: text,
      ddl_only: bool,
      delete_intermediate_backups: bool,
      dry_run: bool,
      max_incremental_backups_to_keep: maxIncremental,
      recreate: bool,
      block_table_mutations: bool,
    },
    context,
  );
  const type = request.backup_type.trim().toLowerCase();
  if (!(SNAPSHOT_TYPES as string[]).includes(type)) throw optionErrors.invalidEnum(request.backup_type, SNAPSHOT_TYPES);
  const name = checkBackupName(request.backup_name);
  const catalog = emulator.catalog;
  const storeKey = sinkStoreKey(catalog, request.datasink_name);
  const result = emulator.backups.create(catalog, {
    storeKey,
    name,
    type: type as SnapshotType,
    objectsMap: request.backup_objects_map,
    options: {
      ...(options.checksum !== undefined ? { checksum: options.checksum } : {}),
      ...(options.comment !== undefined ? { comment: options.comment } : {}),
      ...(options.ddl_only !== undefined ? { ddlOnly: options.ddl_only } : {}),
      ...(options.delete_intermediate_backups !== undefined ? { deleteIntermediateBackups: options.delete_intermediate_backups } : {}),
      ...(options.dry_run !== undefined ? { dryRun: options.dry_run } : {}),
      ...(options.max_incremental_backups_to_keep !== undefined ? { maxIncrementalBackupsToKeep: options.max_incremental_backups_to_keep } : {}),
      ...(options.recreate !== undefined ? { recreate: options.recreate } : {}),
    },
  });
  return {
    backup_name: request.backup_name,
    backup_id: result.backupId,
    copied_bytes: result.copiedBytes,
    copied_files: result.copiedFiles,
    copied_records: result.copiedRecords,
    total_number_of_records: result.totalRecords,
    info: result.info,
  };
}

function restoreBackup(request: RequestOf<'/restore/backup'>, context: EmulatorContext): ResponseOf<'/restore/backup'> {
  const { emulator } = context;
  const options = readOptions(
    request.options,
    {
      backup_id: text,
      checksum: bool,
      create_schema_if_not_exist: bool,
      ddl_only: bool,
      dry_run: bool,
      restore_subscriptions: oneOf('resume', 'pause', 'cancel'),
      reingest: bool,
      renamed_objects_schema: text,
      restore_policy: oneOf('none', 'replace', 'rename'),
      // An emulator extension (see the README): Kinetica's 7.2 reference has no such option.
      target_schema_map: schemaMap,
    },
    context,
  );
  const catalog = emulator.catalog;
  const storeKey = sourceStoreKey(catalog, request.datasource_name);
  const renamed = options.renamed_objects_schema?.trim();
  const result = emulator.backups.restore(catalog, RESTORE_HANDLERS, {
    storeKey,
    name: checkBackupName(request.backup_name),
    objectsMap: request.restore_objects_map,
    options: {
      ...(options.backup_id !== undefined ? { backupId: options.backup_id } : {}),
      checksum: options.checksum ?? false,
      createSchemaIfNotExist: options.create_schema_if_not_exist ?? true,
      ddlOnly: options.ddl_only ?? false,
      dryRun: options.dry_run ?? false,
      ...(renamed ? { renamedObjectsSchema: checkName(renamed, 'schema') } : {}),
      restorePolicy: (options.restore_policy ?? 'none') as RestorePolicy,
      targetSchemaMap: options.target_schema_map ?? new Map(),
    },
  });
  return {
    backup_name: request.backup_name,
    backup_id: result.backupId,
    restored_bytes: result.restoredBytes,
    restored_files: result.restoredFiles,
    restored_records: result.restoredRecords,
    restored_objects: result.restoredObjects,
    renamed_objects: result.renamedObjects,
    failed_objects: {},
    info: result.info,
  };
}

function showBackup(request: RequestOf<'/show/backup'>, context: EmulatorContext): ResponseOf<'/show/backup'> {
  const { emulator } = context;
  const options = readOptions(
    request.options,
    {
      backup_id: text,
      backup_type: oneOf('all', 'full', 'incremental', 'differential'),
      show_contents: oneOf('none', 'object_names', 'object_files'),
      no_error_if_not_exists: bool,
    },
    context,
  );
  const storeKey = sourceStoreKey(emulator.catalog, request.datasource_name);
  const backups = emulator.backups.match(storeKey, request.backup_name, options.no_error_if_not_exists ?? false);
  const shown = emulator.backups.show(backups, {
    ...(options.backup_id !== undefined ? { backupId: options.backup_id } : {}),
    backupType: options.backup_type ?? 'all',
    showContents: options.show_contents ?? 'none',
  });
  return {
    backup_name: request.backup_name,
    backup_description: shown.backupDescription,
    backup_ids: shown.backupIds,
    backup_contents: shown.backupContents,
    deleted_backup_ids: shown.deletedBackupIds,
    info: {},
  };
}

function dropBackup(request: RequestOf<'/drop/backup'>, context: EmulatorContext): ResponseOf<'/drop/backup'> {
  const { emulator } = context;
  const options = readOptions(request.options, { dry_run: bool, delete_all_backups: bool, no_error_if_not_exists: bool }, context);
  const storeKey = sinkStoreKey(emulator.catalog, request.datasink_name);
  const backups = emulator.backups.match(storeKey, request.backup_name, options.no_error_if_not_exists ?? false);
  if (backups.length > 1 && !options.delete_all_backups) {
    throw restoreErrors.multipleBackups(request.backup_name, backups.map((backup) => backup.name));
  }
  const names = emulator.backups.drop(backups, options.dry_run ?? false);
  const info: Record<string, string> = options.dry_run ? { dry_run: 'true' } : {};
  return { backup_name: request.backup_name, backup_names: names, info };
}

function alterBackup(request: RequestOf<'/alter/backup'>, context: EmulatorContext): ResponseOf<'/alter/backup'> {
  const { emulator } = context;
  const options = readOptions(request.options, { comment: text, dry_run: bool }, context);
  const action = request.action.trim().toLowerCase();
  if (!(ALTER_ACTIONS as readonly string[]).includes(action)) throw optionErrors.invalidEnum(request.action, [...ALTER_ACTIONS]);
  const storeKey = sinkStoreKey(emulator.catalog, request.datasink_name);
  const [backup] = emulator.backups.match(storeKey, checkBackupName(request.backup_name), false);
  const result = emulator.backups.alter(
    backup!,
    action as AlterAction,
    request.value,
    { ...(options.comment !== undefined ? { comment: options.comment } : {}), dryRun: options.dry_run ?? false },
  );
  return {
    backup_name: request.backup_name,
    backup_id: result.backupId,
    total_bytes: result.totalBytes,
    total_files: result.totalFiles,
    total_number_of_records: result.totalRecords,
    info: result.info,
  };
}

function verifyBackup(request: RequestOf<'/verify/backup'>, context: EmulatorContext): ResponseOf<'/verify/backup'> {
  const { emulator } = context;
  const options = readOptions(request.options, { backup_id: text }, context);
  const storeKey = sourceStoreKey(emulator.catalog, request.datasource_name);
  const backups = emulator.backups.match(storeKey, request.backup_name, false);
  const verified = emulator.backups.verify(backups, options.backup_id ?? '-1');
  return {
    backup_name: request.backup_name,
    backup_names: verified.backupNames,
    backup_ids: verified.backupIds,
    errors: verified.errors,
    info: {},
  };
}
