/**
 * JSON text a client sends is parsed only after a linear scan has checked how deeply it nests.
 * V8's JSON.parse does not overflow the stack on deep nesting, but it slows down sharply with it
 * (two megabytes of '[' took two seconds here), and whatever walks the value afterwards
 * (JSON.stringify, validation, copying) does recurse. Kinetica's own documents nest a few levels.
 */

/** How deeply any JSON a client sends may nest (objects and arrays). */
export const MAX_JSON_DEPTH = 64;

/** Where a JSON text first nests deeper than the bound: the character offset, or -1 if it never does. */
export function jsonTooDeepAt(text: string, maxDepth = MAX_JSON_DEPTH): number {
  // Each level takes at least two characters: a shorter text cannot break the bound.
  if (text.length <= 2 * maxDepth) return -1;
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 /* " */) {
      // Skip the string: to its closing quote, stepping over escapes.
      for (i++; i < length; i++) {
        const inner = text.charCodeAt(i);
        if (inner === 0x5c /* \ */) i++;
        else if (inner === 0x22) break;
      }
    } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > maxDepth) return i;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) {
      depth--;
    }
  }
  return -1;
}

/** A JSON text that nests deeper than the bound. */
export class JsonTooDeepError extends Error {
  constructor(
    readonly offset: number,
    readonly maxDepth: number,
  ) {
    super(`it nests deeper than ${maxDepth} levels (at character ${offset})`);
    this.name = 'JsonTooDeepError';
  }
}

/** JSON.parse, after the depth check: throws JsonTooDeepError, or JSON.parse's SyntaxError. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const deepAt = jsonTooDeepAt(text, maxDepth);
  if (deepAt !== -1) throw new JsonTooDeepError(deepAt, maxDepth);
  return JSON.parse(text) as unknown;
}
