import { KineticaError } from './kinetica-error.js';

const SUPPORTED_CONTENT_TYPES = 'application/json, application/octet-stream or application/x-snappy';

/** Errors of the wire protocol: transport, encodings and request shape. */
export const wireErrors = {
  unsupportedContentType: (contentType: string | undefined) =>
    new KineticaError(
      contentType
        ? `Unsupported Content-type '${contentType}': send ${SUPPORTED_CONTENT_TYPES}`
        : `Missing Content-type header: send ${SUPPORTED_CONTENT_TYPES}`,
    ),
  methodNotAllowed: (method: string, path: string) =>
    new KineticaError(
      `Method ${method} is not allowed on '${path}': Kinetica endpoints take POST`,
      405,
    ),
  unknownUri: (path: string) =>
    new KineticaError(
      `Unknown URI: '${path}' is not a Kinetica endpoint (GET /_mock/endpoints lists them)`,
    ),
  notEmulated: (endpoint: string) =>
    new KineticaError(
      `Endpoint '${endpoint}' is a Kinetica endpoint that kinetica-mock does not emulate yet ` +
        `(GET /_mock/endpoints lists the emulated ones)`,
    ),
  bodyTooLarge: (limit: number) =>
    new KineticaError(
      `Request body is larger than the limit of ${limit} bytes: send a smaller batch, ` +
        `or raise the limit with --body-limit (KINETICA_MOCK_BODY_LIMIT)`,
    ),
  emptyBody: (record: string) =>
    new KineticaError(`Request body is empty: expected a ${record} record`),
  malformedJson: (detail: string) =>
    new KineticaError(`Malformed JSON body: ${detail}`),
  jsonTooDeep: (maxDepth: number, offset: number) =>
    new KineticaError(
      `Malformed JSON body: it nests deeper than ${maxDepth} levels (at character ${offset}); ` +
        `Kinetica request records nest a few levels, so send the record's fields as the endpoint's schema has them`,
    ),
  jsonNotObject: (record: string, got: string) =>
    new KineticaError(`JSON body must be an object (a ${record} record), got ${got}`),
  undecodableAvro: (record: string, detail: string) =>
    new KineticaError(`Cannot decode the Avro binary body as a ${record} record: ${detail}`),
  badSnappy: (detail: string) =>
    new KineticaError(
      `Cannot uncompress the application/x-snappy body: ${detail} (expected a raw Snappy block of the Avro binary)`,
    ),
  missingField: (record: string, field: string, expected: string) =>
    new KineticaError(`Missing required field '${field}' (${expected}) in ${record}`),
  unknownField: (record: string, field: string, fields: string[]) =>
    new KineticaError(
      `Unknown field '${field}' in ${record}; its fields are: ${fields.join(', ')}`,
    ),
  wrongFieldType: (record: string, field: string, expected: string, got: string) =>
    new KineticaError(`Field '${field}' of ${record} must be ${expected}, got ${got}`),
  badUrl: (detail: string) =>
    new KineticaError(`Malformed URL: ${detail}; percent-encode the path's characters as UTF-8`),
  requestHeadTooLarge: (limit: number) =>
    new KineticaError(
      `Request head is larger than ${limit} bytes (the URL and headers together): send long values in the body, not in the URL or a header`,
    ),
  requestTimedOut: () =>
    new KineticaError(
      'Request did not arrive in time: a client must send its head within --headers-timeout and the whole request within --request-timeout; the connection is closed',
      408,
    ),
  malformedHttp: (detail: string) => new KineticaError(`Malformed HTTP request: ${detail}; the connection is closed`),
  badRequestHeader: (detail: string) => new KineticaError(`Bad request: ${detail}`),
  internal: (detail: string) =>
    new KineticaError(
      `kinetica-mock internal error: ${detail}. This is a bug in the emulator; please report it with the request`,
    ),
} as const;
