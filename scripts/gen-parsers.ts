/** Writes the generated expression and SQL parsers (see scripts/parsers.ts). */
import { writeFileSync } from 'node:fs';
import { generatedParsers } from './parsers.js';

for (const parser of generatedParsers()) {
  const target = new URL(`../src/${parser.path}`, import.meta.url);
  writeFileSync(target, parser.text);
  console.log(`wrote ${target.pathname}`);
}
