/**
 * Credentials, data sinks and data sources over real HTTP, in JSON and in Avro binary.
 */
import { describe, expect, it } from 'vitest';
import { call, fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable } from '../support/tables.js';
import { DataSink, DataSource, storeLocationOf } from '../../src/catalog/connectors/index.js';
import type { ShowCredentialResponse, ShowDatasinkResponse, ShowDatasourceResponse } from '../../src/generated/records.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

for (const encoding of ENCODINGS) {
  describe(`credentials (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const createCredential = (name: string, type = 'aws_access_key', options: Record<string, string> = {}) =>
      ok$('/create/credential', { credential_name: name, type, identity: `${name}_id`, secret: 'S3cr3t!', options });

    it('creates a credential and shows it without its secret', async () => {
      await createCredential('aws_cred');
      const shown = await ok$<ShowCredentialResponse>('/show/credential', { credential_name: 'aws_cred', options: {} });
      expect(shown.credential_names).toEqual(['ki_home.aws_cred']);
      expect(shown.credential_types).toEqual(['aws_access_key']);
      expect(shown.credential_identities).toEqual(['aws_cred_id']);
      expect(JSON.parse(shown.credentials[0]!)).toEqual({
        credential_name: 'ki_home.aws_cred',
        type: 'aws_access_key',
        identity: 'aws_cred_id',
        secret: '********',
        options: {},
      });
      expect(JSON.stringify(shown)).not.toContain('S3cr3t!');
    });

    it('keeps the secret in the definition a backup holds', async () => {
      await createCredential('kept_secret');
      const entry = mock.server.emulator.catalog.get('credential', 'ki_home', 'kept_secret')!;
      expect(entry.definition()).toMatchObject({ credential_name: 'ki_home.kept_secret', secret: 'S3cr3t!' });
    });

    it('masks secret options and shows the others', async () => {
      await createCredential('kafka_cred', 'kafka', { 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'PLAIN', 'sasl.username': 'u', 'sasl.password': 'pw' });
      const shown = await ok$<ShowCredentialResponse>('/show/credential', { credential_name: 'kafka_cred', options: {} });
      expect(JSON.parse(shown.credentials[0]!).options).toEqual({
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'PLAIN',
        'sasl.username': 'u',
        'sasl.password': '********',
      });
    });

    it('lists every credential with *', async () => {
      await ok$('/create/schema', { schema_name: 'creds', options: {} });
      await createCredential('creds.c_one');
      const shown = await ok$<ShowCredentialResponse>('/show/credential', { credential_name: '*', options: {} });
      expect(shown.credential_names).toContain('creds.c_one');
      expect(shown.credential_names).toEqual([...shown.credential_names].sort());
    });

    it('refuses a duplicate, a bad name, an unknown type and a bad option value', async () => {
      await createCredential('dup_cred');
      expect((await fails$('/create/credential', { credential_name: 'DUP_CRED', type: 'hdfs', identity: '', secret: '', options: {} })).message).toBe(
        "Credential 'ki_home.dup_cred' already exists",
      );
      expect((await fails$('/create/credential', { credential_name: '1cred', type: 'hdfs', identity: '', secret: '', options: {} })).message).toBe(
        "Invalid credential name '1cred': use only letters, digits and underscores, not starting with a digit",
      );
      const type = await fails$('/create/credential', { credential_name: 'c_type', type: 'ftp', identity: '', secret: '', options: {} });
      expect(type.message).toMatch(/^Value: 'ftp' not a valid parameter\. Valid values are: aws_access_key, aws_iam_role, .*, rest \(U\/PUh:355\)$/);
      const value = await fails$('/create/credential', {
        credential_name: 'c_value', type: 'kafka', identity: '', secret: '', options: { 'sasl.mechanism': 'OAUTH' },
      });
      expect(value.message).toBe("Value: 'OAUTH' not a valid parameter for 'sasl.mechanism'. Valid values are: PLAIN, GSSAPI (U/PUh:355)");
      const unknown = await fails$('/create/credential', { credential_name: 'c_key', type: 'hdfs', identity: '', secret: '', options: { colour: 'red' } });
      expect(unknown.message).toMatch(/^Parameter map key: 'colour' is not a valid parameter\. Valid keys are: azure_storage_account_name, /);
    });

    it('refuses a credential in a schema that does not exist', async () => {
      const missing = await fails$('/create/credential', { credential_name: 'nowhere.c', type: 'hdfs', identity: '', secret: '', options: {} });
      expect(missing.message).toBe("Cannot create credential 'nowhere.c': schema 'nowhere' does not exist (create it first with /create/schema)");
    });

    it('alters the secret, identity and type, recording a change', async () => {
      await createCredential('alter_me');
      const catalog = mock.server.emulator.catalog;
      const before = catalog.get('credential', 'ki_home', 'alter_me')!.defVersion;
      await ok$('/alter/credential', {
        credential_name: 'alter_me',
        credential_updates_map: { secret: 'n3w', identity: 'new_id', type: 'aws_iam_role', s3_aws_role_arn: 'arn:aws:iam::1:role/r' },
        options: {},
      });
      const entry = catalog.get('credential', 'ki_home', 'alter_me')!;
      expect(entry.defVersion).toBeGreaterThan(before);
      expect(entry.definition()).toMatchObject({ type: 'aws_iam_role', identity: 'new_id', secret: 'n3w', options: { s3_aws_role_arn: 'arn:aws:iam::1:role/r' } });
    });

    it('refuses an empty update, an unknown key and a type /alter/credential does not take', async () => {
      await createCredential('alter_bad');
      const empty = await fails$('/alter/credential', { credential_name: 'alter_bad', credential_updates_map: {}, options: {} });
      expect(empty.message).toBe('credential_updates_map is empty: give at least one property to change');
      const unknown = await fails$('/alter/credential', { credential_name: 'alter_bad', credential_updates_map: { password: 'x' }, options: {} });
      expect(unknown.message).toMatch(/^Parameter map key: 'password' is not a valid parameter\. Valid keys are: type, identity, secret, schema_name, /);
      const type = await fails$('/alter/credential', { credential_name: 'alter_bad', credential_updates_map: { type: 'openai_api_key' }, options: {} });
      expect(type.message).toContain("Value: 'openai_api_key' not a valid parameter for 'type'");
      const missing = await fails$('/alter/credential', { credential_name: 'ghost_cred', credential_updates_map: { secret: 'x' }, options: {} });
      expect(missing.message).toBe("Credential 'ki_home.ghost_cred' does not exist");
    });

    it('moves a credential to another schema with schema_name', async () => {
      await ok$('/create/schema', { schema_name: 'vault', options: {} });
      await createCredential('mover');
      await ok$('/alter/credential', { credential_name: 'mover', credential_updates_map: { schema_name: 'vault' }, options: {} });
      const shown = await ok$<ShowCredentialResponse>('/show/credential', { credential_name: 'vault.mover', options: {} });
      expect(shown.credential_names).toEqual(['vault.mover']);
      expect((await fails$('/show/credential', { credential_name: 'mover', options: {} })).message).toBe("Credential 'ki_home.mover' does not exist");
      const noSchema = await fails$('/alter/credential', { credential_name: 'vault.mover', credential_updates_map: { schema_name: 'nope' }, options: {} });
      expect(noSchema.message).toBe("Schema 'nope' does not exist");
    });

    it('drops a credential, and fails for a missing one', async () => {
      await createCredential('drop_me');
      await ok$('/drop/credential', { credential_name: 'drop_me', options: {} });
      const again = await fails$('/drop/credential', { credential_name: 'drop_me', options: {} });
      expect(again.message).toBe("Credential 'ki_home.drop_me' does not exist");
    });

    it('refuses to drop or move a credential a data sink or data source uses', async () => {
      await createCredential('in_use');
      await ok$('/create/datasink', { name: 'cred_sink', destination: 's3', options: { credential: 'in_use', s3_bucket_name: 'b', s3_region: 'us-east-1' } });
      await ok$('/create/datasource', { name: 'cred_source', location: 'gcs', user_name: '', password: '', options: { credential: 'ki_home.in_use', gcs_bucket_name: 'g' } });
      const refused = await fails$('/drop/credential', { credential_name: 'in_use', options: {} });
      expect(refused.message).toBe(
        "Cannot drop credential 'ki_home.in_use': it is used by data sink 'ki_home.cred_sink', data source 'ki_home.cred_source'; drop or alter those first",
      );
      await ok$('/create/schema', { schema_name: 'elsewhere', options: {} });
      const move = await fails$('/alter/credential', { credential_name: 'in_use', credential_updates_map: { schema_name: 'elsewhere' }, options: {} });
      expect(move.message).toBe(
        "Cannot move credential 'ki_home.in_use' to another schema: it is used by data sink 'ki_home.cred_sink', data source 'ki_home.cred_source', which name it where it is",
      );
      await ok$('/drop/datasink', { name: 'cred_sink', options: {} });
      await ok$('/alter/datasource', { name: 'cred_source', datasource_updates_map: { credential: '' }, options: {} });
      await ok$('/drop/credential', { credential_name: 'in_use', options: {} });
    });
  });

  describe(`data sinks (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const createSink = (name: string, destination: string, options: Record<string, string> = {}) => ok$('/create/datasink', { name, destination, options });
    const sinkError = async (destination: string, options: Record<string, string> = {}) =>
      (await fails$('/create/datasink', { name: 'bad_sink', destination, options })).message;

    it('creates an s3 sink with a credential and shows it, secrets masked', async () => {
      await ok$('/create/credential', { credential_name: 'sink_cred', type: 'aws_access_key', identity: 'AKIA1', secret: 'x', options: {} });
      await createSink('backup_sink', 's3', {
        credential: 'sink_cred',
        s3_bucket_name: 'backups',
        s3_region: 'us-east-1',
        s3_encryption_customer_key: 'k3y',
        skip_validation: 'true',
      });
      const shown = await ok$<ShowDatasinkResponse>('/show/datasink', { name: 'backup_sink', options: {} });
      expect(shown.datasink_names).toEqual(['ki_home.backup_sink']);
      expect(shown.destination_types).toEqual(['s3']);
      expect(shown.additional_info[0]).toEqual({
        destination: 's3',
        kafka_topic_name: '',
        user_name: 'AKIA1',
        credential: 'ki_home.sink_cred',
        s3_bucket_name: 'backups',
        s3_region: 'us-east-1',
        s3_encryption_customer_key: '********',
      });
    });

    it('accepts every documented provider', async () => {
      await ok$('/create/credential', { credential_name: 'any_cred', type: 'kafka', identity: '', secret: '', options: {} });
      await createSink('p_azure', 'azure', { azure_container_name: 'c', azure_storage_account_name: 'acct', azure_tenant_id: 't', use_managed_credentials: 'true' });
      await createSink('p_gcs', 'gcs://storage.googleapis.com', { gcs_bucket_name: 'g', gcs_project_id: 'p' });
      await createSink('p_hdfs', 'hdfs://namenode:8020/backups', { hdfs_use_kerberos: 'false' });
      await createSink('p_jdbc', 'jdbc:postgresql://db:5432/x', { jdbc_driver_class_name: 'org.postgresql.Driver' });
      await createSink('p_kafka', 'kafka://broker:9092', { credential: 'any_cred', kafka_topic_name: 't', max_batch_size: '10', json_format: 'nested' });
      await createSink('p_http', 'http://hook.example:8080/notify');
      await createSink('p_https', 'HTTPS://hook.example');
      await createSink('p_table', 'table://ki_home.stream_target');
      const shown = await ok$<ShowDatasinkResponse>('/show/datasink', { name: '*', options: {} });
      const types = Object.fromEntries(shown.datasink_names.map((name, index) => [name, shown.destination_types[index]]));
      expect(types).toMatchObject({
        'ki_home.p_azure': 'azure',
        'ki_home.p_gcs': 'gcs',
        'ki_home.p_hdfs': 'hdfs',
        'ki_home.p_jdbc': 'jdbc',
        'ki_home.p_kafka': 'kafka',
        'ki_home.p_http': 'http',
        'ki_home.p_https': 'https',
        'ki_home.p_table': 'table',
      });
    });

    it('refuses a destination of an unknown scheme or a malformed one', async () => {
      expect(await sinkError('ftp://files.example/x')).toBe(
        "Invalid destination 'ftp://files.example/x' for a data sink: the supported storage provider types are azure, gcs, hdfs, http, https, jdbc, kafka, s3, table",
      );
      expect(await sinkError('confluent://broker:9092')).toContain('for a data sink: the supported storage provider types are');
      expect(await sinkError('')).toBe("The destination is empty: give it as '<provider>://<host>[:<port>][/<path>]', or a bare provider such as 's3'");
      expect(await sinkError('not a url')).toBe(
        "Invalid destination 'not a url': use the form '<provider>://<host>[:<port>][/<path>]', or a bare provider such as 's3'",
      );
      expect(await sinkError('kafka://broker')).toBe("Invalid destination 'kafka://broker': each broker is given as 'kafka://<host>:<port>' (several separated by commas)");
      expect(await sinkError('hdfs://namenode/x')).toBe("Invalid destination 'hdfs://namenode/x': an HDFS store is given as 'hdfs://<host>:<port>[/<path>]'");
      expect(await sinkError('https://')).toBe("Invalid destination 'https://': a webhook is given as 'https://<host>[:<port>][/<path>]'");
      expect(await sinkError('jdbc:')).toContain("use the form '<provider>://");
      expect(await sinkError('jdbc:nodriver')).toBe("Invalid destination 'jdbc:nodriver': a JDBC URL is given as 'jdbc:<driver>:<driver-specific part>'");
      expect(await sinkError('table://')).toBe("Invalid destination 'table://': a local table is given as 'table://[<schema>.]<table>'");
    });

    it('refuses an object store without a bucket or container', async () => {
      expect(await sinkError('s3', { s3_region: 'us-east-1' })).toBe(
        "No s3 bucket is given: set the option s3_bucket_name, or name the bucket in the URL as 's3://<bucket>[/<path>]'",
      );
      expect(await sinkError('azure')).toContain('No azure container is given: set the option azure_container_name');
    });

    it('refuses an option of another provider, a bad value, an unknown key and a missing credential', async () => {
      expect(await sinkError('kafka://broker:9092', { s3_bucket_name: 'b' })).toBe(
        "Option 's3_bucket_name' applies to s3 data sinks, not to a kafka one: remove it, or change the provider",
      );
      expect(await sinkError('s3://b', { s3_verify_ssl: 'maybe' })).toBe(
        "Value: 'maybe' not a valid parameter for 's3_verify_ssl'. Valid values are: true, false (U/PUh:355)",
      );
      expect(await sinkError('kafka://broker:9092', { max_batch_size: '0' })).toBe("Value: '0' of option 'max_batch_size' is not an integer of at least 1");
      expect(await sinkError('s3://b', { is_stream: 'true' })).toMatch(/^Parameter map key: 'is_stream' is not a valid parameter\. Valid keys are: connection_timeout, /);
      expect(await sinkError('s3://b', { credential: 'no_such_cred' })).toBe(
        "Credential 'ki_home.no_such_cred' (option credential) does not exist: create it first with /create/credential",
      );
    });

    it('refuses a duplicate and names a missing sink', async () => {
      await createSink('twice', 's3://b');
      expect(await fails$('/create/datasink', { name: 'TWICE', destination: 's3://c', options: {} }).then((e) => e.message)).toBe(
        "Data sink 'ki_home.twice' already exists",
      );
      expect((await fails$('/show/datasink', { name: 'ghost_sink', options: {} })).message).toBe("Data sink 'ki_home.ghost_sink' does not exist");
      expect((await fails$('/drop/datasink', { name: 'ghost_sink', options: {} })).message).toBe("Data sink 'ki_home.ghost_sink' does not exist");
      expect((await fails$('/alter/datasink', { name: 'ghost_sink', datasink_updates_map: { s3_region: 'x' }, options: {} })).message).toBe(
        "Data sink 'ki_home.ghost_sink' does not exist",
      );
    });

    it('alters a sink, checking the result as a whole, and records the change', async () => {
      await createSink('alter_sink', 's3', { s3_bucket_name: 'one' });
      const catalog = mock.server.emulator.catalog;
      const before = catalog.get('datasink', 'ki_home', 'alter_sink')!.defVersion;
      const altered = await ok$<{ updated_properties_map: Record<string, string> }>('/alter/datasink', {
        name: 'alter_sink',
        datasink_updates_map: { s3_bucket_name: 'two', s3_encryption_customer_key: 'k' },
        options: {},
      });
      expect(altered.updated_properties_map).toEqual({ s3_bucket_name: 'two', s3_encryption_customer_key: '********' });
      const sink = catalog.get<DataSink>('datasink', 'ki_home', 'alter_sink')!;
      expect(sink.defVersion).toBeGreaterThan(before);
      expect(storeLocationOf(sink).key).toBe('s3://two');
      const bad = await fails$('/alter/datasink', { name: 'alter_sink', datasink_updates_map: { destination: 'kafka://k:9092' }, options: {} });
      expect(bad.message).toBe("Option 's3_bucket_name' applies to s3 data sinks, not to a kafka one: remove it, or change the provider");
      expect(storeLocationOf(catalog.get<DataSink>('datasink', 'ki_home', 'alter_sink')!).key).toBe('s3://two');
      await ok$('/alter/datasink', { name: 'alter_sink', datasink_updates_map: { destination: 'kafka://k:9092', s3_bucket_name: '', s3_encryption_customer_key: '' }, options: {} });
      const shown = await ok$<ShowDatasinkResponse>('/show/datasink', { name: 'alter_sink', options: {} });
      expect(shown.destination_types).toEqual(['kafka']);
      const empty = await fails$('/alter/datasink', { name: 'alter_sink', datasink_updates_map: {}, options: {} });
      expect(empty.message).toBe('datasink_updates_map is empty: give at least one property to change');
    });

    it('moves a sink to another schema', async () => {
      await ok$('/create/schema', { schema_name: 'sinks', options: {} });
      await createSink('moving_sink', 'gcs://bucket');
      await ok$('/alter/datasink', { name: 'moving_sink', datasink_updates_map: { schema_name: 'sinks' }, options: {} });
      const shown = await ok$<ShowDatasinkResponse>('/show/datasink', { name: 'sinks.moving_sink', options: {} });
      expect(shown.datasink_names).toEqual(['sinks.moving_sink']);
    });

    it('gives a sink and a source on the same bucket and path the same store location', async () => {
      await createSink('same_store_sink', 's3://minio.local:9000/nightly/', { s3_bucket_name: 'Backups' });
      await ok$('/create/datasource', { name: 'same_store_source', location: 'S3://backups//nightly', user_name: '', password: '', options: {} });
      const catalog = mock.server.emulator.catalog;
      const sink = storeLocationOf(catalog.get<DataSink>('datasink', 'ki_home', 'same_store_sink')!);
      const source = storeLocationOf(catalog.get<DataSource>('datasource', 'ki_home', 'same_store_source')!);
      expect(sink).toEqual({ scheme: 's3', container: 'backups', path: 'nightly', key: 's3://backups/nightly' });
      expect(source.key).toBe(sink.key);
    });

    it('refuses to drop a sink a table monitor uses, unless clear_table_monitors', async () => {
      await createOrdersTable(mock.url, 'watched_orders', encoding);
      await createSink('monitor_sink', 'kafka://broker:9092', { kafka_topic_name: 'orders' });
      const created = await ok$<{ topic_id: string }>('/create/tablemonitor', {
        table_name: 'watched_orders',
        options: { datasink_name: 'monitor_sink', monitor_id: 'orders_stream' },
      });
      expect(created.topic_id).toBe('orders_stream');
      const refused = await fails$('/drop/datasink', { name: 'monitor_sink', options: {} });
      expect(refused.message).toBe(
        "Data sink 'ki_home.monitor_sink' is used by table monitor 'ki_home.orders_stream': clear it first with /clear/tablemonitor, " +
          'or drop the sink with the option clear_table_monitors=true',
      );
      await ok$('/drop/datasink', { name: 'monitor_sink', options: { clear_table_monitors: 'true' } });
      const monitors = await ok$<{ monitor_ids: string[] }>('/show/tablemonitors', { monitor_ids: [], options: {} });
      expect(monitors.monitor_ids).not.toContain('orders_stream');
    });

    it('masks a password written in a destination URL when showing it', async () => {
      await createSink('jdbc_pw', 'jdbc:postgresql://db:5432/x?user=u&password=hunter2');
      const shown = await ok$<ShowDatasinkResponse>('/show/datasink', { name: 'jdbc_pw', options: {} });
      expect(shown.additional_info[0]!.destination).toBe('jdbc:postgresql://db:5432/x?user=u&password=********');
    });
  });

  describe(`data sources (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const createSource = (name: string, location: string, options: Record<string, string> = {}, userName = '', password = '') =>
      ok$('/create/datasource', { name, location, user_name: userName, password, options });
    const sourceError = async (location: string, options: Record<string, string> = {}) =>
      (await fails$('/create/datasource', { name: 'bad_source', location, user_name: '', password: '', options })).message;

    it('creates an s3 source and shows it without its password', async () => {
      await createSource('kin_ds', 's3', { s3_bucket_name: 'kinetica-ds', s3_region: 'us-east-1', skip_validation: 'true' }, 'AKIA2', 'aws-key-secret');
      const shown = await ok$<ShowDatasourceResponse>('/show/datasource', { name: 'kin_ds', options: {} });
      expect(shown.datasource_names).toEqual(['ki_home.kin_ds']);
      expect(shown.storage_provider_types).toEqual(['s3']);
      expect(shown.additional_info[0]).toEqual({
        location: 's3',
        s3_bucket_name: 'kinetica-ds',
        s3_region: 'us-east-1',
        hdfs_kerberos_keytab: '',
        user_name: 'AKIA2',
      });
      expect(JSON.stringify(shown)).not.toContain('aws-key-secret');
      const entry = mock.server.emulator.catalog.get<DataSource>('datasource', 'ki_home', 'kin_ds')!;
      expect(entry.definition()).toMatchObject({ password: 'aws-key-secret', user_name: 'AKIA2' });
    });

    it('accepts every documented provider', async () => {
      await ok$('/create/credential', { credential_name: 'src_cred', type: 'confluent', identity: '', secret: '', options: {} });
      await createSource('s_azure', 'azure://acct.blob.core.windows.net', { azure_container_name: 'c', azure_sas_token: 'sas' }, 'acct');
      await createSource('s_gcs', 'gcs', { gcs_bucket_name: 'g', is_stream: 'true' });
      await createSource('s_hdfs', 'hdfs://nn:8020', { hdfs_kerberos_keytab: 'kifs://k/keytab' }, 'hdfs_user');
      await createSource('s_jdbc', 'jdbc:mysql://db:3306/x', { jdbc_driver_jar_path: 'kifs://drivers/mysql.jar' }, 'u', 'p');
      await createSource('s_kafka', 'kafka://a:9092,kafka://b:9092', { kafka_topic_name: 't' });
      await createSource('s_confluent', 'confluent://c:9092', {
        credential: 'src_cred',
        kafka_topic_name: 't',
        schema_registry_location: 'https://registry:8081',
        schema_registry_credential: 'src_cred',
      });
      const shown = await ok$<ShowDatasourceResponse>('/show/datasource', { name: '*', options: {} });
      const types = Object.fromEntries(shown.datasource_names.map((name, index) => [name, shown.storage_provider_types[index]]));
      expect(types).toMatchObject({
        'ki_home.s_azure': 'azure',
        'ki_home.s_confluent': 'confluent',
        'ki_home.s_gcs': 'gcs',
        'ki_home.s_hdfs': 'hdfs',
        'ki_home.s_jdbc': 'jdbc',
        'ki_home.s_kafka': 'kafka',
      });
      const azure = shown.additional_info[shown.datasource_names.indexOf('ki_home.s_azure')]!;
      expect(azure.azure_sas_token).toBe('********');
      expect(azure.user_name).toBe('acct');
    });

    it('refuses the schemes only sinks take, and bad locations', async () => {
      expect(await sourceError('table://ki_home.t')).toBe(
        "Invalid location 'table://ki_home.t' for a data source: the supported storage provider types are azure, gcs, hdfs, jdbc, kafka, confluent, s3",
      );
      expect(await sourceError('https://example.com')).toContain('for a data source');
      expect(await sourceError('gcs')).toContain('No gcs bucket is given: set the option gcs_bucket_name');
      expect(await sourceError('kafka://a:9092,b')).toBe("Invalid location 'kafka://a:9092,b': each broker is given as 'kafka://<host>:<port>' (several separated by commas)");
      expect(await sourceError('s3://b', { schema_registry_port: '70000' })).toBe(
        "Value: '70000' of option 'schema_registry_port' is not an integer from 1 to 65535",
      );
      expect(await sourceError('kafka://a:9092', { schema_registry_credential: 'missing_sr' })).toBe(
        "Credential 'ki_home.missing_sr' (option schema_registry_credential) does not exist: create it first with /create/credential",
      );
    });

    it('refuses a duplicate and names a missing source', async () => {
      await createSource('dup_source', 's3://b');
      expect((await fails$('/create/datasource', { name: 'dup_source', location: 's3://c', user_name: '', password: '', options: {} })).message).toBe(
        "Data source 'ki_home.dup_source' already exists",
      );
      expect((await fails$('/show/datasource', { name: 'ghost', options: {} })).message).toBe("Data source 'ki_home.ghost' does not exist");
      expect((await fails$('/drop/datasource', { name: 'ghost', options: {} })).message).toBe("Data source 'ki_home.ghost' does not exist");
    });

    it('alters the location and the password, never echoing the password', async () => {
      await createSource('alter_source', 's3://one', {}, 'u', 'old');
      const altered = await ok$<{ updated_properties_map: Record<string, string> }>('/alter/datasource', {
        name: 'alter_source',
        datasource_updates_map: { location: 'azure', azure_container_name: 'two', password: 'new-password' },
        options: {},
      });
      expect(altered.updated_properties_map).toEqual({ location: 'azure', azure_container_name: 'two', password: '********' });
      const source = mock.server.emulator.catalog.get<DataSource>('datasource', 'ki_home', 'alter_source')!;
      expect(storeLocationOf(source).key).toBe('azure://two');
      expect(source.password).toBe('new-password');
      const jdbc = await ok$<{ updated_properties_map: Record<string, string> }>('/alter/datasource', {
        name: 'alter_source',
        datasource_updates_map: { location: 'jdbc:postgresql://db/x?password=pw1', azure_container_name: '' },
        options: {},
      });
      expect(jdbc.updated_properties_map.location).toBe('jdbc:postgresql://db/x?password=********');
      const bad = await fails$('/alter/datasource', { name: 'alter_source', datasource_updates_map: { location: 'http://x' }, options: {} });
      expect(bad.message).toContain("Invalid location 'http://x' for a data source");
    });

    it('drops a source', async () => {
      await createSource('drop_source', 'hdfs://nn:8020/p');
      await ok$('/drop/datasource', { name: 'drop_source', options: {} });
      const shown = await ok$<ShowDatasourceResponse>('/show/datasource', { name: '*', options: {} });
      expect(shown.datasource_names).not.toContain('ki_home.drop_source');
    });

    it('refuses to drop a source a catalog uses', async () => {
      await createSource('lake_source', 's3://lake');
      await ok$('/create/catalog', {
        name: 'lake',
        table_format: 'iceberg',
        location: 'https://polaris.example:8181',
        type: 'rest',
        credential: '',
        datasource: 'lake_source',
        options: {},
      });
      const refused = await fails$('/drop/datasource', { name: 'lake_source', options: {} });
      expect(refused.message).toBe("Cannot drop data source 'ki_home.lake_source': it is used by catalog 'lake'; drop or alter that first");
      await ok$('/drop/catalog', { name: 'lake', options: {} });
      await ok$('/drop/datasource', { name: 'lake_source', options: {} });
    });
  });

  describe(`data sinks in loose mode (${encoding})`, () => {
    const mock = useMock({ loose: true });

    it('ignores an unknown option, says so, and keeps only the known ones', async () => {
      const created = await ok<{ info: Record<string, string> }>(
        mock.url,
        '/create/datasink',
        { name: 'loose_sink', destination: 's3://b', options: { colour: 'red', s3_region: 'eu-west-1' } },
        encoding,
      );
      expect(created.info.ignored_options).toBe('colour');
      const sink = mock.server.emulator.catalog.get<DataSink>('datasink', 'ki_home', 'loose_sink')!;
      expect(sink.options).toEqual({ s3_region: 'eu-west-1' });
    });
  });
}
