/**
 * Password hashes: scrypt with a random salt, kept as one string
 * (`scrypt$<N>$<r>$<p>$<salt>$<hash>`, base64 parts) so a backed-up user can still log in after a
 * restore. The cost is low on purpose (this is a test double). No password is ever kept in clear.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const COST = 1024;
const BLOCK_SIZE = 8;
const PARALLEL = 1;
const KEY_LENGTH = 32;

/** The stored form of a password; an empty password is stored as ''. */
export function hashPassword(password: string): string {
  if (password === '') return '';
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N: COST, r: BLOCK_SIZE, p: PARALLEL });
  return ['scrypt', COST, BLOCK_SIZE, PARALLEL, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Whether a stored string looks like something hashPassword() made. */
export function isPasswordHash(stored: string): boolean {
  return stored === '' || /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(stored);
}

export function verifyPassword(stored: string, password: string): boolean {
  if (stored === '') return password === '';
  return check(stored, password);
}

/**
 * Remembers verified logins by a digest of (hash, password), so a client sending Basic
 * credentials on every request pays scrypt once. One per emulator (the Authenticator's).
 */
export class PasswordMemo {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly capacity = 1000) {}

  verify(stored: string, password: string): boolean {
    const key = createHash('sha256').update(stored).update('\0').update(password).digest('base64');
    const found = this.known.get(key);
    if (found !== undefined) return found;
    const result = verifyPassword(stored, password);
    if (this.known.size >= this.capacity) this.known.clear();
    this.known.set(key, result);
    return result;
  }
}

function check(stored: string, password: string): boolean {
  const [scheme, cost, blockSize, parallel, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  try {
    const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, {
      N: Number(cost),
      r: Number(blockSize),
      p: Number(parallel),
    });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } catch {
    // Parameters scrypt refuses (a hand-edited definition): no password matches.
    return false;
  }
}
