/**
 * KeyIndex, the primary-key index that copies in constant time: under any sequence of sets,
 * deletes, clears and copies, each index answers as a plain Map given the same operations would,
 * whatever its copies do (they share a base with it).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyIndex } from '../../src/catalog/table/key-index.js';

type Operation =
  | { op: 'set'; index: number; key: number; rowId: number }
  | { op: 'delete'; index: number; key: number }
  | { op: 'clear'; index: number }
  | { op: 'copy'; index: number }
  | { op: 'fill'; index: number; from: number; count: number };

const operation = (keys: number): fc.Arbitrary<Operation> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), index: fc.nat(), key: fc.nat(keys), rowId: fc.integer({ min: 1, max: 1e6 }) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), index: fc.nat(), key: fc.nat(keys) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const), index: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('copy' as const), index: fc.nat() }) },
    // Many keys at once, so the overlay outgrows the base and is merged.
    { weight: 1, arbitrary: fc.record({ op: fc.constant('fill' as const), index: fc.nat(), from: fc.nat(keys), count: fc.integer({ min: 500, max: 3000 }) }) },
  );

function sameAs(index: KeyIndex, model: Map<string, number>, keys: number): void {
  expect(new Set(index.keys())).toEqual(new Set(model.keys()));
  expect([...index.keys()].length).toBe(model.size);
  for (let key = 0; key <= keys; key++) {
    const name = `k${key}`;
    if (index.get(name) !== model.get(name) || index.has(name) !== model.has(name)) {
      throw new Error(`${name}: the index has ${index.get(name)}, a Map ${model.get(name)}`);
    }
  }
}

describe('KeyIndex', () => {
  it('answers as a Map would, for an index and each of its copies', () => {
    const keys = 40;
    fc.assert(
      fc.property(fc.array(operation(keys), { maxLength: 60 }), (operations) => {
        const indexes = [new KeyIndex()];
        const models = [new Map<string, number>()];
        for (const step of operations) {
          const at = step.index % indexes.length;
          const index = indexes[at]!;
          const model = models[at]!;
          if (step.op === 'set') {
            index.set(`k${step.key}`, step.rowId);
            model.set(`k${step.key}`, step.rowId);
          } else if (step.op === 'delete') {
            index.delete(`k${step.key}`);
            model.delete(`k${step.key}`);
          } else if (step.op === 'clear') {
            index.clear();
            model.clear();
          } else if (step.op === 'copy') {
            indexes.push(index.copy());
            models.push(new Map(model));
          } else {
            for (let n = 0; n < step.count; n++) {
              index.set(`k${step.from + n}`, n + 1);
              model.set(`k${step.from + n}`, n + 1);
            }
          }
        }
        indexes.forEach((index, at) => sameAs(index, models[at]!, keys + 3000));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps deleted keys deleted, and set ones set, when the overlay is merged into a map of its own', () => {
    const index = new KeyIndex();
    for (let n = 0; n < 2000; n++) index.set(`k${n}`, n + 1);
    const copy = index.copy();
    copy.delete('k5');
    copy.set('k6', 99);
    for (let n = 2000; n < 5000; n++) copy.set(`k${n}`, n + 1);
    expect([copy.get('k5'), copy.has('k5'), copy.get('k6'), copy.get('k4999')]).toEqual([undefined, false, 99, 5000]);
    expect([...copy.keys()].length).toBe(4999);
    expect([index.get('k5'), index.get('k6'), index.get('k4999')]).toEqual([6, 7, undefined]);
  });

  it('copies 100,000 keys in well under a millisecond, and a copy that writes once stays quick', () => {
    const index = new KeyIndex();
    for (let n = 0; n < 100_000; n++) index.set(JSON.stringify([n]), n + 1);
    const started = performance.now();
    const copy = index.copy();
    copy.set(JSON.stringify([100_000]), 100_001);
    copy.delete(JSON.stringify([0]));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(5);
    expect([copy.get(JSON.stringify([0])), index.get(JSON.stringify([0]))]).toEqual([undefined, 1]);
    expect([copy.get(JSON.stringify([100_000])), index.get(JSON.stringify([100_000]))]).toEqual([100_001, undefined]);
  });
});
