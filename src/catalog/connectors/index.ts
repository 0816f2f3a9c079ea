/**
 * Credentials, data sinks and data sources: the catalog objects, the store locations the backup
 * engine identifies remote stores by (and the store key a backup request's sink or source names),
 * and the restore handlers of the three kinds.
 */
import type { Catalog } from '../catalog.js';
import type { RestoreHandler } from '../restore-handler.js';
import { defString, defStringMap } from '../objects/definition.js';
import { requireObject } from '../objects/lookup.js';
import { backupErrors } from '../../errors/backup.js';
import { followSchema, schemaOf } from '../objects/remap.js';
import { CREDENTIAL_OPTIONS } from './references.js';
import { buildCredential, buildDataSink, buildDataSource } from './build.js';
import type { DataSink } from './datasink.js';
import type { DataSource } from './datasource.js';
import { canHoldBackups, type StoreLocation } from './location.js';

export { Credential, CREDENTIAL_TYPES, ALTERABLE_CREDENTIAL_TYPES, SECRET_CREDENTIAL_OPTIONS } from './credential.js';
export { DataSink } from './datasink.js';
export { DataSource } from './datasource.js';
export {
  BACKUP_STORE_SCHEMES,
  canHoldBackups,
  normalizeStoreLocation,
  parseConnectorUrl,
  redactUrl,
  type BackupStoreScheme,
  type StoreLocation,
} from './location.js';
export { CONNECTOR_SCHEMES } from './providers.js';
export { buildCredential, buildDataSink, buildDataSource, resolveCredential } from './build.js';

/** The normalized store location of a data sink or data source. */
export function storeLocationOf(connector: DataSink | DataSource): StoreLocation {
  return connector.storeLocation();
}

/** Whether a data sink or data source reaches a store that can hold backups (s3, azure, gcs, hdfs). */
export function connectorCanHoldBackups(connector: DataSink | DataSource): boolean {
  return canHoldBackups(connector.scheme);
}

/** The store key of the remote store a data sink or source points at; it must be able to hold backups. */
function storeKeyOf(catalog: Catalog, kind: 'datasink' | 'datasource', name: string): string {
  const label = kind === 'datasink' ? 'Data sink' : 'Data source';
  const connector = requireObject<DataSink | DataSource>(catalog, kind, name, () =>
    kind === 'datasink' ? backupErrors.sinkNotFound(name) : backupErrors.sourceNotFound(name),
  );
  const location = storeLocationOf(connector);
  if (!connectorCanHoldBackups(connector)) throw backupErrors.sinkCannotHoldBackups(label, name, location.scheme);
  return location.key;
}

/** The store a data sink writes to (backup create, drop and alter take a sink). */
export const sinkStoreKey = (catalog: Catalog, sinkName: string): string => storeKeyOf(catalog, 'datasink', sinkName);

/** The store a data source reads from (backup restore, show and verify take a source). */
export const sourceStoreKey = (catalog: Catalog, sourceName: string): string => storeKeyOf(catalog, 'datasource', sourceName);

/** A connector's options for a restore under the target's schema (see remap.ts). */
function restoredOptions(definition: Record<string, unknown>, nameField: string, kind: string, targetSchema: string | undefined): Record<string, string> {
  const options = defStringMap(definition, 'options', kind);
  const originalSchema = schemaOf(defString(definition, nameField, kind), kind);
  for (const key of CREDENTIAL_OPTIONS) {
    const value = options[key];
    if (value !== undefined) options[key] = followSchema(value, 'credential', originalSchema, targetSchema);
  }
  return options;
}

export const connectorRestoreHandlers: RestoreHandler[] = [
  {
    kind: 'credential',
    restoreOrder: 10,
    fromDefinition: (definition, target) =>
      buildCredential(target.schema!, target.name, {
        type: defString(definition, 'type', 'credential'),
        identity: defString(definition, 'identity', 'credential'),
        secret: defString(definition, 'secret', 'credential'),
        options: defStringMap(definition, 'options', 'credential'),
      }),
  },
  {
    kind: 'datasource',
    restoreOrder: 20,
    fromDefinition: (definition, target, catalog) =>
      buildDataSource(
        catalog,
        target.schema!,
        target.name,
        defString(definition, 'location', 'datasource'),
        defString(definition, 'user_name', 'datasource'),
        defString(definition, 'password', 'datasource'),
        restoredOptions(definition, 'datasource_name', 'datasource', target.schema),
      ),
  },
  {
    kind: 'datasink',
    restoreOrder: 20,
    fromDefinition: (definition, target, catalog) =>
      buildDataSink(
        catalog,
        target.schema!,
        target.name,
        defString(definition, 'destination', 'datasink'),
        restoredOptions(definition, 'datasink_name', 'datasink', target.schema),
      ),
  },
];
