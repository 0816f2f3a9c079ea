/**
 * Request verification (POST /_mock/verify, mock.verify() in process), as WireMock and
 * MockServer offer it: how many journaled requests to an endpoint match a partial record (and an
 * answer status), against an exact count or bounds. When the count does not hold, the answer is an
 * account written for a test failure: what was expected, what the journal holds, and the requests
 * that came nearest with the fields that differed.
 */
import { ControlError } from '../errors/control-error.js';
import type { Journal, JournalEntry } from '../emulator/journal.js';

/** How deep `match` may nest objects and lists (a top-level field's value is level 1). */
export const MAX_MATCH_DEPTH = 8;
/** How many values `match` may hold in all, nested ones and list items included. */
export const MAX_MATCH_VALUES = 1000;
/** The longest string `match` may hold. */
export const MAX_MATCH_TEXT = 65_536;
/** Requests shown as nearest in a failed verification. */
export const MAX_NEAREST = 3;
/** Matching requests named in the account when too many matched. */
const MAX_NAMED = 10;
/** Differences named per request in the account (the body has them all). */
const MAX_DIFFERENCES_TOLD = 5;
/** Characters of a value shown in the account. */
const MAX_TOLD = 80;
/** Characters of a string value kept in the 409 body's differences. */
const MAX_SHOWN = 1000;

const SPEC_KEYS = ['endpoint', 'match', 'status', 'count', 'atLeast', 'atMost'];
const SPEC_EXAMPLE = '{"endpoint": "/create/backup", "match": {"backup_type": "incremental"}, "count": 2}';

/** What to verify: requests to `endpoint` whose record matches `match` (and answered `status`), how many. */
export interface VerifySpec {
  /** The Kinetica endpoint, as the journal names it (`/create/backup`), or `procedure_run`. */
  endpoint: string;
  /**
   * Request fields and the values they must have. Objects match partially (the request may have
   * more keys), everything else exactly, lists included. A dotted name at the top level reaches
   * into a map: `"options.checksum"` is `{"options": {"checksum": ...}}`.
   */
  match?: Record<string, unknown>;
  /** Only requests answered OK, or only those answered ERROR. */
  status?: 'OK' | 'ERROR';
  /** Exactly this many (not with atLeast or atMost). */
  count?: number;
  /** At least this many; with none of count, atLeast and atMost, at least 1. */
  atLeast?: number;
  /** At most this many. */
  atMost?: number;
}

/** The answer when the count holds (HTTP 200). */
export interface VerifyResult {
  verified: true;
  /** Requests that matched. */
  matched: number;
  /** The count asked for, in words: `exactly 2`, `at least 1`, `at most 0`, `between 1 and 3`. */
  expected: string;
  /** Only when the journal dropped requests to the endpoint and the spec has an upper bound: more may have matched. */
  note?: string;
}

/** A field of a near request that differed from the match. */
export interface Difference {
  /** The field's path (`backup_type`, `options.checksum`); `status` for the answer's status. */
  field: string;
  expected: unknown;
  /** The request's value (a string over 1,000 characters cut short); null when `missing`. */
  actual: unknown;
  /** The request has no such field. */
  missing?: true;
}

/** A request to the endpoint that did not match, with what differed. */
export interface NearRequest {
  /** Its id in the journal (GET /_mock/requests). */
  id: number;
  endpoint: string;
  /** When it was answered (ISO 8601, machine time). */
  at: string;
  /** json, binary or snappy (`none` for a procedure run). */
  encoding: string;
  status: 'OK' | 'ERROR';
  differences: Difference[];
}

/** The answer when the count does not hold (HTTP 409). */
export interface VerifyFailure {
  /** The account: what was expected, what the journal holds, the nearest requests. */
  error: string;
  verified: false;
  matched: number;
  expected: string;
  /** Requests to the endpoint in the journal, matching or not. */
  received: number;
  /** Up to 3 requests to the endpoint that did not match, fewest differences first (then oldest first); empty when too many matched. */
  nearest: NearRequest[];
}

