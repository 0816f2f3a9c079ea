/**
 * docs/parity.md is generated from GET /_mock/endpoints (npm run gen:parity): this fails when the
 * two disagree, e.g. after an endpoint is added without regenerating the file.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PARITY_FILE, parityMarkdown } from '../../scripts/gen-parity.js';

describe('docs/parity.md', () => {
  it('is what GET /_mock/endpoints says (regenerate with npm run gen:parity)', async () => {
    expect(readFileSync(PARITY_FILE, 'utf8')).toBe(await parityMarkdown());
  });
});
