/**
 * References during a restore into another schema: an object that lived beside the object it
 * refers to (a monitor and its table, a sink and its credential) keeps referring to the one beside
 * it, so restoring a whole schema under a new name gives a consistent copy.
 */
import { displayName } from '../entry.js';
import { keyOf, parseQualified } from '../names.js';

/**
 * The reference to use for a restored object: when the referred object was in the restored
 * object's original schema, it is looked for in the target schema instead.
 */
export function followSchema(reference: string, what: string, originalSchema: string, targetSchema: string | undefined): string {
  if (reference.trim() === '' || targetSchema === undefined) return reference;
  const qualified = parseQualified(reference, what);
  if (keyOf(qualified.schema) !== keyOf(originalSchema) || keyOf(originalSchema) === keyOf(targetSchema)) return reference;
  return displayName({ schema: targetSchema, name: qualified.name });
}

/** The schema part of a qualified name a definition holds. */
export function schemaOf(qualifiedName: string, what: string): string {
  return parseQualified(qualifiedName, what).schema;
}
