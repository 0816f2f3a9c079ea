/**
 * What the backup engine needs of each kind of object beyond the CatalogEntry interface: how to
 * bring an object back from the definition a backup holds. Each family of kinds exports its
 * handlers; restore-handlers.ts gathers them.
 */
import type { Catalog } from './catalog.js';
import type { CatalogEntry } from './entry.js';
import type { ObjectKind } from './kinds.js';

export interface RestoreTarget {
  /** Schema to restore into (schema-scoped kinds only; it exists by the time this is called). */
  schema: string | undefined;
  /** Name to restore under (a restore may rename). */
  name: string;
}

export interface RestoreHandler {
  kind: ObjectKind;
  /**
   * Order among kinds when restoring: lower first, so that an object is restored after the ones
   * it refers to (credentials before data sinks, roles before users, tables before monitors).
   */
  restoreOrder: number;
  /**
   * Builds the object a definition describes, under the given name, ready for catalog.add().
   * Must not change the catalog. Throws a KineticaError when the definition cannot be restored
   * (e.g. it refers to an object that is missing).
   */
  fromDefinition(definition: Record<string, unknown>, target: RestoreTarget, catalog: Catalog): CatalogEntry;
}
