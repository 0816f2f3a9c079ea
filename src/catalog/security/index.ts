/**
 * Users, roles, permissions, authentication and authorization: the public surface of the
 * security part of the catalog.
 */
import type { RestoreHandler } from '../restore-handler.js';
import { roleRestoreHandler, userRestoreHandler } from './restore-handlers.js';

export const securityRestoreHandlers: RestoreHandler[] = [roleRestoreHandler, userRestoreHandler];

export {
  allOf,
  allows,
  anyOf,
  anyone,
  administer,
  createIn,
  DEFAULT_REQUIREMENT,
  mayGrant,
  onObject,
  onTable,
  self,
  system,
  type Requirement,
} from './access.js';
export { Authenticator } from './authenticate.js';
export { securityGuard, type AccessRule, type SecurityGuard } from './guard.js';
export { ADMIN_USER, addInitialSecurity, grantCreatorAdmin } from './security.js';
export { Role, User, type Grant } from './principals.js';
export type { ObjectType } from './permissions.js';
