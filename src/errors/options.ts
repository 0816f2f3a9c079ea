import { KineticaError } from './kinetica-error.js';

/** Errors of option maps and enumerated parameters, in the words a real Kinetica uses. */
export const optionErrors = {
  unknownKey: (key: string, validKeys: string[]) =>
    new KineticaError(
      validKeys.length > 0
        ? `Parameter map key: '${key}' is not a valid parameter. Valid keys are: ${validKeys.join(', ')} (U/PUh:348)`
        : `Parameter map key: '${key}' is not a valid parameter; this endpoint takes no options (U/PUh:348)`,
    ),
  invalidValue: (key: string, value: string, validValues: string[]) =>
    new KineticaError(
      `Value: '${value}' not a valid parameter for '${key}'. Valid values are: ${validValues.join(', ')} (U/PUh:355)`,
    ),
  /** An enumerated request field (not an option), such as backup_type or encoding. */
  invalidEnum: (value: string, validValues: string[]) =>
    new KineticaError(`Value: '${value}' not a valid parameter. Valid values are: ${validValues.join(', ')} (U/PUh:355)`),
  notAnInteger: (key: string, value: string, range: string) =>
    new KineticaError(`Value: '${value}' of option '${key}' is not an integer ${range}`),
  emptyValue: (key: string) => new KineticaError(`Option '${key}' must not be empty`),
} as const;
