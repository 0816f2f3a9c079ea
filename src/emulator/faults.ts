/**
 * Fault injection (POST|GET|DELETE /_mock/faults): requests to an endpoint, optionally only those
 * whose request fields have given values, fail with a given message and HTTP status, or wait
 * before they are answered, a number of times or with a probability drawn from a seeded
 * generator (the same seed fires on the same requests on every run).
 *
 * Faults act inside the endpoint's handler, after the request is decoded and authorized, so they
 * can look at its fields and the answer is a real Kinetica ERROR envelope. When no fault is set
 * the cost per request is one comparison.
 */
import { KineticaError } from '../errors/kinetica-error.js';
import { mulberry32 } from '../seeded-random.js';
import { isKineticaEndpoint } from '../wire/registry.js';
import { ControlError } from '../errors/control-error.js';

export interface FaultSpec {
  /** The Kinetica endpoint, as in the journal: `/create/backup`. */
  endpoint: string;
  /**
   * Request fields that must have these values for the fault to apply: `{ "backup_name": "nightly" }`;
   * a dotted name reaches into a map: `{ "options.checksum": "true" }`. Values compare as text.
   */
  match?: Record<string, string | number | boolean>;
  /** Fail with this message (default `Injected fault on <endpoint>` when httpStatus is given). */
  message?: string;
  /** Fail with this HTTP status, 400 to 599 (default 400 when message is given). */
  httpStatus?: number;
  /** Wait this long (milliseconds, up to 300000) before answering, or before failing. */
  delayMs?: number;
  /** Apply this many times, then stop (default: every time). */
  times?: number;
  /** Apply to each matching request with this probability, 0 to 1 (default 1). */
  probability?: number;
  /** Seed of the probability draws (default 1): the same seed picks the same requests. */
  seed?: number;
}

export interface FaultView {
  id: number;
  endpoint: string;
  match: Record<string, string>;
  message: string | null;
  httpStatus: number | null;
  delayMs: number;
  times: number | null;
  probability: number;
  seed: number;
  /** Matching requests seen (whether or not the draw applied the fault). */
  matched: number;
  /** Times the fault was applied. */
  fired: number;
  /** Applications left (null: unlimited). */
  remaining: number | null;
  active: boolean;
}

const MAX_DELAY_MS = 300_000;
const SPEC_KEYS = ['endpoint', 'match', 'message', 'httpStatus', 'delayMs', 'times', 'probability', 'seed'];

class Fault {
  matched = 0;
  fired = 0;
  private random: () => number;

