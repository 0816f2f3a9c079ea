// Credentials, data sinks and data sources through /execute/sql, checked against what the REST
// show endpoints report, in JSON and binary requests.
import { describe, expect, it } from 'vitest';
import { ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { sql, sqlFails } from '../sql/client.js';
import type { ShowCredentialResponse, ShowDatasinkResponse, ShowDatasourceResponse } from '../../src/generated/records.js';

const WIRES: WireEncoding[] = ['json', 'binary'];

for (const wire of WIRES) {
  describe(`credentials, data sinks and data sources in SQL (${wire})`, () => {
    const mock = useMock();
    const credentials = (name = '*') => ok<ShowCredentialResponse>(mock.url, '/show/credential', { credential_name: name, options: {} }, wire);
    const sinks = (name = '*') => ok<ShowDatasinkResponse>(mock.url, '/show/datasink', { name, options: {} }, wire);
    const sources = (name = '*') => ok<ShowDatasourceResponse>(mock.url, '/show/datasource', { name, options: {} }, wire);

    it('creates, replaces and drops credentials', async () => {
      const created = await sql(mock.url, "CREATE CREDENTIAL s3_cred TYPE = 'aws_access_key', IDENTITY = 'AKIA1', SECRET = 'shh'", wire);
      expect(created).toMatchObject({ count_affected: 1, info: { last_endpoint: '/create/credential' } });
      await sql(mock.url, `CREATE SCHEMA conn; CREATE CREDENTIAL conn.kafka_cred TYPE = 'kafka' WITH OPTIONS ('security.protocol' = 'SSL', 'ssl.key.password' = 'p')`, wire);
      expect(await credentials()).toMatchObject({
        credential_names: ['conn.kafka_cred', 'ki_home.s3_cred'],
        credential_types: ['kafka', 'aws_access_key'],
        credential_identities: ['', 'AKIA1'],
      });
      expect(await sqlFails(mock.url, "CREATE CREDENTIAL s3_cred TYPE = 'aws_access_key'", wire)).toBe("Credential 'ki_home.s3_cred' already exists");
      await sql(mock.url, "CREATE OR REPLACE CREDENTIAL s3_cred TYPE = 'aws_access_key' IDENTITY = 'AKIA2' SECRET = 'shh'", wire);
      expect((await credentials('s3_cred')).credential_identities).toEqual(['AKIA2']);
      expect(await sqlFails(mock.url, "CREATE CREDENTIAL c TYPE = 'carrier_pigeon'", wire)).toMatch(/^Value: 'carrier_pigeon' not a valid parameter/);
      expect(await sqlFails(mock.url, "CREATE CREDENTIAL c TYPE = 'kafka' WITH OPTIONS (colour = 'red')", wire)).toMatch(/^Parameter map key: 'colour' is not a valid parameter/);
      expect(await sql(mock.url, 'DROP CREDENTIAL conn.kafka_cred', wire)).toMatchObject({ count_affected: 1, info: { last_endpoint: '/drop/credential' } });
      expect(await sqlFails(mock.url, 'DROP CREDENTIAL conn.kafka_cred', wire)).toBe("Credential 'conn.kafka_cred' does not exist");
    });

    it('creates data sinks from LOCATION and options, alters and drops them', async () => {
      const created = await sql(
        mock.url,
        "CREATE DATA SINK backup_sink LOCATION = 's3://bucket-a/prod' WITH OPTIONS (CREDENTIAL = 's3_cred', REGION = 'us-east-1', VALIDATE = FALSE)",
        wire,
      );
      expect(created).toMatchObject({ count_affected: 1, info: { last_endpoint: '/create/datasink' } });
      expect((await sinks('backup_sink')).additional_info[0]).toMatchObject({ destination: 's3://bucket-a/prod', s3_region: 'us-east-1', credential: 'ki_home.s3_cred' });
      await sql(mock.url, "CREATE EXTERNAL DATA SINK conn.hook LOCATION = 'https://example.com/hook' WITH OPTIONS (JSON_FORMAT = 'nested', MAX_BATCH_SIZE = '10')", wire);
      const altered = await sql(mock.url, "ALTER DATA SINK backup_sink SET PROPERTY CONNECTION TIMEOUT = '10', WAIT TIMEOUT = '20', LOCATION = 's3://bucket-b'", wire);
      expect(altered).toMatchObject({ count_affected: 1, info: { last_endpoint: '/alter/datasink' } });
      expect((await sinks('backup_sink')).additional_info[0]).toMatchObject({ destination: 's3://bucket-b', connection_timeout: '10', wait_timeout: '20' });
      await sql(mock.url, "CREATE OR REPLACE DATA SINK conn.hook LOCATION = 'http://example.com/other'", wire);
      expect((await sinks('conn.hook')).additional_info[0]).toMatchObject({ destination: 'http://example.com/other' });
      expect(await sql(mock.url, 'DROP DATA SINK conn.hook', wire)).toMatchObject({ info: { last_endpoint: '/drop/datasink' } });
      expect((await sinks()).datasink_names).toEqual(['ki_home.backup_sink']);
      expect(await sqlFails(mock.url, "CREATE DATA SINK s LOCATION = 's3://b' WITH OPTIONS (VALIDATE = 'sometimes')", wire)).toBe(
        "SqlEngine: Value 'sometimes' of VALIDATE is not valid: use TRUE or FALSE (S/SDc:1513)",
      );
      expect(await sqlFails(mock.url, "CREATE DATA SINK s LOCATION = 's3://b' WITH OPTIONS (SHOE SIZE = '9')", wire)).toMatch(/^Parameter map key: 'shoe_size' is not a valid parameter/);
      expect(await sqlFails(mock.url, "CREATE DATA SINK s LOCATION = 'ftp://b'", wire)).toContain('ftp');
      expect(await sqlFails(mock.url, 'DROP DATA SINK nothing', wire)).toBe("Data sink 'ki_home.nothing' does not exist");
    });

    it('creates data sources from LOCATION, USER, PASSWORD and options, alters and drops them', async () => {
      const created = await sql(
        mock.url,
        "CREATE DATA SOURCE backup_source LOCATION = 'S3' USER = 'id' PASSWORD = 'key' WITH OPTIONS (BUCKET NAME = 'bucket-b', REGION = 'us-east-1')",
        wire,
      );
      expect(created).toMatchObject({ count_affected: 1, info: { last_endpoint: '/create/datasource' } });
      expect((await sources('backup_source')).additional_info[0]).toMatchObject({ s3_bucket_name: 'bucket-b', s3_region: 'us-east-1', user_name: 'id' });
      await sql(mock.url, "ALTER DATA SOURCE backup_source SET PROPERTY USER = 'id2', PASSWORD = 'key2'", wire);
      expect((await sources('backup_source')).additional_info[0]).toMatchObject({ user_name: 'id2' });
      await sql(mock.url, "CREATE OR REPLACE EXTERNAL DATA SOURCE backup_source LOCATION = 's3://bucket-c' WITH OPTIONS (CREDENTIAL = 's3_cred')", wire);
      expect((await sources('backup_source')).additional_info[0]).toMatchObject({ location: 's3://bucket-c', user_name: '' });
      // The credential is in use: the REST twin refuses to drop it and names the users.
      expect(await sqlFails(mock.url, 'DROP CREDENTIAL s3_cred', wire)).toContain('backup_source');
      expect(await sql(mock.url, 'DROP DATA SOURCE backup_source', wire)).toMatchObject({ info: { last_endpoint: '/drop/datasource' } });
      await sql(mock.url, 'DROP DATA SINK backup_sink', wire);
      expect(await sql(mock.url, 'DROP CREDENTIAL *', wire)).toMatchObject({ count_affected: 1 });
      expect((await credentials()).credential_names).toEqual([]);
    });
  });
}
