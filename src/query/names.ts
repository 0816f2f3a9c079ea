/** How kinetica-mock's objects are named inside the engine. */

/** A name quoted for the engine: any character but `"` as it is, `"` doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A table or view as the engine knows it: the same schema and name as in Kinetica, so a query's
 * text runs as written. Generated SQL (the REST read endpoints) names tables this way.
 */
export function engineTableName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/**
 * The schema of the raw mirror tables. `#` is not a character of Kinetica names, so no Kinetica
 * schema can be it, and a query naming it is refused before it runs (it is not in the catalog).
 */
export const RAW_SCHEMA = '#raw';
