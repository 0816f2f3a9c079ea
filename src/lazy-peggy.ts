/**
 * Peggy, loaded when the first expression or SQL statement is parsed rather than at start-up:
 * most runs of the emulator parse neither, and start-up time is part of its budget.
 */
import { createRequire } from 'node:module';
import type peggy from 'peggy';

const load = createRequire(import.meta.url);
let module: typeof peggy | undefined;

export function lazyPeggy(): typeof peggy {
  return (module ??= load('peggy') as typeof peggy);
}
