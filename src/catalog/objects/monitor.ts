/**
 * A table monitor (a SQL stream): the table it watches, where notifications go (a data sink, or a
 * destination URL), and its options. It is named `schema.name` in the catalog and found by its
 * topic id. Its notifications are published by src/monitors/.
 */
import { displayName, sortedByKey, type CatalogEntry } from '../entry.js';
import type { ObjectReference, Referring } from './references.js';

export const MONITOR_EVENTS = ['insert', 'update', 'delete'] as const;
export type MonitorEvent = (typeof MONITOR_EVENTS)[number];
export type MonitorStatus = 'running' | 'suspended';

/** The Avro schema of update and delete notifications: the count of records the operation changed. */
export const MONITOR_COUNT_SCHEMA = JSON.stringify({ type: 'record', name: 'type_name', fields: [{ name: 'count', type: 'long' }] });

export interface MonitorTarget {
  schema: string;
  name: string;
}

export class TableMonitor implements CatalogEntry, Referring {
  readonly kind = 'monitor' as const;
  defVersion = 0;

  constructor(
    public schema: string,
    public name: string,
    public topicId: string,
    public table: MonitorTarget,
    public datasink: MonitorTarget | undefined,
    /** The creation options other than monitor_id and datasink_name, as given. */
    public options: Record<string, string>,
    public status: MonitorStatus = 'running',
  ) {}

  get qualifiedName(): string {
    return displayName(this);
  }

  /** `schema.table` of the watched table. */
  get tableName(): string {
    return displayName(this.table);
  }

  /** `schema.sink` of the data sink notifications go to, or '' for none. */
  get datasinkName(): string {
    return this.datasink ? displayName(this.datasink) : '';
  }

  get event(): MonitorEvent {
    return (this.options.event?.trim().toLowerCase() as MonitorEvent | undefined) ?? 'insert';
  }

  references(): ObjectReference[] {
    const refs: ObjectReference[] = [{ kind: 'table', schema: this.table.schema, name: this.table.name }];
    if (this.datasink) refs.push({ kind: 'datasink', schema: this.datasink.schema, name: this.datasink.name });
    return refs;
  }

  definition(): Record<string, unknown> {
    return {
      monitor_name: this.qualifiedName,
      topic_id: this.topicId,
      table_name: this.tableName,
      datasink_name: this.datasinkName,
      options: sortedByKey(this.options),
      status: this.status,
    };
  }
}
