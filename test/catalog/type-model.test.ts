import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import {
  modelFromColumns,
  parseType,
  recordFromJson,
  recordToJson,
  replacedOnInsert,
  typeIdOf,
  type ColumnModel,
  type TypeModel,
} from '../../src/catalog/table/type-model.js';
import { kineticaErrorOf as errorOf } from '../support/errors.js';

function avroType(fields: [string, unknown][]): string {
  return JSON.stringify({ type: 'record', name: 'type_name', fields: fields.map(([name, type]) => ({ name, type })) });
}

/** One column of the given base type and properties. */
function column(base: string, ...properties: string[]): ColumnModel {
  return parseType(avroType([['c', base]]), '', { c: properties }).columns[0]!;
}

describe('types the official clients send', () => {
  it('accepts the /create/type the Python client sent (wire capture) and stores it as Kinetica shows it', () => {
    const captures = JSON.parse(readFileSync(new URL('../wire/data/wire-captures.json', import.meta.url), 'utf8')) as {
      captures: { endpoint: string; request: { decoded: Record<string, unknown> } }[];
    };
    const request = captures.captures.find((c) => c.endpoint === '/create/type')!.request.decoded as {
      type_definition: string;
      label: string;
      properties: Record<string, string[]>;
    };
    const model = parseType(request.type_definition, request.label, request.properties);
    expect(model.label).toBe('orders_type');
    expect(model.definition).toBe(
      '{"type":"record","name":"type_name","fields":[{"name":"id","type":"int"},{"name":"name","type":"string"},' +
        '{"name":"amount","type":"double"},{"name":"ts","type":"long"}]}',
    );
    expect(model.properties).toEqual({
      id: ['data', 'primary_key'],
      name: ['data', 'char32'],
      amount: ['data'],
      ts: ['data', 'timestamp'],
    });
    expect(model.primaryKey).toEqual(['id']);
    expect(model.shardKey).toEqual([]);
  });

  it('accepts GPUdbRecordType built from columns with nullable, vector, decimal and dict columns', () => {
    // GPUdbRecordType([['id','int','primary_key','int16'], ['name','string','char32','nullable'],
    //   ['ts','long','timestamp'], ['v','bytes','vector(3)'], ['d','string','nullable','char16','dict'],
    //   ['p','string','decimal(10,2)'], ['x','double']], label='t1')
    const model = parseType(
      '{"type": "record", "name": "type_name", "fields": [{"type": "int", "name": "id"}, ' +
        '{"type": ["string", "null"], "name": "name"}, {"type": "long", "name": "ts"}, {"type": "bytes", "name": "v"}, ' +
        '{"type": ["string", "null"], "name": "d"}, {"type": "string", "name": "p"}, {"type": "double", "name": "x"}]}',
      't1',
      {
        id: ['int16', 'primary_key'],
        name: ['char32', 'nullable'],
        ts: ['timestamp'],
        v: ['vector(3)'],
        d: ['char16', 'dict', 'nullable'],
        p: ['decimal(10,2)'],
      },
    );
    expect(model.definition).toBe(
      '{"type":"record","name":"type_name","fields":[{"name":"id","type":"int"},{"name":"name","type":["string","null"]},' +
        '{"name":"ts","type":"long"},{"name":"v","type":"bytes"},{"name":"d","type":["string","null"]},' +
        '{"name":"p","type":"string"},{"name":"x","type":"double"}]}',
    );
    expect(model.properties).toEqual({
      id: ['data', 'int16', 'primary_key'],
      name: ['data', 'char32', 'nullable'],
      ts: ['data', 'timestamp'],
      v: ['vector(3)'],
      d: ['data', 'char16', 'nullable', 'dict'],
      p: ['data', 'decimal(10,2)'],
      x: ['data'],
    });
    expect(model.columns.map((c) => [c.name, c.base, c.nullable])).toEqual([
      ['id', 'int', false],
      ['name', 'string', true],
      ['ts', 'long', false],
      ['v', 'bytes', false],
      ['d', 'string', true],
      ['p', 'string', false],
      ['x', 'double', false],
    ]);
  });

  it('accepts GPUdbRecordColumn objects with a composite key and is_nullable', () => {
    // [GPUdbRecordColumn('id','long',[PRIMARY_KEY, SHARD_KEY]), GPUdbRecordColumn('when','string',[DATETIME], is_nullable=True),
    //  GPUdbRecordColumn('ip','STRING',['IPV4']), GPUdbRecordColumn('flag','int',['boolean']), GPUdbRecordColumn('geo','string',['wkt'])]
    const model = parseType(
      '{"type": "record", "name": "type_name", "fields": [{"type": "long", "name": "id"}, ' +
        '{"type": ["string", "null"], "name": "when"}, {"type": "string", "name": "ip"}, {"type": "int", "name": "flag"}, ' +
        '{"type": "string", "name": "geo"}]}',
      'events',
      { id: ['primary_key', 'shard_key'], when: ['datetime', 'nullable'], ip: ['ipv4'], flag: ['boolean'], geo: ['wkt'] },
    );
    expect(model.properties).toEqual({
      id: ['data', 'primary_key', 'shard_key'],
      when: ['data', 'datetime', 'nullable'],
      ip: ['data', 'ipv4'],
      flag: ['data', 'boolean'],
      geo: ['data', 'wkt'],
    });
    expect(model.primaryKey).toEqual(['id']);
    expect(model.shardKey).toEqual(['id']);
  });

  it('treats a union with null as nullable even when the properties leave nullable out (GPUdbRecordType from a schema string)', () => {
    // GPUdbRecordType(schema_string='{..."a","type":["int","null"]...}', column_properties={'b':['char8']}) sends
    // the properties it was given, without 'nullable' for a.
    const model = parseType(
      '{"type": "record", "name": "type_name", "fields": [{"type": ["int", "null"], "name": "a"}, {"type": "string", "name": "b"}]}',
      '',
      { b: ['char8'] },
    );
    expect(model.columns[0]!.nullable).toBe(true);
    expect(model.properties).toEqual({ a: ['data', 'nullable'], b: ['data', 'char8'] });
  });

  it('accepts null first in the union and stores it as [base,"null"]', () => {
    const model = parseType(avroType([['a', ['null', 'long']]]), '', {});
    expect(model.definition).toBe('{"type":"record","name":"type_name","fields":[{"name":"a","type":["long","null"]}]}');
  });

  it('accepts the compact schema of the Node.js client (generate_schema) with properties for every column', () => {
    const model = parseType(
      '{"type":"record","name":"type_name","fields":[{"name":"k","type":"string"},{"name":"n","type":["float","null"]}]}',
      'node',
      { k: ['char16', 'primary_key'], n: ['nullable'] },
    );
    expect(model.properties).toEqual({ k: ['data', 'char16', 'primary_key'], n: ['data', 'nullable'] });
  });

  it('renames the record to type_name and takes the record name as label when no label is given', () => {
    const model = parseType('{"type":"record","name":"my_rec","fields":[{"name":"a","type":"int"}]}', '', {});
    expect(model.avroSchema.name).toBe('type_name');
    expect(model.definition).toContain('"name":"type_name"');
    expect(model.label).toBe('my_rec');
    expect(parseType('{"type":"record","name":"my_rec","fields":[{"name":"a","type":"int"}]}', 'given', {}).label).toBe('given');
  });

  it('accepts a primitive type written as an object, as Avro allows', () => {
    const model = parseType(avroType([['a', { type: 'int' }], ['b', [{ type: 'string' }, 'null']]]), '', {});
    expect(model.avroSchema.fields).toEqual([
      { name: 'a', type: 'int' },
      { name: 'b', type: ['string', 'null'] },
    ]);
  });
});

