/**
 * Connector URLs (a data sink's destination, a data source's location) and the normalized store
 * location the backup engine identifies a remote store by. A sink and a source that reach the same
 * bucket (or container, or HDFS name node) and path give the same key, however each spells it.
 * docs/store-locations.md states the rules; this file is their one implementation.
 */
import { connectorErrors } from '../../errors/connectors.js';

/** Schemes whose stores can hold backups. */
export const BACKUP_STORE_SCHEMES = ['s3', 'azure', 'gcs', 'hdfs'] as const;
export type BackupStoreScheme = (typeof BACKUP_STORE_SCHEMES)[number];

/** The option that names the bucket or container of each object-store scheme. */
const CONTAINER_OPTION: Record<string, string> = {
  s3: 's3_bucket_name',
  gcs: 'gcs_bucket_name',
  azure: 'azure_container_name',
};

export interface StoreLocation {
  /** Lower-case scheme: s3, azure, gcs, hdfs, kafka, confluent, jdbc, http, https, table. */
  scheme: string;
  /**
   * The bucket (s3, gcs) or container (azure), in lower case; `host:port` of the name node (hdfs);
   * for the other schemes, the lower-case host(s) or table name. Empty when there is none.
   */
  container: string;
  /** Path inside the container: segments joined by `/`, no leading or trailing slash; '' is the root. */
  path: string;
  /** Canonical string: `scheme://container` or `scheme://container/path`. */
  key: string;
}

/** A connector URL split into its parts, before any normalization. */
export interface ConnectorUrl {
  /** Lower-case scheme. */
  scheme: string;
  /** The text between `scheme://` and the next `/`; '' for a bare scheme (`s3`) or a JDBC URL. */
  authority: string;
  /** The rest after the authority, starting with `/` when present; for JDBC, everything after `jdbc:`. */
  path: string;
  /** True when the URL is only a scheme (`s3`, `AZURE`). */
  bare: boolean;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/** Splits a destination or location; throws when it has no recognizable scheme. */
export function parseConnectorUrl(text: string, field: string): ConnectorUrl {
  const trimmed = text.trim();
  if (trimmed === '') throw connectorErrors.emptyUrl(field);
  const jdbc = /^jdbc:(.+)$/is.exec(trimmed);
  if (jdbc) return { scheme: 'jdbc', authority: '', path: jdbc[1]!, bare: false };
  if (SCHEME.test(trimmed)) return { scheme: trimmed.toLowerCase(), authority: '', path: '', bare: true };
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(trimmed);
  if (!match) throw connectorErrors.malformedUrl(field, text);
  const rest = match[2]!.replace(/[?#].*$/s, '');
  const slash = rest.indexOf('/');
  return {
    scheme: match[1]!.toLowerCase(),
    authority: slash < 0 ? rest : rest.slice(0, slash),
    path: slash < 0 ? '' : rest.slice(slash),
    bare: false,
  };
}

/** The host part of an authority (`user:pw@Host:9000` gives `host:9000`), lower case. */
function hostOf(authority: string): string {
  const at = authority.lastIndexOf('@');
  return (at < 0 ? authority : authority.slice(at + 1)).toLowerCase();
}

/** Path segments without empty or `.` segments, each percent-decoded; `..` is refused. */
function pathSegments(path: string, field: string, text: string): string[] {
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    let segment = raw;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // A stray % stays as written.
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..') throw connectorErrors.parentPathSegment(field, text);
    segments.push(segment);
  }
  return segments;
}

function locationOf(scheme: string, container: string, segments: string[]): StoreLocation {
  const path = segments.join('/');
  return { scheme, container, path, key: path === '' ? `${scheme}://${container}` : `${scheme}://${container}/${path}` };
}

/**
 * The normalized store location of a connector URL and its options. `field` names the request
 * field the URL came from (destination or location), for messages. Throws when an object store has
 * no bucket or container, or an HDFS URL no name node.
 */
export function normalizeStoreLocation(url: string, options: Readonly<Record<string, string>>, field = 'location'): StoreLocation {
  const parsed = parseConnectorUrl(url, field);
  const scheme = parsed.scheme;
  const containerOption = CONTAINER_OPTION[scheme];
  if (containerOption !== undefined) {
    const optionValue = (options[containerOption] ?? '').trim();
    if (optionValue !== '') {
      // The option names the bucket (a prefix after a `/` is the start of the path); the URL's
      // authority is then an endpoint host, which does not change the store.
      const [bucket, ...prefix] = pathSegments(optionValue, containerOption, optionValue);
      if (bucket === undefined) throw connectorErrors.missingContainer(scheme, containerOption);
      return locationOf(scheme, bucket.toLowerCase(), [...prefix, ...pathSegments(parsed.path, field, url)]);
    }
    // No option: the URL is in the `s3://bucket/path` form.
    const bucket = hostOf(parsed.authority);
    if (bucket === '') throw connectorErrors.missingContainer(scheme, containerOption);
    return locationOf(scheme, bucket, pathSegments(parsed.path, field, url));
  }
  if (scheme === 'hdfs') {
    const host = hostOf(parsed.authority);
    if (!/^[^:]+:\d+$/.test(host)) throw connectorErrors.hdfsNeedsHostPort(field, url);
    return locationOf(scheme, host, pathSegments(parsed.path, field, url));
  }
  if (scheme === 'kafka' || scheme === 'confluent') {
    // A comma-separated list of brokers: the set of hosts, in a stable order.
    const hosts = brokersOf(url)
      .filter((host) => host !== '')
      .map(hostOf)
      .sort();
    return locationOf(scheme, [...new Set(hosts)].join(','), []);
  }
  if (scheme === 'jdbc') {
    const inner = /^[^:]+:\/\/([^/?;]*)(.*)$/s.exec(parsed.path);
    return locationOf(scheme, inner ? hostOf(inner[1]!) : '', []);
  }
  if (scheme === 'table') return locationOf(scheme, parsed.authority.toLowerCase(), []);
  return locationOf(scheme, hostOf(parsed.authority), pathSegments(parsed.path, field, url));
}

/**
 * The brokers of a kafka or confluent URL, a comma-separated list: each item trimmed, without a
 * leading `scheme://` and anything from its first `/`. Empty items are kept (as '').
 */
export function brokersOf(url: string): string[] {
  return url.split(',').map((item) => item.trim().replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '').replace(/\/.*$/s, ''));
}

/** Whether a store of this location can hold backups: s3, azure, gcs and hdfs stores can. */
export function canHoldBackups(location: Pick<StoreLocation, 'scheme'> | string): boolean {
  const scheme = typeof location === 'string' ? location : location.scheme;
  return (BACKUP_STORE_SCHEMES as readonly string[]).includes(scheme.toLowerCase());
}

/** A URL as it may be shown back: the password of `user:password@host` and `password=` parameters masked. */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/\/[^/@:]*:)[^/@]*@/g, '$1********@')
    .replace(/((?:^|[?&;])password=)[^&;]*/gi, '$1********');
}
