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

/** An endpoint's rule as the registry holds it (src/wire/registry.ts AccessRule). */
type Rule = Requirement | ((request: never) => Requirement);

export function securityGuard(catalog: () => Catalog, tokens: readonly AuthToken[]) {
  const authenticator = new Authenticator(tokens);
  return {
    authenticate(authorization: string | undefined): string {
      return authenticator.authenticate(catalog(), authorization);
    },
    authorize(definition: { access?: Rule }, request: unknown, user: string): void {
      authorize(catalog(), definition, request, user);
    },
    /** Whether the user holds system_admin (directly, through roles, or as admin), as an endpoint requiring it would decide. */
    isSystemAdmin(user: string): boolean {
      return allows(catalog(), user, SYSTEM_ADMIN);
    },
  };
}

export type SecurityGuard = ReturnType<typeof securityGuard>;

const SYSTEM_ADMIN = system('system_admin');

/** Throws `Access denied; ok` unless the user meets the endpoint's rule for this request (the wire plugin's check, and the SQL layer's for each REST twin it calls). */
export function authorize(catalog: Catalog, definition: { access?: Rule }, request: unknown, user: string): void {
  const rule = definition.access;
  const requirement = rule === undefined ? DEFAULT_REQUIREMENT : typeof rule === 'function' ? rule(request as never) : rule;
  if (!allows(catalog, user, requirement)) throw securityErrors.accessDenied();
}