describe('the column list form of type_definition', () => {
  it('takes a data type property as the type and nullable as a property', () => {
    const model = parseType(
      JSON.stringify([
        ['id', 'int8', 'primary_key'],
        ['dept_id', 'int8', 'primary_key', 'shard_key'],
        ['manager_id', 'int8', 'nullable'],
        ['first_name', 'char32'],
        ['salary', 'decimal'],
        ['hire_date', 'date'],
        ['ts', 'timestamp'],
        ['v', 'vector(2)'],
        ['raw', 'bytes'],
      ]),
      'employees',
      {},
    );
    expect(model.definition).toBe(
      '{"type":"record","name":"type_name","fields":[{"name":"id","type":"int"},{"name":"dept_id","type":"int"},' +
        '{"name":"manager_id","type":["int","null"]},{"name":"first_name","type":"string"},{"name":"salary","type":"string"},' +
        '{"name":"hire_date","type":"string"},{"name":"ts","type":"long"},{"name":"v","type":"bytes"},{"name":"raw","type":"bytes"}]}',
    );
    expect(model.properties).toEqual({
      id: ['data', 'int8', 'primary_key'],
      dept_id: ['data', 'int8', 'primary_key', 'shard_key'],
      manager_id: ['data', 'int8', 'nullable'],
      first_name: ['data', 'char32'],
      salary: ['data', 'decimal'],
      hire_date: ['data', 'date'],
      ts: ['data', 'timestamp'],
      v: ['vector(2)'],
      raw: [],
    });
    expect(model.label).toBe('employees');
    expect(model.primaryKey).toEqual(['id', 'dept_id']);
    expect(model.shardKey).toEqual(['dept_id']);
  });

  it('accepts the base_definition the Python client sends in request_schema_str', () => {
    const model = parseType('[["a","int","nullable"],["b","string"]]', '', {});
    expect(model.properties).toEqual({ a: ['data', 'nullable'], b: ['data'] });
    expect(model.label).toBe('');
  });

  it('refuses an unknown type word and a column without a type', () => {
    expect(errorOf(() => parseType('[["a","integer"]]', '', {})).message).toBe(
      "Column 'a' has unknown type 'integer': use int, long, float, double, string or bytes, or a data type property " +
        'such as char32, int8, boolean, timestamp, date, decimal, uuid or vector(10)',
    );
    expect(errorOf(() => parseType('[["a"]]', '', {})).message).toBe(
      "Column 'a' has no type: give one of int, long, float, double, string or bytes",
    );
    expect(errorOf(() => parseType('[["a","int"],"b"]', '', {})).message).toBe(
      'Column 1 of the type definition is not a list: give each column as [name, type, property...] of strings',
    );
  });
});

