/**
 * The request journal (GET /_mock/requests): the last N Kinetica requests with their decoded
 * record, status and message, in arrival order. Recording is a few assignments into a ring, so
 * the wire path pays almost nothing for it; records become JSON only when someone reads them.
 */
import type { RequestOutcome } from '../wire/plugin.js';

/** Items kept of a long list field (the records of /insert/records); the entry says how many there were. */
export const MAX_LIST_ITEMS = 100;

export interface JournalEntry {
  /** 1 for the first request the emulator journaled; never reused, even after a clear. */
  id: number;
  /** When the answer was sent (machine time, ISO 8601). */
  time: string;
  endpoint: string;
  /** The request's encoding: json, binary or snappy; `none` for a procedure run. */
  encoding: string;
  /** The decoded request record (bytes as base64 strings); null when the body could not be decoded. */
  request: unknown;
  /** Fields whose long lists were cut to their first items: field name -> the number of items sent. */
  truncated?: Record<string, number>;
  httpStatus: number;
  status: 'OK' | 'ERROR';
  /** The error message; '' for OK. */
  message: string;
}

export interface JournalQuery {
  /** Only requests to this endpoint (`/create/backup`). */
  endpoint?: string;
  /** Only OK or only ERROR answers. */
  status?: 'OK' | 'ERROR';
  /** At most this many, the latest ones (still oldest first). */
  limit?: number;
}

/**
 * The journal's pseudo-endpoint for a SQL procedure run (src/emulator/procedures.ts): scheduled
 * runs have no request of their own, and on-demand runs are noted beside their /execute/sql.
 */
export const PROCEDURE_RUN_ENDPOINT = 'procedure_run';

/** A request's outcome, or a procedure run's (whose encoding is `none`). */
type Recorded = Omit<RequestOutcome, 'encoding'> & { encoding: string };

interface Slot {
  id: number;
  at: number;
  outcome: Recorded;
  truncated: Record<string, number> | undefined;
}

export class Journal {
  private readonly slots: (Slot | undefined)[];
  /** Index the next entry goes to. */
  private next = 0;
  private size = 0;
  private lastId = 0;
  /**
   * Entries given way to newer ones since the last clear, by endpoint, so a verification can say
   * when its count may be short. Bounded: only Kinetica endpoints and procedure_run are journaled.
   */
  private readonly droppedBy = new Map<string, number>();
  private droppedTotal = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<Slot | undefined>(capacity);
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  /** Records a procedure run: `request` holds the procedure, trigger, due time and user, and its outcome. */
  recordRun(run: Record<string, unknown> & { status: 'OK' | 'ERROR'; message: string }): void {
    this.record({ endpoint: PROCEDURE_RUN_ENDPOINT, encoding: 'none', request: run, httpStatus: run.status === 'OK' ? 200 : 400, message: run.message });
  }

  record(outcome: Recorded): void {
    if (this.capacity === 0) return;
    const request = outcome.request;
    let truncated: Record<string, number> | undefined;
    if (request !== null && typeof request === 'object') {
      // Only the top level, where Kinetica puts record lists: bounded work, bounded memory.
      for (const key in request) {
        const value = (request as Record<string, unknown>)[key];
        if (Array.isArray(value) && value.length > MAX_LIST_ITEMS) (truncated ??= {})[key] = value.length;
      }
      if (truncated) {
        const copy: Record<string, unknown> = { ...(request as Record<string, unknown>) };
        for (const key of Object.keys(truncated)) copy[key] = (copy[key] as unknown[]).slice(0, MAX_LIST_ITEMS);
        outcome = { ...outcome, request: copy };
      }
    }
    const former = this.slots[this.next];
    if (former !== undefined) {
      this.droppedBy.set(former.outcome.endpoint, (this.droppedBy.get(former.outcome.endpoint) ?? 0) + 1);
      this.droppedTotal++;
    }
    this.slots[this.next] = { id: ++this.lastId, at: Date.now(), outcome, truncated };
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  clear(): number {
    const removed = this.size;
    this.slots.fill(undefined);
    this.next = 0;
    this.size = 0;
    this.droppedBy.clear();
    this.droppedTotal = 0;
    return removed;
  }

  get count(): number {
    return this.size;
  }

  /** Entries dropped (the oldest, for newer ones) since the journal was last emptied: all, or those to one endpoint. */
  dropped(endpoint?: string): number {
    return endpoint === undefined ? this.droppedTotal : (this.droppedBy.get(endpoint) ?? 0);
  }

  /** Entries matching the query, oldest first. */
  entries(query: JournalQuery = {}): JournalEntry[] {
    const matching: Slot[] = [];
    const start = (this.next - this.size + this.capacity) % Math.max(this.capacity, 1);
    for (let i = 0; i < this.size; i++) {
      const slot = this.slots[(start + i) % this.capacity]!;
      if (query.endpoint !== undefined && slot.outcome.endpoint !== query.endpoint) continue;
      if (query.status !== undefined && statusOf(slot.outcome) !== query.status) continue;
      matching.push(slot);
    }
    const chosen = query.limit !== undefined ? matching.slice(Math.max(0, matching.length - query.limit)) : matching;
    return chosen.map(toEntry);
  }
}

function statusOf(outcome: Recorded): 'OK' | 'ERROR' {
  return outcome.httpStatus === 200 ? 'OK' : 'ERROR';
}

function toEntry(slot: Slot): JournalEntry {
  const { outcome } = slot;
  const entry: JournalEntry = {
    id: slot.id,
    time: new Date(slot.at).toISOString(),
    endpoint: outcome.endpoint,
    encoding: outcome.encoding,
    request: outcome.request === undefined ? null : redactSecrets(jsonSafe(outcome.request)),
    httpStatus: outcome.httpStatus,
    status: statusOf(outcome),
    message: outcome.message,
  };
  if (slot.truncated) entry.truncated = { ...slot.truncated };
  return entry;
}

/** Field and option names whose values are secrets: shown in the journal as `********`. */
const SECRET_NAME = /password|secret|access_key|account_key|storage_key|service_account_keys|token|sas/i;
/** A password in SQL text (`PASSWORD = 'x'`, `IDENTIFIED BY 'x'`, `SECRET = 'x'`). */
const SQL_SECRET = /((?:PASSWORD|SECRET|IDENTIFIED\s+BY)\s*=?\s*)'(?:[^']|'')*'/gi;

/**
 * The journal is for reading in tests and CI logs, so it never shows a secret a request carried:
 * values of secret-named fields and options, and passwords inside SQL text, are masked.
 */
export function redactSecrets(value: unknown, name = ''): unknown {
  if (typeof value === 'string') {
    if (value !== '' && SECRET_NAME.test(name)) return '********';
    return name === 'statement' ? value.replace(SQL_SECRET, "$1'********'") : value;
  }
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, name));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, redactSecrets(item, key)]));
  }
  return value;
}

/** A decoded record as JSON can carry it: bytes as base64, maps as objects, bigints as numbers. */
export function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), jsonSafe(item)]));
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, jsonSafe(item)]));
  }
  return value;
}
