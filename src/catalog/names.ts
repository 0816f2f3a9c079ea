/**
 * Object names. Schema-scoped objects are named `schema.name`; an unqualified name means the
 * default schema `ki_home`. Names are matched without regard to case and kept as first written
 * (the emulator's choice: Kinetica's docs do not settle it, and scripts mix cases).
 */
import { tableErrors } from '../errors/tables.js';

export const DEFAULT_SCHEMA = 'ki_home';
const MAX_LENGTH = 200;

/** Kinetica's naming criteria: 1-200 characters, alphanumerics, `_`, `#`, and in quoted names `{}[]():-` and spaces. */
const NAME_PATTERN = /^[A-Za-z0-9_#{}[\]():\- ]+$/;

export interface QualifiedName {
  schema: string;
  name: string;
}

/** The key objects are stored under: lower case, so lookups ignore case. */
export function keyOf(name: string): string {
  return name.toLowerCase();
}

/** Checks one name part (a schema, a table, a user...) and returns it trimmed. */
export function checkName(name: string, what: string): string {
  const trimmed = name.trim();
  const unquoted = trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2 ? trimmed.slice(1, -1) : trimmed;
  if (unquoted.length === 0) throw tableErrors.emptyName(what);
  if (unquoted.length > MAX_LENGTH) throw tableErrors.nameTooLong(what, unquoted, MAX_LENGTH);
  if (!NAME_PATTERN.test(unquoted)) throw tableErrors.invalidName(what, unquoted);
  return unquoted;
}

/**
 * Splits `[schema.]name` into its parts; the schema defaults to ki_home. Double quotes protect
 * dots inside a part (`"my.schema"."t"`).
 */
export function parseQualified(text: string, what: string, defaultSchema = DEFAULT_SCHEMA): QualifiedName {
  const parts = splitQualified(text.trim());
  if (parts.length === 1) return { schema: defaultSchema, name: checkName(parts[0]!, what) };
  if (parts.length === 2) return { schema: checkName(parts[0]!, 'schema'), name: checkName(parts[1]!, what) };
  throw tableErrors.invalidName(what, text);
}

function splitQualified(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
