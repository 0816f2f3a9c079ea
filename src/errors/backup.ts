import { KineticaError } from './kinetica-error.js';

const KINDS_TEXT =
  'all, catalog, context, credential, datasink, datasource, directory, function_environment, graph, monitor, ' +
  'resource_group, role, stored_procedure, table, user, user_defined_function';

/** Errors of the backup family: each names the backup, the option or the object at fault, and the fix. */
export const backupErrors = {
  // names and maps
  emptyBackupName: () => new KineticaError('backup_name must not be empty: name the backup'),
  invalidBackupName: (name: string) =>
    new KineticaError(`Invalid backup name '${name}': use letters, digits, '_', '-' and '.', without '/' or '*'`),
  objectsMapRequired: (name: string) =>
    new KineticaError(
      `backup_objects_map is empty: a full backup '${name}' must name what it holds, e.g. {"all": "my_schema"} or {"table": "my_schema.*"}`,
    ),
  objectsMapNotAllowed: (name: string, type: string) =>
    new KineticaError(
      `backup_objects_map must be empty for a ${type} snapshot of backup '${name}': it covers the objects of the backup's full snapshot ` +
        `(make a full snapshot with recreate=true to change them)`,
    ),
  unknownObjectType: (key: string) =>
    new KineticaError(`Unknown object type '${key}' in backup_objects_map; valid types are: ${KINDS_TEXT}`),
  emptyObjectList: (key: string) =>
    new KineticaError(`backup_objects_map entry '${key}' names no objects: list names, or '*' for every ${key === 'all' ? 'schema' : key}`),
  objectToBackupNotFound: (kind: string, name: string) =>
    new KineticaError(`backup_objects_map names ${kind} '${name}', which does not exist`),
  schemaToBackupNotFound: (name: string) =>
    new KineticaError(`backup_objects_map names schema '${name}' (under 'all'), which does not exist`),

  // the chain
  backupExists: (name: string) =>
    new KineticaError(
      `Backup '${name}' already exists: make an incremental or differential snapshot of it, or pass recreate=true to replace it with a new full snapshot`,
    ),
  backupNotFound: (name: string) =>
    new KineticaError(`Backup '${name}' does not exist in this data sink's store: create a full backup first`),
  optionOnlyFor: (option: string, types: string, given: string) =>
    new KineticaError(`Option '${option}' applies only to ${types} snapshots, not ${given}`),
  maxIncrementalInvalid: (value: string) =>
    new KineticaError(
      `Value: '${value}' of option 'max_incremental_backups_to_keep' is not valid: use -1 (keep all) or a number of at least 1`,
    ),

  // sinks and sources
  sinkNotFound: (name: string) =>
    new KineticaError(`Data sink '${name}' does not exist: create it with /create/datasink (destination s3, azure, gcs or hdfs)`),
  sourceNotFound: (name: string) =>
    new KineticaError(`Data source '${name}' does not exist: create it with /create/datasource on the store that holds the backups`),
  sinkCannotHoldBackups: (kind: 'Data sink' | 'Data source', name: string, scheme: string) =>
    new KineticaError(`${kind} '${name}' points at a ${scheme} store; backups live only in s3, azure, gcs or hdfs stores`),
} as const;
