/**
 * A credential: a named identity and secret (and provider options) that data sinks, data sources
 * and catalogs refer to. The secret is kept, so a restore recreates it, but never shown back.
 */
import { displayName, sortedByKey, type CatalogEntry } from '../entry.js';

/** Types /create/credential accepts. */
export const CREDENTIAL_TYPES = [
  'aws_access_key',
  'aws_iam_role',
  'azure_ad',
  'azure_oauth',
  'azure_sas',
  'azure_storage_key',
  'confluent',
  'docker',
  'gcs_service_account_id',
  'gcs_service_account_keys',
  'hdfs',
  'jdbc',
  'kafka',
  'nvidia_api_key',
  'openai_api_key',
  'rest',
] as const;

/** Types /alter/credential documents (a subset of the above). */
export const ALTERABLE_CREDENTIAL_TYPES = [
  'aws_access_key',
  'aws_iam_role',
  'azure_ad',
  'azure_oauth',
  'azure_sas',
  'azure_storage_key',
  'docker',
  'gcs_service_account_id',
  'gcs_service_account_keys',
  'hdfs',
  'kafka',
] as const;

/** Credential options whose values are secrets. */
export const SECRET_CREDENTIAL_OPTIONS: ReadonlySet<string> = new Set(['sasl.password', 'ssl.key.password', 'gcs_service_account_keys']);

export interface CredentialFields {
  type: string;
  identity: string;
  secret: string;
  options: Record<string, string>;
}

export class Credential implements CatalogEntry {
  readonly kind = 'credential' as const;
  defVersion = 0;

  constructor(
    public schema: string,
    public name: string,
    public fields: CredentialFields,
  ) {}

  get qualifiedName(): string {
    return displayName(this);
  }

  definition(): Record<string, unknown> {
    return {
      credential_name: this.qualifiedName,
      type: this.fields.type,
      identity: this.fields.identity,
      secret: this.fields.secret,
      options: sortedByKey(this.fields.options),
    };
  }
}