/** A verification that did not hold: a ControlError of status 409 whose message is the account and whose `body` is the 409 answer. */
export class VerificationError extends ControlError {
  constructor(readonly body: VerifyFailure) {
    super(body.error, 409);
    this.name = 'VerificationError';
  }
}

/** One condition of a match: the value at `path` in the request record. */
interface Condition {
  path: string[];
  /** A plain value or list, compared exactly; an empty object, which any object matches. */
  expected: unknown;
}

/** A spec, checked. */
export interface CheckedSpec {
  endpoint: string;
  conditions: Condition[];
  status: 'OK' | 'ERROR' | undefined;
  min: number;
  /** Infinity without an upper bound. */
  max: number;
  expected: string;
}

/**
 * Checks a spec as sent (JSON, or an object in process) and turns it into conditions. `isEndpoint`
 * says whether a path is one the journal can hold. Throws a ControlError (400) naming the problem.
 */
export function checkVerifySpec(spec: unknown, isEndpoint: (path: string) => boolean, endpointNames: () => Iterable<string> = () => []): CheckedSpec {
  if (!isPlainObject(spec)) throw new ControlError(`The verify spec must be a JSON object, such as ${SPEC_EXAMPLE}`);
  // An undefined property is an absent one, as it would be once sent as JSON.
  const given = Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined));
  const unknown = Object.keys(given).find((key) => !SPEC_KEYS.includes(key));
  if (unknown !== undefined) {
    throw new ControlError(`Unknown verify field ${told(unknown)}; the fields are: ${SPEC_KEYS.join(', ')} (for example ${SPEC_EXAMPLE})`);
  }

  const endpoint = given.endpoint;
  if (typeof endpoint !== 'string' || endpoint === '') {
    throw new ControlError(`'endpoint' is required: the Kinetica endpoint whose requests to count, such as "/create/backup" (got ${describe(endpoint)})`);
  }
  if (!isEndpoint(endpoint)) {
    const near = closest(endpoint, endpointNames());
    throw new ControlError(
      `'endpoint' ${JSON.stringify(endpoint)} is not a Kinetica endpoint${near ? `; did you mean ${JSON.stringify(near)}?` : ''} ` +
        '(GET /_mock/endpoints lists them; procedure_run counts SQL procedure runs)',
    );
  }

  const status = given.status;
  if (status !== undefined && status !== 'OK' && status !== 'ERROR') {
    throw new ControlError(`'status' must be "OK" or "ERROR" (the answer's status), got ${describe(status)}`);
  }

  for (const key of ['count', 'atLeast', 'atMost']) {
    const value = given[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
      throw new ControlError(`'${key}' must be a whole number of 0 or more, got ${describe(value)}`);
    }
  }
  const count = given.count as number | undefined;
  const atLeast = given.atLeast as number | undefined;
  const atMost = given.atMost as number | undefined;
  if (count !== undefined && (atLeast !== undefined || atMost !== undefined)) {
    throw new ControlError(`'count' cannot go with '${atLeast !== undefined ? 'atLeast' : 'atMost'}': give an exact 'count', or 'atLeast' and/or 'atMost'`);
  }
  if (atLeast !== undefined && atMost !== undefined && atLeast > atMost) {
    throw new ControlError(`'atLeast' (${atLeast}) is above 'atMost' (${atMost}): no number of requests is both; swap them`);
  }
  let min: number;
  let max: number;
  let expected: string;
  if (count !== undefined) [min, max, expected] = [count, count, `exactly ${count}`];
  else if (atLeast !== undefined && atMost !== undefined) [min, max, expected] = [atLeast, atMost, `between ${atLeast} and ${atMost}`];
  else if (atMost !== undefined) [min, max, expected] = [0, atMost, `at most ${atMost}`];
  else [min, max, expected] = [atLeast ?? 1, Infinity, `at least ${atLeast ?? 1}`];

  const conditions = given.match === undefined ? [] : compileMatch(given.match);
  return { endpoint, conditions, status: status as 'OK' | 'ERROR' | undefined, min, max, expected };
}

