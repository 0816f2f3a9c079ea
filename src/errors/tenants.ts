import { KineticaError } from './kinetica-error.js';

/** The rule a tenant name follows, as the errors state it. */
export const TENANT_NAME_RULE = "1-63 characters: lower-case letters, digits, '_' and '-', starting with a letter or digit";

/**
 * Errors of tenants (/t/<tenant>/...): the same texts answer a Kinetica request (in an ERROR
 * envelope) and a control-plane request (as `{ "error": ... }`, see tenants.ts).
 */
export const tenantErrors = {
  invalidName: (name: string) =>
    new KineticaError(`Invalid tenant name '${name}' in the URL path /t/<tenant>/: a tenant name is ${TENANT_NAME_RULE}`),
  tooMany: (max: number) =>
    new KineticaError(
      `kinetica-mock already holds ${max} tenants, its limit: remove one with DELETE /_mock/tenants/<name>, ` +
        `or start it with a larger --max-tenants (KINETICA_MOCK_MAX_TENANTS)`,
    ),
  removed: (name: string) =>
    new KineticaError(
      `Tenant '${name}' was removed (DELETE /_mock/tenants/${name}) while this request ran; send it again to use a new, empty tenant of that name`,
    ),
  stopping: () => new KineticaError('kinetica-mock is stopping: this request was cut short; send it again once the server is back'),
  buildFailed: (name: string, cause: string) =>
    new KineticaError(`Tenant '${name}' could not be made: ${cause}`),
};
