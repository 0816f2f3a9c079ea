/**
 * A resource group: its limits, per-tier memory limits and its place in the ranking of groups.
 * The built-in default and system groups are not catalog objects (they are never backed up); the
 * default group's own settings are held by the catalog as a DefaultResourceGroup.
 */
import type { Catalog } from '../catalog.js';
import { sortedByKey, type CatalogEntry } from '../entry.js';
import { keyOf } from '../names.js';
import { objectErrors } from '../../errors/objects.js';

/** Tiers whose max_memory a group may limit. */
export const LIMITED_TIERS = ['VRAM', 'RAM'] as const;
export const DEFAULT_RESOURCE_GROUP = 'kinetica_default_resource_group';
export const SYSTEM_RESOURCE_GROUP = 'kinetica_system_resource_group';
export const RANKINGS = ['first', 'last', 'before', 'after'] as const;
export type Ranking = (typeof RANKINGS)[number];
/** The limits a group sets through its options (its memory limits are tier attributes). */
export const RESOURCE_GROUP_LIMITS = ['max_cpu_concurrency', 'max_data', 'max_scheduling_priority', 'max_tier_priority'] as const;
export type ResourceGroupLimit = (typeof RESOURCE_GROUP_LIMITS)[number];

/** Letters, digits and underscores, not starting with a digit (the /create/resourcegroup rule). */
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkResourceGroupName(name: string): string {
  const trimmed = name.trim();
  if (!GROUP_NAME.test(trimmed) || trimmed.length > 200) throw objectErrors.badResourceGroupName(name);
  return trimmed;
}

export class ResourceGroup implements CatalogEntry {
  readonly kind = 'resource_group' as const;
  readonly schema = undefined;
  defVersion = 0;

  constructor(
    public name: string,
    /** Position among the groups, 1 first. */
    public rank: number,
    /** Tier name to attribute to value (`{ VRAM: { max_memory: '1000' } }`). */
    public tierAttributes: Record<string, Record<string, string>>,
    /** max_cpu_concurrency, max_data, max_scheduling_priority, max_tier_priority, as given. */
    public limits: Record<string, string>,
  ) {}

  definition(): Record<string, unknown> {
    return {
      name: this.name,
      rank: this.rank,
      tier_attributes: Object.fromEntries(
        Object.entries(this.tierAttributes)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([tier, attributes]) => [tier, sortedByKey(attributes)]),
      ),
      options: sortedByKey(this.limits),
    };
  }
}

/**
 * The built-in default group's own settings: what /alter/resourcegroup with is_default_group set,
 * over the values every Kinetica starts with. Part of the database (the catalog holds it), so a
 * reset starts afresh and the state document carries it; it is not an object, so no backup holds it.
 */
export class DefaultResourceGroup {
  /** Limits set, as given (max_cpu_concurrency, ...). */
  limits: Partial<Record<ResourceGroupLimit, string>> = {};
  /** Tier name to attribute to value (`{ VRAM: { max_memory: '1000' } }`), as given. */
  tierAttributes: Record<string, Record<string, string>> = {};

  /** Sets the given limits and tier attributes; the others keep their values. */
  alter(limits: Partial<Record<ResourceGroupLimit, string>>, tierAttributes: Record<string, Record<string, string>>): void {
    this.limits = { ...this.limits, ...limits };
    for (const [tier, attributes] of Object.entries(tierAttributes)) {
      if (Object.keys(attributes).length === 0) continue;
      this.tierAttributes = { ...this.tierAttributes, [tier]: { ...(this.tierAttributes[tier] ?? {}), ...attributes } };
    }
  }

  /** Whether anything was set. */
  get altered(): boolean {
    return Object.keys(this.limits).length > 0 || Object.keys(this.tierAttributes).length > 0;
  }

  /** The values set, flattened: limits and `<TIER>.<attribute>`. */
  values(): Record<string, string> {
    const values: Record<string, string> = { ...this.limits };
    for (const [tier, attributes] of Object.entries(this.tierAttributes)) {
      for (const [attribute, value] of Object.entries(attributes)) values[`${tier}.${attribute}`] = value;
    }
    return values;
  }

  /** As a group's definition has them (without name and rank): what the state document holds. */
  definition(): { tier_attributes: Record<string, Record<string, string>>; options: Record<string, string> } {
    return {
      tier_attributes: Object.fromEntries(
        Object.entries(this.tierAttributes)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([tier, attributes]) => [tier, sortedByKey(attributes)]),
      ),
      options: sortedByKey(this.limits as Record<string, string>),
    };
  }
}

/** The groups in ranking order. */
export function rankedGroups(catalog: Catalog): ResourceGroup[] {
  return catalog.list<ResourceGroup>('resource_group').sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
}

/**
 * Where a group goes in the ranking: the index in the ranked list of the other groups. `before`
 * and `after` need an existing adjoining group.
 */
export function rankIndex(others: ResourceGroup[], ranking: Ranking, adjoining: string): number {
  if (ranking === 'first') return 0;
  if (ranking === 'last') return others.length;
  if (adjoining.trim() === '') throw objectErrors.adjoiningGroupNeeded(ranking);
  const index = others.findIndex((group) => keyOf(group.name) === keyOf(adjoining.trim()));
  if (index < 0) throw objectErrors.resourceGroupNotFound(adjoining.trim());
  return ranking === 'before' ? index : index + 1;
}

/** Renumbers the groups 1..n in the given order, touching each whose rank changes (a new group is left to catalog.add). */
export function applyRanking(catalog: Catalog, ordered: ResourceGroup[], added?: ResourceGroup): void {
  ordered.forEach((group, index) => {
    if (group.rank === index + 1) return;
    group.rank = index + 1;
    if (group !== added) catalog.touch(group);
  });
}