/** The match's conditions, one per leaf; refuses what is not JSON data, and what is too deep or too big. */
function compileMatch(match: unknown): Condition[] {
  if (!isPlainObject(match)) {
    throw new ControlError(`'match' must be an object of request fields and the values they must have, such as {"backup_type": "incremental"}; got ${describe(match)}`);
  }
  const conditions: Condition[] = [];
  const seen = new Set<string>();
  let values = 0;

  const check = (value: unknown, path: string[], depth: number): void => {
    const where = `'match.${path.join('.')}'`;
    if (++values > MAX_MATCH_VALUES) throw new ControlError(`'match' holds more than ${MAX_MATCH_VALUES} values: verify on fewer fields`);
    if (depth > MAX_MATCH_DEPTH) throw new ControlError(`${where} nests deeper than ${MAX_MATCH_DEPTH} levels: match on a shallower field`);
    if (value === null || typeof value === 'boolean') return;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ControlError(`${where} must be a finite number, got ${String(value)}`);
      return;
    }
    if (typeof value === 'string') {
      if (value.length > MAX_MATCH_TEXT) throw new ControlError(`${where} is a string of ${value.length} characters; at most ${MAX_MATCH_TEXT} are allowed`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => check(item, [...path.slice(0, -1), `${path[path.length - 1]}[${index}]`], depth + 1));
      return;
    }
    if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) check(item, [...path, key], depth + 1);
      return;
    }
    throw new ControlError(`${where} must be a string, number, boolean, null, list or object, got ${describe(value)}`);
  };

  const add = (value: unknown, path: string[], depth: number): void => {
    if (containsOf(value) !== undefined) {
      const text = (value as Record<string, unknown>)[CONTAINS];
      if (typeof text !== 'string' || text === '') {
        throw new ControlError(`'match.${path.join('.')}.${CONTAINS}' must be a non-empty string, the text the field must contain; got ${describe(text)}`);
      }
    } else if (isPlainObject(value) && Object.keys(value).length > 0) {
      values++;
      if (depth > MAX_MATCH_DEPTH) throw new ControlError(`'match.${path.join('.')}' nests deeper than ${MAX_MATCH_DEPTH} levels: match on a shallower field`);
      // Keys inside an object are literal, dots included (a map's keys may have them).
      for (const [key, item] of Object.entries(value)) {
        if (key === '') throw new ControlError(`'match.${path.join('.')}' has an empty key`);
        add(item, [...path, key], depth + 1);
      }
      return;
    }
    check(value, path, depth);
    const id = JSON.stringify(path);
    if (seen.has(id)) throw new ControlError(`'match' gives '${path.join('.')}' twice (once as a dotted name, once nested): give it once`);
    seen.add(id);
    conditions.push({ path, expected: value });
  };

  for (const [name, value] of Object.entries(match)) {
    // A dotted name at the top level is a path (record field names never have dots), as in a fault's match.
    const path = name.split('.');
    if (path.some((part) => part === '')) throw new ControlError(`'match' has an invalid field name ${JSON.stringify(name)}: give a field (backup_type) or a dotted path (options.checksum)`);
    if (value === undefined) throw new ControlError(`'match.${name}' is undefined: give the value the field must have`);
    add(value, path, path.length);
  }
  return conditions;
}

/** The differences between a journaled request and the spec; none when it matches. */
export function differencesOf(entry: JournalEntry, spec: CheckedSpec): Difference[] {
  const differences: Difference[] = [];
  for (const { path, expected } of spec.conditions) {
    const found = lookup(entry.request, path);
    if (!found.present) differences.push({ field: path.join('.'), expected, actual: null, missing: true });
    else if (!matches(expected, found.value)) differences.push({ field: path.join('.'), expected, actual: shown(found.value) });
  }
  if (spec.status !== undefined && entry.status !== spec.status) differences.push({ field: 'status', expected: spec.status, actual: entry.status });
  return differences;
}

