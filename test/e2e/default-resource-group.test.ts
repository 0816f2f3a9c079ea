/**
 * The built-in default resource group (`kinetica_default_resource_group`), as /alter/resourcegroup
 * with is_default_group changes it, is part of the database: a reset takes it back to its
 * defaults, the state document carries it (and a load brings it back), a fixture load that fails
 * leaves it as it was, and two emulators keep their own. Backups do not hold it: the group is
 * not a catalog object (README, resource groups).
 */
import { describe, expect, it } from 'vitest';
import { ok } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createBackup, createStore } from '../support/backups.js';
import { control } from '../control/support.js';

const DEFAULT_GROUP = 'kinetica_default_resource_group';
/** What /show/resourcegroups gives for the default group of a new database. */
const BUILT_IN = {
  name: DEFAULT_GROUP,
  rank: '',
  max_cpu_concurrency: '-1',
  max_data: '-1',
  max_scheduling_priority: '50',
  max_tier_priority: '5',
  'VRAM.max_memory': '-1',
  'RAM.max_memory': '-1',
};

async function defaultGroup(url: string): Promise<Record<string, string>> {
  const shown = await ok<{ groups: Record<string, string>[] }>(url, '/show/resourcegroups', { names: [DEFAULT_GROUP], options: {} });
  expect(shown.groups).toHaveLength(1);
  return shown.groups[0]!;
}

async function alterDefault(url: string, options: Record<string, string>, tiers: Record<string, Record<string, string>> = {}): Promise<void> {
  await ok(url, '/alter/resourcegroup', { name: '', tier_attributes: tiers, ranking: '', adjoining_resource_group: '', options: { is_default_group: 'true', ...options } });
}

