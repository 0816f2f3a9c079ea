/**
 * The query layer: the embedded engine (engine.ts), the mirror of the catalog's tables in it
 * (mirror.ts), and what a query's text holds (inspect.ts). SQL SELECT, views and the REST read
 * endpoints (aggregate, filter, get/records/bycolumn) all read through `run`.
 *
 * One per emulator. The engine opens on first use, and closes with the emulator.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Table } from '../catalog/table/table.js';
import { queryErrors } from '../errors/query.js';
import { KineticaError } from '../errors/kinetica-error.js';
import { sqlErrors } from '../errors/sql.js';
import { duckdb, Engine, EngineTimeout, type EngineLimits } from './engine.js';
import { Mirror } from './mirror.js';
import { conversionOf, resultColumn, type ResultColumn } from './results.js';
export type { ResultColumn } from './results.js';
import { isParseFailure, parseTree, shapeOf, treeText, type ParseFailure, type QueryShape } from './inspect.js';
import { ENGINE_MACROS, quoteBareUnits } from './functions.js';
import { quoteIdentifier } from './names.js';

export { engineTableName, quoteIdentifier } from './names.js';
export type { QueryShape, ParseFailure, TableReference, SelectItemShape } from './inspect.js';
export { isParseFailure } from './inspect.js';

/** What every new engine runs first: Kinetica's null order (first ascending, last descending) and function names. */
const ENGINE_SETUP: readonly string[] = ["SET default_null_order = 'nulls_first_on_asc_last_on_desc'", ...ENGINE_MACROS];

/** Query shapes kept by text. */
const SHAPES_KEPT = 512;
/** Longer texts are read each time (so the kept shapes hold at most about 2 MB of text). */
const SHAPE_TEXT_KEPT = 4096;

export interface QueryRequest {
  /** One SELECT (WITH, set operations and VALUES included) in the engine's dialect. */
  text: string;
  /** The schema of unqualified names. */
  defaultSchema: string;
  /** Every table and view the text reads, a view after the tables and views it reads. */
  tables: readonly Table[];
  /** The page of rows to convert: from `offset`, at most `limit` (all when undefined). */
  offset?: number;
  limit?: number;
  /** A header per result column, replacing the engine's where given. */
  headers?: readonly (string | undefined)[];
}

export interface QueryPage {
  columns: ResultColumn[];
  /** The rows of the page, row-major, in Kinetica's value forms. */
  rows: unknown[][];
  /** Rows in the whole result. */
  total: number;
}

export interface QueryLayerOptions extends EngineLimits {
  /** Rows a result may hold in all (the engine holds the result; only the page is converted). */
  maxRows: number;
}

export class QueryLayer {
  private opening: Promise<{ engine: Engine; mirror: Mirror }> | undefined;
  private closed = false;
  private readonly shapes = new Map<string, QueryShape | ParseFailure>();
  /** The search path the engine has now (set again only when a query needs another). */
  private searchPath: string | undefined;

  constructor(
    private readonly catalog: () => Catalog,
    private readonly options: QueryLayerOptions,
  ) {}

  private open(): Promise<{ engine: Engine; mirror: Mirror }> {
    if (this.closed) return Promise.reject(new Error('the query layer is closed'));
    return (this.opening ??= Engine.open(this.options, ENGINE_SETUP).then((engine) => ({
      engine,
      mirror: new Mirror(engine),
    })));
  }

  /**
   * Reads a query's text with the engine's parser: what it holds, or why it does not parse.
   * Shapes are kept by text (a test suite sends the same queries again and again; reading one
   * costs a round trip to the engine), at most SHAPES_KEPT of them, of texts up to SHAPE_TEXT_KEPT.
   */
  async inspect(text: string): Promise<QueryShape | ParseFailure> {
    const known = this.shapes.get(text);
    if (known) return known;
    const shape = await this.read(text);
    if (text.length > SHAPE_TEXT_KEPT) return shape;
    if (this.shapes.size >= SHAPES_KEPT) this.shapes.delete(this.shapes.keys().next().value!);
    this.shapes.set(text, shape);
    return shape;
  }

