/**
 * A data lake catalog (Iceberg, Hudi, Delta Lake behind a REST, Nessie, Hive or Glue catalog
 * service), with the credential and data source it uses.
 */
import { sortedByKey, type CatalogEntry } from '../entry.js';
import { parseQualified } from '../names.js';
import type { ObjectReference, Referring } from './references.js';

export const TABLE_FORMATS = ['iceberg', 'hudi', 'deltalake'] as const;
export const CATALOG_TYPES = ['rest', 'unity', 'polaris', 'tabular', 'nessie', 'hive', 'glue'] as const;

export interface DataCatalogFields {
  tableFormat: string;
  location: string;
  type: string;
  /** Qualified name of the credential, or ''. */
  credential: string;
  /** Qualified name of the data source, or ''. */
  datasource: string;
  options: Record<string, string>;
}

export class DataCatalog implements CatalogEntry, Referring {
  readonly kind = 'catalog' as const;
  readonly schema = undefined;
  defVersion = 0;

  constructor(
    public name: string,
    public fields: DataCatalogFields,
  ) {}

  references(): ObjectReference[] {
    const refs: ObjectReference[] = [];
    if (this.fields.credential) {
      const qualified = parseQualified(this.fields.credential, 'credential');
      refs.push({ kind: 'credential', schema: qualified.schema, name: qualified.name });
    }
    if (this.fields.datasource) {
      const qualified = parseQualified(this.fields.datasource, 'data source');
      refs.push({ kind: 'datasource', schema: qualified.schema, name: qualified.name });
    }
    return refs;
  }

  definition(): Record<string, unknown> {
    return {
      name: this.name,
      table_format: this.fields.tableFormat,
      location: this.fields.location,
      type: this.fields.type,
      credential: this.fields.credential,
      datasource: this.fields.datasource,
      options: sortedByKey(this.fields.options),
    };
  }
}
