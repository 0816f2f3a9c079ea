/**
 * The engine's copy of the tables a query reads. The records stay in the catalog's data files
 * (where backups read them); the mirror copies them into the engine on first use and then keeps
 * each copy current file by file: before every query, a table's data files are compared with what
 * the copy holds (file object and version), and only the files that changed are copied again.
 * A one-record write therefore costs the next query one data file (N records), whatever the size
 * of the table, and no query ever sees an older state than the last write.
 *
 * Each table has two engine objects: a raw table in RAW_SCHEMA holding the records as Kinetica
 * encodes them (epoch milliseconds, date strings...) plus the data file of each, and a view under
 * the table's own schema and name that presents Kinetica's types as SQL types (TIMESTAMP, DATE,
 * DECIMAL(p,s), BOOLEAN...). A change of definition (an altered type, a rename, a replaced
 * table, a restore) rebuilds the copy; a dropped table's copy goes at the next query.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import type { Catalog } from '../catalog/catalog.js';
import type { DataFile } from '../catalog/table/data-file.js';
import type { Table } from '../catalog/table/table.js';
import type { ColumnModel } from '../catalog/table/type-model.js';
import { keyOf } from '../catalog/names.js';
import type { Engine } from './engine.js';
import { engineTableName, quoteIdentifier, RAW_SCHEMA } from './names.js';

interface Copy {
  table: Table;
  /** The schema and name the view was made under. */
  schema: string;
  name: string;
  /** The raw table's name in RAW_SCHEMA; undefined for a view (no records of its own). */
  raw: string | undefined;
  typeId: string;
  defVersion: number;
  /** The data file each raw row came from, as it was copied, and its version then. */
  files: (DataFile | undefined)[];
  versions: number[];
}

/** A column's append into the raw table, by its base type. */
type Append = (appender: DuckDBAppender, value: unknown) => void;

const APPENDS: Record<ColumnModel['base'], Append> = {
  int: (appender, value) => appender.appendInteger(value as number),
  long: (appender, value) => appender.appendBigInt(BigInt(value as number)),
  float: (appender, value) => appender.appendFloat(value as number),
  double: (appender, value) => appender.appendDouble(value as number),
  string: (appender, value) => appender.appendVarchar(value as string),
  bytes: (appender, value) => appender.appendBlob(value as Uint8Array),
  boolean: (appender, value) => appender.appendBoolean(value as boolean),
};

const RAW_TYPES: Record<ColumnModel['base'], string> = {
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  string: 'VARCHAR',
  bytes: 'BLOB',
  boolean: 'BOOLEAN',
};

/** The SQL type a Kinetica column reads as (its data-type property decides), as an expression over the raw column. */
function typedColumn(column: ColumnModel, raw: string): string {
  for (const property of column.properties) {
    if (property === 'boolean') return `CAST(${raw} AS BOOLEAN)`;
    if (property === 'int8') return `CAST(${raw} AS TINYINT)`;
    if (property === 'int16') return `CAST(${raw} AS SMALLINT)`;
    if (property === 'timestamp') return `epoch_ms(${raw})`;
    if (property === 'date') return `CAST(${raw} AS DATE)`;
    if (property === 'time') return `CAST(${raw} AS TIME)`;
    if (property === 'datetime') return `CAST(${raw} AS TIMESTAMP)`;
    if (property === 'ulong') return `CAST(${raw} AS UBIGINT)`;
    if (property === 'decimal') return `CAST(${raw} AS DECIMAL(18,4))`;
    const decimal = /^decimal\((\d+),(\d+)\)$/.exec(property);
    if (decimal) return `CAST(${raw} AS DECIMAL(${decimal[1]},${decimal[2]}))`;
  }
  return raw;
}

export class Mirror {
  private readonly copies = new Map<Table, Copy>();
  /** Copies by the lower-case `schema.name` their view holds. */
  private readonly byName = new Map<string, Copy>();
  private readonly schemas = new Set<string>();
  private nextRaw = 1;

  constructor(private readonly engine: Engine) {}

  /** Drops the copies of tables the catalog no longer has under their name. */
  async sweep(catalog: Catalog): Promise<void> {
    for (const copy of [...this.copies.values()]) {
      if (catalog.table(copy.schema, copy.name) !== copy.table) await this.drop(copy);
    }
  }

  /** Brings the copies of these tables (in this order: a view after what it reads) up to date. */
  async update(tables: readonly Table[]): Promise<void> {
    for (const table of tables) await this.updateOne(table);
  }

