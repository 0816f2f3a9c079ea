/**
 * Reading an endpoint's `options` map (all values are strings on the wire) against the keys that
 * Kinetica documents for it. Strict by default: an unknown key fails and lists the valid ones; in
 * loose mode (--loose) it is ignored and named in the response's info as `ignored_options`.
 */
import { optionErrors } from '../errors/options.js';
import type { RequestContext } from '../wire/registry.js';

export type OptionParser<T> = (value: string, key: string) => T;
export type OptionSpec = Record<string, OptionParser<unknown>>;
export type OptionValues<S extends OptionSpec> = { [K in keyof S]?: ReturnType<S[K]> };

/** `true`/`false` in any case. */
export const bool: OptionParser<boolean> = (value, key) => {
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw optionErrors.invalidValue(key, value, ['true', 'false']);
};

/** Any string, kept as given. */
export const text: OptionParser<string> = (value) => value;

/** Whether a kept option's text says true (any case, spaces around allowed); absent is false. Unlike `bool`, never refuses. */
export function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/** One of the listed values, compared without case; returns the listed spelling. */
export function oneOf<const V extends string>(...values: V[]): OptionParser<V> {
  return (value, key) => {
    const found = values.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
    if (found === undefined) throw optionErrors.invalidValue(key, value, values);
    return found;
  };
}

/**
 * A request field that takes one of the listed (lower-case) values: the value trimmed and lower-cased
 * must be one of them, else the request fails listing them.
 */
export function enumValue<const V extends string>(values: readonly V[], value: string): V {
  const found = values.find((candidate) => candidate === value.trim().toLowerCase());
  if (found === undefined) throw optionErrors.invalidEnum(value, [...values]);
  return found;
}

/** A whole number within a range. */
export function integer(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): OptionParser<number> {
  return (value, key) => {
    const trimmed = value.trim();
    const parsed = Number(trimmed);
    if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      throw optionErrors.notAnInteger(key, value, range);
    }
    return parsed;
  };
}

/** A comma-separated list; blanks around commas are dropped, as are empty entries. */
export const list: OptionParser<string[]> = (value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** Reads an options map against its spec: parsed values for the keys present, nothing for the rest. */
export function readOptions<S extends OptionSpec>(
  options: Record<string, string>,
  spec: S,
  context: Pick<RequestContext, 'loose' | 'notes'>,
): OptionValues<S> {
  const values: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    const parse = Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
    if (!parse) {
      if (!context.loose) throw optionErrors.unknownKey(key, Object.keys(spec));
      ignored.push(key);
      continue;
    }
    values[key] = parse(value, key);
  }
  if (ignored.length > 0) context.notes.ignored_options = ignored.join(',');
  return values as OptionValues<S>;
}

/**
 * The entries of a map whose keys the spec knows (in loose mode, readOptions lets others through
 * unparsed), less any key in `skip`.
 */
export function knownEntries(
  map: Readonly<Record<string, string>>,
  spec: OptionSpec,
  skip?: ReadonlySet<string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map).filter(([key]) => Object.prototype.hasOwnProperty.call(spec, key) && !skip?.has(key)),
  );
}

/**
 * An object's options after an alter request's updates: an empty value deletes the option, another
 * value sets it; keys in `skip` (updates that are not options) are left out.
 */
export function updatedOptions(
  options: Readonly<Record<string, string>>,
  updates: Readonly<Record<string, string>>,
  skip: ReadonlySet<string>,
): Record<string, string> {
  const updated = { ...options };
  for (const [key, value] of Object.entries(updates)) {
    if (skip.has(key)) continue;
    if (value === '') delete updated[key];
    else updated[key] = value;
  }
  return updated;
}
