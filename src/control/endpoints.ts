/**
 * Parity with Kinetica (GET /_mock/endpoints): every endpoint of Kinetica's schema list, with
 * whether this emulator answers it. docs/parity.md is rendered from the same answer
 * (`npm run gen:parity`), and a test fails when the file and the route disagree.
 */
import { endpointSchemas } from '../wire/schemas.js';

export interface EndpointInfo {
  path: string;
  emulated: boolean;
  /** Kinetica's request and response record names. */
  request: string;
  response: string;
}

export interface EndpointList {
  total: number;
  emulated: number;
  endpoints: EndpointInfo[];
  /**
   * Kinetica endpoints that have no Avro schema (their options come in the query string and their
   * records as raw JSON: /insert/records/json, /get/records/json) and that the emulator answers.
   */
  json_endpoints: string[];
}

export function listEndpoints(emulated: ReadonlySet<string>, jsonEndpoints: readonly string[] = []): EndpointList {
  const endpoints = [...endpointSchemas.values()]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((schema) => ({
      path: schema.path,
      emulated: emulated.has(schema.path),
      request: schema.request.name,
      response: schema.response.name,
    }));
  return { total: endpoints.length, emulated: endpoints.filter((each) => each.emulated).length, endpoints, json_endpoints: [...jsonEndpoints] };
}

/** The endpoint family: the first part of the path (`/create/backup` -> `create`). */
function familyOf(path: string): string {
  return path.split('/')[1] ?? '';
}

/** docs/parity.md, from the answer of GET /_mock/endpoints. */
export function renderParity(list: EndpointList): string {
  const families = new Map<string, { total: number; emulated: number }>();
  for (const each of list.endpoints) {
    const counts = families.get(familyOf(each.path)) ?? { total: 0, emulated: 0 };
    counts.total++;
    if (each.emulated) counts.emulated++;
    families.set(familyOf(each.path), counts);
  }
  return [
    '# Parity with Kinetica',
    '',
    '<!-- Generated from GET /_mock/endpoints by `npm run gen:parity`; test/control/parity.test.ts fails when it is stale. Do not edit by hand. -->',
    '',
    `kinetica-mock emulates **${list.emulated}** of the **${list.total}** endpoints of Kinetica's REST API ` +
      '(the endpoint list of the Avro schemas in `src/wire/avro-schemas.json`). The others answer an ERROR ' +
      'envelope saying they are not emulated.',
    '',
    '## By family',
    '',
    '| family | emulated | endpoints |',
    '|---|---|---|',
    ...[...families].sort(([a], [b]) => a.localeCompare(b)).map(([name, counts]) => `| \`/${name}\` | ${counts.emulated} | ${counts.total} |`),
    '',
    '## JSON-only endpoints',
    '',
    'Kinetica also has endpoints outside the Avro schemas, which take their table and options in the query string ' +
      'and answer a JSON object whose `data` is an object. kinetica-mock emulates ' +
      (list.json_endpoints.length > 0 ? list.json_endpoints.map((path) => `\`${path}\``).join(' and ') : 'none of them') +
      ' (see the README).',
    '',
    '## Every endpoint',
    '',
    '| endpoint | emulated |',
    '|---|---|',
    ...list.endpoints.map((each) => `| \`${each.path}\` | ${each.emulated ? 'yes' : 'no'} |`),
    '',
  ].join('\n');
}
