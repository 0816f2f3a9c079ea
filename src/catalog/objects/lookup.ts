/**
 * Finding objects by the name a request gives: `[schema.]name` for schema-scoped kinds (unqualified
 * means ki_home), a plain name for the others.
 */
import type { Catalog } from '../catalog.js';
import { displayName, type CatalogEntry } from '../entry.js';
import { SCHEMA_SCOPED_KINDS, type ObjectKind } from '../kinds.js';
import { checkName, parseQualified, type QualifiedName } from '../names.js';
import { KIND_LABELS } from './references.js';

export interface ParsedName {
  schema: string | undefined;
  name: string;
  /** How the name is shown in messages: `schema.name` or `name`. */
  display: string;
}

/** Parses (and checks) a name of the given kind. */
export function parseObjectName(kind: ObjectKind, text: string, defaultSchema?: string): ParsedName {
  if (SCHEMA_SCOPED_KINDS.has(kind)) {
    const qualified: QualifiedName = parseQualified(text, KIND_LABELS[kind], defaultSchema);
    return { schema: qualified.schema, name: qualified.name, display: displayName(qualified) };
  }
  const name = checkName(text, KIND_LABELS[kind]);
  return { schema: undefined, name, display: name };
}

/** The object a name designates, if it exists. */
export function findObject<E extends CatalogEntry>(catalog: Catalog, kind: ObjectKind, text: string): E | undefined {
  const parsed = parseObjectName(kind, text);
  return catalog.get<E>(kind, parsed.schema, parsed.name);
}

/** The object a name designates, or the error the caller makes for a missing one. */
export function requireObject<E extends CatalogEntry>(
  catalog: Catalog,
  kind: ObjectKind,
  text: string,
  missing: (display: string) => Error,
): E {
  const parsed = parseObjectName(kind, text);
  const entry = catalog.get<E>(kind, parsed.schema, parsed.name);
  if (!entry) throw missing(parsed.display);
  return entry;
}
