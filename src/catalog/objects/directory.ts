/**
 * A KiFS directory. Only its name, data limit and creator are kept: the emulator stores no files,
 * so a directory's data usage is always 0.
 */
import type { CatalogEntry } from '../entry.js';
import { objectErrors } from '../../errors/objects.js';

export class Directory implements CatalogEntry {
  readonly kind = 'directory' as const;
  readonly schema = undefined;
  defVersion = 0;

  constructor(
    public name: string,
    /** Bytes; -1 means no limit. */
    public dataLimit: number,
    public createdBy: string,
    public readonly createdAt: number,
  ) {}

  definition(): Record<string, unknown> {
    return { directory_name: this.name, data_limit: this.dataLimit, created_by: this.createdBy };
  }
}

/** The directory a user's home directory is: `~<user>`. */
export function homeDirectoryName(user: string): string {
  return `~${user}`;
}

/** Checks a KiFS directory name: `/`-separated parts, none empty, `.` or `..`. Returns it trimmed of slashes. */
export function checkDirectoryName(text: string): string {
  const name = text.trim().replace(/^\/+|\/+$/g, '');
  if (name === '') throw objectErrors.emptyDirectoryName();
  if (name.length > 200) throw objectErrors.badDirectoryName(text);
  for (const part of name.split('/')) {
    if (part === '' || part === '.' || part === '..' || /[\\\u0000-\u001f]/.test(part)) throw objectErrors.badDirectoryName(text);
  }
  return name;
}
