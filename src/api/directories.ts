/**
 * KiFS directories: /create/directory, /delete/directory, /show/directories, /alter/directory.
 * The emulator keeps no files, so a directory's data usage is 0 and every directory is empty of
 * files (sub-directories still count for /delete/directory).
 */
import { objectErrors } from '../errors/objects.js';
import { optionErrors } from '../errors/options.js';
import { checkDirectoryName, Directory, homeDirectoryName } from '../catalog/objects/index.js';
import { bool, readOptions, text, type OptionParser } from './options.js';
import { anyone, onObject, system } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/**
 * KiFS permissions (security-concepts): creating a directory needs directory_create; its creator
 * gets no admin permission, so deleting and altering one is for system_admin. Anyone may list them;
 * `permissions` says what the caller holds on each.
 */
export const directoryEndpoints: EndpointTable = {
  '/create/directory': { handler: createDirectory, access: system('directory_create') },
  '/delete/directory': { handler: deleteDirectory, access: system('system_admin') },
  '/show/directories': { handler: showDirectories, access: anyone },
  '/alter/directory': { handler: alterDirectory, access: system('system_admin') },
};

/** A data limit in bytes: -1 for none; empty means the system default (no limit). */
const dataLimit: OptionParser<number | undefined> = (value, key) => {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed)) || Number(trimmed) < -1) {
    throw optionErrors.notAnInteger(key, value, 'of at least -1');
  }
  return Number(trimmed);
};

const NO_LIMIT = -1;

function find(context: EmulatorContext, name: string): Directory {
  const checked = checkDirectoryName(name);
  const directory = context.emulator.catalog.get<Directory>('directory', undefined, checked);
  if (!directory) throw objectErrors.notFound('directory', checked);
  return directory;
}

function createDirectory(request: RequestOf<'/create/directory'>, context: EmulatorContext): ResponseOf<'/create/directory'> {
  const options = readOptions(request.options, { create_home_directory: text, data_limit: dataLimit, no_error_if_exists: bool }, context);
  const catalog = context.emulator.catalog;
  let name: string;
  const homeUser = options.create_home_directory?.trim();
  if (homeUser) {
    if (request.directory_name.trim() !== '') throw objectErrors.homeDirectoryWithName(request.directory_name);
    const user = catalog.get('user', undefined, homeUser);
    if (!user) throw objectErrors.homeDirectoryUserMissing(homeUser);
    name = homeDirectoryName(user.name);
  } else {
    name = checkDirectoryName(request.directory_name);
  }
  const existing = catalog.get<Directory>('directory', undefined, name);
  if (existing) {
    if (options.no_error_if_exists) return { directory_name: request.directory_name, info: {} };
    throw objectErrors.exists('directory', existing.name, 'use the option no_error_if_exists=true to ignore this');
  }
  catalog.add(new Directory(name, options.data_limit ?? NO_LIMIT, context.user, catalog.settings.now()));
  return { directory_name: request.directory_name, info: {} };
}

function deleteDirectory(request: RequestOf<'/delete/directory'>, context: EmulatorContext): ResponseOf<'/delete/directory'> {
  const options = readOptions(request.options, { recursive: bool, no_error_if_not_exists: bool }, context);
  const catalog = context.emulator.catalog;
  const name = checkDirectoryName(request.directory_name);
  const directory = catalog.get<Directory>('directory', undefined, name);
  if (!directory) {
    if (options.no_error_if_not_exists) return { directory_name: request.directory_name, info: {} };
    throw objectErrors.notFound('directory', name);
  }
  const prefix = `${directory.name.toLowerCase()}/`;
  const children = catalog.list<Directory>('directory').filter((other) => other.name.toLowerCase().startsWith(prefix));
  if (children.length > 0 && !options.recursive) {
    throw objectErrors.directoryNotEmpty(directory.name, children.map((child) => child.name).sort());
  }
  for (const child of children) catalog.remove(child);
  catalog.remove(directory);
  return { directory_name: request.directory_name, info: {} };
}

function showDirectories(request: RequestOf<'/show/directories'>, context: EmulatorContext): ResponseOf<'/show/directories'> {
  readOptions(request.options, {}, context);
  const emulator = context.emulator;
  const directories =
    request.directory_name.trim() === ''
      ? emulator.catalog.list<Directory>('directory').sort((a, b) => a.name.localeCompare(b.name))
      : [find(context, request.directory_name)];
  return {
    directories: directories.map((directory) => directory.name),
    users: directories.map((directory) => directory.createdBy),
    creation_times: directories.map((directory) => directory.createdAt),
    data_usages: directories.map(() => 0),
    data_limits: directories.map((directory) => directory.dataLimit),
    permissions: directories.map((directory) =>
      emulator.callerMay(context.user, onObject('directory', directory.name, 'directory_write'))
        ? 'directory_write'
        : emulator.callerMay(context.user, onObject('directory', directory.name, 'directory_read'))
          ? 'directory_read'
          : '',
    ),
    info: {},
  };
}

function alterDirectory(request: RequestOf<'/alter/directory'>, context: EmulatorContext): ResponseOf<'/alter/directory'> {
  readOptions(request.options, {}, context);
  const updates = readOptions(request.directory_updates_map, { data_limit: dataLimit }, context);
  if (!('data_limit' in updates)) throw objectErrors.emptyUpdates('directory_updates_map');
  const directory = find(context, request.directory_name);
  const limit = updates.data_limit ?? NO_LIMIT;
  if (limit !== directory.dataLimit) {
    directory.dataLimit = limit;
    context.emulator.catalog.touch(directory);
  }
  return { directory_name: request.directory_name, info: {} };
}
