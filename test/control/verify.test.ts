/**
 * Request verification over a journal (src/control/verify.ts): what matches, how counts are
 * checked, the account a failed verification gives, and the specs it refuses.
 */
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/emulator/journal.js';
import { ControlError } from '../../src/errors/control-error.js';
import {
  MAX_MATCH_DEPTH,
  MAX_MATCH_TEXT,
  MAX_MATCH_VALUES,
  VerificationError,
  checkVerifySpec,
  verifyRequests,
  type VerifyFailure,
} from '../../src/control/verify.js';

const ENDPOINTS = ['/create/backup', '/create/schema', '/show/backup', '/alter/system/properties', 'procedure_run'];
const isEndpoint = (path: string) => ENDPOINTS.includes(path);
const names = () => ENDPOINTS;

function backup(type: string, options: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return { backup_name: 'nightly', backup_type: type, backup_objects_map: type === 'full' ? { all: 'sales' } : {}, datasink_name: 'sink', options, ...extra };
}

function journalOf(...requests: [endpoint: string, request: unknown, httpStatus?: number, message?: string][]): Journal {
  const journal = new Journal(100);
  for (const [endpoint, request, httpStatus = 200, message = ''] of requests) journal.record({ endpoint, encoding: 'json', request, httpStatus, message });
  return journal;
}

/** A full and two incremental backups (one with checksum on), and a schema. */
function backups(): Journal {
  return journalOf(
    ['/create/backup', backup('full')],
    ['/create/backup', backup('incremental')],
    ['/create/schema', { schema_name: 'sales', options: {} }],
    ['/create/backup', backup('incremental', { checksum: 'true' })],
  );
}

const verify = (journal: Journal, spec: unknown) => verifyRequests(journal, spec, isEndpoint, names);

/** The 409 body of a verification expected to fail. */
function failure(journal: Journal, spec: unknown): VerifyFailure {
  try {
    verify(journal, spec);
  } catch (error) {
    expect(error).toBeInstanceOf(VerificationError);
    return (error as VerificationError).body;
  }
  throw new Error('the verification held');
}

function refusal(spec: unknown): string {
  try {
    checkVerifySpec(spec, isEndpoint, names);
  } catch (error) {
    expect(error).toBeInstanceOf(ControlError);
    expect(error).not.toBeInstanceOf(VerificationError);
    expect((error as ControlError).statusCode).toBe(400);
    return (error as Error).message;
  }
  throw new Error(`the spec was accepted: ${JSON.stringify(spec)}`);
}

