/**
 * Directories, resource groups, function environments and UDFs over real HTTP, in JSON and in
 * Avro binary.
 */
import { describe, expect, it } from 'vitest';
import { fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import type { ShowDirectoriesResponse } from '../../src/generated/records.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

interface ShowProc {
  proc_names: string[];
  execution_modes: string[];
  files: Record<string, Buffer | string>[];
  commands: string[];
  args: string[][];
  options: Record<string, string>[];
}

/** Proc file bytes as the response carries them: Buffers in binary, latin1 strings in JSON. */
function bytesOf(value: Buffer | string): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1');
}

for (const encoding of ENCODINGS) {
  describe(`directories (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);

    it('creates a directory and shows it', async () => {
      mock.server.emulator.clock.fix(1764201600000);
      await ok$('/create/directory', { directory_name: 'models', options: { data_limit: '1000000' } });
      const shown = await ok$<ShowDirectoriesResponse>('/show/directories', { directory_name: 'models', options: {} });
      expect(shown).toMatchObject({
        directories: ['models'],
        users: ['admin'],
        creation_times: [1764201600000],
        data_usages: [0],
        data_limits: [1000000],
        permissions: ['directory_write'],
      });
      mock.server.emulator.clock.reset();
    });

    it('refuses a duplicate unless no_error_if_exists, and a bad name or limit', async () => {
      await ok$('/create/directory', { directory_name: 'twice', options: {} });
      expect((await fails$('/create/directory', { directory_name: 'TWICE', options: {} })).message).toBe(
        "Directory 'twice' already exists (use the option no_error_if_exists=true to ignore this)",
      );
      await ok$('/create/directory', { directory_name: 'twice', options: { no_error_if_exists: 'true' } });
      expect((await fails$('/create/directory', { directory_name: 'a/../b', options: {} })).message).toBe(
        "Invalid directory name 'a/../b': use '/'-separated parts of at most 200 characters in all, none empty, '.' or '..'",
      );
      expect((await fails$('/create/directory', { directory_name: '', options: {} })).message).toBe(
        "The directory name must not be empty (give create_home_directory=<user> to create a user's home directory)",
      );
      expect((await fails$('/create/directory', { directory_name: 'lim', options: { data_limit: '-2' } })).message).toBe(
        "Value: '-2' of option 'data_limit' is not an integer of at least -1",
      );
    });

    it('needs an existing user and an empty name for a home directory', async () => {
      expect((await fails$('/create/directory', { directory_name: '', options: { create_home_directory: 'nobody_here' } })).message).toBe(
        "Cannot create a home directory for user 'nobody_here': the user does not exist",
      );
      expect((await fails$('/create/directory', { directory_name: 'x', options: { create_home_directory: 'admin' } })).message).toBe(
        "directory_name must be empty when create_home_directory is given, not 'x'",
      );
    });

    it('alters the data limit', async () => {
      await ok$('/create/directory', { directory_name: 'limited', options: {} });
      await ok$('/alter/directory', { directory_name: 'limited', directory_updates_map: { data_limit: '42' }, options: {} });
      const shown = await ok$<ShowDirectoriesResponse>('/show/directories', { directory_name: 'limited', options: {} });
      expect(shown.data_limits).toEqual([42]);
      expect((await fails$('/alter/directory', { directory_name: 'limited', directory_updates_map: {}, options: {} })).message).toBe(
        'directory_updates_map is empty: give at least one property to change',
      );
      expect((await fails$('/alter/directory', { directory_name: 'nowhere', directory_updates_map: { data_limit: '1' }, options: {} })).message).toBe(
        "Directory 'nowhere' does not exist",
      );
    });

    it('deletes a directory; one with sub-directories only with recursive', async () => {
      await ok$('/create/directory', { directory_name: 'parent', options: {} });
      await ok$('/create/directory', { directory_name: 'parent/child', options: {} });
      expect((await fails$('/delete/directory', { directory_name: 'parent', options: {} })).message).toBe(
        "Directory 'parent' is not empty (it holds 'parent/child'): use the option recursive=true",
      );
      await ok$('/delete/directory', { directory_name: 'parent', options: { recursive: 'true' } });
      const shown = await ok$<ShowDirectoriesResponse>('/show/directories', { directory_name: '', options: {} });
      expect(shown.directories).not.toContain('parent');
      expect(shown.directories).not.toContain('parent/child');
      expect((await fails$('/delete/directory', { directory_name: 'parent', options: {} })).message).toBe("Directory 'parent' does not exist");
      await ok$('/delete/directory', { directory_name: 'parent', options: { no_error_if_not_exists: 'true' } });
    });
  });

  describe(`resource groups (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const create = (name: string, ranking: string, adjoining = '', options: Record<string, string> = {}, tiers: Record<string, Record<string, string>> = {}) =>
      ok$('/create/resourcegroup', { name, tier_attributes: tiers, ranking, adjoining_resource_group: adjoining, options });
    const ranked = async () => {
      const shown = await ok$<{ groups: Record<string, string>[] }>('/show/resourcegroups', { names: [], options: { show_default_group: 'false' } });
      return shown.groups.map((group) => `${group.rank}:${group.name}`);
    };

    it('creates groups in the ranking asked for and shows them with their limits', async () => {
      await create('rg_b', 'first', '', { max_cpu_concurrency: '8', max_scheduling_priority: '20' }, { VRAM: { max_memory: '1000000000' } });
      await create('rg_a', 'first');
      await create('rg_c', 'after', 'rg_a');
      expect(await ranked()).toEqual(['1:rg_a', '2:rg_c', '3:rg_b']);
      const shown = await ok$<{ groups: Record<string, string>[] }>('/show/resourcegroups', { names: ['rg_b'], options: { show_default_values: 'false' } });
      expect(shown.groups).toEqual([
        {
          name: 'rg_b',
          rank: '3',
          max_cpu_concurrency: '8',
          max_data: '',
          max_scheduling_priority: '20',
          max_tier_priority: '',
          'VRAM.max_memory': '1000000000',
          'RAM.max_memory': '',
        },
      ]);
    });

    it('shows the built-in groups around the others by default', async () => {
      const shown = await ok$<{ groups: Record<string, string>[] }>('/show/resourcegroups', { names: [''], options: {} });
      const names = shown.groups.map((group) => group.name);
      expect(names[0]).toBe('kinetica_system_resource_group');
      expect(names[names.length - 1]).toBe('kinetica_default_resource_group');
    });

    it('refuses a duplicate, a bad name, a bad ranking, tier or limit', async () => {
      await create('rg_dup', 'last');
      expect((await fails$('/create/resourcegroup', { name: 'RG_DUP', tier_attributes: {}, ranking: 'last', adjoining_resource_group: '', options: {} })).message).toBe(
        "Resource group 'rg_dup' already exists",
      );
      expect((await fails$('/create/resourcegroup', { name: '9lives', tier_attributes: {}, ranking: 'last', adjoining_resource_group: '', options: {} })).message).toBe(
        "Invalid resource group name '9lives': use only letters, digits and underscores, not starting with a digit",
      );
      expect((await fails$('/create/resourcegroup', { name: 'rg_x', tier_attributes: {}, ranking: 'middle', adjoining_resource_group: '', options: {} })).message).toBe(
        "Value: 'middle' not a valid parameter. Valid values are: first, last, before, after (U/PUh:355)",
      );
      expect((await fails$('/create/resourcegroup', { name: 'rg_x', tier_attributes: {}, ranking: 'before', adjoining_resource_group: '', options: {} })).message).toBe(
        "Ranking 'before' needs adjoining_resource_group: name the group to place this one before",
      );
      expect((await fails$('/create/resourcegroup', { name: 'rg_x', tier_attributes: {}, ranking: 'after', adjoining_resource_group: 'rg_ghost', options: {} })).message).toBe(
        "Resource group 'rg_ghost' does not exist",
      );
      expect((await fails$('/create/resourcegroup', { name: 'rg_x', tier_attributes: { DISK0: { max_memory: '1' } }, ranking: 'last', adjoining_resource_group: '', options: {} })).message).toBe(
        "Tier 'DISK0' cannot be limited in tier_attributes: only VRAM and RAM can",
      );
      expect((await fails$('/create/resourcegroup', { name: 'rg_x', tier_attributes: {}, ranking: 'last', adjoining_resource_group: '', options: { max_cpu_concurrency: '2' } })).message).toBe(
        "Value: '2' of option 'max_cpu_concurrency' is not an integer of at least 4",
      );
      expect((await fails$('/create/resourcegroup', { name: 'kinetica_default_resource_group', tier_attributes: {}, ranking: 'last', adjoining_resource_group: '', options: {} })).message).toBe(
        "Resource group 'kinetica_default_resource_group' is built in and cannot be created, deleted or renamed",
      );
    });

    it('alters limits and ranking, and deletes, keeping the ranking dense', async () => {
      await create('rg_m1', 'last');
      await create('rg_m2', 'last');
      await ok$('/alter/resourcegroup', { name: 'rg_m2', tier_attributes: { RAM: { max_memory: '5' } }, ranking: 'first', adjoining_resource_group: '', options: { max_tier_priority: '3' } });
      const after = await ranked();
      expect(after[0]).toBe('1:rg_m2');
      const shown = await ok$<{ groups: Record<string, string>[] }>('/show/resourcegroups', { names: ['rg_m2'], options: {} });
      expect(shown.groups[0]).toMatchObject({ max_tier_priority: '3', 'RAM.max_memory': '5', max_scheduling_priority: '50' });
      await ok$('/delete/resourcegroup', { name: 'rg_m2', options: {} });
      const ranks = (await ranked()).map((entry) => Number(entry.split(':')[0]));
      expect(ranks).toEqual(ranks.map((_, index) => index + 1));
      expect((await fails$('/delete/resourcegroup', { name: 'rg_m2', options: {} })).message).toBe("Resource group 'rg_m2' does not exist");
    });

    it('alters the default group with is_default_group', async () => {
      await ok$('/alter/resourcegroup', { name: '', tier_attributes: {}, ranking: '', adjoining_resource_group: '', options: { is_default_group: 'true', max_scheduling_priority: '70' } });
      const shown = await ok$<{ groups: Record<string, string>[] }>('/show/resourcegroups', { names: ['kinetica_default_resource_group'], options: {} });
      expect(shown.groups[0]!.max_scheduling_priority).toBe('70');
      expect((await fails$('/alter/resourcegroup', { name: 'rg_a', tier_attributes: {}, ranking: '', adjoining_resource_group: '', options: { is_default_group: 'true' } })).message).toBe(
        "is_default_group=true applies to the default resource group: leave name empty, not 'rg_a'",
      );
    });
  });

  describe(`function environments (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const alter = (name: string, action: string, value: string, options: Record<string, string> = {}) =>
      ok$('/alter/environment', { environment_name: name, action, value, options });
    const packages = async (name: string) =>
      (await ok$<{ packages: string[][] }>('/show/environment', { environment_name: name, options: {} })).packages[0];

    it('creates an environment, installs and uninstalls packages', async () => {
      await ok$('/create/environment', { environment_name: 'ml_env', options: {} });
      await alter('ml_env', 'install_package', 'numpy==1.26.4 pandas');
      await alter('ml_env', 'install_package', 'NumPy>=2');
      await alter('ml_env', 'install_requirements', 'kifs://reqs/requirements.txt');
      expect(await packages('ml_env')).toEqual(['pandas', 'NumPy>=2', '-r kifs://reqs/requirements.txt']);
      await alter('ml_env', 'uninstall_package', 'pandas');
      await alter('ml_env', 'uninstall_requirements', 'kifs://reqs/requirements.txt');
      expect(await packages('ml_env')).toEqual(['NumPy>=2']);
      await alter('ml_env', 'reset', '');
      expect(await packages('ml_env')).toEqual([]);
    });

    it('shows names only, all environments, and a missing one quietly', async () => {
      await ok$('/create/environment', { environment_name: 'env_b', options: {} });
      const all = await ok$<{ environment_names: string[]; packages: string[][] }>('/show/environment', { environment_name: '*', options: { show_names_only: 'true' } });
      expect(all.environment_names).toContain('env_b');
      expect(all.packages.every((list) => list.length === 0)).toBe(true);
      expect((await fails$('/show/environment', { environment_name: 'env_ghost', options: {} })).message).toBe("Function environment 'env_ghost' does not exist");
      const quiet = await ok$<{ environment_names: string[] }>('/show/environment', { environment_name: 'env_ghost', options: { no_error_if_not_exists: 'true' } });
      expect(quiet.environment_names).toEqual([]);
    });

    it('refuses a duplicate, a bad action, a missing value and a missing data source', async () => {
      await ok$('/create/environment', { environment_name: 'env_dup', options: {} });
      expect((await fails$('/create/environment', { environment_name: 'env_dup', options: {} })).message).toBe("Function environment 'env_dup' already exists");
      expect((await fails$('/alter/environment', { environment_name: 'env_dup', action: 'upgrade', value: '', options: {} })).message).toBe(
        "Value: 'upgrade' not a valid parameter. Valid values are: install_package, install_requirements, uninstall_package, uninstall_requirements, reset, rebuild (U/PUh:355)",
      );
      expect((await fails$('/alter/environment', { environment_name: 'env_dup', action: 'install_package', value: ' ', options: {} })).message).toBe(
        "Action 'install_package' needs the package name in value",
      );
      expect((await fails$('/alter/environment', { environment_name: 'env_dup', action: 'install_package', value: 'x', options: { datasource_name: 'pkgs' } })).message).toBe(
        "Data source 'ki_home.pkgs' does not exist",
      );
    });

    it('refuses to drop an environment a proc uses', async () => {
      await ok$('/create/environment', { environment_name: 'env_used', options: {} });
      await ok$('/create/proc', { proc_name: 'uses_env', execution_mode: 'distributed', files: {}, command: 'python', args: [], options: { set_environment: 'env_used' } });
      expect((await fails$('/drop/environment', { environment_name: 'env_used', options: {} })).message).toBe(
        "Cannot drop function environment 'env_used': it is used by proc 'uses_env'; drop or alter that first",
      );
      await ok$('/delete/proc', { proc_name: 'uses_env', options: {} });
      await ok$('/drop/environment', { environment_name: 'env_used', options: {} });
      expect((await fails$('/drop/environment', { environment_name: 'env_used', options: {} })).message).toBe("Function environment 'env_used' does not exist");
      await ok$('/drop/environment', { environment_name: 'env_used', options: { no_error_if_not_exists: 'true' } });
    });
  });

  describe(`UDFs (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);
    const script = Buffer.from([0x23, 0x21, 0x00, 0xff, 0x7f, 0x0a]);

    it('creates a proc and gives back its files, byte for byte', async () => {
      await ok$('/create/proc', {
        proc_name: 'sum_udf',
        execution_mode: 'nondistributed',
        files: { 'sum.py': script, 'lib/util.py': Buffer.from('x = 1\n') },
        command: 'python',
        args: ['sum.py', '--fast'],
        options: { max_concurrency_per_node: '2' },
      });
      const has = await ok$<{ proc_exists: boolean }>('/has/proc', { proc_name: 'SUM_UDF', options: {} });
      expect(has.proc_exists).toBe(true);
      const shown = await ok$<ShowProc>('/show/proc', { proc_name: 'sum_udf', options: { include_files: 'true' } });
      expect(shown.proc_names).toEqual(['sum_udf']);
      expect(shown.execution_modes).toEqual(['nondistributed']);
      expect(shown.commands).toEqual(['python']);
      expect(shown.args).toEqual([['sum.py', '--fast']]);
      expect(shown.options).toEqual([{ max_concurrency_per_node: '2' }]);
      expect(bytesOf(shown.files[0]!['sum.py']!)).toEqual(script);
      const withoutFiles = await ok$<ShowProc>('/show/proc', { proc_name: 'sum_udf', options: {} });
      expect(withoutFiles.files).toEqual([{}]);
    });

    it('defaults the execution mode to distributed and lists every proc', async () => {
      await ok$('/create/proc', { proc_name: 'plain_udf', execution_mode: '', files: {}, command: 'java', args: [], options: {} });
      const all = await ok$<ShowProc>('/show/proc', { proc_name: '', options: {} });
      expect(all.proc_names).toContain('plain_udf');
      expect(all.execution_modes[all.proc_names.indexOf('plain_udf')]).toBe('distributed');
    });

    it('refuses a duplicate, a bad mode, a file above the root and a missing environment', async () => {
      await ok$('/create/proc', { proc_name: 'dup_udf', execution_mode: 'distributed', files: {}, command: 'x', args: [], options: {} });
      expect((await fails$('/create/proc', { proc_name: 'dup_udf', execution_mode: 'distributed', files: {}, command: 'x', args: [], options: {} })).message).toBe(
        "Proc 'dup_udf' already exists: delete it first with /delete/proc",
      );
      expect((await fails$('/create/proc', { proc_name: 'p1', execution_mode: 'parallel', files: {}, command: 'x', args: [], options: {} })).message).toBe(
        "Value: 'parallel' not a valid parameter. Valid values are: distributed, nondistributed (U/PUh:355)",
      );
      expect((await fails$('/create/proc', { proc_name: 'p1', execution_mode: '', files: { 'a/../../etc/passwd': Buffer.from('') }, command: 'x', args: [], options: {} })).message).toBe(
        "Invalid proc file name 'a/../../etc/passwd': use a relative path that stays inside the proc's directory, or kifs://<path>",
      );
      expect((await fails$('/create/proc', { proc_name: 'p1', execution_mode: '', files: {}, command: 'x', args: [], options: { set_environment: 'no_env' } })).message).toBe(
        "Function environment 'no_env' does not exist",
      );
      await ok$('/create/proc', { proc_name: 'kifs_udf', execution_mode: '', files: { 'kifs://udfs/model.py': Buffer.alloc(0) }, command: 'python', args: [], options: {} });
    });

    it('deletes a proc, and fails for a missing one', async () => {
      await ok$('/create/proc', { proc_name: 'gone_udf', execution_mode: '', files: {}, command: 'x', args: [], options: {} });
      await ok$('/delete/proc', { proc_name: 'gone_udf', options: {} });
      const has = await ok$<{ proc_exists: boolean }>('/has/proc', { proc_name: 'gone_udf', options: {} });
      expect(has.proc_exists).toBe(false);
      expect((await fails$('/delete/proc', { proc_name: 'gone_udf', options: {} })).message).toBe("Proc 'gone_udf' does not exist");
      expect((await fails$('/show/proc', { proc_name: 'gone_udf', options: {} })).message).toBe("Proc 'gone_udf' does not exist");
    });
  });
}
