/**
 * How SQL statements reach their REST twins: each statement builds the request record of the
 * endpoint it maps to and calls that endpoint's handler, after the endpoint's own access rule when
 * authentication is on, exactly as the wire plugin would. Behaviour, errors and permissions are
 * therefore those of the REST endpoint. The definitions are handed over when the endpoint list is
 * built (src/api/index.ts); nothing is kept at module level.
 */
import type { Emulator } from '../emulator.js';
import { authorize } from '../catalog/security/guard.js';
import { checkResponse, codecOf } from '../wire/codec.js';
import type { EndpointDefinition, EndpointPath, RequestContext, RequestOf, ResponseOf } from '../wire/registry.js';

export class Gateway {
  private readonly byPath: ReadonlyMap<string, EndpointDefinition>;

  constructor(
    private readonly emulator: Emulator,
    definitions: readonly EndpointDefinition[],
  ) {
    this.byPath = new Map(definitions.map((definition) => [definition.path, definition]));
  }

  /** One call of a REST endpoint on behalf of the SQL request. */
  async call<P extends EndpointPath>(path: P, request: RequestOf<P>, outer: RequestContext): Promise<ResponseOf<P>> {
    const definition = this.byPath.get(path);
    if (!definition) throw new Error(`The SQL layer calls ${path}, which is not emulated`);
    if (this.emulator.config.auth) authorize(this.emulator.catalog, definition, request, outer.user);
    const context: RequestContext = { ...outer, endpoint: path, notes: {} };
    const response = (await definition.handler(request as never, context)) as ResponseOf<P>;
    checkResponse(codecOf(path), response);
    // What the endpoint noted (in loose mode, the option keys it ignored) goes to the SQL response.
    for (const [key, value] of Object.entries(context.notes)) {
      const before = outer.notes[key];
      outer.notes[key] = key === 'ignored_options' && before ? [...new Set([...before.split(','), ...value.split(',')])].join(',') : value;
    }
    return response;
  }
}
