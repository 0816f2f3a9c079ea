/**
 * A data sink: where table monitors and exports send data, and where backups are written.
 * Its options are kept as given (the credential reference in qualified form), secrets included.
 */
import { displayName, sortedByKey, type CatalogEntry } from '../entry.js';
import { normalizeStoreLocation, parseConnectorUrl, type StoreLocation } from './location.js';
import type { ObjectReference, Referring } from '../objects/references.js';
import { credentialReferences } from './references.js';

export class DataSink implements CatalogEntry, Referring {
  readonly kind = 'datasink' as const;
  defVersion = 0;

  constructor(
    public schema: string,
    public name: string,
    public destination: string,
    public options: Record<string, string>,
  ) {}

  get qualifiedName(): string {
    return displayName(this);
  }

  /** Lower-case scheme of the destination (s3, kafka, ...). */
  get scheme(): string {
    return parseConnectorUrl(this.destination, 'destination').scheme;
  }

  /** The store the destination reaches, as the backup engine identifies it. */
  storeLocation(): StoreLocation {
    return normalizeStoreLocation(this.destination, this.options, 'destination');
  }

  /** The credentials its options name. */
  references(): ObjectReference[] {
    return credentialReferences(this.options);
  }

  definition(): Record<string, unknown> {
    return { datasink_name: this.qualifiedName, destination: this.destination, options: sortedByKey(this.options) };
  }
}
