/**
 * Generates src/generated/records.ts: a TypeScript interface for every request and response
 * record in src/wire/avro-schemas.json, and a map from endpoint path to its pair. The runtime never
 * reads the generated file's types; they only give handlers compile-time checking. A test
 * (test/wire/records-generated.test.ts) fails when the file is out of date.
 *
 * Usage: npx tsx scripts/gen-records.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRecordsModule } from '../src/wire/records-source.js';

const target = fileURLToPath(new URL('../src/generated/records.ts', import.meta.url));
const text = renderRecordsModule();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('src/generated/records.ts is out of date: run npm run gen:records');
    process.exit(1);
  }
  console.log('src/generated/records.ts is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
