/**
 * Backup statements (sql-backup-restore.mdx) on the backup endpoints: CREATE BACKUP and BACKUP
 * -> /create/backup, ALTER BACKUP -> /alter/backup (one call per SET property), RESTORE BACKUP
 * -> /restore/backup, DROP BACKUP -> /drop/backup, SHOW and DESCRIBE BACKUP -> /show/backup,
 * VERIFY BACKUP (the emulator's, after /verify/backup) -> /verify/backup.
 */
import { hostname } from 'node:os';
import { displayName } from '../../catalog/entry.js';
import { DataSink, connectorCanHoldBackups, sourceStoreKey, storeLocationOf } from '../../catalog/connectors/index.js';
import { sqlErrors } from '../../errors/sql.js';
import type { AlterBackup, CreateBackup, DropBackup, ObjectGroup, RestoreBackup, ShowBackup, VerifyBackup } from '../ast.js';
import type { ResultColumn, ResultSet } from '../result.js';
import { optionsMap, type Outcome, type Session } from './session.js';

/** The properties ALTER BACKUP ... SET changes (each is an /alter/backup action of the same name). */
const BACKUP_PROPERTIES = ['checksum', 'ddl_only', 'max_incremental_backups_to_keep'] as const;

/** SQL object types by the REST objects-map key they stand for. */
const SQL_OBJECT_TYPES: Record<string, string> = {
  all: 'ALL',
  context: 'CONTEXT',
  credential: 'CREDENTIAL',
  datasink: 'DATA SINK',
  datasource: 'DATA SOURCE',
  user_defined_function: 'FUNCTION',
  function_environment: 'FUNCTION ENVIRONMENT',
  stored_procedure: 'PROCEDURE',
  resource_group: 'RESOURCE GROUP',
  role: 'ROLE',
  monitor: 'STREAM',
  table: 'TABLE',
  user: 'USER',
};

const SCHEMA_SCOPED = new Set(['table', 'credential', 'datasink', 'datasource', 'stored_procedure', 'monitor', 'context']);

/** OBJECTS (...) as a REST objects map; unqualified names of schema objects go to the default schema. */
function objectsMap(session: Session, groups: readonly ObjectGroup[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const group of groups) {
    const names = group.names.map((name) =>
      SCHEMA_SCOPED.has(group.type) && name !== '*' && !name.includes('.') ? session.qualify({ name }) : name,
    );
    map[group.type] = map[group.type] === undefined ? names.join(',') : `${map[group.type]},${names.join(',')}`;
  }
  return map;
}

export async function createBackup(session: Session, statement: CreateBackup): Promise<Outcome> {
  const response = await session.call('/create/backup', {
    backup_name: statement.name,
    backup_type: statement.type,
    backup_objects_map: objectsMap(session, statement.objects),
    datasink_name: session.qualify(statement.sink),
    options: optionsMap(statement.options),
  });
  // A dry run, and a ddl_only backup whose only changes were data, make no snapshot.
  const made = response.info.dry_run !== 'true' && response.info.warning === undefined;
  return { group: 'DDL', countAffected: made ? 1 : 0, info: response.info };
}

export async function alterBackup(session: Session, statement: AlterBackup): Promise<Outcome> {
  const base = { backup_name: statement.name, datasink_name: session.qualify(statement.sink), options: optionsMap(statement.options) };
  const actions: { action: string; value: string }[] =
    statement.action === 'set'
      ? statement.settings.map((setting) => {
          if (!(BACKUP_PROPERTIES as readonly string[]).includes(setting.name)) {
            throw sqlErrors.unknownBackupProperty(setting.name.toUpperCase(), BACKUP_PROPERTIES.map((p) => p.toUpperCase()));
          }
          return { action: setting.name, value: setting.value };
        })
      : [{ action: statement.action, value: statement.value ?? '' }];
  let info: Record<string, string> = {};
  for (const { action, value } of actions) {
    const response = await session.call('/alter/backup', { ...base, action, value });
    info = { ...info, ...response.info };
  }
  return { group: 'DDL', countAffected: info.dry_run === 'true' ? 0 : 1, info };
}

export async function restoreBackup(session: Session, statement: RestoreBackup): Promise<Outcome> {
  const response = await session.call('/restore/backup', {
    backup_name: statement.name,
    restore_objects_map: objectsMap(session, statement.objects),
    datasource_name: session.qualify(statement.source),
    options: optionsMap(statement.options),
  });
  const restored = response.info.dry_run === 'true' ? 0 : Object.keys(response.restored_objects).length;
  return { group: 'DDL', countAffected: restored, info: response.info };
}

export async function dropBackup(session: Session, statement: DropBackup): Promise<Outcome> {
  const response = await session.call('/drop/backup', {
    backup_name: statement.pattern,
    datasink_name: session.qualify(statement.sink),
    options: optionsMap(statement.options),
  });
  return { group: 'DDL', countAffected: response.info.dry_run === 'true' ? 0 : response.backup_names.length, info: response.info };
}

const text = (name: string): ResultColumn => ({ name, avro: 'string', datatype: 'string', nullable: false });
const long = (name: string): ResultColumn => ({ name, avro: 'long', datatype: 'long', nullable: false });

