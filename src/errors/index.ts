export { KineticaError, isKineticaError } from './kinetica-error.js';
export { wireErrors } from './wire.js';
export { optionErrors } from './options.js';
export { catalogErrors } from './catalog.js';
export { typeErrors, valueProblems } from './types.js';
export { connectorErrors } from './connectors.js';
export { objectErrors } from './objects.js';
export { securityErrors } from './security.js';
export { sqlErrors } from './sql.js';
