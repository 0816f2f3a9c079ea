/**
 * Restoring tables: a table comes back from its backup definition (name, type and options), its
 * records from the data files the snapshot holds, in the same files and order. A view is a table
 * whose definition has `view` (its query, sources and refresh scheme); a materialized view's
 * records are the rows of its last refresh before the snapshot.
 */
import type { RestoreHandler } from '../restore-handler.js';
import { Table } from './table.js';
import { reparseType } from './type-model.js';
import { KineticaError } from '../../errors/kinetica-error.js';
import { sourceTable, viewFromDefinition } from '../views.js';
import { viewErrors } from '../../errors/views.js';

function field(definition: Record<string, unknown>, name: string): unknown {
  if (!(name in definition)) throw new KineticaError(`The backup's definition of a table lacks '${name}'`);
  return definition[name];
}

export const tableRestoreHandler: RestoreHandler = {
  kind: 'table',
  // After credentials, sinks and sources (a table can refer to them), before monitors and graphs.
  restoreOrder: 40,
  fromDefinition(definition, target, catalog) {
    const model = reparseType(
      field(definition, 'type_definition') as string,
      field(definition, 'label') as string,
      field(definition, 'properties') as Record<string, string[]>,
    );
    const type = catalog.registerType(model);
    const table = new Table(
      target.schema!,
      target.name,
      type,
      { ...(field(definition, 'options') as Record<string, string>) },
      catalog.settings.recordsPerFile,
      catalog.changes.seq,
      catalog.settings.now(),
    );
    table.indexes = [...((definition.indexes as string[] | undefined) ?? [])];
    table.comment = (definition.comment as string | undefined) ?? '';
    // A view comes back after what it reads (backup/restore.ts orders them), which must be there.
    const view = viewFromDefinition(definition);
    if (view) {
      const missing = view.sources.find((source) => !sourceTable(catalog, source));
      if (missing !== undefined) {
        throw viewErrors.sourceMissing(table.qualifiedName, missing);
      }
      view.lastRefresh = catalog.settings.now();
      table.view = view;
    }
    return table;
  },
};
