/**
 * The control plane's tenant routes, served at the root only (behind its gate):
 *
 *   GET    /_mock/tenants          every tenant with its sizes, the default first
 *   DELETE /_mock/tenants/:name    remove a tenant (404 for none, 400 for `default`)
 */
import type { FastifyInstance } from 'fastify';
import type { Tenants } from './tenants.js';

export function tenantRoutes(tenants: Tenants): (routes: FastifyInstance) => void {
  return (routes) => {
    routes.get('/tenants', () => tenants.list());
    routes.delete('/tenants/:name', (request) => {
      const { name } = request.params as { name: string };
      tenants.remove(name);
      return { removed: name };
    });
  };
}
