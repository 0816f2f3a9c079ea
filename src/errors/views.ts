import { KineticaError } from './kinetica-error.js';

/**
 * Errors of SQL views (src/sql/run/views.ts, src/catalog/views.ts). No real Kinetica text is
 * known for them: each names the problem and the way out, in the SqlEngine form of the other SQL
 * errors.
 */
const CODE = '(S/SDc:1513)';
const engine = (text: string) => new KineticaError(`SqlEngine: ${text} ${CODE}`);

export const viewErrors = {
  exists: (name: string) => engine(`Cannot create view '${name}': a table or view of that name exists (use CREATE OR REPLACE, or drop it first)`),
  readsItself: (name: string) => engine(`View '${name}' cannot read itself`),
  nestedTooDeep: (name: string, max: number) => engine(`View '${name}' reads views nested more than ${max} deep`),
  refreshNotMaterialized: (name: string) => engine(`REFRESH applies to a materialized view: '${name}' is not one (CREATE MATERIALIZED VIEW)`),
  optionsNotMaterialized: (name: string) => engine(`WITH OPTIONS applies to a materialized view: '${name}' is not one`),
  unknownOption: (name: string, known: readonly string[]) =>
    engine(`Unknown materialized view option '${name}': the options are ${known.map((each) => each.toUpperCase().replace(/_/g, ' ')).join(', ')}`),
  notFound: (name: string) => engine(`View '${name}' does not exist`),
  notAView: (name: string) => engine(`'${name}' is a table, not a view (use DROP TABLE, SHOW TABLE, DESCRIBE TABLE)`),
  notATable: (name: string) => engine(`'${name}' is a view, not a table (use DROP VIEW, SHOW VIEW, DESCRIBE VIEW)`),
  notMaterialized: (name: string) => engine(`'${name}' is not a materialized view: only a materialized view is refreshed`),
  sourceMissing: (name: string, source: string) =>
    new KineticaError(`View '${name}' cannot be restored: table or view '${source}' it reads does not exist (restore it with the view)`),
  unreadableDefinition: (name: string) => new KineticaError(`The backup's definition of view '${name}' is not readable`),
} as const;
