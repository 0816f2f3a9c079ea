// Copies the files the compiled code reads at run time (the Avro schemas, the generated parsers) next to it in dist/.
import { copyFileSync, mkdirSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const assets = ['wire/avro-schemas.json', 'generated/expr-parser.cjs', 'generated/sql-parser.cjs'];
for (const asset of assets) {
  const target = new URL(`dist/${asset}`, root);
  mkdirSync(new URL('.', target), { recursive: true });
  copyFileSync(new URL(`src/${asset}`, root), target);
}
