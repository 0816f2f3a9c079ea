/**
 * Kinetica's rule for SQL procedures and the tables they use: when a table a procedure's body
 * named at creation is dropped or altered (renamed, a column added or changed, an index...), the
 * procedure is dropped too. Tables the body itself creates are not counted (src/sql/run/procedures.ts
 * records the others in the procedure's origin).
 */
import type { Catalog } from '../catalog/catalog.js';
import { keyOf } from '../catalog/names.js';
import type { StoredProcedure } from '../catalog/objects/index.js';

export function dropProceduresReading(catalog: Catalog, schema: string | undefined, name: string): void {
  const table = keyOf(`${schema ?? ''}.${name}`);
  for (const procedure of catalog.list<StoredProcedure>('stored_procedure')) {
    if (procedure.origin.tables.some((each) => keyOf(each) === table)) catalog.remove(procedure);
  }
}
