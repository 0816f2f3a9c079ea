/**
 * What a data sink's destination or a data source's location may be, per Kinetica's reference
 * pages: the schemes each kind accepts, the checks each scheme's URL gets, and which options belong
 * to which provider. The emulator never connects anywhere: these checks are all it does.
 */
import { connectorErrors } from '../../errors/connectors.js';
import { sortedByKey } from '../entry.js';
import { checkName } from '../names.js';
import { brokersOf, normalizeStoreLocation, parseConnectorUrl } from './location.js';

export type ConnectorKind = 'datasink' | 'datasource';

/** Schemes per kind, as the /create/datasink and /create/datasource pages list them (plus `table` for sinks, from the data sink concepts page). */
export const CONNECTOR_SCHEMES: Record<ConnectorKind, readonly string[]> = {
  datasink: ['azure', 'gcs', 'hdfs', 'http', 'https', 'jdbc', 'kafka', 's3', 'table'],
  datasource: ['azure', 'gcs', 'hdfs', 'jdbc', 'kafka', 'confluent', 's3'],
};

/** Option prefixes that belong to one family of providers; using one with another provider is refused. */
const PROVIDER_PREFIXES: Array<[prefix: string, schemes: readonly string[]]> = [
  ['s3_', ['s3']],
  ['azure_', ['azure']],
  ['gcs_', ['gcs']],
  ['hdfs_', ['hdfs']],
  ['jdbc_', ['jdbc']],
  ['kafka_', ['kafka', 'confluent']],
  ['schema_registry_', ['kafka', 'confluent']],
];

/** Options whose values are secrets: kept in the definition, never shown back. */
export const SECRET_CONNECTOR_OPTIONS: ReadonlySet<string> = new Set([
  's3_encryption_customer_key',
  'azure_sas_token',
  'azure_oauth_token',
  'gcs_service_account_keys',
  'hdfs_delegation_token',
]);

/** Options that steer the request and are not kept with the object. */
export const REQUEST_ONLY_CONNECTOR_OPTIONS: ReadonlySet<string> = new Set(['skip_validation']);

/** Checks a destination or location against the kind's schemes and the scheme's form; returns the lower-case scheme. */
export function checkConnectorUrl(kind: ConnectorKind, url: string, options: Readonly<Record<string, string>>): string {
  const field = kind === 'datasink' ? 'destination' : 'location';
  const parsed = parseConnectorUrl(url, field);
  const scheme = parsed.scheme;
  if (!CONNECTOR_SCHEMES[kind].includes(scheme)) throw connectorErrors.unsupportedScheme(kind, field, url, CONNECTOR_SCHEMES[kind]);
  switch (scheme) {
    case 's3':
    case 'gcs':
    case 'azure':
    case 'hdfs':
      normalizeStoreLocation(url, options, field);
      break;
    case 'kafka':
    case 'confluent':
      for (const broker of brokersOf(url)) {
        if (!/^[^:/\s]+:\d+$/.test(broker)) throw connectorErrors.brokerNeedsHostPort(field, url, scheme);
      }
      break;
    case 'http':
    case 'https':
      if (parsed.bare || parsed.authority === '') throw connectorErrors.urlNeedsHost(field, url, scheme);
      break;
    case 'jdbc':
      if (!/^[A-Za-z0-9_-]+:.+/.test(parsed.path)) throw connectorErrors.malformedJdbcUrl(field, url);
      break;
    case 'table': {
      const target = parsed.authority + parsed.path;
      if (parsed.bare || target === '') throw connectorErrors.tableDestinationNeedsName(field, url);
      for (const part of target.split('.')) checkName(part, 'table');
      if (target.split('.').length > 2) throw connectorErrors.tableDestinationNeedsName(field, url);
      break;
    }
  }
  for (const [key, value] of Object.entries(options)) {
    if (value === '') continue;
    const family = PROVIDER_PREFIXES.find(([prefix]) => key.startsWith(prefix));
    if (family && !family[1].includes(scheme)) throw connectorErrors.optionForOtherProvider(kind, key, family[1], scheme);
  }
  return scheme;
}

/** Options without the request-only ones, sorted by key (the form kept in a definition). */
export function storedOptions(options: Readonly<Record<string, string>>): Record<string, string> {
  return sortedByKey(Object.fromEntries(Object.entries(options).filter(([key]) => !REQUEST_ONLY_CONNECTOR_OPTIONS.has(key))));
}

/** The mask shown in place of a secret that is set. */
export const REDACTED = '********';

/** Options as they may be shown back: secrets masked. */
export function visibleOptions(options: Readonly<Record<string, string>>, secrets: ReadonlySet<string> = SECRET_CONNECTOR_OPTIONS): Record<string, string> {
  return Object.fromEntries(Object.entries(options).map(([key, value]) => [key, secrets.has(key) && value !== '' ? REDACTED : value]));
}