describe('property normalization', () => {
  it('lower-cases, trims, removes duplicates and sorts into the canonical order', () => {
    const model = parseType(avroType([['a', 'string']]), '', {
      a: ['  SHARD_KEY', 'Dict', 'char16', 'PRIMARY_KEY', 'dict', 'Compress( ZSTD(7) )', 'text_search'],
    });
    expect(model.properties['a']).toEqual(['data', 'text_search', 'char16', 'primary_key', 'shard_key', 'dict', 'compress(zstd(7))']);
  });

  it('keeps the case of a default expression and removes spaces inside other arguments', () => {
    expect(column('string', "DEFAULT('Pending')").properties).toEqual(['data', "default('Pending')"]);
    expect(column('string', 'DECIMAL( 10, 2 )').properties).toEqual(['data', 'decimal(10,2)']);
    expect(column('string', 'array(INT, 10)').properties).toEqual(['data', 'array(int,10)']);
    expect(column('bytes', 'Vector( 4 )', 'normalize').properties).toEqual(['vector(4)', 'normalize']);
  });

  it("adds 'data' to numeric and string columns unless store_only is given, and never to bytes", () => {
    expect(column('int').properties).toEqual(['data']);
    expect(column('float').properties).toEqual(['data']);
    expect(column('string', 'store_only').properties).toEqual(['store_only']);
    expect(column('bytes').properties).toEqual([]);
    expect(column('bytes', 'data').properties).toEqual(['data']);
  });

  it('accepts every documented property on its base types', () => {
    const cases: [string, string[]][] = [
      ['int', ['int8']], ['int', ['int16']], ['int', ['boolean']], ['long', ['timestamp']],
      ['string', ['char1']], ['string', ['char256']], ['string', ['date']], ['string', ['time']],
      ['string', ['datetime']], ['string', ['decimal']], ['string', ['ulong']], ['string', ['uuid', 'init_with_uuid']],
      ['string', ['ipv4']], ['string', ['json']], ['string', ['array(boolean)']], ['string', ['wkt']],
      ['bytes', ['wkt']], ['bytes', ['vector(8)']], ['string', ['disk_optimized']], ['string', ['update_with_user']],
      ['string', ['char8', 'update_with_user']], ['long', ['timestamp', 'init_with_now', 'update_with_now']],
      ['string', ['date', 'init_with_now', 'dict']], ['int', ['dict']], ['long', ['dict']],
      ['double', ['soft_primary_key']], ['bytes', ['compress(none)']], ['string', ['compress(lz4(12))']],
      ['string', ['compress(snappy)']], ['string', ['compress(lz4hc)']], ['int', ['default_sql(0)']],
    ];
    for (const [base, properties] of cases) {
      expect(() => column(base, ...properties), `${base} ${properties.join(',')}`).not.toThrow();
    }
  });
});

