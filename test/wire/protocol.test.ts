/**
 * The envelope and the request checks of the wire protocol, over real HTTP in each encoding.
 */
import { maxHeaderSize } from 'node:http';
import { decodeEnvelope } from '../../src/wire/codec.js';
import { describe, expect, it } from 'vitest';
import { compressSync } from 'snappy';
import { call, CONTENT_TYPES, decodeResponse, encodeRequest, ENCODINGS, post } from '../support/client.js';
import { useMock } from '../support/server.js';

const STATUS = '/show/system/status';

describe('the response envelope', () => {
  const mock = useMock();

  for (const encoding of ENCODINGS) {
    it(`answers OK in ${encoding} with data_type = the response record and the real headers`, async () => {
      const envelope = await call(mock.url, STATUS, { options: {} }, encoding);
      expect(envelope.httpStatus).toBe(200);
      expect(envelope.status).toBe('OK');
      expect(envelope.message).toBe('');
      expect(envelope.data_type).toBe('show_system_status_response');
      expect(envelope.headers['content-type']).toBe(encoding === 'json' ? 'application/json' : 'application/octet-stream');
      expect(envelope.headers['x-request-time-secs']).toMatch(/^\d+\.\d{5}$/);
      expect(envelope.headers['access-control-allow-origin']).toBe('*');
      expect(envelope.headers['access-control-expose-headers']).toBe('x-request-time-secs');
      expect(envelope.headers['content-encoding']).toBeUndefined();
      if (encoding === 'json') {
        expect(envelope.raw.data).toBe('');
        expect(typeof envelope.raw.data_str).toBe('string');
      } else {
        expect(envelope.raw.data_str).toBe('');
      }
    });

    it(`answers ERROR in ${encoding} with HTTP 400, data_type none and empty data`, async () => {
      const envelope = await call(mock.url, STATUS, { options: { nonsense: 'x' } }, encoding);
      expect(envelope.httpStatus).toBe(400);
      expect(envelope.status).toBe('ERROR');
      expect(envelope.data_type).toBe('none');
      expect(envelope.raw.data_str).toBe('');
      expect(envelope.raw.data.length).toBe(0);
      expect(envelope.message).toContain("'nonsense'");
      expect(envelope.headers['x-request-time-secs']).toBeDefined();
      expect(envelope.headers['access-control-allow-origin']).toBe('*');
    });
  }

  it('always carries the data key in JSON envelopes, OK or ERROR', async () => {
    for (const options of [{}, { nonsense: 'x' }]) {
      const response = await post(`${mock.url}${STATUS}`, JSON.stringify({ options }), { 'content-type': 'application/json' });
      const parsed = JSON.parse(response.body.toString()) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(['status', 'message', 'data_type', 'data', 'data_str']);
      expect(parsed.data).toBe('');
    }
  });
});

