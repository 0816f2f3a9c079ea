/**
 * The KineticaError a call throws, for tests of the messages users read.
 */
import { isKineticaError, type KineticaError } from '../../src/errors/kinetica-error.js';

/** The KineticaError `run` throws; anything else it throws, or no throw at all, fails the test. */
export function kineticaErrorOf(run: () => unknown): KineticaError {
  try {
    run();
  } catch (error) {
    if (isKineticaError(error)) return error;
    throw error;
  }
  throw new Error('expected a KineticaError');
}
