/**
 * The access rules the endpoint tables of src/api/ are written with (src/api/endpoint-table.ts):
 * the requirement builders of the catalog's security model, and grantCreatorAdmin, with which a
 * family that creates objects gives the creator the object's admin permission (as Kinetica does).
 * An endpoint's rule is checked before its handler when authentication is on; without one, only
 * system_admin may call (src/catalog/security/guard.ts).
 */
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
