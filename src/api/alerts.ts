/**
 * /admin/show/alerts: the alert monitor's latest alerts, newest first (src/emulator/alerts.ts).
 * The emulator raises one kind, `sql_procedure`, when a scheduled SQL procedure run fails: its
 * params name the procedure, the due time, the user it ran as and the error.
 *
 * Kinetica serves this endpoint from the host manager (its own port); the emulator serves it on
 * its one port, beside the others. Reading alerts needs system_admin with authentication on.
 */
import { formatScheduleTime } from '../catalog/objects/index.js';
import { KineticaError } from '../errors/kinetica-error.js';
import { readOptions } from './options.js';
import { system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

export const alertEndpoints: EndpointTable = {
  '/admin/show/alerts': { handler: showAlerts, access: system('system_admin') },
};

function showAlerts(request: RequestOf<'/admin/show/alerts'>, context: EmulatorContext): ResponseOf<'/admin/show/alerts'> {
  readOptions(request.options, {}, context);
  if (request.num_alerts < 0) {
    throw new KineticaError(`Invalid num_alerts ${request.num_alerts}: give the number of most recent alerts wanted, or 0 for all`);
  }
  const alerts = context.emulator.alerts.latest(request.num_alerts);
  return {
    timestamps: alerts.map((alert) => formatScheduleTime(alert.at)),
    types: alerts.map((alert) => alert.type),
    params: alerts.map((alert) => ({ ...alert.params })),
    info: {},
  };
}