/** SHOW BACKUP: one row per backup, with the DDL that creates it in column DDL. */
export async function showBackup(session: Session, statement: ShowBackup): Promise<Outcome> {
  const source = session.qualify(statement.source);
  const response = await session.call('/show/backup', { backup_name: statement.pattern, datasource_name: source, options: {} });
  const sink = sinkNameFor(session, source);
  // The COMMENT of the statement that created a backup is its first snapshot's (snapshots come oldest first).
  const firstComment = (name: string) => response.backup_ids.find((snapshot) => snapshot.backup_name === name)?.comment ?? '';
  const rows = response.backup_description.map((backup) => [backupDdl(backup, sink, firstComment(backup.backup_name ?? ''))]);
  return { group: 'QUERY', countAffected: 0, result: { columns: [text('DDL')], rows } };
}

/** DESCRIBE BACKUP: one row per snapshot, in the 13 documented columns. */
export async function describeBackup(session: Session, statement: ShowBackup): Promise<Outcome> {
  const response = await session.call('/show/backup', {
    backup_name: statement.pattern,
    datasource_name: session.qualify(statement.source),
    options: {},
  });
  const columns: ResultColumn[] = [
    text('BACKUP_NAME'),
    long('BACKUP_ID'),
    text('BACKUP_TYPE'),
    { name: 'TIME', avro: 'string', datatype: 'datetime', nullable: false },
    long('DURATION'),
    text('CLUSTER_ID'),
    text('HOST_NAME'),
    text('HOST_ID'),
    text('OBJECTS'),
    long('SIZE'),
    long('FILES'),
    long('RECORDS'),
    text('COMMENT'),
  ];
  const host = hostname();
  const address = new URL(session.context.baseUrl).hostname;
  const rows = response.backup_ids.map((snapshot) => [
    snapshot.backup_name ?? '',
    Number(snapshot.backup_id ?? 0),
    snapshot.backup_type ?? '',
    datetimeOf(snapshot.time ?? ''),
    Number(snapshot.duration ?? 0),
    // The emulator is not part of an HA ring: no cluster identifier.
    '',
    host,
    address,
    snapshot.objects ?? '',
    Number(snapshot.size ?? 0),
    Number(snapshot.files ?? 0),
    Number(snapshot.records ?? 0),
    snapshot.comment ?? '',
  ]);
  const result: ResultSet = { columns, rows };
  return { group: 'QUERY', countAffected: 0, result };
}

/** VERIFY BACKUP: one row per backup with its snapshot ids and what is wrong ('' when sound). */
export async function verifyBackup(session: Session, statement: VerifyBackup): Promise<Outcome> {
  const response = await session.call('/verify/backup', {
    backup_name: statement.pattern,
    datasource_name: session.qualify(statement.source),
    options: optionsMap(statement.options),
  });
  const rows = response.backup_names.map((name, i) => [name, (response.backup_ids[i] ?? []).join(','), (response.errors[i] ?? []).join('; ')]);
  return { group: 'QUERY', countAffected: 0, result: { columns: [text('BACKUP_NAME'), text('BACKUP_IDS'), text('ERRORS')], rows } };
}

/** `2026-01-02T03:04:05.678Z` as Kinetica shows a datetime: `2026-01-02 03:04:05.678`. */
function datetimeOf(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

/**
 * The data sink a SHOW BACKUP DDL names. The store does not record which sink wrote a backup, so
 * it is the first data sink (by name) that reaches the same store as the data source, or the data
 * source's own name when there is none.
 */
function sinkNameFor(session: Session, source: string): string {
  const catalog = session.emulator.catalog;
  const key = sourceStoreKey(catalog, source);
  const sinks = catalog
    .list<DataSink>('datasink')
    .filter((sink) => connectorCanHoldBackups(sink) && storeLocationOf(sink).key === key)
    .map((sink) => displayName(sink))
    .sort();
  return sinks[0] ?? source;
}

function sqlNamePart(part: string): string {
  return /^[A-Za-z_#][A-Za-z0-9_#]*$/.test(part) || part === '*' ? part : `"${part.replace(/"/g, '""')}"`;
}

function sqlName(name: string): string {
  return name.split('.').map(sqlNamePart).join('.');
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The CREATE BACKUP statement of a backup, from its /show/backup description. */
function backupDdl(backup: Record<string, string>, sink: string, comment: string): string {
  const objects = (backup.objects ?? '')
    .split('; ')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const colon = entry.indexOf(': ');
      const key = entry.slice(0, colon);
      const names = entry.slice(colon + 2).split(', ');
      return `${SQL_OBJECT_TYPES[key] ?? key.toUpperCase()} = ${names.map(sqlName).join(', ')}`;
    });
  const options: string[] = [];
  if (backup.checksum === 'true') options.push(`CHECKSUM = 'true'`);
  if (backup.ddl_only === 'true') options.push(`DDL_ONLY = 'true'`);
  if (backup.max_incremental_backups_to_keep !== undefined && backup.max_incremental_backups_to_keep !== '-1') {
    options.push(`MAX_INCREMENTAL_BACKUPS_TO_KEEP = '${backup.max_incremental_backups_to_keep}'`);
  }
  if (comment !== '') options.push(`COMMENT = ${sqlString(comment)}`);
  const lines = [`CREATE BACKUP ${sqlNamePart(backup.backup_name ?? '')}`, `DATA SINK = ${sqlName(sink)}`];
  if (objects.length > 0) lines.push(`OBJECTS (${objects.join(', ')})`);
  if (options.length > 0) lines.push(`WITH OPTIONS (${options.join(', ')})`);
  return lines.join('\n');
}