describe('ColumnModel.check', () => {
  const table: [string, string[], unknown[], unknown[]][] = [
    // base, properties, accepted, refused
    ['int', [], [0, -2147483648, 2147483647], [2147483648, 1.5, '1', null]],
    ['int', ['int8'], [-128, 127], [-129, 128]],
    ['int', ['int16'], [-32768, 32767], [-32769, 32768]],
    ['int', ['boolean'], [0, 1], [2, -1]],
    ['long', [], [0, 2 ** 53, -(2n ** 63n), 2n ** 63n - 1n], [1.5, 2n ** 63n, '5']],
    ['long', ['timestamp'], [0, -30610224000000, 29379542399999], [-30610224000001, 29379542400000]],
    ['float', [], [1.5, -3.4e38, Number.NaN], [3.5e38, 'x']],
    ['double', [], [1e300, -0.5], ['1']],
    ['string', [], ['', 'any'], [1, Buffer.from('a')]],
    ['string', ['char4'], ['', 'abcd', 'ñañá', '😀😀😀😀'], ['abcde', '😀😀😀😀😀']],
    ['string', ['date'], ['1000-01-01', '2900-12-31', '2024-02-29'], ['0999-12-31', '2901-01-01', '2023-02-29', '2024-1-01', '2024-01-01 00:00:00', '']],
    ['string', ['time'], ['00:00:00', '23:59:59.999', '12:30:00.5'], ['24:00:00', '12:60:00', '12:30', '12:30:00.1234']],
    ['string', ['datetime'], ['2024-05-06 07:08:09.123', '2024-05-06T07:08:09', '2024-05-06', '2900-12-31 23:59:59.999'], ['2024-05-06 7:08:09', '2024-13-06 07:08:09', '2901-01-01 00:00:00']],
    ['string', ['decimal'], ['0', '-12.5', '.5', '922337203685477.5807', '-922337203685477.5808', '+1'], ['922337203685477.5808', '999999999999999.9999', '1e5', '1.23456', '1000000000000000', 'abc', '-', '']],
    ['string', ['decimal(5,2)'], ['999.99', '-1.5'], ['1000', '1.234']],
    ['string', ['ulong'], ['0', '18446744073709551615'], ['18446744073709551616', '-1', '1.0']],
    ['string', ['uuid'], ['123e4567-e89b-12d3-a456-426614174000', '123E4567E89B12D3A456426614174000'], ['123e4567-e89b-12d3-a456', 'zz3e4567-e89b-12d3-a456-426614174000', '']],
    ['string', ['ipv4'], ['0.0.0.0', '255.255.255.255', '192.168.1.1'], ['256.1.1.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d']],
    ['string', ['json'], ['{"a":1}', '[1,2]', '"s"'], ['{a:1}', '']],
    ['string', ['array(int)'], ['[]', '[1,2,-3]', '[1, null]'], ['1,2', '[1.5]', '[a]']],
    ['string', ['array(string)'], ['[a,b]', '["a","b"]'], ['a,b']],
    ['string', ['array(boolean,3)'], ['[true,false,1]'], ['[yes]']],
    ['string', ['array(ulong)'], ['[0,18446744073709551615]'], ['[-1]']],
    ['string', ['wkt'], ['POINT(1 2)', 'polygon((0 0,1 0,1 1,0 0))', 'MULTIPOINT EMPTY'], ['CIRCLE(1 2)', '']],
    ['bytes', ['wkt'], [Buffer.from([1, 1, 0, 0, 0])], [Buffer.from([2, 1, 0, 0, 0]), Buffer.from([1])]],
    ['bytes', ['vector(2)'], [Buffer.alloc(8)], [Buffer.alloc(4), Buffer.alloc(12)]],
    ['bytes', [], [Buffer.alloc(0), new Uint8Array(3)], ['abc']],
  ];
  for (const [base, properties, accepted, refused] of table) {
    it(`${base} ${properties.join(', ') || '(no property)'}`, () => {
      const c = column(base, ...properties);
      for (const value of accepted) expect(c.check(value), `accepts ${String(value)}`).toBeUndefined();
      for (const value of refused) expect(c.check(value), `refuses ${String(value)}`).toBeTypeOf('string');
    });
  }

  it('says what is wrong in a phrase that follows the value', () => {
    expect(column('string', 'char4').check('abcde')).toBe('is longer than 4 characters (char4)');
    expect(column('int', 'int8').check(200)).toBe('is out of the int8 range -128 to 127');
    expect(column('string', 'date').check('2024-02-30')).toBe(
      'is not a date in the form YYYY-MM-DD from 1000-01-01 to 2900-12-31',
    );
    expect(column('string', 'decimal(5,2)').check('1.234')).toBe(
      'is not a decimal with at most 3 digits before the point and 2 after it',
    );
    expect(column('bytes', 'vector(2)').check(Buffer.alloc(4))).toBe(
      'is not a vector of 2 floats (8 bytes of little-endian float32)',
    );
    expect(column('int').check('1')).toBe('is not an int (a whole number from -2147483648 to 2147483647)');
  });

  it('accepts the values init_with_now and init_with_uuid replace, and names the replacement', () => {
    const date = column('string', 'date', 'init_with_now');
    expect(date.check('')).toBeUndefined();
    expect(date.check('not a date')).toBeTypeOf('string');
    expect(replacedOnInsert(date, '')).toBe('now');
    expect(replacedOnInsert(date, '2024-01-01')).toBeUndefined();

    const timestamp = column('long', 'timestamp', 'init_with_now');
    expect(timestamp.check(-40000000000000)).toBeUndefined();
    expect(replacedOnInsert(timestamp, -40000000000000)).toBe('now');
    expect(replacedOnInsert(timestamp, 0)).toBeUndefined();

    const uuid = column('string', 'uuid', 'init_with_uuid');
    expect(uuid.check('')).toBeUndefined();
    expect(uuid.check('garbage')).toBeUndefined();
    expect(replacedOnInsert(uuid, 'garbage')).toBe('uuid');
    expect(replacedOnInsert(uuid, '123e4567-e89b-12d3-a456-426614174000')).toBeUndefined();
    expect(replacedOnInsert(column('string', 'uuid'), '')).toBeUndefined();
  });
});

