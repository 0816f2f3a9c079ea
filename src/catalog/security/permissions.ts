/**
 * The permission vocabulary of Kinetica's security model (security-concepts.mdx) and which
 * permission includes which. A permission is stored in one canonical form whatever endpoint
 * granted it: its full name (`table_read`, `system_admin`, `credential_create`, `connect`), the
 * type of object it applies to and the object's name (`''` for system permissions and for the
 * "all objects of this type" grants of credentials, data sources, directories and procs).
 *
 * Schema-level permissions (`table_read` on schema `sales`, `table_create` on `sales`) have object
 * type `schema`; table-level ones have `table`.
 */

/** The object types of /grant/permission, /revoke/permission and /has/permission. */
export const OBJECT_TYPES = [
  'catalog',
  'context',
  'credential',
  'datasink',
  'datasource',
  'directory',
  'graph',
  'proc',
  'schema',
  'sql_proc',
  'system',
  'table',
  'table_monitor',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** The permission words of /grant/permission, /revoke/permission and /has/permission. */
export const ACTIONS = [
  'admin',
  'connect',
  'create',
  'delete',
  'execute',
  'insert',
  'monitor',
  'read',
  'send_alert',
  'update',
  'user_admin',
  'write',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What each object type's permission words mean, as canonical (object type, full name) pairs. */
const GENERIC: Record<ObjectType, Partial<Record<Action, { objectType: ObjectType; permission: string }>>> = {
  system: {
    admin: { objectType: 'system', permission: 'system_admin' },
    user_admin: { objectType: 'system', permission: 'system_user_admin' },
    write: { objectType: 'system', permission: 'system_write' },
    create: { objectType: 'system', permission: 'system_create' },
    read: { objectType: 'system', permission: 'system_read' },
    monitor: { objectType: 'system', permission: 'system_monitor' },
    send_alert: { objectType: 'system', permission: 'system_send_alert' },
  },
  // `table` names a table or a schema (resolved against the catalog by the caller).
  table: {
    admin: { objectType: 'table', permission: 'table_admin' },
    insert: { objectType: 'table', permission: 'table_insert' },
    update: { objectType: 'table', permission: 'table_update' },
    delete: { objectType: 'table', permission: 'table_delete' },
    read: { objectType: 'table', permission: 'table_read' },
    create: { objectType: 'schema', permission: 'table_create' },
  },
  schema: {
    admin: { objectType: 'schema', permission: 'table_admin' },
    insert: { objectType: 'schema', permission: 'table_insert' },
    update: { objectType: 'schema', permission: 'table_update' },
    delete: { objectType: 'schema', permission: 'table_delete' },
    read: { objectType: 'schema', permission: 'table_read' },
    create: { objectType: 'schema', permission: 'table_create' },
  },
  credential: {
    admin: { objectType: 'credential', permission: 'credential_admin' },
    read: { objectType: 'credential', permission: 'credential_read' },
    create: { objectType: 'schema', permission: 'credential_create' },
  },
  datasource: {
    admin: { objectType: 'datasource', permission: 'datasource_admin' },
    connect: { objectType: 'datasource', permission: 'connect' },
    create: { objectType: 'schema', permission: 'datasource_create' },
  },
  datasink: {
    admin: { objectType: 'datasink', permission: 'datasink_admin' },
    connect: { objectType: 'datasink', permission: 'connect' },
    create: { objectType: 'schema', permission: 'datasink_create' },
  },
  directory: {
    write: { objectType: 'directory', permission: 'directory_write' },
    read: { objectType: 'directory', permission: 'directory_read' },
    create: { objectType: 'system', permission: 'directory_create' },
  },
  proc: {
    admin: { objectType: 'proc', permission: 'proc_admin' },
    execute: { objectType: 'proc', permission: 'proc_execute' },
    create: { objectType: 'system', permission: 'proc_create' },
  },
  graph: {
    admin: { objectType: 'graph', permission: 'graph_admin' },
    write: { objectType: 'graph', permission: 'graph_write' },
    read: { objectType: 'graph', permission: 'graph_read' },
    create: { objectType: 'schema', permission: 'graph_create' },
  },
  table_monitor: {
    admin: { objectType: 'table_monitor', permission: 'monitor_admin' },
    create: { objectType: 'schema', permission: 'monitor_create' },
  },
  sql_proc: {
    execute: { objectType: 'sql_proc', permission: 'sql_proc_execute' },
    create: { objectType: 'schema', permission: 'sql_proc_create' },
  },
  context: {
    admin: { objectType: 'context', permission: 'context_admin' },
    read: { objectType: 'context', permission: 'context_read' },
    create: { objectType: 'schema', permission: 'context_create' },
  },
  catalog: {
    admin: { objectType: 'catalog', permission: 'catalog_admin' },
    read: { objectType: 'catalog', permission: 'catalog_read' },
  },
};

/** The permission words an object type takes (for messages). */
export function actionsOf(objectType: ObjectType): Action[] {
  return Object.keys(GENERIC[objectType]) as Action[];
}

/** The canonical form of a (object type, permission word) pair, or undefined when the pair means nothing. */
export function fromGeneric(objectType: ObjectType, action: Action): { objectType: ObjectType; permission: string } | undefined {
  return GENERIC[objectType][action];
}

/** The permissions of the typed endpoints (/grant/permission/system, ...), by endpoint family. */
export const SYSTEM_PERMISSIONS = ['system_admin', 'system_user_admin', 'system_write', 'system_read', 'system_send_alert'] as const;
export const TABLE_PERMISSIONS = ['table_admin', 'table_insert', 'table_update', 'table_delete', 'table_read'] as const;
export const CREDENTIAL_PERMISSIONS = ['credential_admin', 'credential_read'] as const;
export const DATASOURCE_PERMISSIONS = ['admin', 'connect'] as const;
export const DIRECTORY_PERMISSIONS = ['directory_read', 'directory_write'] as const;
export const PROC_PERMISSIONS = ['proc_admin', 'proc_execute'] as const;

/** Object types whose objects live in a schema (named `schema.name`). */
export const SCHEMA_SCOPED_TYPES: ReadonlySet<ObjectType> = new Set<ObjectType>([
  'table',
  'credential',
  'datasource',
  'datasink',
  'graph',
  'table_monitor',
  'sql_proc',
  'context',
]);

/** Object types for which an empty object name means "every object of this type". */
export const ALL_OBJECTS_TYPES: ReadonlySet<ObjectType> = new Set<ObjectType>(['credential', 'datasource', 'datasink', 'directory', 'proc']);

/** Permissions that can be granted WITH GRANT OPTION (all but these two, which grant implicitly). */
export function takesGrantOption(permission: string): boolean {
  return permission !== 'system_admin' && permission !== 'system_user_admin';
}

/** A permission includes itself and these (on the same object). */
const INCLUDES: Record<string, readonly string[]> = {
  system_write: ['system_create', 'system_read'],
  system_create: ['directory_create', 'proc_create'],
  table_admin: ['table_insert', 'table_update', 'table_delete', 'table_read'],
  credential_admin: ['credential_read'],
  datasource_admin: ['connect'],
  datasink_admin: ['connect'],
  directory_write: ['directory_read'],
  proc_admin: ['proc_execute'],
  graph_admin: ['graph_write'],
  graph_write: ['graph_read'],
  context_admin: ['context_read'],
  catalog_admin: ['catalog_read'],
};

const CREATE_PERMISSIONS = [
  'table_create',
  'credential_create',
  'datasink_create',
  'datasource_create',
  'graph_create',
  'monitor_create',
  'sql_proc_create',
  'context_create',
];

/**
 * Schema-level `table_admin` also lets its holder create, alter and drop any object in the schema
 * ("can create, alter, or drop any table, view, or other object-type under that schema").
 */
const SCHEMA_ADMIN_INCLUDES = [
  ...CREATE_PERMISSIONS,
  'credential_admin',
  'datasource_admin',
  'datasink_admin',
  'graph_admin',
  'monitor_admin',
  'context_admin',
  'sql_proc_execute',
];

/** System permissions that give a permission on every object of a type. */
const SYSTEM_WIDE: Record<string, readonly string[]> = {
  system_write: ['table_admin', 'graph_admin', 'monitor_admin', 'directory_write', ...CREATE_PERMISSIONS],
  system_create: [...CREATE_PERMISSIONS],
  system_read: ['table_read', 'context_read', 'credential_read', 'directory_read', 'graph_read'],
};

/** Every permission a held one includes, itself first. */
export function closure(permission: string, schemaLevel = false): Set<string> {
  const found = new Set<string>();
  const pending = [permission];
  if (schemaLevel && permission === 'table_admin') pending.push(...SCHEMA_ADMIN_INCLUDES);
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...(INCLUDES[next] ?? []));
  }
  return found;
}

/** The permissions a system permission gives on every object (through SYSTEM_WIDE and their inclusions). */
export function systemWide(permission: string): Set<string> {
  const found = new Set<string>();
  for (const held of closure(permission)) {
    for (const wide of SYSTEM_WIDE[held] ?? []) for (const included of closure(wide)) found.add(included);
  }
  return found;
}
