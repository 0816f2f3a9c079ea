import { describe, expect, it } from 'vitest';
import avro from 'avsc';
import { codecOf, decodeRequest, okEnvelope } from '../../src/wire/codec.js';
import { envelopeSchema } from '../../src/wire/schemas.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('golden bytes from PROTOCOL.md', () => {
  it('decodes the Python BINARY create_backup request byte for byte', () => {
    const body = hex('04 62 31 08 66 75 6c 6c 02 06 61 6c 6c 02 2a 00 06 64 73 31 02 10 63 68 65 63 6b 73 75 6d 08 74 72 75 65 00');
    expect(decodeRequest(codecOf('/create/backup'), 'binary', body, 1 << 20)).toEqual({
      backup_name: 'b1',
      backup_type: 'full',
      backup_objects_map: { all: '*' },
      datasink_name: 'ds1',
      options: { checksum: 'true' },
    });
  });

  it('encodes the OK envelope of create_backup_response exactly', () => {
    const response = {
      backup_name: 'b1',
      backup_id: 1,
      copied_bytes: 1234,
      copied_files: 3,
      copied_records: 10,
      total_number_of_records: 10,
      info: {},
    };
    const name = Buffer.from('create_backup_response');
    const expected = Buffer.concat([
      hex('04 4f 4b 00 2c'),
      name,
      hex('14 04 62 31 02 a4 13 06 14 14 00 00'),
    ]);
    expect(Buffer.from(okEnvelope(codecOf('/create/backup'), 'binary', response)).equals(expected)).toBe(true);
  });

  it('writes binary OK envelopes as avsc writes the whole envelope, whatever the length of data', () => {
    const codec = codecOf('/show/system/status');
    const envelopeType = avro.Type.forSchema(envelopeSchema as avro.Schema);
    // data is 63/64, 8191/8192 and 2^20 - 1/2^20 bytes long around these sizes: where its Avro length takes a byte more.
    for (const size of [0, 1, 52, 53, 54, 8179, 8180, 8181, 1_048_562, 1_048_563, 1_048_564]) {
      const response = { status_map: { system: 'x'.repeat(size) }, info: {} };
      const expected = envelopeType.toBuffer({
        status: 'OK',
        message: '',
        data_type: 'show_system_status_response',
        data: codec.responseType.toBuffer(response),
        data_str: '',
      });
      expect(Buffer.from(okEnvelope(codec, 'binary', response)).equals(expected), `system of ${size} characters`).toBe(true);
    }
  });
});
