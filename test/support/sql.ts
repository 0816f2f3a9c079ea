/**
 * SQL text read as /execute/sql reads it, without a server: parameters bound, the script parsed,
 * and each statement checked to be one the emulator runs.
 */
import { parseScript, prepareText } from '../../src/sql/parser.js';
import { checkScript } from '../../src/sql/execute.js';
import type { Statement } from '../../src/sql/ast.js';
import type { ParameterValue } from '../../src/sql/parameters.js';

export function parseSql(text: string, parameters?: ParameterValue[]): Statement[] {
  const prepared = prepareText(text, parameters);
  const statements = parseScript(prepared);
  checkScript(prepared.text, statements);
  return statements;
}
