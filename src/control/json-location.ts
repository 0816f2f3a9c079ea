/**
 * Where things are in a JSON text, for messages people can act on: the line and column of a
 * syntax error, and of the value at a path (`tables[0].records[3]`). Only used when something
 * went wrong, so it scans the text again rather than keeping positions for every value.
 */
import { jsonTooDeepAt, MAX_JSON_DEPTH } from '../bounds/json.js';

export interface TextPosition {
  line: number;
  column: number;
}

export type JsonPath = (string | number)[];

/** `tables[0].records[3]` */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

/**
 * Parses JSON text. When it is not JSON, the strict reader below finds where and why (it runs only
 * then: a second pass over every valid document would double the cost of loading one), and `fail`
 * makes the error to throw.
 */
export function parseJson(text: string, fail: (problem: string, position: TextPosition | undefined) => Error): unknown {
  // Checked first: the strict reader below recurses, and whatever walks the value afterwards does too.
  const deepAt = jsonTooDeepAt(text);
  if (deepAt !== -1) throw fail(`it nests deeper than ${MAX_JSON_DEPTH} levels`, positionAt(text, deepAt));
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const syntax = findSyntaxError(text);
    throw fail(syntax?.problem ?? (error as Error).message, syntax?.position);
  }
}

/**
 * Where a text stops being JSON and why: JSON.parse names the position for some errors only, so
 * a small strict reader finds it. Undefined when the text is valid JSON.
 */
export function findSyntaxError(text: string): { position: TextPosition; problem: string } | undefined {
  const reader = new StrictReader(text);
  try {
    reader.space();
    reader.value();
    reader.space();
    if (reader.at < text.length) reader.fail('unexpected text after the end of the document');
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { position: positionAt(text, error.offset), problem: error.message };
  }
}

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class StrictReader {
  at = 0;

  constructor(private readonly text: string) {}

  fail(problem: string): never {
    throw new SyntaxProblem(problem, this.at);
  }

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at]!)) this.at++;
  }

  private describe(): string {
    return this.at >= this.text.length ? 'the end of the text' : `'${this.text[this.at]}'`;
  }

  value(): void {
    const char = this.text[this.at];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.at)) {
        this.at += literal.length;
        return;
      }
    }
    this.fail(`expected a value, found ${this.describe()}`);
  }

  private object(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail(`expected ':' after the property name, found ${this.describe()}`);
      this.at++;
      this.space();
      this.value();
      this.space();
      if (this.text[this.at] === ',') {
        this.at++;
        continue;
      }
      if (this.text[this.at] === '}') {
        this.at++;
        return;
      }
      this.fail(`expected ',' or '}' after a property, found ${this.describe()}`);
    }
  }

  private array(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      this.value();
      this.space();
      if (this.text[this.at] === ',') {
        this.at++;
        continue;
      }
      if (this.text[this.at] === ']') {
        this.at++;
        return;
      }
      this.fail(`expected ',' or ']' after an item, found ${this.describe()}`);
    }
  }

  private string(): void {
    this.at++;
    while (this.at < this.text.length) {
      const char = this.text[this.at]!;
      if (char === '"') {
        this.at++;
        return;
      }
      if (char < ' ') this.fail('a control character (such as a line break) inside a string; write it as an escape (\\n)');
      if (char === '\\') {
        const next = this.text[this.at + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) this.fail('an invalid \\u escape');
          this.at += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) this.fail('an invalid escape in a string');
        this.at += 2;
        continue;
      }
      this.at++;
    }
    this.fail('a string that does not end');
  }

  private number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 400));
    if (!match) this.fail('an invalid number');
    this.at += match[0].length;
  }
}

/**
 * The line and column where the value at `path` starts in a valid JSON text; the deepest
 * existing ancestor's when the path goes further than the text does.
 */
export function locate(text: string, path: JsonPath): TextPosition {
  const scanner = new Scanner(text);
  scanner.skipSpace();
  let start = scanner.at;
  for (const part of path) {
    const found = typeof part === 'number' ? scanner.enterArray(part) : scanner.enterObject(part);
    if (!found) break;
    start = scanner.at;
  }
  return positionAt(text, start);
}

class Scanner {
  at = 0;

  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  /** At an object: moves to the value of `key`; false (staying put) when there is none. */
  enterObject(key: string): boolean {
    const start = this.at;
    if (this.text[this.at] !== '{') return false;
    this.at++;
    this.skipSpace();
    while (this.at < this.text.length && this.text[this.at] !== '}') {
      const name = this.readString();
      this.skipSpace();
      this.at++; // ':'
      this.skipSpace();
      if (name === key) return true;
      this.skipValue();
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
      this.skipSpace();
    }
    this.at = start;
    return false;
  }

  /** At an array: moves to item `index`; false (staying put) when there is none. */
  enterArray(index: number): boolean {
    const start = this.at;
    if (this.text[this.at] !== '[') return false;
    this.at++;
    this.skipSpace();
    for (let i = 0; this.at < this.text.length && this.text[this.at] !== ']'; i++) {
      if (i === index) return true;
      this.skipValue();
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
      this.skipSpace();
    }
    this.at = start;
    return false;
  }

  private readString(): string {
    const start = this.at;
    this.skipString();
    try {
      return JSON.parse(this.text.slice(start, this.at)) as string;
    } catch {
      return '';
    }
  }

  private skipString(): void {
    this.at++; // opening quote
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    this.at++;
  }

  private skipValue(): void {
    const char = this.text[this.at];
    if (char === '"') return this.skipString();
    if (char === '{' || char === '[') {
      let depth = 0;
      while (this.at < this.text.length) {
        const current = this.text[this.at]!;
        if (current === '"') {
          this.skipString();
          continue;
        }
        if (current === '{' || current === '[') depth++;
        else if (current === '}' || current === ']') depth--;
        this.at++;
        if (depth === 0) return;
      }
      return;
    }
    while (this.at < this.text.length && !/[\s,\]}]/.test(this.text[this.at]!)) this.at++;
  }
}
