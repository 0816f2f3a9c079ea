/**
 * Authentication, when it is on (--auth): who a request's Authorization header says it is.
 * `Basic base64(user:password)` is checked against the internal users' password hashes;
 * `Bearer <token>` against the configured tokens, each acting as a user (admin unless the token
 * names one). Anything else, or nothing, fails with HTTP 401.
 */
import type { Catalog } from '../catalog.js';
import { securityErrors } from '../../errors/security.js';
import { PasswordMemo } from './password.js';
import { findUser } from './security.js';
import type { AuthToken } from '../../config.js';

export class Authenticator {
  private readonly tokens: Map<string, string>;
  private readonly passwords = new PasswordMemo();

  constructor(tokens: readonly AuthToken[]) {
    this.tokens = new Map(tokens.map((entry) => [entry.token, entry.user]));
  }

  /** The name of the user a request acts as (as the catalog spells it), or a 401 error. */
  authenticate(catalog: Catalog, authorization: string | undefined): string {
    const header = authorization?.trim();
    if (!header) throw securityErrors.missingCredentials();
    const space = header.indexOf(' ');
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const credentials = space < 0 ? '' : header.slice(space + 1).trim();
    if (scheme === 'basic') return this.basic(catalog, credentials);
    if (scheme === 'bearer') return this.bearer(catalog, credentials);
    throw securityErrors.unsupportedScheme(space < 0 ? header : header.slice(0, space));
  }

  private basic(catalog: Catalog, credentials: string): string {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(credentials)) throw securityErrors.malformedBasic();
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw securityErrors.malformedBasic();
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const user = findUser(catalog, name);
    if (!user) throw securityErrors.unknownLogin(name);
    if (user.userType === 'external_user') throw securityErrors.externalLogin(user.name);
    if (!this.passwords.verify(user.passwordHash, password)) throw securityErrors.wrongPassword(user.name);
    if (!user.activated) throw securityErrors.deactivated(user.name);
    return user.name;
  }

  private bearer(catalog: Catalog, token: string): string {
    const name = this.tokens.get(token);
    if (name === undefined) throw securityErrors.unknownToken();
    const user = findUser(catalog, name);
    if (!user) throw securityErrors.tokenUserMissing(name);
    if (!user.activated) throw securityErrors.deactivated(user.name);
    return user.name;
  }
}