describe('content types, bodies and paths the clients send', () => {
  const mock = useMock();

  it.each([
    ['APPLICATION/JSON', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['Application/Octet-Stream', 'binary'],
    ['application/x-snappy; q=1', 'snappy'],
  ] as const)('chooses the codec from Content-type %s', async (contentType, encoding) => {
    const body = encodeRequest(STATUS, { options: {} }, encoding);
    const response = await post(`${mock.url}${STATUS}`, body, { 'Content-Type': contentType });
    const envelope = decodeResponse(STATUS, encoding === 'json' ? 'json' : 'binary', response);
    expect(envelope.status).toBe('OK');
  });

  it('reads a chunked JSON body without Content-Length, as the Node.js client sends it', async () => {
    const response = await post(
      `${mock.url}${STATUS}`,
      JSON.stringify({ options: {} }),
      { 'content-type': 'application/json', authorization: 'Bearer undefined' },
      'POST',
      true,
    );
    expect(decodeResponse(STATUS, 'json', response).status).toBe('OK');
  });

  it('accepts a path prefix before the endpoint and advertises it back', async () => {
    const envelope = await call<{ property_map: Record<string, string> }>(
      `${mock.url}/gpudb-0`,
      '/show/system/properties',
      { options: {} },
      'binary',
    );
    expect(envelope.status).toBe('OK');
    expect(envelope.data!.property_map['conf.host0_public_urls']).toBe(`${mock.url}/gpudb-0`);
  });

  it('accepts any Authorization header while authentication is off', async () => {
    for (const authorization of ['Bearer undefined', 'Basic YWRtaW46c2VjcmV0', 'Bearer abc', 'garbage']) {
      const envelope = await call(mock.url, STATUS, { options: {} }, 'json', { Authorization: authorization });
      expect(envelope.status).toBe('OK');
    }
  });
});

describe('bad requests get an ERROR envelope that names the problem', () => {
  const mock = useMock({ bodyLimit: 4096 });

  async function rawError(path: string, body: Buffer | string, contentType: string | undefined, method = 'POST') {
    const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
    const response = await post(`${mock.url}${path}`, body, headers, method);
    const parsed = JSON.parse(response.body.toString()) as { status: string; message: string; data_type: string; data: string; data_str: string };
    return { ...parsed, httpStatus: response.status, headers: response.headers };
  }

  function expectError(result: { httpStatus: number; status: string; data_type: string; data: string; data_str: string }, status = 400) {
    expect(result.httpStatus).toBe(status);
    expect(result.status).toBe('ERROR');
    expect(result.data_type).toBe('none');
    expect(result.data).toBe('');
    expect(result.data_str).toBe('');
  }

  it('a missing field', async () => {
    const result = await rawError(STATUS, '{}', 'application/json');
    expectError(result);
    expect(result.message).toBe("Missing required field 'options' (map of string) in show_system_status_request");
  });

  it('a field of the wrong type', async () => {
    const result = await rawError(STATUS, '{"options":{"properties":true}}', 'application/json');
    expectError(result);
    expect(result.message).toBe("Field 'options.properties' of show_system_status_request must be a string, got a boolean");
  });

  it('a field that is not a map', async () => {
    const result = await rawError(STATUS, '{"options":[]}', 'application/json');
    expectError(result);
    expect(result.message).toContain("Field 'options' of show_system_status_request must be a map of string");
  });

  it('an unknown field in JSON', async () => {
    const result = await rawError(STATUS, '{"options":{},"extra":1}', 'application/json');
    expectError(result);
    expect(result.message).toBe("Unknown field 'extra' in show_system_status_request; its fields are: options");
  });

  it('malformed JSON', async () => {
    const result = await rawError(STATUS, '{"options":', 'application/json');
    expectError(result);
    expect(result.message).toMatch(/^Malformed JSON body: /);
  });

  it('a JSON body that is not an object', async () => {
    const result = await rawError(STATUS, '[1,2]', 'application/json');
    expectError(result);
    expect(result.message).toBe('JSON body must be an object (a show_system_status_request record), got an array');
  });

  it('an empty body', async () => {
    const result = await rawError(STATUS, '', 'application/json');
    expectError(result);
    expect(result.message).toBe('Request body is empty: expected a show_system_status_request record');
  });

  it('an undecodable Avro body, answered in binary', async () => {
    // options: one entry, key 'a', then the value's length is missing.
    const response = await post(`${mock.url}${STATUS}`, Buffer.from([0x02, 0x02, 0x61]), { 'content-type': 'application/octet-stream' });
    const envelope = decodeResponse(STATUS, 'binary', response);
    expect(response.status).toBe(400);
    expect(envelope.status).toBe('ERROR');
    expect(envelope.data_type).toBe('none');
    expect(envelope.message).toBe('Cannot decode the Avro binary body as a show_system_status_request record: the body ends early (3 bytes)');
  });

  it('an Avro body whose map claims more entries than it holds names the field', async () => {
    const response = await post(`${mock.url}${STATUS}`, Buffer.from([0x06, 0x02]), { 'content-type': 'application/octet-stream' });
    const envelope = decodeResponse(STATUS, 'binary', response);
    expect(response.status).toBe(400);
    expect(envelope.message).toBe(
      "Cannot decode the Avro binary body as a show_system_status_request record: field 'options': a block claims 3 entries but only 1 byte remains (room for at most 0)",
    );
  });

  it('trailing bytes after an Avro record', async () => {
    const response = await post(`${mock.url}${STATUS}`, Buffer.from([0x00, 0x05]), { 'content-type': 'application/octet-stream' });
    const envelope = decodeResponse(STATUS, 'binary', response);
    expect(envelope.message).toBe('Cannot decode the Avro binary body as a show_system_status_request record: bytes remain after the last field (2 bytes)');
  });

  it('a body that is not a Snappy block', async () => {
    const response = await post(`${mock.url}${STATUS}`, Buffer.from('not snappy at all'), { 'content-type': 'application/x-snappy' });
    const envelope = decodeResponse(STATUS, 'binary', response);
    expect(response.status).toBe(400);
    expect(envelope.message).toMatch(/^Cannot uncompress the application\/x-snappy body: .*raw Snappy block/);
  });

  it('a Snappy block that promises more than the body limit', async () => {
    const bomb = compressSync(Buffer.alloc(40_000));
    const response = await post(`${mock.url}${STATUS}`, bomb, { 'content-type': 'application/x-snappy' });
    const envelope = decodeResponse(STATUS, 'binary', response);
    expect(response.status).toBe(400);
    expect(envelope.message).toBe(
      'Cannot uncompress the application/x-snappy body: it expands to 40000 bytes, over the body limit of 4096 bytes (expected a raw Snappy block of the Avro binary)',
    );
  });

  it('a Snappy block that claims more than its size can expand to, within the body limit', async () => {
    // Claims 3,000 bytes (varint 0xb8 0x17) with one literal byte after it: no block of 4 bytes expands that far.
    const liar = Buffer.from([0xb8, 0x17, 0x00, 0x61]);
    const response = await post(`${mock.url}${STATUS}`, liar, { 'content-type': 'application/x-snappy' });
    const envelope = decodeResponse(STATUS, 'binary', response);
    expect(response.status).toBe(400);
    expect(envelope.message).toBe(
      'Cannot uncompress the application/x-snappy body: it claims to expand to 3000 bytes, more than a 4-byte block can hold (expected a raw Snappy block of the Avro binary)',
    );
  });

  it('the largest expansion a Snappy block can honestly make is accepted', async () => {
    // Snappy's best case, a long run of one byte, stays under the expansion bound.
    const run = compressSync(Buffer.alloc(3_000));
    const response = await post(`${mock.url}${STATUS}`, run, { 'content-type': 'application/x-snappy' });
    const envelope = decodeResponse(STATUS, 'binary', response);
    expect(envelope.message).not.toMatch(/claims to expand/);
  });

  it('a body over the size limit', async () => {
    const body = JSON.stringify({ options: { big: 'x'.repeat(10_000) } });
    const result = await rawError(STATUS, body, 'application/json');
    expectError(result);
    expect(result.message).toBe(
      'Request body is larger than the limit of 4096 bytes: send a smaller batch, or raise the limit with --body-limit (KINETICA_MOCK_BODY_LIMIT)',
    );
  });

  it('a request head over Node\'s size limit gets a JSON ERROR envelope, not Node\'s plain 431', async () => {
    const response = await fetch(`${mock.url}${STATUS}?${'x'.repeat(20_000)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0]),
    });
    expect(response.status).toBe(400);
    const envelope = decodeEnvelope('json', Buffer.from(await response.arrayBuffer()));
    expect(envelope.status).toBe('ERROR');
    expect(envelope.message).toBe(
      `Request head is larger than ${maxHeaderSize} bytes (the URL and headers together): send long values in the body, not in the URL or a header`,
    );
  });

  it('a method other than POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const result = await rawError(STATUS, '', undefined, method);
      expectError(result, 405);
      expect(result.headers.allow).toBe('POST');
      expect(result.message).toBe(`Method ${method} is not allowed on '${STATUS}': Kinetica endpoints take POST`);
    }
  });

  it('a Content-type the protocol does not have, or none', async () => {
    const wrong = await rawError(STATUS, '{"options":{}}', 'text/plain');
    expectError(wrong);
    expect(wrong.message).toBe("Unsupported Content-type 'text/plain': send application/json, application/octet-stream or application/x-snappy");
    const none = await rawError(STATUS, '{"options":{}}', undefined);
    expectError(none);
    expect(none.message).toMatch(/^(Missing Content-type header|Unsupported Content-type)/);
  });

  it('a Kinetica endpoint the emulator does not emulate', async () => {
    const result = await rawError('/aggregate/kmeans', '{}', 'application/json');
    expectError(result);
    expect(result.message).toBe(
      "Endpoint '/aggregate/kmeans' is a Kinetica endpoint that kinetica-mock does not emulate yet (GET /_mock/endpoints lists the emulated ones)",
    );
  });

  it('a path that is no Kinetica endpoint, with or without a prefix', async () => {
    for (const path of ['/no/such/thing', '/gpudb-0/nope', '/']) {
      const result = await rawError(path, '{}', 'application/json');
      expectError(result);
      expect(result.message).toBe(`Unknown URI: '${path}' is not a Kinetica endpoint (GET /_mock/endpoints lists them)`);
    }
  });

  it('answers a CORS preflight', async () => {
    const response = await post(`${mock.url}${STATUS}`, '', {}, 'OPTIONS');
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-methods']).toContain('POST');
  });

  it('puts the protocol headers on every kind of answer', async () => {
    const answers = [
      await post(`${mock.url}${STATUS}`, JSON.stringify({ options: { big: 'x'.repeat(10_000) } }), { 'content-type': 'application/json' }),
      await post(`${mock.url}/no/such/thing`, '{}', { 'content-type': 'application/json' }),
      await post(`${mock.url}${STATUS}`, '', {}, 'OPTIONS'),
      await post(`${mock.url}/_mock/health`, '', {}, 'GET'),
      await post(`${mock.url}/_mock/nothing-here`, '', {}, 'GET'),
    ];
    for (const answer of answers) {
      expect(answer.headers['x-request-time-secs']).toMatch(/^\d+\.\d{5}$/);
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(answer.headers['access-control-expose-headers']).toBe('x-request-time-secs');
    }
  });

  it('keeps serving after every bad request', async () => {
    const envelope = await call(mock.url, STATUS, { options: {} }, 'binary');
    expect(envelope.status).toBe('OK');
    for (const type of Object.values(CONTENT_TYPES)) expect(type).toMatch(/^application\//);
  });
});
