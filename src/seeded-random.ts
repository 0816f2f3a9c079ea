/**
 * A small seeded generator (mulberry32): uniform numbers in [0, 1), the same sequence for the same
 * seed. Fault probabilities (emulator/faults.ts) and /insert/records/random (catalog/table/random-records.ts)
 * draw from it, so a seed a client gives replays the same run.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
