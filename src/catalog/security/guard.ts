/**
 * What the wire plugin is given when authentication is on: authenticate a request's
 * Authorization header, then decide the endpoint's access rule for the decoded request. The
 * catalog is read at each request, as a reset replaces it.
 */
import type { Catalog } from '../catalog.js';
import type { AuthToken } from '../../config.js';
import { securityErrors } from '../../errors/security.js';
import { allows, DEFAULT_REQUIREMENT, system, type Requirement } from './access.js';
import { Authenticator } from './authenticate.js';

/**
 * Who may call an endpoint: a requirement, or one built from the request (and, where it depends
 * on what exists, the catalog). The endpoint tables of src/api/ state one for each endpoint.
 */
export type AccessRule<Request = never> = Requirement | ((request: Request, catalog: Catalog) => Requirement);

export function securityGuard(catalog: () => Catalog, tokens: readonly AuthToken[]) {
  const authenticator = new Authenticator(tokens);
  return {
    authenticate(authorization: string | undefined): string {
      return authenticator.authenticate(catalog(), authorization);
    },
    authorize(access: AccessRule | undefined, request: unknown, user: string): void {
      authorize(catalog(), access, request, user);
    },
    /** Whether the user holds system_admin (directly, through roles, or as admin), as an endpoint requiring it would decide. */
    isSystemAdmin(user: string): boolean {
      return allows(catalog(), user, SYSTEM_ADMIN);
    },
  };
}

export type SecurityGuard = ReturnType<typeof securityGuard>;

const SYSTEM_ADMIN = system('system_admin');

/**
 * Throws `Access denied; ok` unless the user meets an endpoint's rule for this request (the wire
 * plugin's check, and the SQL layer's for each REST twin it calls). Without a rule, only
 * system_admin may call.
 */
export function authorize(catalog: Catalog, rule: AccessRule | undefined, request: unknown, user: string): void {
  const requirement = rule === undefined ? DEFAULT_REQUIREMENT : typeof rule === 'function' ? rule(request as never, catalog) : rule;
  if (!allows(catalog, user, requirement)) throw securityErrors.accessDenied();
}
