/**
 * Credentials: /create/credential, /alter/credential, /drop/credential, /show/credential.
 * Secrets are kept (a restore recreates them) and never shown back: /show/credential masks them.
 */
import { connectorErrors } from '../errors/connectors.js';
import { buildCredential, Credential, CREDENTIAL_TYPES, SECRET_CREDENTIAL_OPTIONS } from '../catalog/connectors/index.js';
import { parseObjectName, requireObject } from '../catalog/objects/lookup.js';
import { plannedMove } from '../catalog/objects/move.js';
import { describeEntry, referrersOf } from '../catalog/objects/references.js';
import { REDACTED, visibleOptions } from '../catalog/connectors/providers.js';
import { ALTER_CREDENTIAL_UPDATES, CREDENTIAL_OPTIONS } from './connector-options.js';
import { enumValue, knownEntries, readOptions, updatedOptions } from './options.js';
import { anyone, createIn, grantCreatorAdmin, onObject } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';
import { isAll, schemaOfName, visibleObjects } from './object-access.js';

/**
 * Credential permissions (security-concepts): creating one needs credential_create on its schema,
 * altering or dropping it credential_admin, seeing it credential_read; a listing shows only the
 * credentials the caller may read. The creator gets credential_admin with grant option.
 */
export const credentialEndpoints: EndpointTable = {
  '/create/credential': { handler: createCredential, access: (request) => createIn(schemaOfName(request.credential_name), 'credential') },
  '/alter/credential': { handler: alterCredential, access: (request) => onObject('credential', request.credential_name, 'credential_admin') },
  '/drop/credential': { handler: dropCredential, access: (request) => onObject('credential', request.credential_name, 'credential_admin') },
  '/show/credential': {
    handler: showCredential,
    access: (request) => (isAll(request.credential_name) ? anyone : onObject('credential', request.credential_name, 'credential_read')),
  },
};

const CREDENTIAL_FIELDS = new Set(['type', 'identity', 'secret', 'schema_name']);

/** What /show/credential says of one credential in `credentials`: its create request, secrets masked. */
function shownRequest(credential: Credential): string {
  return JSON.stringify({
    credential_name: credential.qualifiedName,
    type: credential.fields.type,
    identity: credential.fields.identity,
    secret: credential.fields.secret === '' ? '' : REDACTED,
    options: visibleOptions(credential.fields.options, SECRET_CREDENTIAL_OPTIONS),
  });
}

const find = (context: EmulatorContext, name: string) =>
  requireObject<Credential>(context.emulator.catalog, 'credential', name, connectorErrors.credentialNotFound);

function createCredential(request: RequestOf<'/create/credential'>, context: EmulatorContext): ResponseOf<'/create/credential'> {
  readOptions(request.options, CREDENTIAL_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const parsed = parseObjectName('credential', request.credential_name);
  const credential = buildCredential(parsed.schema!, parsed.name, {
    type: enumValue(CREDENTIAL_TYPES, request.type),
    identity: request.identity,
    secret: request.secret,
    options: knownEntries(request.options, CREDENTIAL_OPTIONS),
  });
  const existing = catalog.get<Credential>('credential', parsed.schema, parsed.name);
  if (existing) throw connectorErrors.credentialExists(existing.qualifiedName);
  catalog.add(credential);
  grantCreatorAdmin(catalog, context.user, { objectType: 'credential', object: credential.qualifiedName }, 'credential_admin');
  return { credential_name: request.credential_name, info: {} };
}

function alterCredential(request: RequestOf<'/alter/credential'>, context: EmulatorContext): ResponseOf<'/alter/credential'> {
  readOptions(request.options, {}, context);
  const updates = readOptions(request.credential_updates_map, ALTER_CREDENTIAL_UPDATES, context);
  const known = knownEntries(request.credential_updates_map, ALTER_CREDENTIAL_UPDATES);
  if (Object.keys(known).length === 0) throw connectorErrors.emptyUpdates('credential_updates_map');
  const catalog = context.emulator.catalog;
  const credential = find(context, request.credential_name);
  const moveTo = plannedMove(catalog, credential, updates.schema_name);
  const fields = { ...credential.fields, options: updatedOptions(credential.fields.options, known, CREDENTIAL_FIELDS) };
  if (updates.type !== undefined) fields.type = updates.type;
  if (updates.identity !== undefined) fields.identity = updates.identity;
  if (updates.secret !== undefined) fields.secret = updates.secret;
  if (JSON.stringify(fields) !== JSON.stringify(credential.fields)) {
    credential.fields = fields;
    catalog.touch(credential);
  }
  if (moveTo !== undefined) catalog.rename(credential, moveTo, credential.name);
  return { credential_name: request.credential_name, info: {} };
}

function dropCredential(request: RequestOf<'/drop/credential'>, context: EmulatorContext): ResponseOf<'/drop/credential'> {
  readOptions(request.options, {}, context);
  const catalog = context.emulator.catalog;
  const credential = find(context, request.credential_name);
  const users = referrersOf(catalog, credential);
  if (users.length > 0) throw connectorErrors.inUse('credential', credential.qualifiedName, users.map(describeEntry));
  catalog.remove(credential);
  return { credential_name: request.credential_name, info: {} };
}

function showCredential(request: RequestOf<'/show/credential'>, context: EmulatorContext): ResponseOf<'/show/credential'> {
  readOptions(request.options, {}, context);
  const wanted = request.credential_name.trim();
  const credentials = isAll(wanted)
    ? visibleObjects<Credential>(context.emulator, context.user, 'credential', 'credential', 'credential_read')
    : [find(context, wanted)];
  return {
    credential_names: credentials.map((credential) => credential.qualifiedName),
    credential_types: credentials.map((credential) => credential.fields.type),
    credential_identities: credentials.map((credential) => credential.fields.identity),
    credentials: credentials.map(shownRequest),
    additional_info: credentials.map(() => ({})),
    info: {},
  };
}