describe('errors of /create/type', () => {
  const cases: [string, () => unknown, string][] = [
    [
      'invalid JSON',
      () => parseType('{"type": "record",', '', {}),
      'Type definition is not valid JSON (',
    ],
    [
      'not a record',
      () => parseType('{"type":"enum","name":"e","symbols":["A"]}', '', {}),
      'Type definition must be an Avro record schema ({"type":"record","name":...,"fields":[...]}) or a list of columns ' +
        '([["id","int","primary_key"],...]), got an object without "type":"record"',
    ],
    [
      'a scalar',
      () => parseType('42', '', {}),
      'Type definition must be an Avro record schema ({"type":"record","name":...,"fields":[...]}) or a list of columns ' +
        '([["id","int","primary_key"],...]), got a number',
    ],
    [
      'no fields list',
      () => parseType('{"type":"record","name":"r"}', '', {}),
      `Type definition has no 'fields' list: give the columns as "fields":[{"name":...,"type":...}]`,
    ],
    ['empty field list', () => parseType(avroType([]), '', {}), 'Type definition has no columns: give at least one column'],
    ['empty column list', () => parseType('[]', '', {}), 'Type definition has no columns: give at least one column'],
    [
      'a field that is not an object',
      () => parseType('{"type":"record","name":"r","fields":["a"]}', '', {}),
      'Field 0 of the type definition is not an object: give each column as {"name":...,"type":...}',
    ],
    [
      'a field without a name',
      () => parseType('{"type":"record","name":"r","fields":[{"name":"a","type":"int"},{"type":"int"}]}', '', {}),
      "Column 1 of the type definition has no name: give each column a non-empty 'name'",
    ],
    [
      'an invalid column name',
      () => parseType(avroType([['my col', 'int']]), '', {}),
      "Column name 'my col' is not valid: use letters, digits and underscores, starting with a letter or an underscore, at most 200 characters",
    ],
    [
      'a duplicate column',
      () => parseType(avroType([['a', 'int'], ['b', 'int'], ['a', 'long']]), '', {}),
      "Column 'a' is defined more than once in the type definition: give each column once",
    ],
    [
      'a field without a type',
      () => parseType('{"type":"record","name":"r","fields":[{"name":"a"}]}', '', {}),
      "Column 'a' has no type: give one of int, long, float, double, string or bytes",
    ],
    [
      'a complex type',
      () => parseType(avroType([['a', { type: 'array', items: 'int' }]]), '', {}),
      `Column 'a' has unsupported type {"type":"array","items":"int"}: use int, long, float, double, string or bytes`,
    ],
    [
      'an upper-case Avro type',
      () => parseType(avroType([['a', 'INT']]), '', {}),
      `Column 'a' has unsupported type "INT": use int, long, float, double, string or bytes`,
    ],
    [
      'the Avro boolean type',
      () => parseType(avroType([['flag', 'boolean']]), '', {}),
      "Column 'flag' has type 'boolean', which is not a Kinetica base type: declare it 'int' with the 'boolean' property",
    ],
    [
      'a union of two base types',
      () => parseType(avroType([['a', ['int', 'string']]]), '', {}),
      `Column 'a' has type ["int","string"]: the only union allowed is one base type with "null", as ["int","null"] for a nullable int`,
    ],
    [
      'a union of null alone',
      () => parseType(avroType([['a', ['null']]]), '', {}),
      `Column 'a' has type ["null"]: the only union allowed is one base type with "null", as ["int","null"] for a nullable int`,
    ],
    [
      'nullable without a union',
      () => parseType(avroType([['a', 'int']]), '', { a: ['nullable'] }),
      `Column 'a' has the 'nullable' property but its type 'int' is not a union with null: declare the type as ["int","null"]`,
    ],
    [
      'properties for a column that does not exist',
      () => parseType(avroType([['a', 'int'], ['b', 'int']]), '', { c: ['int8'] }),
      "Properties are given for column 'c', which is not in the type definition; its columns are: a, b",
    ],
    [
      'an empty property',
      () => parseType(avroType([['a', 'int']]), '', { a: [' '] }),
      "Column 'a' has an empty property: remove it or give a property name",
    ],
    [
      'an unknown property',
      () => parseType(avroType([['a', 'int']]), '', { a: ['Indexed'] }),
      "Column 'a' has unknown property 'Indexed': see /create/type for the valid column properties",
    ],
    [
      'a char width that does not exist',
      () => parseType(avroType([['a', 'string']]), '', { a: ['char3'] }),
      "Property 'char3' of column 'a' is not valid: the string widths are char1, char2, char4, char8, char16, char32, char64, char128, char256",
    ],
    [
      'a property argument where none is taken',
      () => parseType(avroType([['a', 'string']]), '', { a: ['uuid(4)'] }),
      "Property 'uuid(4)' of column 'a' is not valid: 'uuid' takes no argument in parentheses",
    ],
    [
      'a vector without a dimension',
      () => parseType(avroType([['a', 'bytes']]), '', { a: ['vector'] }),
      "Property 'vector' of column 'a' is not valid: give the number of floats as a positive integer, as vector(10)",
    ],
    [
      'a vector of zero floats',
      () => parseType(avroType([['a', 'bytes']]), '', { a: ['vector(0)'] }),
      "Property 'vector(0)' of column 'a' is not valid: give the number of floats as a positive integer, as vector(10)",
    ],
    [
      'an array of an unknown item type',
      () => parseType(avroType([['a', 'string']]), '', { a: ['array(date)'] }),
      "Property 'array(date)' of column 'a' is not valid: give the item type and optionally the length, as array(int) or array(int,10); " +
        'item types: int, long, float, double, string, ulong, boolean',
    ],
    [
      'an array of length zero',
      () => parseType(avroType([['a', 'string']]), '', { a: ['array(int,0)'] }),
      "Property 'array(int,0)' of column 'a' is not valid: the array length must be a positive integer, or -1 for no limit",
    ],
    [
      'a decimal precision over 27',
      () => parseType(avroType([['a', 'string']]), '', { a: ['decimal(28,2)'] }),
      "Property 'decimal(28,2)' of column 'a' is not valid: give decimal(precision,scale) with precision from 1 to 27 and scale from 0 to 18, no more than the precision",
    ],
    [
      'an unknown compression codec',
      () => parseType(avroType([['a', 'string']]), '', { a: ['compress(gzip)'] }),
      "Property 'compress(gzip)' of column 'a' is not valid: give the codec and optionally its level: compress(none), compress(snappy), " +
        'compress(lz4(0..12)), compress(lz4hc) or compress(zstd(-131072..22))',
    ],
    [
      'a compression level out of range',
      () => parseType(avroType([['a', 'string']]), '', { a: ['compress(zstd(23))'] }),
      "Property 'compress(zstd(23))' of column 'a' is not valid: give the codec and optionally its level: compress(none), compress(snappy), " +
        'compress(lz4(0..12)), compress(lz4hc) or compress(zstd(-131072..22))',
    ],
    [
      'an empty default',
      () => parseType(avroType([['a', 'int']]), '', { a: ['default()'] }),
      "Property 'default()' of column 'a' is not valid: give the default value inside the parentheses, as default(0)",
    ],
    [
      'a string property on an int',
      () => parseType(avroType([['a', 'int']]), '', { a: ['char16'] }),
      "Property 'char16' of column 'a' does not apply to its base type 'int': it applies only to string columns",
    ],
    [
      'timestamp on an int',
      () => parseType(avroType([['a', 'int']]), '', { a: ['TIMESTAMP'] }),
      "Property 'timestamp' of column 'a' does not apply to its base type 'int': it applies only to long columns",
    ],
    [
      'wkt on a long',
      () => parseType(avroType([['a', 'long']]), '', { a: ['wkt'] }),
      "Property 'wkt' of column 'a' does not apply to its base type 'long': it applies only to string and bytes columns",
    ],
    [
      'dict on a double',
      () => parseType(avroType([['a', 'double']]), '', { a: ['dict'] }),
      "Property 'dict' of column 'a' does not apply to its base type 'double': it applies only to int and long and string columns",
    ],
    [
      'dict on an unrestricted string',
      () => parseType(avroType([['a', 'string']]), '', { a: ['dict'] }),
      "Property 'dict' of column 'a' applies only to charN, date columns: add one of those properties or remove 'dict'",
    ],
    [
      'init_with_now without a date or time type',
      () => parseType(avroType([['a', 'long']]), '', { a: ['init_with_now'] }),
      "Property 'init_with_now' of column 'a' applies only to date, time, datetime, timestamp columns: add one of those properties or remove 'init_with_now'",
    ],
    [
      'init_with_uuid without uuid',
      () => parseType(avroType([['a', 'string']]), '', { a: ['char32', 'init_with_uuid'] }),
      "Property 'init_with_uuid' of column 'a' applies only to uuid columns: add one of those properties or remove 'init_with_uuid'",
    ],
    [
      'update_with_user on a typed string',
      () => parseType(avroType([['a', 'string']]), '', { a: ['date', 'update_with_user'] }),
      "Property 'update_with_user' of column 'a' applies only to charN, string columns: add one of those properties or remove 'update_with_user'",
    ],
    [
      'two data types',
      () => parseType(avroType([['a', 'string']]), '', { a: ['char16', 'date'] }),
      "Column 'a' has two data type properties, 'char16' and 'date': keep one",
    ],
    [
      'data and store_only',
      () => parseType(avroType([['a', 'int']]), '', { a: ['store_only', 'data'] }),
      "Column 'a' cannot have both 'data' and 'store_only': they are mutually exclusive; remove one",
    ],
    [
      'text_search and date',
      () => parseType(avroType([['a', 'string']]), '', { a: ['date', 'text_search'] }),
      "Column 'a' cannot have both 'text_search' and 'date': they are mutually exclusive; remove one",
    ],
    [
      'a nullable primary key',
      () => parseType(avroType([['a', ['int', 'null']]]), '', { a: ['primary_key'] }),
      `Primary key column 'a' cannot be nullable: remove 'primary_key', or remove 'nullable' and "null" from its type`,
    ],
    [
      'a shard key outside the primary key',
      () => parseType(avroType([['a', 'int'], ['b', 'int'], ['c', 'int']]), '', { a: ['primary_key'], b: ['primary_key'], c: ['shard_key'] }),
      "Shard key column 'c' is not part of the primary key (a, b): when a type has a primary key, every shard key column must also have 'primary_key'",
    ],
  ];
  for (const [name, action, message] of cases) {
    it(name, () => {
      const error = errorOf(action);
      if (message.endsWith('(')) expect(error.message.startsWith(message)).toBe(true);
      else expect(error.message).toBe(message);
      expect(error.httpStatus).toBe(400);
    });
  }

  it('allows a shard key without a primary key, and a nullable shard key', () => {
    const model = parseType(avroType([['a', ['int', 'null']], ['b', 'int']]), '', { a: ['shard_key'] });
    expect(model.shardKey).toEqual(['a']);
    expect(model.primaryKey).toEqual([]);
  });
});

