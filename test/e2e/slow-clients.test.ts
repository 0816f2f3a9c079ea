/**
 * Slow and stalled clients over real sockets (--headers-timeout, --request-timeout,
 * --keep-alive-timeout): a client that stops half-way through its head or trickles its body is cut
 * near the limit, and meanwhile the control plane and Kinetica requests are answered at once.
 * Every wait is bounded, so a regression fails a test instead of hanging the run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { useMock } from '../support/server.js';

const HEADERS_TIMEOUT = 500;
const REQUEST_TIMEOUT = 1500;
const KEEP_ALIVE_TIMEOUT = 1000;
/** Node keeps an idle connection this much longer than it advertises, so a client reusing it at the last moment is not cut. */
const NODE_KEEP_ALIVE_GRACE = 1000;
/** How late after its limit a cut may come: the server checks every 50 ms here, the rest is a busy machine's slack. */
const LATE = 1000;

/** A raw TCP client that records what the server sent and when the server closed the connection. */
class RawClient {
  readonly socket: net.Socket;
  received = '';
  closedAt: number | undefined;
  readonly openedAt = Date.now();
  private readonly closed: Promise<void>;
  private trickle: NodeJS.Timeout | undefined;

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = net.connect(Number(port), hostname);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => (this.received += chunk));
    this.socket.on('error', () => {}); // a reset by the server is one of the outcomes under test
    this.closed = new Promise((resolve) =>
      this.socket.on('close', () => {
        this.closedAt = Date.now();
        this.stopTrickle();
        resolve();
      }),
    );
    open.add(this);
  }

  async connected(): Promise<this> {
    if (!this.socket.connecting) return this;
    await within(2000, 'connect', new Promise((resolve) => this.socket.once('connect', resolve)));
    return this;
  }

  send(text: string): this {
    this.socket.write(text);
    return this;
  }

  /** Writes one byte every `everyMs`, as a client on a dying link might, until the connection closes. */
  trickleBody(everyMs: number): this {
    this.trickle = setInterval(() => this.socket.write('x'), everyMs);
    return this;
  }

  get isOpen(): boolean {
    return this.closedAt === undefined;
  }

  /** Milliseconds from connecting to the server's close; fails if the server keeps it open past `limitMs`. */
  async closedWithin(limitMs: number): Promise<number> {
    await within(limitMs, 'the server to close the connection', this.closed);
    return this.closedAt! - this.openedAt;
  }

  destroy(): void {
    this.stopTrickle();
    this.socket.destroy();
  }

  private stopTrickle(): void {
    if (this.trickle) clearInterval(this.trickle);
    this.trickle = undefined;
  }
}

const open = new Set<RawClient>();

async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up waiting for ${what} after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A server's answer to a stalled client: nothing (a plain close) or 408 Request Timeout, never a served request. */
function expectCutOff(client: RawClient): void {
  expect(client.received === '' || client.received.startsWith('HTTP/1.1 408 ')).toBe(true);
}

const statusRequest = (url: string) =>
  fetch(`${url}/show/system/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ options: {} }),
    signal: AbortSignal.timeout(2000),
  });

afterEach(() => {
  for (const client of open) client.destroy();
  open.clear();
});

describe('slow clients', () => {
  const mock = useMock({ headersTimeout: HEADERS_TIMEOUT, requestTimeout: REQUEST_TIMEOUT, keepAliveTimeout: KEEP_ALIVE_TIMEOUT });

  it('disconnects a client that sends half a head and stalls, once the headers timeout has passed', async () => {
    const client = (await new RawClient(mock.url).connected()).send('POST /show/system/status HTTP/1.1\r\nHost: localhost\r\nContent-Ty');
    const afterMs = await client.closedWithin(HEADERS_TIMEOUT + LATE);
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT - 50);
    expectCutOff(client);
  });

  it('disconnects a client that connects and sends nothing, as one that stalls in its head', async () => {
    const client = await new RawClient(mock.url).connected();
    expect(await client.closedWithin(HEADERS_TIMEOUT + LATE)).toBeGreaterThanOrEqual(HEADERS_TIMEOUT - 50);
    expectCutOff(client);
  });

  it('cuts a client that sends its head and trickles its body, once the request timeout has passed', async () => {
    // 4096 bytes at one per 50 ms would take over three minutes.
    const client = (await new RawClient(mock.url).connected())
      .send('POST /show/system/status HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"options":')
      .trickleBody(50);
    const afterMs = await client.closedWithin(REQUEST_TIMEOUT + LATE);
    // Still sending bytes, so it was the request's limit that cut it, not the head's or idleness.
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT - 50);
    expectCutOff(client);
  });

  it('does not count the time a request takes to be answered: a delayed answer outlives the request timeout', async () => {
    const fault = mock.server.addFault({ endpoint: '/show/system/status', delayMs: REQUEST_TIMEOUT + 500, times: 1 });
    try {
      const response = await fetch(`${mock.url}/show/system/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ options: {} }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT + 500 + LATE + 1000),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'OK' });
    } finally {
      mock.server.clearFaults(fault.id);
    }
  });

  it('closes an idle keep-alive connection once the keep-alive timeout has passed', async () => {
    const client = (await new RawClient(mock.url).connected()).send(
      'POST /show/system/status HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n{"options":{}}',
    );
    const sent = Date.now();
    await client.closedWithin(KEEP_ALIVE_TIMEOUT + NODE_KEEP_ALIVE_GRACE + LATE);
    expect(client.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(client.received).toContain('\r\nKeep-Alive: timeout=1\r\n');
    expect(client.received).toContain('"status":"OK"');
    // Kept open for the next request first, not closed as soon as it was answered.
    expect(client.closedAt! - sent).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT - 100);
  });
});

describe('slow clients, with limits long enough to watch them in flight', () => {
  const patient = useMock({ headersTimeout: 20_000, requestTimeout: 20_000 });

  it('answers the control plane and Kinetica requests at once while slow uploads are in flight', async () => {
    // Once before, so the timing below is not the first request's loading of codecs.
    expect((await statusRequest(patient.url)).status).toBe(200);
    const stalled: RawClient[] = [];
    for (let i = 0; i < 10; i++) {
      stalled.push(
        (await new RawClient(patient.url).connected())
          .send('POST /insert/records HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n')
          .trickleBody(20),
      );
    }
    stalled.push((await new RawClient(patient.url).connected()).send('POST /show/system/status HTTP/1.1\r\nHo'));

    for (let round = 0; round < 3; round++) {
      const started = Date.now();
      const health = await fetch(`${patient.url}/_mock/health`, { signal: AbortSignal.timeout(2000) });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ready' });
      const status = await statusRequest(patient.url);
      expect(status.status).toBe(200);
      expect(await status.json()).toMatchObject({ status: 'OK', data_type: 'show_system_status_response' });
      // Blocked behind the uploads, they would wait for the cut, 20 s away.
      expect(Date.now() - started).toBeLessThan(1000);
    }
    // The answers came while the uploads were still going: none had been cut yet.
    expect(stalled.every((client) => client.isOpen)).toBe(true);
  });
});
