import { KineticaError } from './kinetica-error.js';

/**
 * Errors of credentials, data sinks and data sources. No real Kinetica text is known for any of
 * them (docs/errors.md): each names the object or value in single quotes and says how to fix it.
 */

const KIND_LABEL = { datasink: 'data sink', datasource: 'data source' } as const;
type ConnectorKind = keyof typeof KIND_LABEL;

const BUCKET_WORD: Record<string, string> = { s3: 'bucket', gcs: 'bucket', azure: 'container' };

export const connectorErrors = {
  // URLs (destination, location)
  emptyUrl: (field: string) =>
    new KineticaError(`The ${field} is empty: give it as '<provider>://<host>[:<port>][/<path>]', or a bare provider such as 's3'`),
  malformedUrl: (field: string, url: string) =>
    new KineticaError(`Invalid ${field} '${url}': use the form '<provider>://<host>[:<port>][/<path>]', or a bare provider such as 's3'`),
  unsupportedScheme: (kind: ConnectorKind, field: string, url: string, schemes: readonly string[]) =>
    new KineticaError(
      `Invalid ${field} '${url}' for a ${KIND_LABEL[kind]}: the supported storage provider types are ${schemes.join(', ')}`,
    ),
  parentPathSegment: (field: string, url: string) =>
    new KineticaError(`Invalid ${field} '${url}': a path must not contain '..'`),
  missingContainer: (scheme: string, option: string) => {
    const word = BUCKET_WORD[scheme] ?? 'bucket';
    return new KineticaError(
      `No ${scheme} ${word} is given: set the option ${option}, or name the ${word} in the URL as '${scheme}://<${word}>[/<path>]'`,
    );
  },
  hdfsNeedsHostPort: (field: string, url: string) =>
    new KineticaError(`Invalid ${field} '${url}': an HDFS store is given as 'hdfs://<host>:<port>[/<path>]'`),
  brokerNeedsHostPort: (field: string, url: string, scheme: string) =>
    new KineticaError(`Invalid ${field} '${url}': each broker is given as '${scheme}://<host>:<port>' (several separated by commas)`),
  urlNeedsHost: (field: string, url: string, scheme: string) =>
    new KineticaError(`Invalid ${field} '${url}': a webhook is given as '${scheme}://<host>[:<port>][/<path>]'`),
  malformedJdbcUrl: (field: string, url: string) =>
    new KineticaError(`Invalid ${field} '${url}': a JDBC URL is given as 'jdbc:<driver>:<driver-specific part>'`),
  tableDestinationNeedsName: (field: string, url: string) =>
    new KineticaError(`Invalid ${field} '${url}': a local table is given as 'table://[<schema>.]<table>'`),
  optionForOtherProvider: (kind: ConnectorKind, option: string, schemes: readonly string[], scheme: string) =>
    new KineticaError(
      `Option '${option}' applies to ${schemes.join(' and ')} ${KIND_LABEL[kind]}s, not to a ${scheme} one: remove it, or change the provider`,
    ),
  emptyUpdates: (field: string) =>
    new KineticaError(`${field} is empty: give at least one property to change`),

  // credentials
  badCredentialName: (name: string) =>
    new KineticaError(`Invalid credential name '${name}': use only letters, digits and underscores, not starting with a digit`),
  credentialExists: (name: string) => new KineticaError(`Credential '${name}' already exists`),
  credentialNotFound: (name: string) => new KineticaError(`Credential '${name}' does not exist`),
  referencedCredentialMissing: (name: string, option: string) =>
    new KineticaError(`Credential '${name}' (option ${option}) does not exist: create it first with /create/credential`),

  // data sinks and sources
  datasinkExists: (name: string) => new KineticaError(`Data sink '${name}' already exists`),
  datasinkNotFound: (name: string) => new KineticaError(`Data sink '${name}' does not exist`),
  datasourceExists: (name: string) => new KineticaError(`Data source '${name}' already exists`),
  datasourceNotFound: (name: string) => new KineticaError(`Data source '${name}' does not exist`),
  /** A data sink that table monitors use. */
  datasinkUsedByMonitors: (name: string, monitors: string[]) =>
    new KineticaError(
      `Data sink '${name}' is used by ${monitors.join(', ')}: clear ${monitors.length === 1 ? 'it' : 'them'} first with /clear/tablemonitor, ` +
        `or drop the sink with the option clear_table_monitors=true`,
    ),

  // integrity shared by the three kinds
  inUse: (what: string, name: string, users: string[]) =>
    new KineticaError(`Cannot drop ${what} '${name}': it is used by ${users.join(', ')}; drop or alter ${users.length === 1 ? 'that' : 'those'} first`),
  moveInUse: (what: string, name: string, users: string[]) =>
    new KineticaError(
      `Cannot move ${what} '${name}' to another schema: it is used by ${users.join(', ')}, which name${users.length === 1 ? 's' : ''} it where it is`,
    ),
} as const;
