/**
 * The vitest example of the README ("Inside your Node.js tests"), run as it is: below the marker
 * is the README's code block, with only its import of 'kinetica-mock' pointed at the source. The
 * first test fails when the two differ.
 */
import { readFileSync } from 'node:fs';
import { describe as describeReadme, expect as expectReadme, it as itReadme } from 'vitest';

describeReadme('the README example', () => {
  itReadme('is the code below the marker of this file', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Inside your Node.js tests'), readme.indexOf('### As a command'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    const self = readFileSync(new URL(import.meta.url), 'utf8');
    const example = self.slice(self.indexOf(MARKER) + MARKER.length + 1);
    expectReadme(example).toBe(block.replace("from 'kinetica-mock';", "from '../../src/index.js';"));
  });
});

const MARKER = '// ---- the README example ' + '----';
// ---- the README example ----
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../src/index.js';

/** Calls a Kinetica endpoint as the Node.js client does (JSON) and returns its response record. */
async function kinetica(url: string, endpoint: string, request: object): Promise<any> {
  const response = await fetch(url + endpoint, {
    method: 'POST',
    headers: { 'Content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const envelope = (await response.json()) as { status: string; message: string; data_str: string };
  if (envelope.status !== 'OK') throw new Error(envelope.message);
  return JSON.parse(envelope.data_str);
}

const nightlyBackup = {
  backup_name: 'nightly',
  backup_type: 'full',
  backup_objects_map: { all: 'sales' },
  datasink_name: 'backup_sink',
  options: {},
};

describe('the nightly backup', () => {
  let mock: MockServer;

  beforeAll(async () => {
    mock = await startMock(); // http://127.0.0.1:<free port>, logs off
  });

  afterAll(async () => {
    await mock.close();
  });

  beforeEach(async () => {
    // An empty database and stores, journal, faults and clock, then this test's data.
    mock.reset({ backups: true });
    await mock.setClock({ fix: '2030-01-01T00:00:00Z' }); // snapshot ids are the clock: now fixed
    mock.loadFixtures({
      schemas: ['sales'],
      tables: [
        {
          name: 'sales.orders',
          columns: [['id', 'int', 'primary_key'], ['amount', 'double']],
          records: [{ id: 1, amount: 9.5 }, { id: 2, amount: 20 }],
        },
      ],
      datasinks: [{ name: 'backup_sink', destination: 's3://backups/kinetica' }],
    });
  });

  it('backs up every table of the schema', async () => {
    const backup = await kinetica(mock.url, '/create/backup', nightlyBackup);
    expect(backup.backup_id).toBe(Date.parse('2030-01-01T00:00:00Z'));
    expect(backup.copied_records).toBe(2);

    const journaled = mock.requests({ endpoint: '/create/backup' });
    expect(journaled[0]?.request).toMatchObject({ backup_objects_map: { all: 'sales' } });
  });

  it('reports a sink that cannot be reached', async () => {
    mock.addFault({ endpoint: '/create/backup', match: { backup_name: 'nightly' }, message: 'Sink unreachable' });
    await expect(kinetica(mock.url, '/create/backup', nightlyBackup)).rejects.toThrow('Sink unreachable');
  });
});
