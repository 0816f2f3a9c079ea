/**
 * A short, seeded fuzz run over every emulated endpoint in all three encodings (see harness.ts),
 * with authentication off and on, and the bodies that once stopped the server. `npm run fuzz`
 * runs a long one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressSync } from 'snappy';
import { decodeEnvelope } from '../../src/wire/codec.js';
import { describeReport, runFuzz, startServer, type FuzzServer } from './harness.js';

describe('fuzzing the wire protocol', () => {
  it('answers every mutated request with an envelope in time, changes nothing it refuses, and stays up (auth off)', async () => {
    const report = await runFuzz({ seed: 20261204, count: 1200 });
    console.log(describeReport(report));
    expect(report.failures, describeReport(report)).toEqual([]);
    expect(report.aliveAfter).toBe(true);
    expect(report.sent).toBe(1200);
    expect(report.covered, 'every emulated endpoint in every encoding').toBe(report.pairs);
    expect(report.byStatus['200'], 'some requests must succeed, or the run tests nothing but decoding').toBeGreaterThan(0);
  }, 120_000);

  it('does the same with authentication on, answering 401 to bad credentials', async () => {
    const report = await runFuzz({ seed: 7, count: 400, auth: true });
    console.log(describeReport(report));
    expect(report.failures, describeReport(report)).toEqual([]);
    expect(report.aliveAfter).toBe(true);
    expect(report.byStatus['401']).toBeGreaterThan(0);
  }, 120_000);
});

describe('bodies that once stopped the server', () => {
  let server: FuzzServer;
  beforeAll(async () => {
    server = await startServer({ auth: false, bodyLimit: 1024 * 1024 });
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });

  const post = async (path: string, contentType: string, body: Buffer) => {
    const response = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    return { status: response.status, envelope: decodeEnvelope('binary', Buffer.from(await response.arrayBuffer())) };
  };
  const FIVE_BYTES = Buffer.from([0xc1, 0xf6, 0xb9, 0xe2, 0x54]);

  it('five bytes whose options map claims billions of entries (Avro binary)', async () => {
    const { status, envelope } = await post('/show/system/status', 'application/octet-stream', FIVE_BYTES);
    expect(status).toBe(400);
    expect(envelope.message).toMatch(
      /^Cannot decode the Avro binary body as a show_system_status_request record: field 'options': a block claims \d+ entries but only 0 bytes remain/,
    );
  });

  it('the same five bytes Snappy-compressed', async () => {
    const { status, envelope } = await post('/show/system/status', 'application/x-snappy', compressSync(FIVE_BYTES));
    expect(status).toBe(400);
    expect(envelope.message).toMatch(/field 'options': a block claims \d+ entries/);
  });

  it('a Snappy block whose literal length wraps negative (the pure-JS decoder looped on it)', async () => {
    // Claims 21 bytes, then a literal tag (0xfc: length in the next four bytes) of length 0xe9efb4a0 + 1.
    const body = Buffer.from([0x15, 0xfc, 0x66, 0xa0, 0xb4, 0xef, 0x94, 0x2f, 0x1b, 0x39, 0xac, 0x36]);
    const { status, envelope } = await post('/show/system/status', 'application/x-snappy', body);
    expect(status).toBe(400);
    expect(envelope.message).toMatch(/^Cannot uncompress the application\/x-snappy body: /);
  });

  it('still answers a status request afterwards', async () => {
    const response = await fetch(`${server.url}/show/system/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"options":{}}',
      signal: AbortSignal.timeout(5_000),
    });
    expect(decodeEnvelope('json', Buffer.from(await response.arrayBuffer())).status).toBe('OK');
  });
});
