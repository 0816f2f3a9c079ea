/** The credentials a connector's options refer to. */
import { parseQualified } from '../names.js';
import type { ObjectReference } from '../objects/references.js';

export const CREDENTIAL_OPTIONS = ['credential', 'schema_registry_credential'] as const;

export function credentialReferences(options: Readonly<Record<string, string>>): ObjectReference[] {
  const refs: ObjectReference[] = [];
  for (const key of CREDENTIAL_OPTIONS) {
    const value = options[key];
    if (value === undefined || value.trim() === '') continue;
    const qualified = parseQualified(value, 'credential');
    refs.push({ kind: 'credential', schema: qualified.schema, name: qualified.name });
  }
  return refs;
}
