// The expression grammar is meant to be included in a bigger grammar (the SQL one); this checks
// the recipe documented at the top of grammar.peggy and in docs/expressions.md.
import { readFileSync } from 'node:fs';
import peggy from 'peggy';
import { describe, expect, it } from 'vitest';

const GRAMMAR_URL = new URL('../../src/expr/grammar.peggy', import.meta.url);

const host = `
{
  function hostClause(keyword, condition) {
    return { clause: keyword.toLowerCase(), condition };
  }
}

Statement
  = _ keyword:$("where"i !IdentifierPart) _ condition:Expression _ !. { return hostClause(keyword, condition); }
`;

const parser = peggy.generate([
  { source: 'host.peggy', text: host },
  { source: 'grammar.peggy', text: readFileSync(GRAMMAR_URL, 'utf8') },
]);

describe('the expression grammar inside a host grammar', () => {
  it('parses expressions where the host refers to Expression', () => {
    const result = parser.parse('WHERE a = 1 and b is null');
    expect(result).toMatchObject({
      clause: 'where',
      condition: { kind: 'binary', op: 'and', left: { kind: 'binary', op: '=' }, right: { kind: 'isNull' } },
    });
  });

  it("keeps the host's reserved words from being read as column names", () => {
    expect(parser.parse('where from = 1')).toMatchObject({ condition: { left: { kind: 'column', name: 'from' } } });
    expect(() => parser.parse('where from = 1', { reservedWords: new Set(['from']) })).toThrow(/Expected/);
    expect(parser.parse('where "from" = 1', { reservedWords: new Set(['from']) })).toMatchObject({
      condition: { left: { kind: 'column', name: 'from', quoted: true } },
    });
  });

  it('gives node offsets into the whole text', () => {
    const result = parser.parse('where  x > 2') as { condition: { start: number; end: number } };
    expect([result.condition.start, result.condition.end]).toEqual([7, 12]);
  });
});
