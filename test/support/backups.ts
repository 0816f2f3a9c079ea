/**
 * Backup fixtures for end-to-end tests: a data sink and a data source on the same bucket, and
 * calls to the backup endpoints.
 */
import { ok, type WireEncoding } from './client.js';
import type { CreateBackupResponse } from '../../src/generated/records.js';

export type { CreateBackupResponse };

/** A sink and a source pointing at the same bucket and path: backups written by one are read by the other. */
export async function createStore(url: string, encoding: WireEncoding, sink = 'backup_sink', source = 'backup_source', location = 's3://kinetica-backups/prod') {
  await ok(url, '/create/datasink', { name: sink, destination: location, options: { s3_region: 'us-east-1' } }, encoding);
  await ok(url, '/create/datasource', { name: source, location, user_name: '', password: '', options: { s3_region: 'us-east-1' } }, encoding);
}

export function backupRequest(name: string, type: string, objects: Record<string, string> = {}, options: Record<string, string> = {}, sink = 'backup_sink') {
  return { backup_name: name, backup_type: type, backup_objects_map: objects, datasink_name: sink, options };
}

export async function createBackup(
  url: string,
  encoding: WireEncoding,
  name: string,
  type: string,
  objects: Record<string, string> = {},
  options: Record<string, string> = {},
): Promise<CreateBackupResponse> {
  return ok<CreateBackupResponse>(url, '/create/backup', backupRequest(name, type, objects, options), encoding);
}
