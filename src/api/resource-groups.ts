/**
 * Resource groups: /create/resourcegroup, /alter/resourcegroup, /delete/resourcegroup,
 * /show/resourcegroups. Groups keep a ranking (1 first); the built-in default and system groups are
 * shown but are not catalog objects, so backups never hold them. The default group's own settings
 * (is_default_group) are held by the catalog (catalog.defaultResourceGroup).
 */
import type { Catalog } from '../catalog/catalog.js';
import { objectErrors } from '../errors/objects.js';
import { keyOf } from '../catalog/names.js';
import { checkTierAttributes } from '../catalog/objects/build.js';
import { DEFAULT_RESOURCE_GROUP, ResourceGroup, SYSTEM_RESOURCE_GROUP } from '../catalog/objects/index.js';
import {
  applyRanking,
  checkResourceGroupName,
  RANKINGS,
  rankedGroups,
  rankIndex,
  type Ranking,
  type ResourceGroupLimit,
} from '../catalog/objects/resource-group.js';
import { bool, enumValue, integer, knownEntries, readOptions } from './options.js';
import { anyone, system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/** Resource groups are managed by system administrators; anyone may see them. */
export const resourceGroupEndpoints: EndpointTable = {
  '/create/resourcegroup': { handler: createResourceGroup, access: system('system_admin') },
  '/alter/resourcegroup': { handler: alterResourceGroup, access: system('system_admin') },
  '/delete/resourcegroup': { handler: deleteResourceGroup, access: system('system_admin') },
  '/show/resourcegroups': { handler: showResourceGroups, access: anyone },
};

const LIMIT_OPTIONS = {
  max_cpu_concurrency: integer(4),
  max_data: integer(-1),
  max_scheduling_priority: integer(1, 100),
  max_tier_priority: integer(1, 10),
} satisfies Record<ResourceGroupLimit, unknown>;

/** What a group without its own value gets, as the default group defines it. */
const BUILT_IN_DEFAULTS: Record<string, string> = {
  max_cpu_concurrency: '-1',
  max_data: '-1',
  max_scheduling_priority: '50',
  max_tier_priority: '5',
  'VRAM.max_memory': '-1',
  'RAM.max_memory': '-1',
};

function isBuiltIn(name: string): boolean {
  return keyOf(name) === DEFAULT_RESOURCE_GROUP || keyOf(name) === SYSTEM_RESOURCE_GROUP;
}

function ranking(value: string, allowEmpty: boolean): Ranking | undefined {
  if (value.trim() === '' && allowEmpty) return undefined;
  return enumValue(RANKINGS, value);
}

/** The values of one group, flattened: limits and `<TIER>.max_memory`. */
function groupValues(group: ResourceGroup): Record<string, string> {
  const values: Record<string, string> = { ...group.limits };
  for (const [tier, attributes] of Object.entries(group.tierAttributes)) {
    for (const [attribute, value] of Object.entries(attributes)) values[`${tier}.${attribute}`] = value;
  }
  return values;
}

function shownGroup(name: string, rank: string, own: Record<string, string>, defaults: Record<string, string> | undefined): Record<string, string> {
  const shown: Record<string, string> = { name, rank };
  for (const key of Object.keys(BUILT_IN_DEFAULTS)) shown[key] = own[key] ?? defaults?.[key] ?? '';
  return shown;
}

function find(context: EmulatorContext, name: string): ResourceGroup {
  const group = context.emulator.catalog.get<ResourceGroup>('resource_group', undefined, name.trim());
  if (!group) throw objectErrors.resourceGroupNotFound(name.trim());
  return group;
}

/** The values a group falls back on: the built-in ones, overridden by the default group's own settings. */
function defaults(catalog: Catalog): Record<string, string> {
  return { ...BUILT_IN_DEFAULTS, ...catalog.defaultResourceGroup.values() };
}

function createResourceGroup(request: RequestOf<'/create/resourcegroup'>, context: EmulatorContext): ResponseOf<'/create/resourcegroup'> {
  readOptions(request.options, LIMIT_OPTIONS, context);
  const catalog = context.emulator.catalog;
  const name = checkResourceGroupName(request.name);
  if (isBuiltIn(name)) throw objectErrors.builtInResourceGroup(name);
  const existing = catalog.get<ResourceGroup>('resource_group', undefined, name);
  if (existing) throw objectErrors.exists('resource group', existing.name);
  const tiers = checkTierAttributes(request.tier_attributes);
  const place = ranking(request.ranking, false)!;
  const others = rankedGroups(catalog);
  const index = rankIndex(others, place, request.adjoining_resource_group);
  const limits = knownEntries(request.options, LIMIT_OPTIONS);
  const group = new ResourceGroup(name, index + 1, tiers, limits);
  catalog.add(group);
  others.splice(index, 0, group);
  applyRanking(catalog, others, group);
  return { name: request.name, info: {} };
}

function alterResourceGroup(request: RequestOf<'/alter/resourcegroup'>, context: EmulatorContext): ResponseOf<'/alter/resourcegroup'> {
  const options = readOptions(request.options, { ...LIMIT_OPTIONS, is_default_group: bool, persist: bool }, context);
  const catalog = context.emulator.catalog;
  const tiers = checkTierAttributes(request.tier_attributes);
  const limits = knownEntries(request.options, LIMIT_OPTIONS);
  const place = ranking(request.ranking, true);
  if (options.is_default_group) {
    if (request.name.trim() !== '') throw objectErrors.defaultGroupWithName(request.name);
    catalog.defaultResourceGroup.alter(limits, tiers);
    return { name: request.name, info: {} };
  }
  if (isBuiltIn(request.name)) throw objectErrors.builtInResourceGroup(request.name.trim());
  const group = find(context, request.name);
  const before = JSON.stringify(group.definition());
  group.limits = { ...group.limits, ...limits };
  const merged = { ...group.tierAttributes };
  for (const [tier, attributes] of Object.entries(tiers)) merged[tier] = { ...(merged[tier] ?? {}), ...attributes };
  group.tierAttributes = merged;
  if (place !== undefined) {
    if ((place === 'before' || place === 'after') && keyOf(request.adjoining_resource_group.trim()) === keyOf(group.name)) {
      throw objectErrors.adjoiningIsSelf(group.name);
    }
    const others = rankedGroups(catalog).filter((other) => other !== group);
    const index = rankIndex(others, place, request.adjoining_resource_group);
    others.splice(index, 0, group);
    applyRanking(catalog, others, group);
  }
  if (JSON.stringify(group.definition()) !== before) catalog.touch(group);
  return { name: request.name, info: {} };
}

function deleteResourceGroup(request: RequestOf<'/delete/resourcegroup'>, context: EmulatorContext): ResponseOf<'/delete/resourcegroup'> {
  readOptions(request.options, { cascade_delete: bool }, context);
  if (isBuiltIn(request.name)) throw objectErrors.builtInResourceGroup(request.name.trim());
  const catalog = context.emulator.catalog;
  const group = find(context, request.name);
  catalog.remove(group);
  applyRanking(catalog, rankedGroups(catalog));
  return { name: request.name, info: {} };
}

function showResourceGroups(request: RequestOf<'/show/resourcegroups'>, context: EmulatorContext): ResponseOf<'/show/resourcegroups'> {
  const options = readOptions(request.options, { show_default_values: bool, show_default_group: bool, show_tier_usage: bool }, context);
  const catalog = context.emulator.catalog;
  const named = request.names.map((name) => name.trim()).filter((name) => name !== '');
  const showDefaults = options.show_default_values ?? true;
  const fallback = showDefaults ? defaults(catalog) : undefined;
  const builtIn = (name: string) =>
    keyOf(name) === DEFAULT_RESOURCE_GROUP
      ? shownGroup(DEFAULT_RESOURCE_GROUP, '', defaults(catalog), undefined)
      : shownGroup(SYSTEM_RESOURCE_GROUP, '', {}, fallback);
  let groups: Record<string, string>[];
  if (named.length === 0) {
    const withBuiltIns = options.show_default_group ?? true;
    groups = [
      ...(withBuiltIns ? [builtIn(SYSTEM_RESOURCE_GROUP)] : []),
      ...rankedGroups(catalog).map((group) => shownGroup(group.name, String(group.rank), groupValues(group), fallback)),
      ...(withBuiltIns ? [builtIn(DEFAULT_RESOURCE_GROUP)] : []),
    ];
  } else {
    groups = named.map((name) => {
      if (isBuiltIn(name)) return builtIn(name);
      const group = find(context, name);
      return shownGroup(group.name, String(group.rank), groupValues(group), fallback);
    });
  }
  return { groups, rank_usage: {}, info: {} };
}