/** Counts the journal's requests that match a checked spec: the 200 answer, or a VerificationError (409) with the account. */
export function verifyJournal(journal: Journal, spec: CheckedSpec): VerifyResult {
  const received = journal.entries({ endpoint: spec.endpoint });
  const matching: JournalEntry[] = [];
  const missed: { entry: JournalEntry; differences: Difference[] }[] = [];
  for (const entry of received) {
    const differences = differencesOf(entry, spec);
    if (differences.length === 0) matching.push(entry);
    else missed.push({ entry, differences });
  }
  const matched = matching.length;
  const dropped = journal.dropped(spec.endpoint);
  if (journal.enabled && matched >= spec.min && matched <= spec.max) {
    const result: VerifyResult = { verified: true, matched, expected: spec.expected };
    if (dropped > 0 && spec.max !== Infinity) result.note = droppedNote(journal, spec.endpoint, dropped);
    return result;
  }

  // Fewest differences first; the sort is stable, so ties stay in the journal's order (oldest first).
  const nearest = matched < spec.min
    ? missed
        .sort((a, b) => a.differences.length - b.differences.length)
        .slice(0, MAX_NEAREST)
        .map(({ entry, differences }) => ({ id: entry.id, endpoint: entry.endpoint, at: entry.time, encoding: entry.encoding, status: entry.status, differences }))
    : [];

  const lines: string[] = [];
  const wanted = `Expected ${spec.expected} ${plural(lastNumber(spec.expected), 'request')} to ${spec.endpoint}${conditionsText(spec)}`;
  if (!journal.enabled) {
    lines.push(
      `${wanted}, but the journal is off (journal size 0): no request is recorded, so none can be verified.`,
      'Start the emulator with a journal (--journal-size above 0, KINETICA_MOCK_JOURNAL_SIZE, or journalSize in startMock()).',
    );
  } else {
    lines.push(`${wanted}, but ${matched === 0 ? 'none' : matched} matched.`);
    lines.push(receivedText(journal, spec.endpoint, received.length));
    if (matched > spec.max) {
      const named = matching.slice(0, MAX_NAMED).map((entry) => `#${entry.id} at ${entry.time}`);
      lines.push(`Matching requests: ${named.join(', ')}${matched > MAX_NAMED ? `, and ${matched - MAX_NAMED} more` : ''}.`);
    }
    if (nearest.length > 0) {
      lines.push('Nearest requests that did not match (fewest differences first):');
      for (const near of nearest) {
        const entry = received.find((each) => each.id === near.id)!;
        const answered = near.status === 'OK' ? 'answered OK' : `answered ERROR (${told(entry.message)})`;
        const undecoded = entry.request === null ? ', its body not decoded' : '';
        lines.push(`  #${near.id} at ${near.at} (${near.encoding}), ${answered}${undecoded}: ${differencesText(near.differences)}`);
      }
    }
    if (dropped > 0) {
      lines.push(
        `The journal keeps the last ${journal.capacity} requests and has dropped ${dropped} older ${plural(dropped, 'request')} to ${spec.endpoint} since it was last emptied, so the count may be short.`,
      );
    }
  }
  throw new VerificationError({ error: lines.join('\n'), verified: false, matched, expected: spec.expected, received: received.length, nearest });
}

/** Checks a spec and verifies it against a journal (ControlPlane.verify). */
export function verifyRequests(
  journal: Journal,
  spec: unknown,
  isEndpoint: (path: string) => boolean,
  endpointNames: () => Iterable<string> = () => [],
): VerifyResult {
  return verifyJournal(journal, checkVerifySpec(spec, isEndpoint, endpointNames));
}

// -------------------------------------------------------------------------------------------------
// Matching

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** The value at a path of a record: only through objects (lists are compared whole). */
function lookup(record: unknown, path: string[]): { present: boolean; value?: unknown } {
  let current = record;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return { present: false };
    current = current[key];
  }
  return { present: true, value: current };
}

/** The operator that matches a string field by a part of it: `{"statement": {"$contains": "BACKUP"}}`. */
const CONTAINS = '$contains';

