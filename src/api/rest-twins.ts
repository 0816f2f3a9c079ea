/**
 * The REST twins the SQL layer runs statements on (src/sql/twins.ts): each statement builds the
 * request record of the endpoint it maps to and calls that endpoint's handler, after the
 * endpoint's own access rule when authentication is on, exactly as the wire plugin would. The
 * definitions called are the plain ones, without faults: the journal and the faults see the
 * /execute/sql request a client sent, not the calls it makes inside (docs/architecture.md).
 */
import { authorize } from '../catalog/security/guard.js';
import type { EmulatorContext, EmulatorEndpoint } from '../emulator/endpoints.js';
import type { RestTwins } from '../sql/twins.js';
import { checkResponse, codecOf } from '../wire/codec.js';
import type { EndpointPath, RequestOf, ResponseOf } from '../wire/registry.js';

export function restTwins(definitions: readonly EmulatorEndpoint[]): RestTwins {
  const byPath = new Map(definitions.map((definition) => [definition.path, definition]));
  return {
    async call<P extends EndpointPath>(path: P, request: RequestOf<P>, outer: EmulatorContext): Promise<ResponseOf<P>> {
      const definition = byPath.get(path);
      if (!definition) throw new Error(`The SQL layer calls ${path}, which is not emulated`);
      const { emulator } = outer;
      if (emulator.settings.auth) authorize(emulator.catalog, definition.access as never, request, outer.user);
      const context: EmulatorContext = { ...outer, endpoint: path, notes: {} };
      const response = (await definition.handler(request as never, context)) as ResponseOf<P>;
      checkResponse(codecOf(path), response);
      // What the endpoint noted (in loose mode, the option keys it ignored) goes to the SQL response.
      for (const [key, value] of Object.entries(context.notes)) {
        const before = outer.notes[key];
        outer.notes[key] = key === 'ignored_options' && before ? [...new Set([...before.split(','), ...value.split(',')])].join(',') : value;
      }
      return response;
    },
  };
}
