/**
 * /show/system/status and /show/system/properties: what the official clients call before anything
 * else. The Python client needs `status_map.system` to be a JSON string whose status is "running";
 * the Java client needs a five-part `version.gpudb_core_version`; both read the head URL, which is
 * the URL the client reached us at, so nobody is sent elsewhere.
 */
import type { Emulator } from '../emulator/emulator.js';
import { KINETICA_VERSION, PACKAGE_VERSION } from '../version.js';
import type { RequestContext } from '../wire/registry.js';
import { list, readOptions } from './options.js';
import { anyone } from './access.js';
import { MAX_GET_RECORDS } from './records.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/** The clients call these before anything else, so every authenticated user may. */
export const systemEndpoints: EndpointTable = {
  '/show/system/status': { handler: showSystemStatus, access: anyone },
  '/show/system/properties': { handler: showSystemProperties, access: anyone },
};

export function systemProperties(emulator: Emulator, context: RequestContext, monitorPort: number): Record<string, string> {
  return {
    'version.gpudb_core_version': KINETICA_VERSION,
    'version.gpudb_version': KINETICA_VERSION,
    'version.kinetica_mock': PACKAGE_VERSION,
    'conf.number_of_hosts': '1',
    'conf.number_of_ranks': '2',
    'conf.host0_public_urls': context.baseUrl,
    'conf.host0_address': new URL(context.baseUrl).hostname,
    'conf.enable_ha': 'FALSE',
    'conf.ha_ring_head_nodes_full': '',
    'conf.enable_worker_http_servers': 'FALSE',
    'conf.enable_httpd_proxy': 'FALSE',
    'conf.use_https': 'FALSE',
    'conf.enable_authorization': emulator.settings.auth ? 'TRUE' : 'FALSE',
    'conf.require_authentication': emulator.settings.auth ? 'TRUE' : 'FALSE',
    'conf.max_get_records_size': String(MAX_GET_RECORDS),
    // The table monitor port, as Kinetica names it (its Kafka connector reads it; -1: none served).
    'conf.set_monitor_port': String(monitorPort),
    'conf.backup.records_per_file': '10000',
    'system.started_at': new Date(emulator.startedAt).toISOString(),
  };
}

/** The `system` block the clients parse; what they read is `status`. */
const SYSTEM_RUNNING = JSON.stringify({ status: 'running', version: KINETICA_VERSION });

function showSystemStatus(request: RequestOf<'/show/system/status'>, context: EmulatorContext): ResponseOf<'/show/system/status'> {
  readOptions(request.options, {}, context);
  return { status_map: { system: SYSTEM_RUNNING }, info: {} };
}

async function showSystemProperties(request: RequestOf<'/show/system/properties'>, context: EmulatorContext): Promise<ResponseOf<'/show/system/properties'>> {
  const options = readOptions(request.options, { properties: list }, context);
  // Advertising the port binds it: a client that is about to monitor a table (the Python
  // client's GPUdbTableMonitor) checks the socket before it creates its monitor.
  const wanted = !options.properties || options.properties.includes('conf.set_monitor_port');
  const monitorPort = wanted ? await context.emulator.monitorPublisher.advertisedPort() : -1;
  const all = systemProperties(context.emulator, context, monitorPort);
  if (!options.properties) return { property_map: all, info: {} };
  const selected = Object.fromEntries(
    options.properties.filter((name) => name in all).map((name) => [name, all[name]!]),
  );
  return { property_map: selected, info: {} };
}
