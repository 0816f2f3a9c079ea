import { KineticaError } from './kinetica-error.js';

/**
 * Errors of SQL procedures (src/sql/run/procedures.ts). No real Kinetica text is known for them:
 * each names the problem and the way out, in the SqlEngine form of the other SQL errors where
 * the planner would raise it.
 */
const CODE = '(S/SDc:1513)';
const engine = (text: string) => new KineticaError(`SqlEngine: ${text} ${CODE}`);
const at = (line: number, column: number) => `line ${line}, column ${column}`;

const BODY_HELP =
  'a procedure may hold SELECT, INSERT, UPDATE, DELETE, CREATE/DROP SCHEMA, CREATE/DROP/TRUNCATE TABLE, EXECUTE PROCEDURE, SHOW PROCEDURE and the backup statements';

export const procedureErrors = {
  emptyBody: (line: number, column: number) => engine(`The SQL procedure at ${at(line, column)} has no statement between BEGIN and END`),
  notAllowedInBody: (statement: string, line: number, column: number) =>
    engine(`${statement} is not allowed in a SQL procedure (at ${at(line, column)}): ${BODY_HELP}`),
  badInterval: (clause: string, given: string) =>
    engine(`Invalid interval '${given}' in ${clause}: give a number above 0 of SECONDS, MINUTES, HOURS or DAYS, at least a millisecond in all`),
  badTime: (clause: string, given: string) => engine(`Invalid time '${given}' in ${clause}: write it 'YYYY-MM-DD [HH:MM[:SS]]' (UTC)`),
  schemaMissing: (schema: string, name: string) =>
    engine(`Cannot create SQL procedure '${name}': schema '${schema}' does not exist; create it first (CREATE SCHEMA ${schema})`),
  unknownOption: (name: string, known: readonly string[]) =>
    engine(`Unknown SQL procedure option '${name}': the options are ${known.map((each) => each.toUpperCase().replace(/_/g, ' ')).join(', ')}`),
  notFound: (name: string) => engine(`SQL procedure '${name}' does not exist`),
  tooDeep: (name: string, depth: number) =>
    engine(`SQL procedure '${name}' was not run: procedures calling procedures may nest ${depth} deep at most`),
  recursive: (name: string, chain: readonly string[]) =>
    engine(`SQL procedure '${name}' was not run: it would call itself (${chain.join(' -> ')})`),
  /** Wrapped by the run's own message, which names the procedure. */
  unreadable: () => new KineticaError('its definition is not a CREATE PROCEDURE statement; recreate it with CREATE OR REPLACE PROCEDURE'),
} as const;
