/**
 * The kinds of object a backup can hold (the keys of backup_objects_map, less `all`), and which of
 * them live inside a schema.
 */
export const OBJECT_KINDS = [
  'catalog',
  'context',
  'credential',
  'datasink',
  'datasource',
  'directory',
  'function_environment',
  'graph',
  'monitor',
  'resource_group',
  'role',
  'stored_procedure',
  'table',
  'user',
  'user_defined_function',
] as const;

export type ObjectKind = (typeof OBJECT_KINDS)[number];

export function isObjectKind(text: string): text is ObjectKind {
  return (OBJECT_KINDS as readonly string[]).includes(text);
}

/** Kinds whose objects are named `schema.name`. */
export const SCHEMA_SCOPED_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>([
  'table',
  'stored_procedure',
  'datasink',
  'datasource',
  'credential',
  'monitor',
  'graph',
  'context',
]);

/**
 * Kinds that `all: <schema>` covers: the schema-scoped objects but contexts (BACKUP-SEMANTICS.md
 * lists them), so never users, roles or UDFs.
 */
export const ALL_COVERS: ReadonlySet<ObjectKind> = new Set<ObjectKind>([...SCHEMA_SCOPED_KINDS].filter((kind) => kind !== 'context'));
