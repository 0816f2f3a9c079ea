import { KineticaError } from './kinetica-error.js';

/** Errors of /restore/backup, /show/backup, /drop/backup, /alter/backup and /verify/backup. */
export const restoreErrors = {
  backupNotFound: (name: string) =>
    new KineticaError(`Backup '${name}' does not exist in this data source's store (check the backup name, or that the source points at the bucket and path the backup's sink wrote to)`),
  noBackupMatches: (pattern: string) =>
    new KineticaError(`No backup matches '${pattern}' in this store (use the option no_error_if_not_exists=true to get an empty answer instead)`),
  noSnapshots: (name: string) => new KineticaError(`Backup '${name}' holds no snapshot`),
  snapshotNotFound: (name: string, id: string, ids: number[]) =>
    new KineticaError(`Backup '${name}' has no snapshot '${id}'; its snapshots are: ${ids.join(', ')}`),
  objectsMapRequired: () =>
    new KineticaError(`restore_objects_map is empty: name what to restore, e.g. {"all": "my_schema"} or {"table": "my_schema.my_table"}`),
  notInSnapshot: (name: string, id: number, what: string) =>
    new KineticaError(`Snapshot ${id} of backup '${name}' holds no ${what}`),
  kindNotRestorable: (kind: string) => new KineticaError(`Objects of kind '${kind}' cannot be restored by kinetica-mock`),
  objectsExist: (objects: string[]) =>
    new KineticaError(
      `Cannot restore: ${objects.join(', ')} already exist${objects.length === 1 ? 's' : ''} ` +
        `(use the option restore_policy=replace to overwrite, or restore_policy=rename to move the existing ones aside)`,
    ),
  renameNotForGlobal: (kind: string, name: string) =>
    new KineticaError(
      `Cannot restore ${kind} '${name}': it already exists, and restore_policy=rename applies only to objects in schemas (use restore_policy=replace)`,
    ),
  renameTargetTaken: (kind: string, name: string) =>
    new KineticaError(`Cannot move the existing ${kind} aside: '${name}' already exists (choose another renamed_objects_schema)`),
  schemaMissing: (schemas: string[]) =>
    new KineticaError(
      `Cannot restore into schema${schemas.length === 1 ? '' : 's'} ${schemas.map((s) => `'${s}'`).join(', ')}: it does not exist ` +
        `(create it, or leave create_schema_if_not_exist at true)`,
    ),
  missingFile: (name: string, id: number, what: string) =>
    new KineticaError(`Backup '${name}' snapshot ${id} is damaged: the ${what} is missing from the store`),
  checksumMismatch: (name: string, id: number, what: string) =>
    new KineticaError(`Backup '${name}' snapshot ${id} is damaged: the ${what} does not match its checksum`),
  badSchemaMap: (value: string) =>
    new KineticaError(`Value: '${value}' of option 'target_schema_map' is not valid: use 'source:target' pairs separated by commas`),
  multipleBackups: (pattern: string, names: string[]) =>
    new KineticaError(
      `'${pattern}' matches ${names.length} backups (${names.join(', ')}): set the option delete_all_backups=true to delete them all`,
    ),
  badAlterValue: (action: string, value: string, expected: string) =>
    new KineticaError(`Value: '${value}' is not valid for action '${action}': ${expected}`),
  nothingToMerge: (name: string) =>
    new KineticaError(`Backup '${name}' is a single full snapshot: there is nothing to merge`),
  cannotPurgeFull: (name: string, id: number) =>
    new KineticaError(`Snapshot ${id} of backup '${name}' is a full snapshot: purge removes incremental or differential snapshots only (drop the backup, or merge it)`),
} as const;
