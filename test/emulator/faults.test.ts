import { describe, expect, it } from 'vitest';
import { Faults } from '../../src/emulator/faults.js';
import { withFaults, type EmulatorContext } from '../../src/emulator/endpoints.js';

const emulated = () => true;

function probe(faults: Faults) {
  const context = { emulator: { faults } } as unknown as EmulatorContext;
  const definition = withFaults({ path: '/show/system/status', handler: (_request: never, _context: EmulatorContext) => ({ status_map: {}, info: {} }) });
  return (request: unknown = { options: {} }): 'ok' | 'failed' => {
    try {
      definition.handler(request as never, context);
      return 'ok';
    } catch {
      return 'failed';
    }
  };
}

describe('faults', () => {
  it('draws with a probability from a seed: the same seed fails the same requests', () => {
    const runs = [1, 2].map(() => {
      const faults = new Faults();
      faults.add({ endpoint: '/show/system/status', message: 'flaky', probability: 0.3, seed: 42 }, emulated);
      const call = probe(faults);
      return Array.from({ length: 200 }, () => call());
    });
    expect(runs[0]).toEqual(runs[1]);
    const failed = runs[0]!.filter((outcome) => outcome === 'failed').length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);

    const other = new Faults();
    other.add({ endpoint: '/show/system/status', message: 'flaky', probability: 0.3, seed: 7 }, emulated);
    const call = probe(other);
    expect(Array.from({ length: 200 }, () => call())).not.toEqual(runs[0]);
  });

  it('stops after its number of times, and counts matches and firings', () => {
    const faults = new Faults();
    faults.add({ endpoint: '/show/system/status', message: 'twice', times: 2 }, emulated);
    const call = probe(faults);
    expect([call(), call(), call()]).toEqual(['failed', 'failed', 'ok']);
    expect(faults.views()[0]).toMatchObject({ matched: 2, fired: 2, remaining: 0, active: false });
  });

  it('matches request fields, reaching into maps with dotted names', () => {
    const faults = new Faults();
    faults.add({ endpoint: '/show/system/status', message: 'x', match: { 'options.mode': 'strict' } }, emulated);
    const call = probe(faults);
    expect(call({ options: { mode: 'strict' } })).toBe('failed');
    expect(call({ options: { mode: 'loose' } })).toBe('ok');
    expect(call({ options: new Map([['mode', 'strict']]) })).toBe('failed');
    expect(call({ options: {} })).toBe('ok');
  });
});
