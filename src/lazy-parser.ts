/**
 * The expression and SQL parsers, generated from their Peggy grammars by `npm run gen:parsers`
 * (scripts/parsers.ts) into CommonJS modules beside their grammars, in src/ and (copied by
 * scripts/copy-assets.mjs) in dist/. Each is loaded by its first use rather than at start-up:
 * most runs of the emulator parse neither, the SQL parser takes tens of milliseconds to load, and
 * start-up time is part of the emulator's budget.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface GeneratedParser {
  parse(text: string, options?: { startRule?: string }): unknown;
}

const load = createRequire(import.meta.url);

/** Returns a getter that loads the parser module at `url` once, when first called. */
export function lazyParser(url: URL): () => GeneratedParser {
  let parser: GeneratedParser | undefined;
  return () => (parser ??= load(fileURLToPath(url)) as GeneratedParser);
}
