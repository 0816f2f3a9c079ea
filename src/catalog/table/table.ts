/**
 * A table: its name, its type, the options it was created with, and its records.
 */
import { displayName, sortedByKey, type CatalogEntry } from '../entry.js';
import { TableData } from './table-data.js';
import type { TableType } from './table-type.js';

/** Creation options kept with the table (and in its backup definition), values as given. */
export type TableOptions = Record<string, string>;

/**
 * What makes a table a view: the query it answers. A view's rows are its query's; a materialized
 * view keeps the rows of its last refresh as its records (so backups hold them, as Kinetica's do).
 */
export interface ViewDefinition {
  /** The query, as the engine runs it. */
  query: string;
  materialized: boolean;
}

export class Table implements CatalogEntry {
  readonly kind = 'table' as const;
  defVersion: number;
  readonly data: TableData;
  /** Milliseconds since the epoch, from the emulator's clock. */
  readonly createdAt: number;
  lastWriteAt: number;
  /** Columns with an attribute index (/alter/table create_index). */
  indexes: string[] = [];
  comment = '';
  /** Set for a view or a materialized view. */
  view: ViewDefinition | undefined = undefined;

  constructor(
    public schema: string,
    public name: string,
    public type: TableType,
    public options: TableOptions,
    recordsPerFile: number,
    seq: number,
    now: number,
  ) {
    this.defVersion = seq;
    this.createdAt = now;
    this.lastWriteAt = now;
    this.data = new TableData(recordsPerFile, type.hasPrimaryKey);
  }

  get qualifiedName(): string {
    return displayName(this);
  }

  get isReplicated(): boolean {
    return this.options.is_replicated?.toLowerCase() === 'true';
  }

  definition(): Record<string, unknown> {
    return {
      table_name: this.qualifiedName,
      type_id: this.type.id,
      label: this.type.label,
      type_definition: this.type.model.definition,
      properties: this.type.model.properties,
      options: sortedByKey(this.options),
      indexes: [...this.indexes],
      comment: this.comment,
    };
  }
}