describe('type ids', () => {
  const definition = avroType([['a', 'int'], ['b', 'string']]);

  it('is a decimal string that is the same for the same definition, properties and label', () => {
    const id = typeIdOf(parseType(definition, 'x', { b: ['char8'] }));
    expect(id).toMatch(/^\d+$/);
    expect(BigInt(id) < 2n ** 64n).toBe(true);
    expect(typeIdOf(parseType(definition, 'x', { b: ['char8'] }))).toBe(id);
  });

  it('does not depend on how the request spelled the same type', () => {
    const id = typeIdOf(parseType(definition, 'x', { b: ['char8'] }));
    const spaced = '{"type": "record", "name": "other", "fields": [{"type": "int", "name": "a"}, {"type": "string", "name": "b"}]}';
    expect(typeIdOf(parseType(spaced, 'x', { b: ['CHAR8', 'data'] }))).toBe(id);
    expect(typeIdOf(parseType('[["a","int"],["b","char8"]]', 'x', {}))).toBe(id);
  });

  it('differs when the properties, the columns or the label differ', () => {
    const id = typeIdOf(parseType(definition, 'x', { b: ['char8'] }));
    expect(typeIdOf(parseType(definition, 'x', { b: ['char16'] }))).not.toBe(id);
    expect(typeIdOf(parseType(definition, 'y', { b: ['char8'] }))).not.toBe(id);
    expect(typeIdOf(parseType(avroType([['a', 'int'], ['b', ['string', 'null']]]), 'x', { b: ['char8'] }))).not.toBe(id);
  });
});