describe('the default resource group', () => {
  const mock = useMock();
  const other = useMock();

  it('is back to its defaults after POST /_mock/reset', async () => {
    await alterDefault(mock.url, { max_scheduling_priority: '70', max_cpu_concurrency: '8' }, { VRAM: { max_memory: '1000000000' } });
    expect(await defaultGroup(mock.url)).toEqual({ ...BUILT_IN, max_scheduling_priority: '70', max_cpu_concurrency: '8', 'VRAM.max_memory': '1000000000' });
    expect((await control(mock.url, 'POST', '/reset')).status).toBe(200);
    expect(await defaultGroup(mock.url)).toEqual(BUILT_IN);
  });

  it('is kept by each emulator apart', async () => {
    await alterDefault(mock.url, { max_tier_priority: '9' });
    expect((await defaultGroup(mock.url)).max_tier_priority).toBe('9');
    expect(await defaultGroup(other.url)).toEqual(BUILT_IN);
    await control(mock.url, 'POST', '/reset');
  });

  it('is carried by the state document: a load brings back the settings it holds', async () => {
    await alterDefault(mock.url, { max_scheduling_priority: '70' }, { RAM: { max_memory: '5000' } });
    const saved = await control(mock.url, 'GET', '/state');
    expect(saved.status).toBe(200);

    // Changed after the save: the load takes it back to what the document holds.
    await alterDefault(mock.url, { max_scheduling_priority: '20', max_data: '123' }, { VRAM: { max_memory: '77' } });
    expect(await defaultGroup(mock.url)).toMatchObject({ max_scheduling_priority: '20', max_data: '123', 'VRAM.max_memory': '77' });
    expect((await control(mock.url, 'PUT', '/state', saved.body)).status).toBe(200);
    const expected = { ...BUILT_IN, max_scheduling_priority: '70', 'RAM.max_memory': '5000' };
    expect(await defaultGroup(mock.url)).toEqual(expected);
    // It is held beside the objects, as the alter request gives it.
    expect(saved.body.catalog.defaultResourceGroup).toEqual({ tier_attributes: { RAM: { max_memory: '5000' } }, options: { max_scheduling_priority: '70' } });

    // Another emulator loads it to the same group, and saves it the same.
    expect((await control(other.url, 'PUT', '/state', saved.body)).status).toBe(200);
    expect(await defaultGroup(other.url)).toEqual(expected);
    expect((await control(other.url, 'GET', '/state')).body.catalog).toEqual(saved.body.catalog);

    // A document without it (one of a database that never changed the group) loads the defaults.
    const { defaultResourceGroup: _dropped, ...catalog } = saved.body.catalog;
    expect((await control(other.url, 'PUT', '/state', { ...saved.body, catalog })).status).toBe(200);
    expect(await defaultGroup(other.url)).toEqual(BUILT_IN);
    expect((await control(other.url, 'GET', '/state')).body.catalog.defaultResourceGroup).toBeUndefined();
    await control(mock.url, 'POST', '/reset');
  });

  it('is refused in a state document with a bad setting, and nothing changes', async () => {
    await alterDefault(mock.url, { max_tier_priority: '3' });
    const good = (await control(mock.url, 'GET', '/state')).body;
    const cases: [string, unknown, RegExp][] = [
      ['an unknown option', { tier_attributes: {}, options: { colour: 'red' } }, /Invalid state document: 'catalog\.defaultResourceGroup\.options\.colour': Unexpected property/],
      ['an unknown tier', { tier_attributes: { DISK: { max_memory: '1' } }, options: {} }, /catalog\.defaultResourceGroup\.tier_attributes\.DISK/],
      ['a tier attribute that is not a number', { tier_attributes: { VRAM: { max_memory: 'lots' } }, options: {} }, /catalog\.defaultResourceGroup: .*VRAM\.max_memory/],
    ];
    for (const [what, group, message] of cases) {
      const response = await control(mock.url, 'PUT', '/state', { ...good, catalog: { ...good.catalog, defaultResourceGroup: group } });
      expect(response.status, what).toBe(400);
      expect(response.body.error, what).toMatch(message);
      expect((await defaultGroup(mock.url)).max_tier_priority, `${what} changed nothing`).toBe('3');
    }
    await control(mock.url, 'POST', '/reset');
  });

  it('stays as it was when a fixture load fails and the database is put back', async () => {
    await alterDefault(mock.url, { max_data: '4096' });
    const refused = await control(mock.url, 'POST', '/fixtures', {
      requests: [
        { endpoint: '/alter/resourcegroup', request: { name: '', tier_attributes: {}, ranking: '', adjoining_resource_group: '', options: { is_default_group: 'true', max_data: '1' } } },
        { endpoint: '/create/role', request: { name: 'r', colour: 'red' } },
      ],
    });
    expect(refused.status).toBe(400);
    expect(await defaultGroup(mock.url)).toEqual({ ...BUILT_IN, max_data: '4096' });
    await control(mock.url, 'POST', '/reset');
  });

  it('is not held by backups: a restore of every resource group leaves it as it is', async () => {
    await createStore(mock.url, 'json');
    await ok(mock.url, '/create/resourcegroup', { name: 'rg_batch', tier_attributes: {}, ranking: 'last', adjoining_resource_group: '', options: { max_cpu_concurrency: '4' } });
    await alterDefault(mock.url, { max_scheduling_priority: '70' });
    await createBackup(mock.url, 'json', 'groups', 'full', { resource_group: '*' });
    const shown = await ok<{ backups: { objects: Record<string, string>[] }[] }>(mock.url, '/show/backup', { backup_name: 'groups', datasource_name: 'backup_source', options: {} });
    expect(JSON.stringify(shown)).not.toContain(DEFAULT_GROUP);

    await alterDefault(mock.url, { max_scheduling_priority: '20' });
    await ok(mock.url, '/delete/resourcegroup', { name: 'rg_batch', options: {} });
    const restored = await ok<{ restored_objects: Record<string, string> }>(mock.url, '/restore/backup', {
      backup_name: 'groups', restore_objects_map: { resource_group: '*' }, datasource_name: 'backup_source', options: {},
    });
    expect(restored.restored_objects).toEqual({ rg_batch: 'resource_group' });
    expect(await defaultGroup(mock.url)).toEqual({ ...BUILT_IN, max_scheduling_priority: '20' });
  });
});
