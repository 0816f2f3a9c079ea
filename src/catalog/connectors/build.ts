/**
 * Building credentials, data sinks and data sources from what a request (or a backup's definition)
 * gives: every check that does not depend on the endpoint happens here, so creating, altering and
 * restoring an object apply the same rules. Nothing here changes the catalog.
 */
import type { Catalog } from '../catalog.js';
import { connectorErrors } from '../../errors/connectors.js';
import { parseObjectName } from '../objects/lookup.js';
import { Credential, type CredentialFields } from './credential.js';
import { DataSink } from './datasink.js';
import { DataSource } from './datasource.js';
import { checkConnectorUrl, storedOptions } from './providers.js';
import { CREDENTIAL_OPTIONS } from './references.js';

/** Letters, digits and underscores, not starting with a digit (the /create/credential rule). */
const CREDENTIAL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkCredentialName(name: string): void {
  if (!CREDENTIAL_NAME.test(name)) throw connectorErrors.badCredentialName(name);
}

/** The qualified name of the existing credential a reference designates; throws when there is none. */
export function resolveCredential(catalog: Catalog, reference: string, option: string): string {
  const parsed = parseObjectName('credential', reference);
  const credential = catalog.get<Credential>('credential', parsed.schema, parsed.name);
  if (!credential) throw connectorErrors.referencedCredentialMissing(parsed.display, option);
  return credential.qualifiedName;
}

/** Options with every credential reference checked and written in qualified form; empty ones dropped. */
function withResolvedCredentials(catalog: Catalog, options: Readonly<Record<string, string>>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if ((CREDENTIAL_OPTIONS as readonly string[]).includes(key)) {
      if (value.trim() === '') continue;
      resolved[key] = resolveCredential(catalog, value, key);
    } else {
      resolved[key] = value;
    }
  }
  return resolved;
}

export function buildCredential(schema: string, name: string, fields: CredentialFields): Credential {
  checkCredentialName(name);
  return new Credential(schema, name, { ...fields, options: { ...fields.options } });
}

export function buildDataSink(catalog: Catalog, schema: string, name: string, destination: string, options: Readonly<Record<string, string>>): DataSink {
  checkConnectorUrl('datasink', destination, options);
  return new DataSink(schema, name, destination.trim(), storedOptions(withResolvedCredentials(catalog, options)));
}

export function buildDataSource(
  catalog: Catalog,
  schema: string,
  name: string,
  location: string,
  userName: string,
  password: string,
  options: Readonly<Record<string, string>>,
): DataSource {
  checkConnectorUrl('datasource', location, options);
  return new DataSource(schema, name, location.trim(), userName, password, storedOptions(withResolvedCredentials(catalog, options)));
}
