/**
 * A registered record type: the validated model of /create/type (see type-model.ts), its id, and
 * the Avro codec of its records. Types are shared: the same definition and properties give the
 * same id, as in Kinetica.
 */
import avro from 'avsc';
import { typeIdOf, type ColumnModel, type TypeModel } from './type-model.js';
import type { ExprColumn } from '../../expr/index.js';
import { avroBoundsChecker, type AvroBoundsChecker, type AvroType } from '../../bounds/avro.js';

export class TableType {
  readonly id: string;
  readonly avro: avro.Type;
  readonly columnsByName: ReadonlyMap<string, ColumnModel>;
  readonly exprColumns: ExprColumn[];
  private boundsChecker: AvroBoundsChecker | undefined;

  constructor(readonly model: TypeModel) {
    this.id = typeIdOf(model);
    this.avro = avro.Type.forSchema(model.avroSchema as avro.Schema, { wrapUnions: false });
    this.columnsByName = new Map(model.columns.map((column) => [column.name, column]));
    this.exprColumns = model.columns.map((column) => ({ name: column.name, base: column.base, nullable: column.nullable }));
  }

  get label(): string {
    return this.model.label;
  }

  get columnNames(): string[] {
    return this.model.columns.map((column) => column.name);
  }

  get hasPrimaryKey(): boolean {
    return this.model.primaryKey.length > 0;
  }

  /** The primary-key value of a decoded record, as a map key; undefined without a key. */
  primaryKeyOf(record: Record<string, unknown>): string | undefined {
    if (!this.hasPrimaryKey) return undefined;
    return JSON.stringify(this.model.primaryKey.map((column) => keyPart(record[column])));
  }

  /** The key as people read it in a message: `(id=3, region='eu')`. */
  describeKey(record: Record<string, unknown>): string {
    return `(${this.model.primaryKey.map((column) => `${column}=${JSON.stringify(keyPart(record[column]))}`).join(', ')})`;
  }

  decode(bytes: Buffer): Record<string, unknown> {
    return this.avro.fromBuffer(bytes) as Record<string, unknown>;
  }

  /**
   * Decodes a record a client sent: its lengths are checked against its size first (bounds/avro.ts),
   * so a record that claims more than it holds fails fast with an AvroBoundsError.
   */
  decodeUntrusted(bytes: Buffer): Record<string, unknown> {
    (this.boundsChecker ??= avroBoundsChecker(this.model.avroSchema as AvroType))(bytes);
    return this.decode(bytes);
  }

  encode(record: Record<string, unknown>): Buffer {
    return this.avro.toBuffer(record);
  }
}

function keyPart(value: unknown): unknown {
  return Buffer.isBuffer(value) ? value.toString('base64') : value;
}
