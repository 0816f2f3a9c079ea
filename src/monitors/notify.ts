/**
 * What a change to a table's records publishes to the table's monitors, per Kinetica's
 * /create/tablemonitor reference: an insert monitor gets the new row images (one frame per record,
 * Avro binary of the table's type), update and delete monitors the count of records the operation
 * changed (one frame, Avro binary of `{count: long}`). Each message starts with the topic id frame.
 */
import avro from 'avsc';
import type { Catalog, RecordsChange } from '../catalog/catalog.js';
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
    publisher.publish([Buffer.from(monitor.topicId, 'utf8'), ...payload]);
  }
}