describe('modelFromColumns', () => {
  it('rebuilds the same model from the columns of a parsed one', () => {
    const model = parseType(avroType([['id', 'long'], ['name', ['string', 'null']]]), 'people', {
      id: ['primary_key', 'shard_key'],
      name: ['char64'],
    });
    const rebuilt = modelFromColumns(model.label, model.columns);
    expect(rebuilt.definition).toBe(model.definition);
    expect(rebuilt.properties).toEqual(model.properties);
    expect(typeIdOf(rebuilt)).toBe(typeIdOf(model));
  });

  it('adds a column with its properties, the nullable flag or property making it nullable', () => {
    const model = modelFromColumns('t', [
      { name: 'id', base: 'int', nullable: false, properties: ['primary_key'] },
      { name: 'note', base: 'string', nullable: true, properties: ['char32'] },
      { name: 'extra', base: 'long', nullable: false, properties: ['nullable', 'timestamp'] },
    ]);
    expect(model.definition).toBe(
      '{"type":"record","name":"type_name","fields":[{"name":"id","type":"int"},{"name":"note","type":["string","null"]},' +
        '{"name":"extra","type":["long","null"]}]}',
    );
    expect(model.properties).toEqual({
      id: ['data', 'primary_key'],
      note: ['data', 'char32', 'nullable'],
      extra: ['data', 'timestamp', 'nullable'],
    });
  });

  it('applies the same rules as /create/type', () => {
    expect(errorOf(() => modelFromColumns('t', [])).message).toBe('Type definition has no columns: give at least one column');
    expect(errorOf(() => modelFromColumns('t', [{ name: 'b', base: 'boolean', nullable: false, properties: [] }])).message).toBe(
      "Column 'b' has type 'boolean', which is not a Kinetica base type: declare it 'int' with the 'boolean' property",
    );
    expect(
      errorOf(() =>
        modelFromColumns('t', [
          { name: 'a', base: 'int', nullable: false, properties: [] },
          { name: 'a', base: 'int', nullable: false, properties: [] },
        ]),
      ).message,
    ).toBe("Column 'a' is defined more than once in the type definition: give each column once");
    expect(errorOf(() => modelFromColumns('t', [{ name: 'a', base: 'int', nullable: true, properties: ['primary_key'] }])).message).toBe(
      `Primary key column 'a' cannot be nullable: remove 'primary_key', or remove 'nullable' and "null" from its type`,
    );
  });
});

