import { KineticaError } from './kinetica-error.js';

/** Errors of the read endpoints that run on the query engine: /aggregate/*, /filter*, /get/records/bycolumn. */
export const readErrors = {
  tooManyEntries: (field: string, count: number, max: number) =>
    new KineticaError(`'${field}' has ${count} entries, over kinetica-mock's limit of ${max}; ask for fewer columns per request`),
  noColumns: (field: string) => new KineticaError(`'${field}' is empty; name at least one column or expression`),
  tooLong: (field: string, length: number, max: number) =>
    new KineticaError(`Value of '${field}' is ${length} characters long, over kinetica-mock's limit of ${max}; shorten it`),
  badEntry: (field: string, text: string, problem: string) =>
    new KineticaError(`Invalid ${field} entry '${text}': ${problem}`),
  unknownStat: (stat: string, supported: readonly string[]) =>
    new KineticaError(`Unsupported statistic '${stat}': kinetica-mock computes ${supported.join(', ')}`),
  statNeeds: (stat: string, what: string) => new KineticaError(`Statistic '${stat}' needs ${what}`),
  badHistogram: (problem: string) => new KineticaError(`Invalid histogram: ${problem}`),
  unsupportedValue: (key: string, value: string, why: string) =>
    new KineticaError(`Option '${key}' = '${value}' is not supported by kinetica-mock: ${why}`),
  notAStringColumn: (column: string, mode: string) =>
    new KineticaError(`Column '${column}' is not a string column; /filter/bystring mode '${mode}' applies to string columns only`),
  foreignTable: (field: string, name: string) =>
    new KineticaError(`'${field}' may only read the request's own table, not '${name}'`),
  resultTableColumn: (header: string) =>
    new KineticaError(`Result column '${header}' cannot name a column of result_table; alias it in column_names (e.g. 'SUM(x) AS sum_x')`),
  nothingToCompare: (field: string) => new KineticaError(`'${field}' is empty; give at least one column and its values`),
} as const;
