import { KineticaError } from './kinetica-error.js';

/**
 * Errors of users, roles, permissions, authentication and authorization. The only real Kinetica
 * text known here is the denial (`Access denied; ok`, HTTP 400); the others name the object and
 * the fix. Authentication failures are HTTP 401, which the official clients report as
 * unauthorized.
 */
export const securityErrors = {
  // authorization
  /** Observed on Kinetica 7.2 (ERRORS.md #7): HTTP 400, not 403. */
  accessDenied: () => new KineticaError('Access denied; ok'),

  // authentication (HTTP 401)
  missingCredentials: () =>
    new KineticaError(
      'Authentication required: send an Authorization header with Basic credentials of an internal user, or a Bearer token',
      401,
    ),
  unsupportedScheme: (scheme: string) =>
    new KineticaError(`Authorization scheme '${scheme}' is not supported: use Basic or Bearer`, 401),
  malformedBasic: () => new KineticaError(`The Basic credentials are not base64 of 'user:password'`, 401),
  unknownLogin: (name: string) => new KineticaError(`Authentication failed: there is no internal user '${name}'`, 401),
  wrongPassword: (name: string) => new KineticaError(`Authentication failed: wrong password for user '${name}'`, 401),
  externalLogin: (name: string) =>
    new KineticaError(
      `Authentication failed: '${name}' is an external user, whose password the emulator does not know: ` +
        `log in with a bearer token mapped to it (--auth-tokens token=${name})`,
      401,
    ),
  deactivated: (name: string) => new KineticaError(`Authentication failed: user '${name}' is deactivated`, 401),
  unknownToken: () => new KineticaError('Authentication failed: the bearer token is not one the server accepts (--auth-tokens)', 401),
  tokenUserMissing: (name: string) =>
    new KineticaError(`Authentication failed: the bearer token acts as user '${name}', which does not exist`, 401),

  // names
  invalidUserName: (name: string) =>
    new KineticaError(
      `Invalid user name '${name}': use 1-64 lower-case letters, digits and '_', not starting with a digit`,
    ),
  invalidExternalName: (name: string) =>
    new KineticaError(
      `Invalid external user name '${name}': it is the user's name in the external directory with '@' in front ` +
        `(e.g. '@jsmith'), 2-65 characters without spaces`,
    ),
  internalNameWithAt: (name: string) =>
    new KineticaError(`Invalid user name '${name}': names starting with '@' are for external users (/create/user/external)`),
  invalidRoleName: (name: string) =>
    new KineticaError(
      `Invalid role name '${name}': use 1-64 lower-case letters, digits and '_', not starting with a digit`,
    ),
  passwordTooLong: (max: number) => new KineticaError(`The password is longer than ${max} characters`),

  // users and roles
  userExists: (name: string) => new KineticaError(`User '${name}' already exists`),
  roleExists: (name: string) => new KineticaError(`Role '${name}' already exists`),
  nameTakenByRole: (name: string) =>
    new KineticaError(`Cannot create user '${name}': a role has that name, and users and roles share one set of names`),
  nameTakenByUser: (name: string) =>
    new KineticaError(`Cannot create role '${name}': a user has that name, and users and roles share one set of names`),
  userNotFound: (name: string) => new KineticaError(`User '${name}' does not exist`),
  roleNotFound: (name: string) => new KineticaError(`Role '${name}' does not exist`),
  principalNotFound: (name: string) => new KineticaError(`No user or role is named '${name}'`),
  builtInUser: (name: string, action: string) =>
    new KineticaError(`User '${name}' is built in and cannot be ${action}`),
  builtInRole: (name: string) => new KineticaError(`Role '${name}' is built in and cannot be deleted`),
  adminKeepsSystemAdmin: (name: string) =>
    new KineticaError(`User '${name}' always holds system_admin; it cannot be revoked`),
  notInternal: (name: string, action: string) =>
    new KineticaError(`'${name}' is an external user: ${action} applies to internal users only`),
  resourceGroupNotFound: (name: string) =>
    new KineticaError(`Resource group '${name}' does not exist (create it with /create/resourcegroup)`),
  badDirectoryDataLimit: (value: string) =>
    new KineticaError(`Option directory_data_limit '${value}' is not a number of bytes: use -1 for no limit, or leave it empty for the default`),

  // role membership
  implicitRole: (role: string) =>
    new KineticaError(`Every user is a member of role '${role}'; membership in it cannot be granted or revoked`),
  memberOfItself: (role: string) => new KineticaError(`Role '${role}' cannot be a member of itself`),
  membershipCycle: (role: string, member: string) =>
    new KineticaError(
      `Cannot grant role '${role}' to role '${member}': '${role}' is already a member of '${member}' ` +
        `(directly or through other roles), and roles cannot be members of each other`,
    ),
  notAMember: (role: string, member: string) =>
    new KineticaError(`'${member}' is not a direct member of role '${role}'; nothing to revoke`),

  // permissions
  permissionNotForType: (action: string, objectType: string, valid: string[]) =>
    new KineticaError(
      `Permission '${action}' does not apply to object type '${objectType}'. Valid permissions for it are: ${valid.join(', ')}`,
    ),
  objectNotFound: (what: string, name: string) => new KineticaError(`${what} '${name}' does not exist`),
  objectRequired: (objectType: string) =>
    new KineticaError(`Permissions of object type '${objectType}' need an object name`),
  grantOptionNotAllowed: (permission: string) =>
    new KineticaError(
      `Permission '${permission}' cannot be granted with with_grant_option: its holders may grant permissions already`,
    ),
  tableOnlyOption: (option: string) =>
    new KineticaError(`Option '${option}' applies to permissions on tables only`),
  unknownColumn: (table: string, column: string, columns: string[]) =>
    new KineticaError(`Column '${column}' does not exist in table '${table}'; its columns are: ${columns.join(', ')}`),
  notGranted: (principal: string, permission: string, target: string) =>
    new KineticaError(`'${principal}' holds no permission '${permission}'${target} granted directly; nothing to revoke`),
  columnsNotGranted: (principal: string, permission: string, table: string, columns: string[]) =>
    new KineticaError(
      `'${principal}' holds permission '${permission}' on table '${table}' for other columns than ${columns.map((c) => `'${c}'`).join(', ')}; nothing to revoke`,
    ),
} as const;
