/**
 * A data source: where external tables and loads read from, and where backups are read back for
 * /show/backup, /verify/backup and /restore/backup. The password is kept but never shown back.
 */
import { displayName, sortedByKey, type CatalogEntry } from '../entry.js';
import { normalizeStoreLocation, parseConnectorUrl, type StoreLocation } from './location.js';
import type { ObjectReference, Referring } from '../objects/references.js';
import { credentialReferences } from './references.js';

export class DataSource implements CatalogEntry, Referring {
  readonly kind = 'datasource' as const;
  defVersion = 0;

  constructor(
    public schema: string,
    public name: string,
    public location: string,
    public userName: string,
    public password: string,
    public options: Record<string, string>,
  ) {}

  get qualifiedName(): string {
    return displayName(this);
  }

  /** Lower-case scheme of the location (s3, kafka, ...). */
  get scheme(): string {
    return parseConnectorUrl(this.location, 'location').scheme;
  }

  /** The store the location reaches, as the backup engine identifies it. */
  storeLocation(): StoreLocation {
    return normalizeStoreLocation(this.location, this.options, 'location');
  }

  /** The credentials its options name. */
  references(): ObjectReference[] {
    return credentialReferences(this.options);
  }

  definition(): Record<string, unknown> {
    return {
      datasource_name: this.qualifiedName,
      location: this.location,
      user_name: this.userName,
      password: this.password,
      options: sortedByKey(this.options),
    };
  }
}
