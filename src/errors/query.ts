import { KineticaError } from './kinetica-error.js';

/**
 * Errors of queries run on the embedded engine (SQL SELECT, views, the aggregate and filter
 * endpoints). Planner errors keep Kinetica's SqlEngine form (see errors/sql.ts); the engine's own
 * texts are carried over in that form when no Kinetica text fits.
 */
const CODE = '(S/SDc:1513)';
const engine = (text: string) => new KineticaError(`SqlEngine: ${text} ${CODE}`);

export const queryErrors = {
  /** The engine's parser refused the text. */
  syntax: (message: string, line: number, column: number) => engine(`Syntax error at line ${line}, column ${column}: ${message}`),
  /** Calcite's text for an unknown function. */
  unknownFunction: (name: string, hint: string | undefined) =>
    engine(`No match found for function signature ${name.toUpperCase()}(...)` + (hint ? `; did you mean ${hint.toUpperCase()}?` : '') + ' (docs/sql-functions.md lists the functions kinetica-mock runs)'),
  catalogPrefix: (catalog: string, name: string) => engine(`Object '${catalog}.${name}' not found: Kinetica names are [schema.]name, without a catalog`),
  /** A failure the engine reported while planning or running the query, in its words. */
  engine: (message: string) => engine(message),
  timeout: (ms: number) =>
    new KineticaError(
      `Query ran longer than ${ms} ms and was stopped (kinetica-mock's limit for one query); ` +
        'narrow it with WHERE or LIMIT, or raise the limit with --query-timeout',
    ),
  tooManyRows: (max: number) =>
    new KineticaError(`Query result has more than ${max} rows, kinetica-mock's limit for one query; add a LIMIT or narrow it with WHERE`),
} as const;