describe('JSON records', () => {
  const model: TypeModel = parseType(
    avroType([
      ['id', 'int'],
      ['big', 'long'],
      ['ratio', 'float'],
      ['amount', 'double'],
      ['name', ['string', 'null']],
      ['blob', ['bytes', 'null']],
      ['flag', 'int'],
      ['price', 'string'],
      ['doc', ['string', 'null']],
    ]),
    '',
    { id: ['primary_key'], name: ['char8'], flag: ['boolean'], price: ['decimal'], doc: ['json'] },
  );

  const full = {
    id: 1,
    big: 1764201600000,
    ratio: 0.5,
    amount: 2.25,
    name: 'ann',
    blob: '\u0000\u00ffA',
    flag: 1,
    price: '12.50',
    doc: '{"a":1}',
  };

  it('converts a record to the Avro value and back', () => {
    const converted = recordFromJson(model, full);
    expect(converted).toEqual({
      value: { ...full, blob: Buffer.from([0, 255, 65]) },
    });
    if (!('value' in converted)) throw new Error('expected a value');
    expect(recordToJson(model, converted.value)).toEqual(full);
  });

  it('encodes the converted value with avsc and decodes it back to the same JSON', () => {
    const type = avro.Type.forSchema(model.avroSchema as avro.Schema);
    const converted = recordFromJson(model, { ...full, name: null, blob: null });
    if (!('value' in converted)) throw new Error(converted.error);
    const decoded = type.fromBuffer(type.toBuffer(converted.value)) as Record<string, unknown>;
    expect(recordToJson(model, decoded)).toEqual({ ...full, name: null, blob: null });
  });

  it('takes a missing nullable column as null and keeps the column order of the type', () => {
    const { name: _name, blob: _blob, doc: _doc, ...rest } = full;
    const converted = recordFromJson(model, rest);
    if (!('value' in converted)) throw new Error(converted.error);
    expect(Object.keys(converted.value)).toEqual(model.columns.map((c) => c.name));
    expect(converted.value).toMatchObject({ name: null, blob: null, doc: null });
  });

  it('converts numeric strings, booleans of boolean columns, JSON values of json columns and numbers of decimal columns', () => {
    const converted = recordFromJson(model, { ...full, id: '7', big: '-5', amount: '1e3', flag: true, doc: { b: [1] }, price: 3.5 });
    if (!('value' in converted)) throw new Error(converted.error);
    expect(converted.value).toMatchObject({ id: 7, big: -5, amount: 1000, flag: 1, doc: '{"b":[1]}', price: '3.5' });
  });

  it('packs an array of numbers into a vector column', () => {
    const vectors = parseType(avroType([['v', 'bytes']]), '', { v: ['vector(2)'] });
    const converted = recordFromJson(vectors, { v: [1.5, -2] });
    if (!('value' in converted)) throw new Error(converted.error);
    const bytes = converted.value['v'] as Buffer;
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1.5, -2]);
  });

  it('turns bigint longs into numbers', () => {
    expect(recordToJson(model, { ...full, big: 42n, blob: null })).toMatchObject({ big: 42 });
  });

  const refused: [string, unknown, string][] = [
    ['a list', [1, 2], 'Record must be a JSON object of column values, got a list'],
    ['null', null, 'Record must be a JSON object of column values, got null'],
    ['a string', 'x', "Record must be a JSON object of column values, got string 'x'"],
    [
      'an unknown column',
      { ...full, extra: 1 },
      "Record has a value for 'extra', which is not a column of the type; its columns are: id, big, ratio, amount, name, blob, flag, price, doc",
    ],
    ['a missing column', (({ id: _id, ...rest }) => rest)(full), "Record has no value for column 'id', which is not nullable: give a value"],
    ['null in a column that is not nullable', { ...full, amount: null }, "Record has null for column 'amount', which is not nullable: give a value"],
    ['a word for an int', { ...full, id: 'five' }, "Cannot convert 'five' to int for column 'id'"],
    ['a fraction for an int', { ...full, id: 1.5 }, "Cannot convert '1.5' to int for column 'id'"],
    ['an int out of range', { ...full, id: 2147483648 }, "Cannot convert '2147483648' to int for column 'id'"],
    ['a boolean for a plain long', { ...full, big: true }, "Cannot convert 'true' to long for column 'big'"],
    [
      'a long beyond JSON precision',
      { ...full, big: '9007199254740993' },
      "Cannot convert '9007199254740993' to long within +/-9007199254740991 (the precision of a JSON number) for column 'big'",
    ],
    ['a string for a double', { ...full, amount: 'abc' }, "Cannot convert 'abc' to double for column 'amount'"],
    ['a number for a string', { ...full, name: 5 }, "Cannot convert '5' to string for column 'name'"],
    [
      'a character above \\u00ff for bytes',
      { ...full, blob: 'é€' },
      "Cannot convert 'é€' to bytes (a string of characters \\u0000-\\u00ff, one per byte) for column 'blob'",
    ],
    ['a value that breaks a property', { ...full, name: 'much too long' }, "Value 'much too long' of column 'name' is longer than 8 characters (char8)"],
    ['a flag out of the boolean range', { ...full, flag: 2 }, "Value '2' of column 'flag' is out of the boolean range 0 to 1"],
    [
      'a decimal with too many places',
      { ...full, price: '1.23456' },
      "Value '1.23456' of column 'price' is not a decimal with at most 15 digits before the point and 4 after it",
    ],
  ];
  for (const [name, json, error] of refused) {
    it(`refuses ${name}`, () => {
      expect(recordFromJson(model, json)).toEqual({ error });
    });
  }
});