describe('what matches', () => {
  it('a top-level field exactly, and a map partially, nested or by a dotted name', () => {
    const journal = backups();
    expect(verify(journal, { endpoint: '/create/backup', match: { backup_type: 'incremental' } }).matched).toBe(2);
    expect(verify(journal, { endpoint: '/create/backup', match: { options: { checksum: 'true' } } }).matched).toBe(1);
    expect(verify(journal, { endpoint: '/create/backup', match: { 'options.checksum': 'true' } }).matched).toBe(1);
    expect(verify(journal, { endpoint: '/create/backup', match: { backup_objects_map: { all: 'sales' }, backup_name: 'nightly' } }).matched).toBe(1);
    // An empty object matches any object; no match at all matches every request to the endpoint.
    expect(verify(journal, { endpoint: '/create/backup', match: { options: {} } }).matched).toBe(3);
    expect(verify(journal, { endpoint: '/create/backup' }).matched).toBe(3);
    // Exactly: another type, or a prefix, is another value.
    expect(failure(journal, { endpoint: '/create/backup', match: { backup_type: 'incr' } }).matched).toBe(0);
  });

  it('lists whole and exactly; keys inside an object literally, dots included', () => {
    const journal = journalOf(
      ['/show/backup', { backup_name: 'nightly', backup_ids: [1, 2], datasource_name: 'src', options: {} }],
      ['/alter/system/properties', { property_updates_map: { 'conf.enable_audit': 'true' }, options: {} }],
    );
    expect(verify(journal, { endpoint: '/show/backup', match: { backup_ids: [1, 2] } }).matched).toBe(1);
    expect(failure(journal, { endpoint: '/show/backup', match: { backup_ids: [1] } }).nearest[0]!.differences).toEqual([
      { field: 'backup_ids', expected: [1], actual: [1, 2] },
    ]);
    expect(verify(journal, { endpoint: '/alter/system/properties', match: { property_updates_map: { 'conf.enable_audit': 'true' } } }).matched).toBe(1);
  });

  it('the answer status, OK or ERROR', () => {
    const journal = journalOf(['/create/schema', { schema_name: 'a', options: {} }], ['/create/schema', { schema_name: 'a', options: {} }, 400, 'Schema a already exists']);
    expect(verify(journal, { endpoint: '/create/schema', status: 'ERROR', count: 1 }).matched).toBe(1);
    expect(verify(journal, { endpoint: '/create/schema', status: 'OK', match: { schema_name: 'a' }, count: 1 }).matched).toBe(1);
  });

  it('a string field by a part of it, with $contains (case counts), and says so in the account', () => {
    const journal = journalOf(
      ['/create/schema', { schema_name: 'sales_2025', options: {} }],
      ['/create/schema', { schema_name: 'hr', options: {} }],
    );
    expect(verify(journal, { endpoint: '/create/schema', match: { schema_name: { $contains: 'sales' } }, count: 1 }).matched).toBe(1);
    expect(verify(journal, { endpoint: '/create/schema', match: { schema_name: { $contains: 'SALES' } }, atMost: 0 }).matched).toBe(0);
    // A field that is not a string never contains anything.
    expect(verify(journal, { endpoint: '/create/schema', match: { options: { $contains: 'x' } }, atMost: 0 }).matched).toBe(0);
    const body = failure(journal, { endpoint: '/create/schema', match: { schema_name: { $contains: 'finance' } } });
    expect(body.error).toContain('schema_name containing "finance"');
    expect(body.nearest[0]!.differences[0]).toMatchObject({ field: 'schema_name', expected: { $contains: 'finance' } });
    expect(refusal({ endpoint: '/create/schema', match: { schema_name: { $contains: 3 } } })).toContain("'match.schema_name.$contains' must be a non-empty string");
    expect(refusal({ endpoint: '/create/schema', match: { schema_name: { $contains: '' } } })).toContain('non-empty string');
  });

  it('procedure runs, by the pseudo-endpoint procedure_run', () => {
    const journal = new Journal(10);
    for (let i = 0; i < 3; i++) journal.recordRun({ procedure: 'ki_home.nightly', trigger: 'schedule', status: 'OK', message: '' });
    expect(verify(journal, { endpoint: 'procedure_run', match: { procedure: 'ki_home.nightly', trigger: 'schedule' }, count: 3 })).toEqual({
      verified: true, matched: 3, expected: 'exactly 3',
    });
  });
});

describe('how many', () => {
  const journal = backups();
  const spec = { endpoint: '/create/backup', match: { backup_type: 'incremental' } };

  it('holds or not for count, atLeast, atMost and both; none given means at least 1', () => {
    const held = (extra: object) => {
      try {
        return verify(journal, { ...spec, ...extra }).expected;
      } catch (error) {
        if (error instanceof VerificationError) return false;
        throw error;
      }
    };
    expect(held({})).toBe('at least 1');
    expect(held({ count: 2 })).toBe('exactly 2');
    expect(held({ count: 3 })).toBe(false);
    expect(held({ count: 1 })).toBe(false);
    expect(held({ atLeast: 2 })).toBe('at least 2');
    expect(held({ atLeast: 3 })).toBe(false);
    expect(held({ atMost: 2 })).toBe('at most 2');
    expect(held({ atMost: 1 })).toBe(false);
    expect(held({ atLeast: 1, atMost: 2 })).toBe('between 1 and 2');
    expect(held({ atLeast: 3, atMost: 5 })).toBe(false);
    expect(held({ atMost: 0, match: { backup_type: 'differential' } })).toBe('at most 0');
    expect(held({ count: 0, match: { backup_type: 'differential' } })).toBe('exactly 0');
  });

  it('answers matched and expected', () => {
    expect(verify(journal, { ...spec, count: 2 })).toEqual({ verified: true, matched: 2, expected: 'exactly 2' });
  });
});