  private async updateOne(table: Table): Promise<void> {
    let copy = this.copies.get(table);
    if (copy && (copy.typeId !== table.type.id || copy.defVersion !== table.defVersion || copy.schema !== table.schema || copy.name !== table.name)) {
      await this.drop(copy);
      copy = undefined;
    }
    if (!copy) copy = await this.create(table);
    if (copy.raw !== undefined) await this.catchUp(copy);
  }

  private async create(table: Table): Promise<Copy> {
    const key = keyOf(`${table.schema}.${table.name}`);
    const occupant = this.byName.get(key);
    if (occupant) await this.drop(occupant);
    await this.ensureSchema(table.schema);
    const target = engineTableName(table.schema, table.name);
    let raw: string | undefined;
    // A logical view is the engine's view of its query; a materialized view's rows are records.
    if (table.view && !table.view.materialized) {
      await this.engine.execute(`CREATE OR REPLACE VIEW ${target} AS ${table.view.query}`);
    } else {
      await this.ensureSchema(RAW_SCHEMA);
      raw = `r${this.nextRaw++}`;
      const columns = table.type.model.columns;
      const rawColumns = columns.map((column, i) => `c${i} ${RAW_TYPES[column.base]}`);
      await this.engine.execute(`CREATE TABLE ${engineTableName(RAW_SCHEMA, raw)} (${[...rawColumns, '"#file" INTEGER'].join(', ')})`);
      const selected = columns.map((column, i) => `${typedColumn(column, `c${i}`)} AS ${quoteIdentifier(column.name)}`);
      await this.engine.execute(`CREATE OR REPLACE VIEW ${target} AS SELECT ${selected.join(', ')} FROM ${engineTableName(RAW_SCHEMA, raw)}`);
    }
    const copy: Copy = { table, schema: table.schema, name: table.name, raw, typeId: table.type.id, defVersion: table.defVersion, files: [], versions: [] };
    this.copies.set(table, copy);
    this.byName.set(key, copy);
    return copy;
  }

  /** Makes the engine schema of a Kinetica schema, once (a query's default schema needs one too). */
  async ensureSchema(schema: string): Promise<void> {
    const key = keyOf(schema);
    if (this.schemas.has(key)) return;
    await this.engine.execute(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    this.schemas.add(key);
  }

  /** Copies again the data files that changed since the last copy, and forgets the files that went. */
  private async catchUp(copy: Copy): Promise<void> {
    const files = copy.table.data.files;
    const stale: number[] = [];
    const count = Math.max(files.length, copy.files.length);
    for (let index = 0; index < count; index++) {
      const file = files[index];
      if (copy.files[index] !== file || (file !== undefined && copy.versions[index] !== file.version)) stale.push(index);
    }
    if (stale.length === 0) return;
    const rawName = engineTableName(RAW_SCHEMA, copy.raw!);
    const copied = stale.filter((index) => copy.files[index] !== undefined);
    const everyCopied = copy.files.filter((file) => file !== undefined).length;
    if (copied.length > 0 && copied.length === everyCopied) {
      await this.engine.execute(`DELETE FROM ${rawName}`);
    } else if (copied.length > 0) {
      await this.engine.execute(`DELETE FROM ${rawName} WHERE "#file" IN (${copied.join(', ')})`);
    }
    const type = copy.table.type;
    const columns = type.model.columns;
    const appends = columns.map((column) => APPENDS[column.base]);
    const names = columns.map((column) => column.name);
    const appender = await this.engine.connection.createAppender(copy.raw!, RAW_SCHEMA);
    try {
      for (const index of stale) {
        const file = files[index];
        if (!file) continue;
        for (let position = 0; position < file.count; position++) {
          const record = type.decode(file.recordAt(position));
          for (let c = 0; c < names.length; c++) {
            const value = record[names[c]!];
            if (value === null || value === undefined) appender.appendNull();
            else appends[c]!(appender, value);
          }
          appender.appendInteger(index);
          appender.endRow();
        }
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    copy.files = [...files];
    copy.versions = files.map((file) => file.version);
  }

  private async drop(copy: Copy): Promise<void> {
    this.copies.delete(copy.table);
    const key = keyOf(`${copy.schema}.${copy.name}`);
    if (this.byName.get(key) === copy) this.byName.delete(key);
    await this.engine.execute(`DROP VIEW IF EXISTS ${engineTableName(copy.schema, copy.name)}`);
    if (copy.raw !== undefined) await this.engine.execute(`DROP TABLE IF EXISTS ${engineTableName(RAW_SCHEMA, copy.raw)}`);
  }
}
