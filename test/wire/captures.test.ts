/**
 * Replays the requests the official clients sent (test/wire/data/wire-captures.json) with their
 * exact bytes and headers: each must decode to what the client meant, over real HTTP, and each
 * response must decode with the published schemas.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { codecOf, decodeRequest, encodingOf } from '../../src/wire/codec.js';
import { decodeResponse, post, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { emulatedEndpointPaths } from '../../src/app.js';

const emulated = new Set(emulatedEndpointPaths());

interface Capture {
  client: string;
  endpoint: string;
  request: { content_type: string; headers: Record<string, string>; body_base64: string; decoded: unknown };
}

const captures = (
  JSON.parse(readFileSync(new URL('./data/wire-captures.json', import.meta.url), 'utf8')) as { captures: Capture[] }
).captures;

/** The decoded form in the capture file shows bytes as base64; turn our Buffers into the same. */
function comparable(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}

const WIRE_ERRORS = /Cannot decode|Malformed JSON|Missing required field|Unknown field|Content-type|Cannot uncompress|Request body/;

describe('captured client requests', () => {
  it('has requests from every client and encoding', () => {
    expect(new Set(captures.map((c) => c.client))).toEqual(
      new Set(['python-BINARY', 'python-JSON', 'python-SNAPPY', 'javascript']),
    );
  });

  for (const [index, capture] of captures.entries()) {
    it(`decodes ${capture.client} ${capture.endpoint} #${index} to what the client sent`, () => {
      const encoding = encodingOf(capture.request.content_type)!;
      const body = Buffer.from(capture.request.body_base64, 'base64');
      const decoded = decodeRequest(codecOf(capture.endpoint), encoding, body, 1 << 20);
      expect(comparable(decoded)).toEqual(capture.request.decoded);
    });
  }
});

describe('captured client requests replayed over HTTP', () => {
  const mock = useMock();

  for (const [index, capture] of captures.entries()) {
    it.skipIf(!emulated.has(capture.endpoint))(`${capture.client} ${capture.endpoint} #${index}`, async () => {
      const headers = { ...capture.request.headers };
      const chunked = headers['transfer-encoding'] === 'chunked';
      delete headers['transfer-encoding'];
      const encoding = encodingOf(capture.request.content_type) as WireEncoding;
      const response = await post(
        `${mock.url}${capture.endpoint}`,
        Buffer.from(capture.request.body_base64, 'base64'),
        headers,
        'POST',
        chunked,
      );
      const envelope = decodeResponse(capture.endpoint, encoding === 'snappy' ? 'binary' : encoding, response);
      if (envelope.status === 'OK') {
        expect(envelope.httpStatus).toBe(200);
        expect(envelope.data_type).toBe(codecOf(capture.endpoint).schema.response.name);
      } else {
        expect(envelope.httpStatus).toBe(400);
        expect(envelope.message).not.toMatch(WIRE_ERRORS);
      }
    });
  }
});
