/**
 * Users and roles: catalog objects (kinds `user` and `role`, not schema-scoped) that carry their
 * own role memberships and directly granted permissions, so that one definition recreates the
 * object exactly. A user's password is kept only as a hash (password.ts).
 */
import type { CatalogEntry } from '../entry.js';
import { keyOf } from '../names.js';
import type { ObjectType } from './permissions.js';

/** One directly granted permission, in canonical form (see permissions.ts). */
export interface Grant {
  permission: string;
  objectType: ObjectType;
  /** Object name as stored in the catalog (`schema.name` for schema-scoped objects); '' for system or all. */
  object: string;
  withGrantOption: boolean;
  /** Row filter of a table read grant; '' for every row. */
  filterExpression: string;
  /** Columns of a column-level grant; empty for every column. */
  columns: string[];
}

export type UserType = 'internal_user' | 'external_user';

export abstract class Principal implements CatalogEntry {
  abstract readonly kind: 'user' | 'role';
  schema: string | undefined = undefined;
  defVersion = 0;
  /** Roles this principal is a direct member of (names as the roles spell them), sorted. */
  roles: string[] = [];
  grants: Grant[] = [];
  comment = '';
  resourceGroup = '';

  constructor(public name: string) {}

  abstract definition(): Record<string, unknown>;

  hasRole(role: string): boolean {
    return this.roles.some((held) => keyOf(held) === keyOf(role));
  }

  protected sharedDefinition(): Record<string, unknown> {
    return {
      comment: this.comment,
      resource_group: this.resourceGroup,
      roles: [...this.roles],
      permissions: this.grants.map(grantDefinition),
    };
  }
}

export class User extends Principal {
  readonly kind = 'user' as const;
  activated = true;
  defaultSchema = '';
  createHomeDirectory = true;
  directoryDataLimit = '';

  constructor(
    name: string,
    readonly userType: UserType,
    /** scrypt hash (password.ts); '' for no password and for external users. */
    public passwordHash: string,
  ) {
    super(name);
  }

  definition(): Record<string, unknown> {
    return {
      name: this.name,
      type: this.userType,
      password_hash: this.passwordHash,
      activated: this.activated,
      default_schema: this.defaultSchema,
      create_home_directory: this.createHomeDirectory,
      directory_data_limit: this.directoryDataLimit,
      ...this.sharedDefinition(),
    };
  }
}

export class Role extends Principal {
  readonly kind = 'role' as const;

  definition(): Record<string, unknown> {
    return { name: this.name, ...this.sharedDefinition() };
  }
}

function grantDefinition(grant: Grant): Record<string, unknown> {
  return {
    permission: grant.permission,
    object_type: grant.objectType,
    object: grant.object,
    with_grant_option: grant.withGrantOption,
    filter_expression: grant.filterExpression,
    columns: [...grant.columns],
  };
}

/** Canonical order of a principal's grants: stable definitions whatever the order of granting. */
export function sortGrants(grants: Grant[]): void {
  grants.sort(
    (a, b) =>
      a.objectType.localeCompare(b.objectType) ||
      keyOf(a.object).localeCompare(keyOf(b.object)) ||
      a.permission.localeCompare(b.permission),
  );
}

export function sameGrantTarget(a: Pick<Grant, 'permission' | 'objectType' | 'object'>, b: Pick<Grant, 'permission' | 'objectType' | 'object'>): boolean {
  return a.permission === b.permission && a.objectType === b.objectType && keyOf(a.object) === keyOf(b.object);
}
