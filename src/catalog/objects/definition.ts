/**
 * Reading the fields of a definition a backup holds. A definition this emulator wrote always has
 * them; one that does not is refused with a message naming the field, never half-restored.
 */
import { objectErrors } from '../../errors/objects.js';

type Definition = Record<string, unknown>;

export function defString(definition: Definition, field: string, kind: string): string {
  const value = definition[field];
  if (typeof value !== 'string') throw objectErrors.badDefinition(kind, field);
  return value;
}

export function defNumber(definition: Definition, field: string, kind: string): number {
  const value = definition[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw objectErrors.badDefinition(kind, field);
  return value;
}

export function defBoolean(definition: Definition, field: string, kind: string): boolean {
  const value = definition[field];
  if (typeof value !== 'boolean') throw objectErrors.badDefinition(kind, field);
  return value;
}

export function defStrings(definition: Definition, field: string, kind: string): string[] {
  const value = definition[field];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw objectErrors.badDefinition(kind, field);
  return [...(value as string[])];
}

export function defStringMap(definition: Definition, field: string, kind: string): Record<string, string> {
  const value = definition[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw objectErrors.badDefinition(kind, field);
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([, item]) => typeof item === 'string')) throw objectErrors.badDefinition(kind, field);
  return Object.fromEntries(entries) as Record<string, string>;
}
