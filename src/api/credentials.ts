/**
 * Credentials: /create/credential, /alter/credential, /drop/credential, /show/credential.
 * Secrets are kept (a restore recreates them) and never shown back: /show/credential masks them.
 */
import type { Emulator } from '../emulator.js';
import { connectorErrors } from '../errors/connectors.js';
import { buildCredential, Credential, CREDENTIAL_TYPES, SECRET_CREDENTIAL_OPTIONS } from '../catalog/connectors/index.js';
import { parseObjectName, requireObject } from '../catalog/objects/lookup.js';
import { plannedMove } from '../catalog/objects/move.js';
import { describeEntry, referrersOf } from '../catalog/objects/references.js';
import { REDACTED, visibleOptions } from '../catalog/connectors/providers.js';
import { endpoint, type EndpointDefinition } from '../wire/registry.js';
import { ALTER_CREDENTIAL_UPDATES, CREDENTIAL_OPTIONS } from './connector-options.js';
import { enumValue, knownEntries, readOptions, updatedOptions } from './options.js';
import { anyone, createIn, grantCreatorAdmin, onObject, withAccess, type AccessRules } from './access.js';
import { isAll, schemaOfName, visibleObjects } from './object-access.js';

/**
 * Credential permissions (security-concepts): creating one needs credential_create on its schema,
 * altering or dropping it credential_admin, seeing it credential_read; a listing shows only the
 * credentials the caller may read. The creator gets credential_admin with grant option.
 */
const access: AccessRules = {
  '/create/credential': (request) => createIn(schemaOfName(request.credential_name), 'credential'),
  '/alter/credential': (request) => onObject('credential', request.credential_name, 'credential_admin'),
  '/drop/credential': (request) => onObject('credential', request.credential_name, 'credential_admin'),
  '/show/credential': (request) => (isAll(request.credential_name) ? anyone : onObject('credential', request.credential_name, 'credential_read')),
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

export function credentialEndpoints(emulator: Emulator): EndpointDefinition[] {
  const find = (name: string) => requireObject<Credential>(emulator.catalog, 'credential', name, connectorErrors.credentialNotFound);

  return withAccess(access, [
    endpoint('/create/credential', (request, context) => {
      readOptions(request.options, CREDENTIAL_OPTIONS, context);
      const catalog = emulator.catalog;
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
    }),

    endpoint('/alter/credential', (request, context) => {
      readOptions(request.options, {}, context);
      const updates = readOptions(request.credential_updates_map, ALTER_CREDENTIAL_UPDATES, context);
      const known = knownEntries(request.credential_updates_map, ALTER_CREDENTIAL_UPDATES);
      if (Object.keys(known).length === 0) throw connectorErrors.emptyUpdates('credential_updates_map');
      const catalog = emulator.catalog;
      const credential = find(request.credential_name);
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
    }),

    endpoint('/drop/credential', (request, context) => {
      readOptions(request.options, {}, context);
      const catalog = emulator.catalog;
      const credential = find(request.credential_name);
      const users = referrersOf(catalog, credential);
      if (users.length > 0) throw connectorErrors.inUse('credential', credential.qualifiedName, users.map(describeEntry));
      catalog.remove(credential);
      return { credential_name: request.credential_name, info: {} };
    }),

    endpoint('/show/credential', (request, context) => {
      readOptions(request.options, {}, context);
      const wanted = request.credential_name.trim();
      const credentials = isAll(wanted)
        ? visibleObjects<Credential>(emulator, context.user, 'credential', 'credential', 'credential_read')
        : [find(wanted)];
      return {
        credential_names: credentials.map((credential) => credential.qualifiedName),
        credential_types: credentials.map((credential) => credential.fields.type),
        credential_identities: credentials.map((credential) => credential.fields.identity),
        credentials: credentials.map(shownRequest),
        additional_info: credentials.map(() => ({})),
        info: {},
      };
    }),
  ]);
}
