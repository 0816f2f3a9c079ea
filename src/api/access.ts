/**
 * Who may call what, with authentication on. Each family states its rules in one table at the top
 * of its file and wraps its endpoints with withAccess():
 *
 *   const access: AccessRules = {
 *     '/show/credential': anyone,
 *     '/create/credential': (request) => createIn(schemaOfName(request.credential_name), 'credential'),
 *     '/drop/credential': (request) => onObject('credential', request.credential_name, 'credential_admin'),
 *   };
 *   export function credentialEndpoints(emulator: Emulator) {
 *     return withAccess(access, [endpoint('/create/credential', ...), ...]);
 *   }
 *
 * withAccess() refuses, at start-up, an endpoint without a rule and a rule without an endpoint.
 * An endpoint defined without withAccess needs system_admin. A family that creates objects gives
 * the creator the object's admin permission with grantCreatorAdmin() (as Kinetica does).
 */
import type { EndpointDefinition, EndpointPath, RequestOf } from '../wire/registry.js';
import type { Requirement } from '../catalog/security/access.js';

export {
  administer,
  allOf,
  anyOf,
  anyone,
  createIn,
  mayGrant,
  onObject,
  onTable,
  self,
  system,
  type Requirement,
} from '../catalog/security/access.js';
export { grantCreatorAdmin } from '../catalog/security/security.js';

export type AccessRules = { [P in EndpointPath]?: Requirement | ((request: RequestOf<P>) => Requirement) };

/** Gives each endpoint its rule from the family's table; every endpoint needs one, and every rule an endpoint. */
export function withAccess(rules: AccessRules, definitions: EndpointDefinition[]): EndpointDefinition[] {
  const paths = new Set(definitions.map((definition) => definition.path));
  for (const path of Object.keys(rules)) {
    if (!paths.has(path as EndpointPath)) throw new Error(`Access rule for ${path}, which the family does not define`);
  }
  return definitions.map((definition) => {
    const rule = rules[definition.path];
    if (rule === undefined) throw new Error(`Endpoint ${definition.path} has no access rule`);
    return { ...definition, access: rule as EndpointDefinition['access'] };
  });
}
