/**
 * The option keys /create|alter/datasink, /create|alter/datasource and /create|alter/credential
 * document, with the parser of each value.
 */
import { ALTERABLE_CREDENTIAL_TYPES } from '../catalog/connectors/index.js';
import { bool, integer, oneOf, text, type OptionSpec } from './options.js';

const S3 = {
  s3_bucket_name: text,
  s3_region: text,
  s3_verify_ssl: bool,
  s3_use_virtual_addressing: bool,
  s3_aws_role_arn: text,
  s3_encryption_customer_algorithm: text,
  s3_encryption_customer_key: text,
};

const HDFS = { hdfs_kerberos_keytab: text, hdfs_delegation_token: text, hdfs_use_kerberos: bool };

const AZURE = {
  azure_storage_account_name: text,
  azure_container_name: text,
  azure_tenant_id: text,
  azure_sas_token: text,
  azure_oauth_token: text,
  azure_use_virtual_addressing: bool,
};

const GCS = { gcs_bucket_name: text, gcs_project_id: text, gcs_service_account_keys: text };
const JDBC = { jdbc_driver_jar_path: text, jdbc_driver_class_name: text };
const TIMEOUTS = { connection_timeout: integer(0), wait_timeout: integer(0) };

export const CREATE_DATASINK_OPTIONS = {
  ...TIMEOUTS,
  credential: text,
  ...S3,
  s3_encryption_type: text,
  s3_kms_key_id: text,
  ...HDFS,
  ...AZURE,
  ...GCS,
  ...JDBC,
  kafka_topic_name: text,
  max_batch_size: integer(1),
  max_message_size: integer(1),
  json_format: oneOf('flat', 'nested'),
  use_managed_credentials: bool,
  use_https: bool,
  skip_validation: bool,
} satisfies OptionSpec;

export const ALTER_DATASINK_UPDATES = {
  destination: text,
  ...CREATE_DATASINK_OPTIONS,
  kafka_url: text,
  anonymous: bool,
  schema_name: text,
} satisfies OptionSpec;

const SCHEMA_REGISTRY = {
  schema_registry_location: text,
  schema_registry_credential: text,
  schema_registry_port: integer(1, 65535),
  schema_registry_connection_retries: integer(0),
  schema_registry_connection_timeout: integer(0),
};

export const CREATE_DATASOURCE_OPTIONS = {
  skip_validation: bool,
  ...TIMEOUTS,
  credential: text,
  ...S3,
  ...HDFS,
  ...AZURE,
  ...GCS,
  is_stream: bool,
  kafka_topic_name: text,
  ...JDBC,
  anonymous: bool,
  use_managed_credentials: bool,
  use_https: bool,
  ...SCHEMA_REGISTRY,
} satisfies OptionSpec;

const { is_stream: _isStream, ...ALTERABLE_DATASOURCE_OPTIONS } = CREATE_DATASOURCE_OPTIONS;

export const ALTER_DATASOURCE_UPDATES = {
  location: text,
  user_name: text,
  password: text,
  ...ALTERABLE_DATASOURCE_OPTIONS,
  kafka_url: text,
  schema_name: text,
} satisfies OptionSpec;

/** Credential options, from Kinetica's CREATE CREDENTIAL reference (the SQL layer sends them to /create/credential). */
export const CREDENTIAL_OPTIONS = {
  azure_storage_account_name: text,
  azure_tenant_id: text,
  gcs_service_account_keys: text,
  hdfs_kerberos_keytab: text,
  hdfs_use_kerberos: bool,
  s3_aws_role_arn: text,
  'sasl.kerberos.keytab': text,
  'sasl.kerberos.principal': text,
  'sasl.kerberos.service.name': text,
  'sasl.mechanism': oneOf('PLAIN', 'GSSAPI'),
  'sasl.password': text,
  'sasl.username': text,
  'security.protocol': oneOf('SSL', 'SASL_SSL', 'SASL_PLAINTEXT'),
  'ssl.ca.location': text,
  'ssl.certificate.location': text,
  'ssl.key.location': text,
  'ssl.key.password': text,
} satisfies OptionSpec;

export const ALTER_CREDENTIAL_UPDATES = {
  type: oneOf(...ALTERABLE_CREDENTIAL_TYPES),
  identity: text,
  secret: text,
  schema_name: text,
  ...CREDENTIAL_OPTIONS,
} satisfies OptionSpec;
