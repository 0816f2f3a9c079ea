// CREATE TABLE column definitions as /create/type fields and properties (sql-ddl.mdx column types).
import { describe, expect, it } from 'vitest';
import { columnSpec } from '../../src/sql/column-types.js';
import type { ColumnDefinition } from '../../src/sql/ast.js';

function column(type: string, extra: Partial<ColumnDefinition> = {}): ColumnDefinition {
  return { element: 'column', name: 'c', type, array: null, args: [], nullability: null, comment: null, line: 1, column: 1, ...extra };
}

const sizes = (...values: number[]) => values.map((size) => ({ size }));

describe('SQL column types', () => {
  it('gives VARCHAR(N) the smallest charN that holds N characters, and plain string beyond 256', () => {
    const widths = [1, 2, 3, 5, 16, 17, 200, 256, 257].map((n) => columnSpec(column('VARCHAR', { args: sizes(n) }), false).properties);
    expect(widths).toEqual([['char1'], ['char2'], ['char4'], ['char8'], ['char16'], ['char32'], ['char256'], ['char256'], []]);
    expect(columnSpec(column('TEXT'), false)).toEqual({ name: 'c', base: 'string', properties: [], nullable: true });
  });

  it('reads DECIMAL and NUMERIC alone as BIGINT, and with a precision as decimal(p,s)', () => {
    expect(columnSpec(column('DECIMAL'), false)).toMatchObject({ base: 'long', properties: [] });
    expect(columnSpec(column('NUMERIC', { args: sizes(18, 4) }), false)).toMatchObject({ base: 'string', properties: ['decimal(18,4)'] });
    expect(columnSpec(column('DECIMAL', { args: sizes(10) }), false)).toMatchObject({ properties: ['decimal(10,0)'] });
  });

  it('reads TYPE[N] as an array column of that item type', () => {
    expect(columnSpec(column('BIGINT', { array: '4' }), false)).toMatchObject({ base: 'string', properties: ['array(long,4)'] });
    expect(columnSpec(column('UNSIGNED BIGINT', { array: '' }), false)).toMatchObject({ properties: ['array(ulong)'] });
    expect(() => columnSpec(column('DATE', { array: '2' }), false)).toThrow(/arrays hold BOOLEAN, INTEGER/);
  });

  it('keeps properties, with their arguments, after the type\'s own', () => {
    const spec = columnSpec(column('VARCHAR', { args: [{ size: 64 }, { property: 'text_search' }, { property: 'compress', argument: 'lz4' }] }), false);
    expect(spec.properties).toEqual(['char64', 'text_search', 'compress(lz4)']);
    expect(columnSpec(column('BLOB', { args: [{ property: 'wkt' }] }), false)).toMatchObject({ base: 'bytes', properties: ['wkt'] });
  });

  it('makes columns nullable unless NOT NULL or in the primary key', () => {
    expect(columnSpec(column('INT'), false).nullable).toBe(true);
    expect(columnSpec(column('INT', { nullability: 'not null' }), false).nullable).toBe(false);
    expect(columnSpec(column('INT'), true).nullable).toBe(false);
    expect(columnSpec(column('INT', { args: [{ property: 'primary_key' }] }), false).nullable).toBe(false);
    expect(() => columnSpec(column('INT', { nullability: 'null' }), true)).toThrow("Column 'c' is part of the primary key and cannot be declared NULL");
  });
});