  constructor(
    readonly id: number,
    readonly endpoint: string,
    readonly match: [path: string[], value: string][],
    readonly message: string | undefined,
    readonly httpStatus: number | undefined,
    readonly delayMs: number,
    readonly times: number | undefined,
    readonly probability: number,
    readonly seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  get active(): boolean {
    return this.times === undefined || this.fired < this.times;
  }

  get fails(): boolean {
    return this.message !== undefined || this.httpStatus !== undefined;
  }

  matches(endpoint: string, request: unknown): boolean {
    if (endpoint !== this.endpoint || !this.active) return false;
    return this.match.every(([path, expected]) => {
      let value: unknown = request;
      for (const part of path) {
        if (value === null || typeof value !== 'object') return false;
        value = value instanceof Map ? value.get(part) : (value as Record<string, unknown>)[part];
      }
      return (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && String(value) === expected;
    });
  }

  /** Called for a matching request: true when the draw applies the fault (and counts it). */
  draw(): boolean {
    this.matched++;
    if (this.probability < 1 && this.random() >= this.probability) return false;
    this.fired++;
    return true;
  }

  view(): FaultView {
    return {
      id: this.id,
      endpoint: this.endpoint,
      match: Object.fromEntries(this.match.map(([path, value]) => [path.join('.'), value])),
      message: this.fails ? this.errorMessage() : null,
      httpStatus: this.fails ? (this.httpStatus ?? 400) : null,
      delayMs: this.delayMs,
      times: this.times ?? null,
      probability: this.probability,
      seed: this.seed,
      matched: this.matched,
      fired: this.fired,
      remaining: this.times === undefined ? null : this.times - this.fired,
      active: this.active,
    };
  }

  errorMessage(): string {
    return this.message ?? `Injected fault on ${this.endpoint}`;
  }
}

export class Faults {
  private list: Fault[] = [];
  private lastId = 0;
  /** Faults that can still apply; the wire path looks at nothing else when it is 0. */
  private live = 0;

  /** Checks a spec and adds the fault; throws a ControlError naming the problem. */
  add(spec: unknown, emulated: (endpoint: string) => boolean): FaultView {
    const fault = this.parse(spec, emulated);
    this.list.push(fault);
    this.recount();
    return fault.view();
  }

  views(): FaultView[] {
    return this.list.map((fault) => fault.view());
  }

  get(id: number): FaultView | undefined {
    return this.list.find((fault) => fault.id === id)?.view();
  }

  remove(id: number): boolean {
    const before = this.list.length;
    this.list = this.list.filter((fault) => fault.id !== id);
    this.recount();
    return this.list.length < before;
  }

  clear(): number {
    const removed = this.list.length;
    this.list = [];
    this.live = 0;
    return removed;
  }

  /**
   * Runs a handler under the faults: with no live fault it calls the handler straight away;
   * otherwise the first live fault that matches the request may delay it, fail it, or both.
   * Endpoints and query routes reach it through withFaults (src/emulator/endpoints.ts).
   */
  run<C, T>(path: string, request: unknown, context: C, handler: (request: never, context: C) => T): T | Promise<T> {
    if (this.live === 0) return handler(request as never, context);
    return this.apply(path, request as never, context, handler) as T | Promise<T>;
  }

  private apply<C>(path: string, request: never, context: C, handler: (request: never, context: C) => unknown): unknown {
    const fault = this.list.find((candidate) => candidate.matches(path, request));
    if (!fault || !fault.draw()) return handler(request, context);
    if (!fault.active) this.recount();
    const act = () => {
      if (fault.fails) throw new KineticaError(fault.errorMessage(), fault.httpStatus ?? 400);
      return handler(request, context);
    };
    if (fault.delayMs === 0) return act();
    return new Promise((resolve) => setTimeout(resolve, fault.delayMs)).then(act);
  }

  private recount(): void {
    this.live = this.list.filter((fault) => fault.active).length;
  }

  private parse(spec: unknown, emulated: (endpoint: string) => boolean): Fault {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new ControlError('A fault must be a JSON object');
    const given = spec as Record<string, unknown>;
    const unknown = Object.keys(given).filter((key) => !SPEC_KEYS.includes(key));
    if (unknown.length > 0) throw new ControlError(`Unknown fault field '${unknown[0]}'; the fields are: ${SPEC_KEYS.join(', ')}`);

    const endpoint = given.endpoint;
    if (typeof endpoint !== 'string' || endpoint === '') throw new ControlError("A fault needs 'endpoint', the Kinetica endpoint it applies to (e.g. /create/backup)");
    // emulated() also knows the JSON-only endpoints (/insert/records/json...), which have no Avro schema.
    if (!emulated(endpoint) && !isKineticaEndpoint(endpoint)) {
      throw new ControlError(`'${endpoint}' is not a Kinetica endpoint (GET /_mock/endpoints lists them)`);
    }
    if (!emulated(endpoint)) throw new ControlError(`'${endpoint}' is not emulated, so no request reaches it to fail (GET /_mock/endpoints lists the emulated ones)`);

    const match: [string[], string][] = [];
    if (given.match !== undefined) {
      if (given.match === null || typeof given.match !== 'object' || Array.isArray(given.match)) {
        throw new ControlError("'match' must be an object of request fields and values, e.g. {\"backup_name\": \"nightly\"}");
      }
      for (const [field, value] of Object.entries(given.match as Record<string, unknown>)) {
        if (!['string', 'number', 'boolean'].includes(typeof value)) {
          throw new ControlError(`'match.${field}' must be a string, number or boolean`);
        }
        if (field.trim() === '' || field.split('.').some((part) => part === '')) throw new ControlError(`'match' has an invalid field name '${field}'`);
        match.push([field.split('.'), String(value)]);
      }
    }

    const message = optional(given, 'message', (value) => (typeof value === 'string' && value !== '' ? value : undefined), 'a non-empty string');
    const httpStatus = optional(given, 'httpStatus', (value) => (isInteger(value) && value >= 400 && value <= 599 ? value : undefined), 'an HTTP error status from 400 to 599');
    const delayMs = optional(given, 'delayMs', (value) => (isInteger(value) && value >= 0 && value <= MAX_DELAY_MS ? value : undefined), `a number of milliseconds from 0 to ${MAX_DELAY_MS}`) ?? 0;
    const times = optional(given, 'times', (value) => (isInteger(value) && value >= 1 ? value : undefined), 'a whole number of 1 or more');
    const probability = optional(given, 'probability', (value) => (typeof value === 'number' && value > 0 && value <= 1 ? value : undefined), 'a number above 0 and at most 1') ?? 1;
    const seed = optional(given, 'seed', (value) => (isInteger(value) && value >= 0 && value <= 0xffffffff ? value : undefined), 'a whole number from 0 to 4294967295') ?? 1;

    if (message === undefined && httpStatus === undefined && delayMs === 0) {
      throw new ControlError("A fault needs 'message' and/or 'httpStatus' (to fail the request) or 'delayMs' (to delay it)");
    }
    return new Fault(++this.lastId, endpoint, match, message, httpStatus, delayMs, times, probability, seed);
  }
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function optional<T>(given: Record<string, unknown>, key: string, read: (value: unknown) => T | undefined, expected: string): T | undefined {
  if (given[key] === undefined) return undefined;
  const value = read(given[key]);
  if (value === undefined) throw new ControlError(`'${key}' must be ${expected}, got ${JSON.stringify(given[key])}`);
  return value;
}
