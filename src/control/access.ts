/**
 * Who may use the control plane (/_mock/...). With authentication off it is open, as it always
 * was. With --auth it reads and replaces everything the Kinetica endpoints guard (the state
 * document holds every password hash and credential secret), so it asks for as much as the most
 * guarded endpoint: a user with system_admin, by the same Basic or Bearer credentials and the same
 * checks as the wire, or the control token (--control-token), for harnesses that should not need
 * a database user. GET /_mock/health stays open (routes.ts registers it outside the gate), since
 * container health checks carry no credentials.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SecurityGuard } from '../catalog/security/index.js';
import { isKineticaError } from '../errors/kinetica-error.js';

/** The header that carries the control token alone, leaving Authorization to the client's own use. */
export const CONTROL_TOKEN_HEADER = 'x-kinetica-mock-token';

export interface ControlRefusal {
  status: 401 | 403;
  error: string;
}

/** Decides a control-plane request from its headers: undefined lets it through. */
export type ControlGate = (headers: { authorization?: string; [CONTROL_TOKEN_HEADER]?: string | string[] }) => ControlRefusal | undefined;

/** The gate for a server's settings; undefined (no gate) when authentication is off, even with a control token. */
export function controlGate(settings: { auth: boolean; controlToken: string | undefined }, guard: SecurityGuard | undefined): ControlGate | undefined {
  if (!settings.auth || !guard) return undefined;
  const isControlToken = tokenMatcher(settings.controlToken);
  const howTo = howToAuthenticate(settings.controlToken !== undefined);
  const unauthorized = (problem: string): ControlRefusal => ({ status: 401, error: `${problem}. ${howTo}` });

  return (headers) => {
    const tokenHeader = headers[CONTROL_TOKEN_HEADER];
    if (tokenHeader !== undefined) {
      // Judged on its own: a wrong token should be reported, not hidden by other credentials.
      if (typeof tokenHeader === 'string' && isControlToken(tokenHeader.trim())) return undefined;
      return unauthorized(
        settings.controlToken === undefined
          ? 'X-Kinetica-Mock-Token was sent, but this server has no control token (--control-token)'
          : 'X-Kinetica-Mock-Token does not hold the control token',
      );
    }
    const authorization = headers.authorization?.trim();
    if (!authorization) return unauthorized('The control plane needs credentials while authentication is on (--auth)');
    const bearer = /^bearer\s+(\S+)$/i.exec(authorization);
    if (bearer && isControlToken(bearer[1]!)) return undefined;
    let user: string;
    try {
      user = guard.authenticate(authorization);
    } catch (error) {
      if (isKineticaError(error)) return unauthorized(error.message);
      throw error;
    }
    if (guard.isSystemAdmin(user)) return undefined;
    return {
      status: 403,
      error:
        `User '${user}' may not use the control plane: it needs system_admin ` +
        `(grant it with /grant/permission/system, or send an admin's credentials${settings.controlToken === undefined ? '' : ' or the control token'})`,
    };
  };
}

/** What to send, for the 401 answers. */
function howToAuthenticate(hasControlToken: boolean): string {
  const forms = [
    'Authorization: Basic with the user name and password of a user holding system_admin',
    'Authorization: Bearer with a token (--auth-tokens) acting as such a user',
  ];
  if (hasControlToken) forms.push('the control token as Authorization: Bearer <token> or X-Kinetica-Mock-Token: <token>');
  return `Send ${forms.slice(0, -1).join(', ')} or ${forms[forms.length - 1]}`;
}

/** Compares against the control token in constant time, so the answer's timing does not tell how much of a guess was right. */
function tokenMatcher(token: string | undefined): (candidate: string) => boolean {
  if (token === undefined) return () => false;
  const expected = digest(token);
  return (candidate) => timingSafeEqual(digest(candidate), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
