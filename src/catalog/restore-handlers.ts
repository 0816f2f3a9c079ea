/**
 * The restore handler of every kind, gathered from the families that define them.
 */
import type { RestoreHandler } from './restore-handler.js';
import { OBJECT_KINDS } from './kinds.js';
import { tableRestoreHandler } from './table/restore-handler.js';
import { connectorRestoreHandlers } from './connectors/index.js';
import { otherRestoreHandlers } from './objects/index.js';
import { securityRestoreHandlers } from './security/index.js';

export const RESTORE_HANDLERS: ReadonlyMap<string, RestoreHandler> = new Map(
  [tableRestoreHandler, ...connectorRestoreHandlers, ...otherRestoreHandlers, ...securityRestoreHandlers].map((handler) => [handler.kind, handler]),
);

const missing = OBJECT_KINDS.filter((kind) => !RESTORE_HANDLERS.has(kind));
if (missing.length > 0) throw new Error(`No restore handler for ${missing.join(', ')}`);