  private async read(text: string): Promise<QueryShape | ParseFailure> {
    const { engine } = await this.open();
    return engine.exclusive(async () => {
      const reader = await engine.connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [text]);
      const tree = parseTree(String(reader.getRows()[0]![0]));
      const shape = shapeOf(tree);
      if (isParseFailure(shape) || quoteBareUnits(tree as Parameters<typeof quoteBareUnits>[0]) === 0) return shape;
      const rewritten = await engine.connection.runAndReadAll('SELECT json_deserialize_sql($1::JSON)', [treeText(tree)]);
      return { ...shape, text: String(rewritten.getRows()[0]![0]) };
    });
  }

  /**
   * Runs a query after bringing the copies of the tables it reads up to date, and answers one
   * page of its rows with the total. Engine failures become Kinetica errors.
   */
  async run(request: QueryRequest): Promise<QueryPage> {
    const { engine, mirror } = await this.open();
    const duck = await duckdb();
    return engine.exclusive(async () => {
      try {
        await mirror.sweep(this.catalog());
        await mirror.update(request.tables);
        if (this.searchPath !== request.defaultSchema) {
          await mirror.ensureSchema(request.defaultSchema);
          await engine.execute(`SET search_path = '${quoteIdentifier(request.defaultSchema).replace(/'/g, "''")}'`);
          this.searchPath = request.defaultSchema;
        }
        const offset = request.offset ?? 0;
        const end = request.limit === undefined ? Number.POSITIVE_INFINITY : offset + request.limit;
        let total = 0;
        let columns: ResultColumn[];
        const rows: unknown[][] = [];
        const result = await engine.query(request.text);
        const conversions = result.columnTypes().map((type) => conversionOf(duck, type));
        const names = result.columnNames();
        const nullable = conversions.map(() => false);
        for (let index = 0; index < result.chunkCount; index++) {
          const chunk = result.getChunk(index);
          const first = total;
          total += chunk.rowCount;
          if (total > this.options.maxRows) throw queryErrors.tooManyRows(this.options.maxRows);
          if (total <= offset || first >= end) continue;
          const from = Math.max(offset - first, 0);
          const to = Math.min(end - first, chunk.rowCount);
          for (let r = from; r < to; r++) {
            rows.push(
              chunk.getRowValues(r).map((value, c) => {
                if (value === null || value === undefined) {
                  nullable[c] = true;
                  return null;
                }
                return conversions[c]!.convert(value);
              }),
            );
          }
        }
        columns = conversions.map((conversion, c) => resultColumn(request.headers?.[c] ?? names[c]!, conversion, nullable[c]!));
        return { columns, rows, total };
      } catch (error) {
        throw asKineticaError(error);
      }
    });
  }

  close(): void {
    this.closed = true;
    const opening = this.opening;
    if (opening) void opening.then(({ engine }) => engine.close(), () => undefined);
  }
}

/** The first line of an engine error, in Kinetica's form. */
function asKineticaError(error: unknown): unknown {
  if (error instanceof EngineTimeout) return queryErrors.timeout(error.timeoutMs);
  if (!(error instanceof Error) || error instanceof KineticaError) return error;
  const message = error.message.split('\n')[0]!.trim();
  return kineticaFormOf(message);
}

/** The engine's planner messages that have a Kinetica (Calcite) text, in that text. */
function kineticaFormOf(message: string): KineticaError {
  const missingColumn = /Referenced column "(.+?)" not found/.exec(message) ?? /Values list "\w+" does not have a column named "(.+?)"/.exec(message);
  if (missingColumn) return sqlErrors.columnNotFound(missingColumn[1]!);
  const notGrouped = /column "(.+?)" must appear in the GROUP BY clause/.exec(message);
  if (notGrouped) return sqlErrors.notGrouped(notGrouped[1]!);
  const ordinal = /ORDER term out of range - should be between 1 and (\d+)/.exec(message);
  if (ordinal) return sqlErrors.orderByOrdinal(Number(ordinal[1]));
  return queryErrors.engine(message.replace(/^(Binder|Parser|Catalog|Conversion|Invalid Input|Out of Range|Not implemented) Error: /, '$1 error: '));
}

