/**
 * The `schema_name` update of the /alter endpoints of schema-scoped objects: moves the object to
 * another existing schema (empty means the default schema), refused while other objects name it.
 */
import type { Catalog } from '../catalog.js';
import { displayName, type CatalogEntry } from '../entry.js';
import { tableErrors } from '../../errors/tables.js';
import { connectorErrors } from '../../errors/connectors.js';
import { checkName, DEFAULT_SCHEMA, keyOf } from '../names.js';
import { describeEntry, KIND_LABELS, referrersOf } from './references.js';

/** The schema an object would move to, or undefined when it stays where it is. Checks only. */
export function plannedMove(catalog: Catalog, entry: CatalogEntry, schemaName: string | undefined): string | undefined {
  if (schemaName === undefined) return undefined;
  const wanted = schemaName.trim() === '' ? DEFAULT_SCHEMA : checkName(schemaName, 'schema');
  const schema = catalog.schema(wanted);
  if (!schema) throw tableErrors.schemaNotFound(wanted);
  if (entry.schema !== undefined && keyOf(entry.schema) === keyOf(schema.name)) return undefined;
  const users = referrersOf(catalog, entry);
  if (users.length > 0) throw connectorErrors.moveInUse(KIND_LABELS[entry.kind], displayName(entry), users.map(describeEntry));
  if (catalog.get(entry.kind, schema.name, entry.name)) throw tableErrors.objectExists(KIND_LABELS[entry.kind], displayName({ schema: schema.name, name: entry.name }));
  return schema.name;
}
