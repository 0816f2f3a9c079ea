export { KineticaError, isKineticaError } from './kinetica-error.js';
export { wireErrors } from './wire.js';
export { optionErrors } from './options.js';
export { catalogErrors } from './catalog.js';
export { typeErrors, valueProblems } from './types.js';
export { securityErrors } from './security.js';
