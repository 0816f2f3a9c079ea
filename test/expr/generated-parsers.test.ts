// The parsers the emulator loads are generated from the grammars (npm run gen:parsers): a grammar
// changed without regenerating them would not take effect, so this fails until they are.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedParsers } from '../../scripts/parsers.js';

describe('the generated parsers', () => {
  for (const parser of generatedParsers()) {
    it(`src/${parser.path} matches its grammar (run npm run gen:parsers)`, () => {
      const onDisk = readFileSync(new URL(`../../src/${parser.path}`, import.meta.url), 'utf8');
      expect(onDisk === parser.text).toBe(true);
    });
  }
});
