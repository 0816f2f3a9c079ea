import { KineticaError } from './kinetica-error.js';

/**
 * Errors of directories, resource groups, function environments, UDFs, table monitors, graphs,
 * data lake catalogs, SQL procedures and contexts. No real Kinetica text is known for any of them
 * (docs/errors.md): each names the object in single quotes and says how to fix the request.
 */

function capitalized(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

export const objectErrors = {
  // shared
  notFound: (what: string, name: string) => new KineticaError(`${capitalized(what)} '${name}' does not exist`),
  exists: (what: string, name: string, fix?: string) =>
    new KineticaError(`${capitalized(what)} '${name}' already exists${fix ? ` (${fix})` : ''}`),
  inUse: (what: string, name: string, users: string[]) =>
    new KineticaError(`Cannot drop ${what} '${name}': it is used by ${users.join(', ')}; drop or alter ${users.length === 1 ? 'that' : 'those'} first`),
  emptyUpdates: (field: string) => new KineticaError(`${field} is empty: give at least one property to change`),
  badDefinition: (kind: string, field: string) =>
    new KineticaError(`The ${kind} definition in the backup is not valid: its field '${field}' is missing or of the wrong type`),

  // directories
  emptyDirectoryName: () =>
    new KineticaError(`The directory name must not be empty (give create_home_directory=<user> to create a user's home directory)`),
  badDirectoryName: (name: string) =>
    new KineticaError(`Invalid directory name '${name}': use '/'-separated parts of at most 200 characters in all, none empty, '.' or '..'`),
  homeDirectoryWithName: (name: string) =>
    new KineticaError(`directory_name must be empty when create_home_directory is given, not '${name}'`),
  homeDirectoryUserMissing: (user: string) =>
    new KineticaError(`Cannot create a home directory for user '${user}': the user does not exist`),
  directoryNotEmpty: (name: string, children: string[]) =>
    new KineticaError(`Directory '${name}' is not empty (it holds ${children.map((child) => `'${child}'`).join(', ')}): use the option recursive=true`),

  // resource groups
  badResourceGroupName: (name: string) =>
    new KineticaError(`Invalid resource group name '${name}': use only letters, digits and underscores, not starting with a digit`),
  resourceGroupNotFound: (name: string) => new KineticaError(`Resource group '${name}' does not exist`),
  adjoiningGroupNeeded: (ranking: string) =>
    new KineticaError(`Ranking '${ranking}' needs adjoining_resource_group: name the group to place this one ${ranking}`),
  adjoiningIsSelf: (name: string) =>
    new KineticaError(`Resource group '${name}' cannot be placed before or after itself: name another adjoining_resource_group`),
  badTier: (tier: string, tiers: string[]) =>
    new KineticaError(`Tier '${tier}' cannot be limited in tier_attributes: only ${tiers.join(' and ')} can`),
  badTierAttribute: (tier: string, attribute: string) =>
    new KineticaError(`Attribute '${attribute}' of tier '${tier}' is not valid in tier_attributes: the only one is max_memory`),
  builtInResourceGroup: (name: string) =>
    new KineticaError(`Resource group '${name}' is built in and cannot be created, deleted or renamed`),
  defaultGroupWithName: (name: string) =>
    new KineticaError(`is_default_group=true applies to the default resource group: leave name empty, not '${name}'`),

  // function environments
  environmentNotFound: (name: string) => new KineticaError(`Function environment '${name}' does not exist`),
  environmentExists: (name: string) => new KineticaError(`Function environment '${name}' already exists`),
  environmentActionNeedsValue: (action: string, what: string) =>
    new KineticaError(`Action '${action}' needs the ${what} in value`),

  // UDFs
  procExists: (name: string) => new KineticaError(`Proc '${name}' already exists: delete it first with /delete/proc`),
  procNotFound: (name: string) => new KineticaError(`Proc '${name}' does not exist`),
  badProcFileName: (name: string) =>
    new KineticaError(`Invalid proc file name '${name}': use a relative path that stays inside the proc's directory, or kifs://<path>`),

  // table monitors
  monitorNotFound: (topicId: string) =>
    new KineticaError(`Table monitor '${topicId}' does not exist: give the topic_id /create/tablemonitor returned`),
  monitorIdTaken: (monitorId: string) =>
    new KineticaError(`Table monitor '${monitorId}' already exists: choose another monitor_id, or clear it first with /clear/tablemonitor`),
  monitorAmbiguous: (topicId: string, names: string[]) =>
    new KineticaError(`Topic id '${topicId}' names several table monitors (${names.map((name) => `'${name}'`).join(', ')}): give the qualified monitor name instead`),
  monitorSinkAndDestination: () =>
    new KineticaError(`Options datasink_name and destination exclude each other: give one of them`),
  badMonitorDestination: (destination: string, schemes: string[]) =>
    new KineticaError(`Invalid destination '${destination}' for a table monitor: the supported types are ${schemes.join(', ')}`),
  badRefreshStartTime: (value: string) =>
    new KineticaError(`Value: '${value}' of option 'refresh_start_time' is not a datetime of the form 'YYYY-MM-DD HH:MM:SS'`),
  refreshPeriodNeedsPeriodic: () =>
    new KineticaError(`Options refresh_period and refresh_start_time apply only with refresh_method=periodic`),
  periodicNeedsPeriod: () => new KineticaError(`refresh_method=periodic needs the option refresh_period (seconds)`),

  // graphs
  graphExists: (name: string) =>
    new KineticaError(`Graph '${name}' already exists (use the option recreate=true to replace it)`),
  graphNotFound: (name: string) => new KineticaError(`Graph '${name}' does not exist`),
  graphNeedsEdges: () => new KineticaError(`A graph needs edges: give at least one edge identifier combination in edges`),

  // data lake catalogs
  catalogExists: (name: string) => new KineticaError(`Catalog '${name}' already exists`),
  catalogNotFound: (name: string) => new KineticaError(`Catalog '${name}' does not exist`),
  catalogNeedsLocation: (type: string) =>
    new KineticaError(`A ${type} catalog needs a location of the form 'http[s]://<server>[:<port>]'`),
  badCatalogLocation: (location: string) =>
    new KineticaError(`Invalid location '${location}' for a catalog: use the form 'http[s]://<server>[:<port>]'`),

  // SQL procedures and contexts
  emptySqlDefinition: (what: string, name: string) => new KineticaError(`The definition of ${what} '${name}' is empty`),
  badProcedureSchedule: (name: string) =>
    new KineticaError(
      `SQL procedure '${name}' has an invalid schedule: execute_interval must be a number of seconds above 0 and execute_start_time (and execute_stop_time, if given) a time 'YYYY-MM-DD HH:MM:SS'`,
    ),
  procedureNamesTable: (name: string) =>
    new KineticaError(`Cannot create SQL procedure '${name}': a table or view of that name exists; choose another name`),
} as const;
