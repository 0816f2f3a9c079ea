/**
 * Data lake catalogs: /create/catalog and /drop/catalog (Kinetica has no endpoint that shows
 * them). The credential and data source a catalog names must exist; nothing is contacted.
 */
import { objectErrors } from '../errors/objects.js';
import { checkName } from '../catalog/names.js';
import { buildDataCatalog } from '../catalog/objects/build.js';
import { DataCatalog } from '../catalog/objects/index.js';
import { findObject, requireObject } from '../catalog/objects/lookup.js';
import { bool, knownEntries, oneOf, readOptions } from './options.js';
import { grantCreatorAdmin, onObject, system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/** Kinetica documents no permission to create a data lake catalog: the emulator asks system_admin; dropping one needs catalog_admin. */
export const dataCatalogEndpoints: EndpointTable = {
  '/create/catalog': { handler: createCatalog, access: system('system_admin') },
  '/drop/catalog': { handler: dropCatalog, access: (request) => onObject('catalog', request.name.trim(), 'catalog_admin') },
};

const CREATE_CATALOG_OPTIONS = { access_delegation: oneOf('datasource_credentials', 'vended_credentials'), skip_validation: bool };
const REQUEST_ONLY = new Set(['skip_validation']);

function createCatalog(request: RequestOf<'/create/catalog'>, context: EmulatorContext): ResponseOf<'/create/catalog'> {
  readOptions(request.options, CREATE_CATALOG_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const name = checkName(request.name, 'catalog');
  const existing = findObject<DataCatalog>(catalog, 'catalog', request.name);
  if (existing) throw objectErrors.catalogExists(existing.name);
  const options = knownEntries(request.options, CREATE_CATALOG_OPTIONS, REQUEST_ONLY);
  catalog.add(
    buildDataCatalog(catalog, name, {
      tableFormat: request.table_format,
      location: request.location,
      type: request.type,
      credential: request.credential,
      datasource: request.datasource,
      options,
    }),
  );
  grantCreatorAdmin(catalog, context.user, { objectType: 'catalog', object: name }, 'catalog_admin');
  return { name: request.name, info: {} };
}

function dropCatalog(request: RequestOf<'/drop/catalog'>, context: EmulatorContext): ResponseOf<'/drop/catalog'> {
  readOptions(request.options, {}, context);
  const catalog = context.emulator.catalog;
  catalog.remove(requireObject<DataCatalog>(catalog, 'catalog', request.name, objectErrors.catalogNotFound));
  return { name: request.name, info: {} };
}