describe('the account of a failed verification', () => {
  it('says what was expected and received, and names the nearest requests with the fields that differed', () => {
    const body = failure(backups(), { endpoint: '/create/backup', match: { backup_type: 'incremental' }, count: 3 });
    expect(body).toMatchObject({ verified: false, matched: 2, expected: 'exactly 3', received: 3 });
    expect(body.nearest).toEqual([
      { id: 1, endpoint: '/create/backup', at: expect.any(String), encoding: 'json', status: 'OK', differences: [{ field: 'backup_type', expected: 'incremental', actual: 'full' }] },
    ]);
    const lines = body.error.split('\n');
    expect(lines[0]).toBe('Expected exactly 3 requests to /create/backup with backup_type = "incremental", but 2 matched.');
    expect(lines[1]).toBe('The journal holds 3 requests to /create/backup (4 in all).');
    expect(lines[2]).toMatch(/^Nearest requests that did not match/);
    expect(lines[3]).toMatch(/^ {2}#1 at \d{4}-.*Z \(json\), answered OK: backup_type: expected "incremental", got "full"$/);
  });

  it('puts the fewest differences first (then the oldest), at most 3, and says which field is missing or of another type', () => {
    const journal = journalOf(
      ['/create/backup', backup('full')],
      ['/create/backup', backup('incremental')],
      ['/create/backup', backup('full', { checksum: 'true' })],
      ['/create/backup', backup('incremental', { checksum: 'true' })],
      ['/create/backup', backup('differential')],
    );
    const body = failure(journal, { endpoint: '/create/backup', match: { backup_type: 'incremental', options: { checksum: true } } });
    // #2 and #4 differ in one field; #1, #3 and #5 in two, and #1 is the oldest of them.
    expect(body.nearest.map((near) => [near.id, near.differences.length])).toEqual([[2, 1], [4, 1], [1, 2]]);
    expect(body.nearest[0]!.differences).toEqual([{ field: 'options.checksum', expected: true, actual: null, missing: true }]);
    expect(body.nearest[1]!.differences).toEqual([{ field: 'options.checksum', expected: true, actual: 'true' }]);
    expect(body.error).toContain('options.checksum: expected true, but the request has no such field');
    expect(body.error).toContain('options.checksum: expected true, got "true" (a boolean expected, a string sent)');
  });

  it('names the status and the message of a request answered ERROR', () => {
    const journal = journalOf(['/create/schema', { schema_name: 'a', options: {} }, 400, 'Schema a already exists']);
    const body = failure(journal, { endpoint: '/create/schema', status: 'OK' });
    expect(body.nearest[0]!.differences).toEqual([{ field: 'status', expected: 'OK', actual: 'ERROR' }]);
    expect(body.error).toContain('Expected at least 1 request to /create/schema answered OK, but none matched.');
    expect(body.error).toContain('answered ERROR ("Schema a already exists"): status: expected "OK", got "ERROR"');
  });

  it('names the matching requests when too many matched, and shows no nearest', () => {
    const body = failure(backups(), { endpoint: '/create/backup', match: { backup_type: 'incremental' }, atMost: 1 });
    expect(body).toMatchObject({ matched: 2, expected: 'at most 1', nearest: [] });
    expect(body.error).toMatch(/but 2 matched\.\n.*\nMatching requests: #2 at .*, #4 at .*\.$/);
  });

  it('says when no request reached the endpoint, and which endpoints the journal holds', () => {
    expect(failure(backups(), { endpoint: '/show/backup' }).error).toBe(
      'Expected at least 1 request to /show/backup, but none matched.\n' +
        'The journal holds no request to /show/backup; it holds 4 to other endpoints: /create/backup (3), /create/schema (1).',
    );
    expect(failure(new Journal(5), { endpoint: '/show/backup' }).error).toContain('The journal is empty');
  });

  it('says a request whose body was not decoded has none of the fields', () => {
    const journal = journalOf(['/create/backup', null, 400, 'Malformed JSON']);
    const body = failure(journal, { endpoint: '/create/backup', match: { backup_type: 'full' } });
    expect(body.nearest[0]!.differences).toEqual([{ field: 'backup_type', expected: 'full', actual: null, missing: true }]);
    expect(body.error).toContain('its body not decoded');
  });

  it('fails any verification with the journal off, saying so', () => {
    const off = new Journal(0);
    off.record({ endpoint: '/create/backup', encoding: 'json', request: backup('full'), httpStatus: 200, message: '' });
    for (const spec of [{ endpoint: '/create/backup' }, { endpoint: '/create/backup', atMost: 0 }]) {
      const body = failure(off, spec);
      expect(body).toMatchObject({ matched: 0, received: 0, nearest: [] });
      expect(body.error).toMatch(/the journal is off \(journal size 0\)/);
      expect(body.error).toContain('--journal-size');
    }
  });

  it('says when the journal dropped requests to the endpoint, so the count may be short', () => {
    const journal = new Journal(2);
    for (const type of ['full', 'incremental', 'incremental']) journal.record({ endpoint: '/create/backup', encoding: 'json', request: backup(type), httpStatus: 200, message: '' });
    const body = failure(journal, { endpoint: '/create/backup', match: { backup_type: 'full' } });
    expect(body.error).toContain('The journal keeps the last 2 requests and has dropped 1 older request to /create/backup since it was last emptied, so the count may be short.');
    // A bound from above may hold only for what was kept: the answer says so; a bound from below needs no note.
    expect(verify(journal, { endpoint: '/create/backup', atMost: 2 }).note).toMatch(/dropped 1 older request .*more may have matched/);
    expect(verify(journal, { endpoint: '/create/backup', atLeast: 2 })).not.toHaveProperty('note');
    journal.clear();
    journal.record({ endpoint: '/create/backup', encoding: 'json', request: backup('full'), httpStatus: 200, message: '' });
    expect(verify(journal, { endpoint: '/create/backup', count: 1 })).not.toHaveProperty('note');
  });

  it('is a ControlError of status 409 whose message is the account', () => {
    let caught: unknown;
    try {
      verify(backups(), { endpoint: '/create/backup', count: 5 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ControlError);
    const error = caught as VerificationError;
    expect(error.statusCode).toBe(409);
    expect(error.name).toBe('VerificationError');
    expect(error.message).toBe(error.body.error);
  });
});

describe('the specs it refuses', () => {
  it('names the problem and the fix', () => {
    const cases: [unknown, RegExp][] = [
      [null, /must be a JSON object, such as \{"endpoint"/],
      [[], /must be a JSON object/],
      ['/create/backup', /must be a JSON object/],
      [{}, /'endpoint' is required.*got nothing/],
      [{ endpoint: '' }, /'endpoint' is required/],
      [{ endpoint: 7 }, /'endpoint' is required.*got 7/],
      [{ endpoint: '/create/backups' }, /"\/create\/backups" is not a Kinetica endpoint; did you mean "\/create\/backup"\?/],
      [{ endpoint: 'create/backup' }, /did you mean "\/create\/backup"/],
      [{ endpoint: '/no/such/thing/at/all' }, /is not a Kinetica endpoint \(GET \/_mock\/endpoints lists them/],
      [{ endpoint: '/create/backup', times: 2 }, /Unknown verify field "times"; the fields are: endpoint, match, status, count, atLeast, atMost/],
      [{ endpoint: '/create/backup', status: 'ok' }, /'status' must be "OK" or "ERROR".*got "ok"/],
      [{ endpoint: '/create/backup', count: -1 }, /'count' must be a whole number of 0 or more, got -1/],
      [{ endpoint: '/create/backup', count: 1.5 }, /'count' must be a whole number/],
      [{ endpoint: '/create/backup', atLeast: '2' }, /'atLeast' must be a whole number of 0 or more, got "2"/],
      [{ endpoint: '/create/backup', atMost: null }, /'atMost' must be a whole number/],
      [{ endpoint: '/create/backup', count: 2, atLeast: 1 }, /'count' cannot go with 'atLeast'/],
      [{ endpoint: '/create/backup', count: 2, atMost: 3 }, /'count' cannot go with 'atMost'/],
      [{ endpoint: '/create/backup', atLeast: 3, atMost: 1 }, /'atLeast' \(3\) is above 'atMost' \(1\)/],
      [{ endpoint: '/create/backup', match: 'incremental' }, /'match' must be an object of request fields/],
      [{ endpoint: '/create/backup', match: [] }, /'match' must be an object/],
      [{ endpoint: '/create/backup', match: { 'options..x': '1' } }, /invalid field name "options\.\.x"/],
      [{ endpoint: '/create/backup', match: { '': '1' } }, /invalid field name ""/],
      [{ endpoint: '/create/backup', match: { options: { '': '1' } } }, /'match\.options' has an empty key/],
      [{ endpoint: '/create/backup', match: { 'options.a': '1', options: { a: '2' } } }, /'match' gives 'options\.a' twice/],
    ];
    for (const [spec, message] of cases) expect(refusal(spec), JSON.stringify(spec)).toMatch(message);
  });

  it('refuses what JSON cannot carry when called in process, but takes an undefined count as none', () => {
    expect(refusal({ endpoint: '/create/backup', match: { backup_type: undefined } })).toMatch(/'match\.backup_type' is undefined/);
    expect(refusal({ endpoint: '/create/backup', match: { at: new Date(0) } })).toMatch(/'match\.at' must be a string, number, boolean, null, list or object/);
    expect(refusal({ endpoint: '/create/backup', match: { n: Number.NaN } })).toMatch(/'match\.n' must be a finite number/);
    expect(checkVerifySpec({ endpoint: '/create/backup', count: undefined }, isEndpoint).expected).toBe('at least 1');
  });

  it('bounds the depth and size of match', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < MAX_MATCH_DEPTH + 1; i++) deep = { k: deep };
    expect(refusal({ endpoint: '/create/backup', match: deep })).toMatch(new RegExp(`nests deeper than ${MAX_MATCH_DEPTH} levels`));
    expect(refusal({ endpoint: '/create/backup', match: { [Array(MAX_MATCH_DEPTH + 1).fill('a').join('.')]: 1 } })).toMatch(/nests deeper/);
    let nestedList: unknown = 1;
    for (let i = 0; i < MAX_MATCH_DEPTH; i++) nestedList = [nestedList];
    expect(refusal({ endpoint: '/create/backup', match: { list: nestedList } })).toMatch(/nests deeper/);
    // The deepest allowed still works.
    let deepest: unknown = 'x';
    for (let i = 0; i < MAX_MATCH_DEPTH; i++) deepest = { k: deepest };
    expect(checkVerifySpec({ endpoint: '/create/backup', match: deepest }, isEndpoint).conditions).toHaveLength(1);

    const many = Object.fromEntries(Array.from({ length: MAX_MATCH_VALUES + 1 }, (_item, i) => [`f${i}`, i]));
    expect(refusal({ endpoint: '/create/backup', match: many })).toMatch(new RegExp(`more than ${MAX_MATCH_VALUES} values`));
    expect(refusal({ endpoint: '/create/backup', match: { list: Array(MAX_MATCH_VALUES).fill(0) } })).toMatch(/more than/);
    expect(refusal({ endpoint: '/create/backup', match: { statement: 'x'.repeat(MAX_MATCH_TEXT + 1) } })).toMatch(
      new RegExp(`'match.statement' is a string of ${MAX_MATCH_TEXT + 1} characters; at most ${MAX_MATCH_TEXT}`),
    );
  });
});
