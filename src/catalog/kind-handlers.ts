/**
 * The restore handler of every kind, gathered from the families that define them.
 */
import type { KindHandler } from './kind-handler.js';
import { tableKindHandler } from './table-kind.js';
import { connectorKindHandlers } from './connectors/index.js';

export const KIND_HANDLERS: ReadonlyMap<string, KindHandler> = new Map(
  [tableKindHandler, ...connectorKindHandlers].map((handler) => [handler.kind, handler]),
);
