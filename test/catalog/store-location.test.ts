/**
 * The normalized store location of data sinks and sources: every spelling of one bucket and path
 * gives one key, and different stores give different keys.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canHoldBackups, normalizeStoreLocation, redactUrl } from '../../src/catalog/connectors/index.js';
import { kineticaErrorOf } from '../support/errors.js';

const key = (url: string, options: Record<string, string> = {}) => normalizeStoreLocation(url, options).key;

const message = (run: () => unknown): string => kineticaErrorOf(run).message;

describe('normalizeStoreLocation', () => {
  it('gives scheme, container and path, with a canonical key', () => {
    expect(normalizeStoreLocation('s3://backups/nightly/db1', {})).toEqual({
      scheme: 's3',
      container: 'backups',
      path: 'nightly/db1',
      key: 's3://backups/nightly/db1',
    });
    expect(normalizeStoreLocation('s3', { s3_bucket_name: 'backups' })).toEqual({ scheme: 's3', container: 'backups', path: '', key: 's3://backups' });
  });

  it('treats the bucket option and the URL form alike', () => {
    expect(key('s3', { s3_bucket_name: 'backups' })).toBe(key('s3://backups'));
    expect(key('gcs', { gcs_bucket_name: 'b1' })).toBe(key('gcs://b1'));
    expect(key('azure', { azure_container_name: 'c1' })).toBe(key('azure://c1'));
  });

  it('ignores the endpoint host when the bucket comes from its option', () => {
    expect(key('s3://minio.local:9000', { s3_bucket_name: 'backups' })).toBe('s3://backups');
    expect(key('azure://acct.blob.core.windows.net', { azure_container_name: 'c1', azure_storage_account_name: 'acct' })).toBe('azure://c1');
    expect(key('s3://minio.local:9000/nightly', { s3_bucket_name: 'backups' })).toBe('s3://backups/nightly');
  });

  it('takes a path after the bucket in its option as the start of the path', () => {
    expect(key('s3', { s3_bucket_name: 'backups/nightly' })).toBe('s3://backups/nightly');
    expect(key('s3://host:9000/db1', { s3_bucket_name: '/backups/nightly/' })).toBe('s3://backups/nightly/db1');
  });

  it('ignores the case of the scheme and of bucket names, but not of paths', () => {
    expect(key('S3://Backups/nightly')).toBe('s3://backups/nightly');
    expect(key('AZURE', { azure_container_name: 'C1' })).toBe('azure://c1');
    expect(key('s3://b/Nightly')).not.toBe(key('s3://b/nightly'));
  });

  it('ignores leading, trailing and repeated slashes and "." segments', () => {
    expect(key('s3://backups/')).toBe('s3://backups');
    expect(key('s3://backups//nightly///db1/')).toBe('s3://backups/nightly/db1');
    expect(key('s3://backups/./nightly')).toBe('s3://backups/nightly');
  });

  it('decodes percent escapes in paths', () => {
    expect(key('s3://b/my%20dir')).toBe(key('s3://b/my dir'));
  });

  it('refuses a path that climbs with ..', () => {
    expect(message(() => key('s3://b/x/../y'))).toBe("Invalid location 's3://b/x/../y': a path must not contain '..'");
  });

  it('refuses an object store without a bucket or container', () => {
    expect(message(() => key('s3'))).toBe(
      "No s3 bucket is given: set the option s3_bucket_name, or name the bucket in the URL as 's3://<bucket>[/<path>]'",
    );
    expect(message(() => key('azure', { azure_container_name: '  ' }))).toContain('No azure container is given');
  });

  it('identifies an HDFS store by its name node and path', () => {
    expect(normalizeStoreLocation('hdfs://NameNode:8020/backups/', {})).toEqual({
      scheme: 'hdfs',
      container: 'namenode:8020',
      path: 'backups',
      key: 'hdfs://namenode:8020/backups',
    });
    expect(key('hdfs://nn:8020/a')).not.toBe(key('hdfs://nn:9000/a'));
    expect(message(() => key('hdfs://nn/backups'))).toBe(
      "Invalid location 'hdfs://nn/backups': an HDFS store is given as 'hdfs://<host>:<port>[/<path>]'",
    );
  });

  it('gives different keys to different stores', () => {
    const keys = [key('s3://a'), key('s3://b'), key('gcs://a'), key('azure://a'), key('s3://a/p'), key('hdfs://a:1/p')];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('identifies a Kafka store by its set of brokers', () => {
    expect(key('kafka://B:9092, kafka://a:9092')).toBe('kafka://a:9092,b:9092');
    expect(key('kafka://a:9092,kafka://b:9092')).toBe(key('kafka://b:9092,kafka://a:9092'));
  });

  it('gives one key for a store however a sink and a source spell it (property)', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
    const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,10}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('s3', 'gcs', 'azure'),
        bucket,
        fc.array(segment, { maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (scheme, name, segments, upperScheme, trailingSlash) => {
          const option = { s3: 's3_bucket_name', gcs: 'gcs_bucket_name', azure: 'azure_container_name' }[scheme]!;
          const path = segments.join('/');
          const urlForm = `${upperScheme ? scheme.toUpperCase() : scheme}://${name}/${segments.join('//')}${trailingSlash ? '/' : ''}`;
          const optionForm = normalizeStoreLocation(`${scheme}://endpoint.example:443/${path}`, { [option]: name.toUpperCase() });
          expect(normalizeStoreLocation(urlForm, {}).key).toBe(optionForm.key);
          expect(optionForm.key).toBe(path === '' ? `${scheme}://${name}` : `${scheme}://${name}/${path}`);
        },
      ),
    );
  });
});

describe('canHoldBackups', () => {
  it('is true for s3, azure, gcs and hdfs stores only', () => {
    for (const scheme of ['s3', 'azure', 'gcs', 'hdfs', 'S3']) expect(canHoldBackups(scheme)).toBe(true);
    for (const scheme of ['kafka', 'confluent', 'jdbc', 'http', 'https', 'table']) expect(canHoldBackups(scheme)).toBe(false);
    expect(canHoldBackups(normalizeStoreLocation('gcs://b', {}))).toBe(true);
    expect(canHoldBackups(normalizeStoreLocation('kafka://h:9092', {}))).toBe(false);
  });
});

describe('redactUrl', () => {
  it('masks passwords in the user part and in parameters', () => {
    expect(redactUrl('jdbc:postgresql://db:5432/x?user=u&password=secret&ssl=true')).toBe(
      'jdbc:postgresql://db:5432/x?user=u&password=********&ssl=true',
    );
    expect(redactUrl('hdfs://user:pw@nn:8020/p')).toBe('hdfs://user:********@nn:8020/p');
    expect(redactUrl('s3://bucket/path')).toBe('s3://bucket/path');
  });
});
