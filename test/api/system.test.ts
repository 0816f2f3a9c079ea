import { describe, expect, it } from 'vitest';
import { call, ENCODINGS, ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { buildApp } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';

interface Status { status_map: Record<string, string>; info: Record<string, string> }
interface Properties { property_map: Record<string, string>; info: Record<string, string> }

describe('/show/system/status and /show/system/properties', () => {
  const mock = useMock();

  for (const encoding of ENCODINGS) {
    it(`reports a running system as the Python client expects (${encoding})`, async () => {
      const status = await ok<Status>(mock.url, '/show/system/status', { options: {} }, encoding);
      const system = JSON.parse(status.status_map.system!) as { status: string };
      expect(system.status).toBe('running');
    });

    it(`advertises the properties the clients need, with our own URL (${encoding})`, async () => {
      const { property_map: properties } = await ok<Properties>(mock.url, '/show/system/properties', { options: {} }, encoding);
      expect(properties['version.gpudb_core_version']!.split('.')).toHaveLength(5);
      expect(properties['conf.number_of_hosts']).toBe('1');
      expect(properties['conf.host0_public_urls']).toBe(mock.url);
      expect(properties['conf.enable_ha']).toBe('FALSE');
      expect(properties['conf.worker_http_server_urls']).toBeUndefined();
    });
  }

  it('returns only the properties named in the properties option', async () => {
    const { property_map } = await ok<Properties>(mock.url, '/show/system/properties', {
      options: { properties: 'conf.enable_ha, version.gpudb_core_version,no.such.property' },
    });
    expect(Object.keys(property_map).sort()).toEqual(['conf.enable_ha', 'version.gpudb_core_version']);
  });

  it('advertises the table monitor port as conf.set_monitor_port', async () => {
    const { property_map } = await ok<Properties>(mock.url, '/show/system/properties', { options: { properties: 'conf.set_monitor_port' } });
    expect(Number(property_map['conf.set_monitor_port'])).toBeGreaterThan(0);
  });

  it('advertises no monitor port from an app that does not listen (driven by inject)', async () => {
    const { app } = buildApp(resolveConfig({ values: { monitorPort: 0, logLevel: 'silent' } }));
    try {
      const response = await app.inject({ method: 'POST', url: '/show/system/properties', payload: { options: {} } });
      const data = JSON.parse(JSON.parse(response.body).data_str) as Properties;
      expect(data.property_map['conf.set_monitor_port']).toBe('-1');
    } finally {
      await app.close();
    }
  });

  it('refuses an option key it does not know and lists the valid ones', async () => {
    const envelope = await call(mock.url, '/show/system/properties', { options: { propertys: 'x' } });
    expect(envelope.status).toBe('ERROR');
    expect(envelope.message).toBe("Parameter map key: 'propertys' is not a valid parameter. Valid keys are: properties (U/PUh:348)");
  });
});

describe('loose mode', () => {
  const mock = useMock({ loose: true });

  it('ignores unknown option keys and names them in info', async () => {
    const status = await ok<Status>(mock.url, '/show/system/status', { options: { colour: 'blue', size: 'xl' } });
    expect(status.info.ignored_options).toBe('colour,size');
  });
});
