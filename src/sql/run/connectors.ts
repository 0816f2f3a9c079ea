/**
 * Credentials, data sinks and data sources (sql-ddl.mdx): CREATE [OR REPLACE] ... -> /create/...
 * (after /drop/... when replacing), ALTER ... SET PROPERTY -> /alter/..., DROP ... -> /drop/....
 * SQL option names are read as the REST option keys they stand for (BUCKET NAME -> s3_bucket_name,
 * VALIDATE = FALSE -> skip_validation = true); the endpoints check them.
 */
import type { ObjectKind } from '../../catalog/kinds.js';
import type { CatalogEntry } from '../../catalog/entry.js';
import { displayName } from '../../catalog/entry.js';
import { sqlErrors } from '../../errors/sql.js';
import type { AlterConnector, CreateCredential, CreateDataSink, CreateDataSource, DropConnector, DropCredential, OptionPair, QName } from '../ast.js';
import { optionsMap, type Outcome, type Session } from './session.js';

/** SQL option names that differ from the REST keys. */
const REST_KEYS: Record<string, string> = {
  bucket_name: 's3_bucket_name',
  region: 's3_region',
  container_name: 'azure_container_name',
  sas_token: 'azure_sas_token',
  storage_account_name: 'azure_storage_account_name',
  tenant_id: 'azure_tenant_id',
  oauth_token: 'azure_oauth_token',
  delegation_token: 'hdfs_delegation_token',
  kerberos_keytab: 'hdfs_kerberos_keytab',
  use_kerberos: 'hdfs_use_kerberos',
};

/** Options naming other objects: unqualified names go to the default schema, like every SQL name. */
const NAME_OPTIONS = new Set(['credential', 'schema_registry_credential']);

function connectorOptions(session: Session, pairs: readonly OptionPair[] | null, renames: Record<string, string> = {}): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(optionsMap(pairs))) {
    if (name === 'validate') {
      const lower = value.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw sqlErrors.badBooleanSetting('VALIDATE', value);
      options.skip_validation = lower === 'true' ? 'false' : 'true';
      continue;
    }
    const key = renames[name] ?? REST_KEYS[name] ?? name;
    options[key] = NAME_OPTIONS.has(key) && value !== '' && !value.includes('.') ? session.qualify({ name: value }) : value;
  }
  return options;
}

function exists(session: Session, kind: ObjectKind, name: QName): boolean {
  return session.emulator.catalog.get(kind, session.schemaOf(name), name.name) !== undefined;
}

export async function createCredential(session: Session, statement: CreateCredential): Promise<Outcome> {
  const name = session.qualify(statement.name);
  if (statement.orReplace && exists(session, 'credential', statement.name)) {
    await session.call('/drop/credential', { credential_name: name, options: {} });
  }
  await session.call('/create/credential', {
    credential_name: name,
    type: statement.type,
    identity: statement.identity ?? '',
    secret: statement.secret ?? '',
    options: optionsMap(statement.options),
  });
  return { group: 'DDL', countAffected: 1 };
}

export async function dropCredential(session: Session, statement: DropCredential): Promise<Outcome> {
  const names =
    statement.name === null
      ? session.emulator.catalog.list<CatalogEntry>('credential').map((entry) => displayName(entry)).sort()
      : [session.qualify(statement.name)];
  for (const name of names) await session.call('/drop/credential', { credential_name: name, options: {} });
  if (names.length === 0) session.lastEndpoint = '/drop/credential';
  return { group: 'DDL', countAffected: names.length };
}

export async function createDataSink(session: Session, statement: CreateDataSink): Promise<Outcome> {
  const name = session.qualify(statement.name);
  if (statement.orReplace && exists(session, 'datasink', statement.name)) {
    await session.call('/drop/datasink', { name, options: {} });
  }
  await session.call('/create/datasink', { name, destination: statement.location, options: connectorOptions(session, statement.options) });
  return { group: 'DDL', countAffected: 1 };
}

export async function createDataSource(session: Session, statement: CreateDataSource): Promise<Outcome> {
  const name = session.qualify(statement.name);
  if (statement.orReplace && exists(session, 'datasource', statement.name)) {
    await session.call('/drop/datasource', { name, options: {} });
  }
  await session.call('/create/datasource', {
    name,
    location: statement.location,
    user_name: statement.user ?? '',
    password: statement.password ?? '',
    options: connectorOptions(session, statement.options),
  });
  return { group: 'DDL', countAffected: 1 };
}

export async function alterConnector(session: Session, statement: AlterConnector): Promise<Outcome> {
  const name = session.qualify(statement.name);
  if (statement.kind === 'alterDataSink') {
    const updates = connectorOptions(session, statement.properties, { location: 'destination' });
    await session.call('/alter/datasink', { name, datasink_updates_map: updates, options: {} });
  } else {
    const updates = connectorOptions(session, statement.properties, { user: 'user_name' });
    await session.call('/alter/datasource', { name, datasource_updates_map: updates, options: {} });
  }
  return { group: 'DDL', countAffected: 1 };
}

export async function dropConnector(session: Session, statement: DropConnector): Promise<Outcome> {
  const name = session.qualify(statement.name);
  if (statement.kind === 'dropDataSink') await session.call('/drop/datasink', { name, options: {} });
  else await session.call('/drop/datasource', { name, options: {} });
  return { group: 'DDL', countAffected: 1 };
}