/** The text of a `{"$contains": text}` condition, or undefined for any other value. */
function containsOf(value: unknown): unknown {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === CONTAINS ? value[CONTAINS] : undefined;
}

/**
 * An empty object matches any object; `{"$contains": text}` a string holding the text (case
 * counts; no patterns, so no request can make matching slow); anything else must be equal (lists
 * and objects in lists exactly).
 */
function matches(expected: unknown, actual: unknown): boolean {
  const part = containsOf(expected);
  if (typeof part === 'string') return typeof actual === 'string' && actual.includes(part);
  if (isPlainObject(expected) && Object.keys(expected).length === 0) return isPlainObject(actual);
  return equal(expected, actual);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => equal(item, b[index]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]));
  }
  return false;
}

// -------------------------------------------------------------------------------------------------
// The account

/** A value for the 409 body: long strings cut (the journal has them whole). */
function shown(value: unknown): unknown {
  return typeof value === 'string' && value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}… (${value.length} characters)` : value;
}

/** A value for the account's text: JSON, cut short. */
function told(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_TOLD ? `${text.slice(0, MAX_TOLD)}…` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return `a ${typeof value}`;
  return told(value);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function lastNumber(text: string): number {
  return Number(/(\d+)$/.exec(text)?.[1] ?? 0);
}

function conditionsText(spec: CheckedSpec): string {
  const parts = spec.conditions.map(({ path, expected }) => {
    const part = containsOf(expected);
    if (typeof part === 'string') return `${path.join('.')} containing ${told(part)}`;
    return isPlainObject(expected) ? `${path.join('.')} an object` : `${path.join('.')} = ${told(expected)}`;
  });
  const status = spec.status === undefined ? '' : ` answered ${spec.status}`;
  return `${parts.length > 0 ? ` with ${parts.join(' and ')}` : ''}${status}`;
}

function differencesText(differences: Difference[]): string {
  const told_ = differences.slice(0, MAX_DIFFERENCES_TOLD).map(({ field, expected, actual, missing }) => {
    if (missing) return `${field}: expected ${told(expected)}, but the request has no such field`;
    if (isPlainObject(expected) && Object.keys(expected).length === 0) return `${field}: expected an object, got ${told(actual)}`;
    // The same text in another type ("true" and true) is the likeliest slip: say so.
    const types = typeof expected !== typeof actual && String(expected) === String(actual) ? ` (${kindOf(expected)} expected, ${kindOf(actual)} sent)` : '';
    return `${field}: expected ${told(expected)}, got ${told(actual)}${types}`;
  });
  const more = differences.length - told_.length;
  return told_.join('; ') + (more > 0 ? `; and ${more} more (see nearest in the answer)` : '');
}

/** What the journal holds: requests to the endpoint, and when none, to which others. */
function receivedText(journal: Journal, endpoint: string, received: number): string {
  const total = journal.count;
  if (total === 0) return 'The journal is empty (a reset or DELETE /_mock/requests empties it).';
  if (received > 0) return `The journal holds ${received} ${plural(received, 'request')} to ${endpoint} (${total} in all).`;
  const counts = new Map<string, number>();
  for (const entry of journal.entries()) counts.set(entry.endpoint, (counts.get(entry.endpoint) ?? 0) + 1);
  const others = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const listed = others.slice(0, 5).map(([name, n]) => `${name} (${n})`);
  return `The journal holds no request to ${endpoint}; it holds ${total} to other endpoints: ${listed.join(', ')}${others.length > 5 ? `, and ${others.length - 5} more` : ''}.`;
}

function droppedNote(journal: Journal, endpoint: string, dropped: number): string {
  return `The journal keeps the last ${journal.capacity} requests and has dropped ${dropped} older ${plural(dropped, 'request')} to ${endpoint} since it was last emptied, so more may have matched.`;
}

/** The name nearest to a mistyped endpoint (edit distance at most 3), if any. */
function closest(name: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of names) {
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit || a.length > 100) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_item, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
