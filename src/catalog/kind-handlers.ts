/**
 * The restore handler of every kind, gathered from the families that define them.
 */
import type { KindHandler } from './kind-handler.js';
import { OBJECT_KINDS } from './kinds.js';
import { tableKindHandler } from './table-kind.js';
import { connectorKindHandlers } from './connectors/index.js';
import { otherKindHandlers } from './objects/index.js';
import { securityKindHandlers } from './security/index.js';

export const KIND_HANDLERS: ReadonlyMap<string, KindHandler> = new Map(
  [tableKindHandler, ...connectorKindHandlers, ...otherKindHandlers, ...securityKindHandlers].map((handler) => [handler.kind, handler]),
);

const missing = OBJECT_KINDS.filter((kind) => !KIND_HANDLERS.has(kind));
if (missing.length > 0) throw new Error(`No restore handler for ${missing.join(', ')}`);
