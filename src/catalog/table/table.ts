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
  /** The query, as the engine runs it: every table it names is qualified with its schema. */
  query: string;
  materialized: boolean;
  /** The defining statement as written (SHOW CREATE VIEW, /show/table's additional_info). */
  statement: string;
  /** The tables and views the query reads (`schema.name`): dropping or altering one drops the view. */
  sources: string[];
  /** How a materialized view refreshes; `off` (manual only) for a view that is not materialized. */
  refresh: ViewRefresh;
  /** When the rows were last refreshed (epoch ms, the emulator's clock); 0 before the first. Not in the backup definition. */
  lastRefresh: number;
}

/** A materialized view's refresh scheme (sql-ddl.mdx, CREATE MATERIALIZED VIEW ... REFRESH). */
export interface ViewRefresh {
  mode: 'off' | 'on_change' | 'on_query' | 'every';
  /** EVERY: the period in milliseconds, the first due time and the last (epoch ms; 0: none). */
  everyMs: number;
  startAt: number;
  stopAt: number;
  /** WITH OPTIONS (EXECUTE AS = ...): kept and shown; refreshes read as the view's owner would. */
  executeAs: string;
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
      // Only views carry the key, so a table's definition (and its backup bytes) is as before.
      ...(this.view ? { view: viewDefinitionOf(this.view) } : {}),
    };
  }
}

/** What a backup keeps of a view: everything but the time of its last refresh. */
function viewDefinitionOf(view: ViewDefinition): Record<string, unknown> {
  return {
    query: view.query,
    materialized: view.materialized,
    statement: view.statement,
    sources: [...view.sources],
    refresh: { ...view.refresh },
  };
}
