/**
 * Helpers for the access rules of the credential, connector and other-kind families: the schema a
 * request's object name falls in, and whether the caller may see an object a listing would show.
 */
import type { Emulator } from '../emulator.js';
import { allows, type Requirement } from '../catalog/security/access.js';
import { parseQualified } from '../catalog/names.js';

/** The schema of `[schema.]name` (unqualified means ki_home, or the given default); '' when the name is invalid (the handler says why). */
export function schemaOfName(name: string, defaultSchema?: string): string {
  try {
    return parseQualified(name, 'object', defaultSchema).schema;
  } catch {
    return '';
  }
}

/** Whether a show request's name asks for every object: blank or `*`. */
export function isAll(name: string): boolean {
  return name.trim() === '' || name.trim() === '*';
}

/** Whether the caller meets a requirement; always true with authentication off. */
export function callerMay(emulator: Emulator, user: string, requirement: Requirement): boolean {
  return !emulator.config.auth || allows(emulator.catalog, user, requirement);
}
