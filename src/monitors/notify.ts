/**
 * What a change to a table's records publishes to the table's monitors, per Kinetica's
 * /create/tablemonitor reference: an insert monitor gets the new row images (one frame per record,
 * Avro binary of the table's type), update and delete monitors the count of records the operation
 * changed (one frame, Avro binary of `{count: long}`). Each message starts with the topic id frame.
 */
import avro from 'avsc';
import type { Catalog, RecordsChange } from '../catalog/catalog.js';
import type { Table } from '../catalog/table/table.js';
import { compileFilter } from '../expr/index.js';
import { keyOf } from '../catalog/names.js';
import type { TableMonitor } from '../catalog/objects/index.js';
import { MONITOR_COUNT_SCHEMA } from '../catalog/objects/monitor.js';
import type { MonitorPublisher } from './publisher.js';

let countType: avro.Type | undefined;

/** The Avro binary of an update or delete notification. */
export function encodeCount(count: number): Buffer {
  countType ??= avro.Type.forSchema(JSON.parse(MONITOR_COUNT_SCHEMA) as avro.Schema);
  return countType.toBuffer({ count });
}

/**
 * The filter of an insert monitor's `expression` ("to limit records for notification"), or
 * undefined for none. With join options the expression is the join's condition over several
 * tables, which the emulator does not evaluate: those monitors publish unfiltered.
 */
export function notificationFilter(monitor: TableMonitor, table: Table): ((row: Record<string, unknown>) => boolean) | undefined {
  const expression = monitor.options.expression?.trim();
  if (!expression || monitor.options.join_table_names?.trim()) return undefined;
  return compileFilter(expression, table.type.exprColumns);
}

export function notifyMonitors(catalog: Catalog, publisher: MonitorPublisher, change: RecordsChange): void {
  if (!publisher.active) return;
  // Nothing written, nothing to tell: Kinetica's notifications carry the rows or count of a change.
  if (change.count === 0) return;
  const schema = keyOf(change.table.schema);
  const name = keyOf(change.table.name);
  let payload: Buffer[] | undefined;
  for (const monitor of catalog.list<TableMonitor>('monitor')) {
    if (monitor.event !== change.event || monitor.status !== 'running') continue;
    if (keyOf(monitor.table.schema) !== schema || keyOf(monitor.table.name) !== name) continue;
    payload ??= change.event === 'insert' ? change.records() : [encodeCount(change.count)];
    let frames = payload;
    if (change.event === 'insert') {
      frames = filtered(monitor, change.table, payload);
      if (frames.length === 0) continue;
    }
    publisher.publish([Buffer.from(monitor.topicId, 'utf8'), ...frames]);
  }
}

/** The row images an insert monitor's expression lets through. */
function filtered(monitor: TableMonitor, table: Table, rows: Buffer[]): Buffer[] {
  let matches: ((row: Record<string, unknown>) => boolean) | undefined;
  try {
    matches = notificationFilter(monitor, table);
  } catch {
    // Checked when the monitor was created; a table changed since so that it no longer reads
    // matches nothing, rather than failing the write that triggered it.
    return [];
  }
  return matches ? rows.filter((bytes) => matches(table.type.decode(bytes))) : rows;
}
