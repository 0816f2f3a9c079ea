// A client for docker/compose.yaml: backs up the fixture tables through the sink the fixtures
// define, and lists the backup through the source, over Kinetica's REST protocol in JSON (as the
// Node.js client sends it). Exits 0 when it all works. KINETICA_URL says where the emulator is.
const url = process.env.KINETICA_URL ?? 'http://127.0.0.1:9191';

async function kinetica(endpoint, request) {
  const response = await fetch(`${url}${endpoint}`, {
    method: 'POST',
    headers: { 'Content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const envelope = await response.json();
  if (envelope.status !== 'OK') throw new Error(`${endpoint}: ${envelope.message}`);
  return JSON.parse(envelope.data_str);
}

const health = await (await fetch(`${url}/_mock/health`)).json();
console.log(`kinetica-mock ${health.version} is ${health.status}`);

const backup = await kinetica('/create/backup', {
  backup_name: `smoke_${Date.now()}`,
  backup_type: 'full',
  backup_objects_map: { all: 'sales' },
  datasink_name: 'ops.backup_sink',
  options: { checksum: 'true' },
});
console.log(`backup ${backup.backup_name} (id ${backup.backup_id}): ${backup.copied_records} records in ${backup.copied_files} files`);

const shown = await kinetica('/show/backup', { backup_name: backup.backup_name, datasource_name: 'ops.backup_source', options: {} });
if (shown.backup_description.length !== 1) throw new Error('the backup is not listed through the source');
console.log('the backup is listed through the data source: ok');
