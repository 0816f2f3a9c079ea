/**
 * The error type every layer throws. Every message the emulator can send is made by a named
 * function in one of the factories beside this file (one per family: wire, options, catalog,
 * security, backup, sql), so the whole list can be read and compared with docs/errors.md.
 * Messages follow Kinetica's style: the fact first, object names in single quotes, then the fix.
 */

export class KineticaError extends Error {
  /** HTTP status of the ERROR envelope: 400 unless the protocol says otherwise (401 for credentials). */
  readonly httpStatus: number;

  constructor(message: string, httpStatus = 400) {
    super(message);
    this.name = 'KineticaError';
    this.httpStatus = httpStatus;
  }
}

export function isKineticaError(error: unknown): error is KineticaError {
  return error instanceof KineticaError;
}

