/**
 * The database's objects, in memory: schemas, record types, and the objects of every backed-up
 * kind (tables with their records, users, roles, data sinks, ...). Every change goes through the
 * methods here, which take a sequence number from the change log and record what they touched,
 * so the backup engine can ask what changed since any earlier point.
 */
import { ChangeLog } from './changes.js';
import { copyEntry } from './copy.js';
import { displayName, entryKey, type CatalogEntry } from './entry.js';
import { SCHEMA_SCOPED_KINDS, type ObjectKind } from './kinds.js';
import { DEFAULT_SCHEMA, keyOf } from './names.js';
import { Table } from './table/table.js';
import { TableType } from './table/table-type.js';
import type { PackedFile } from './table/table-data.js';
import { typeIdOf, type TypeModel } from './table/type-model.js';
import { DefaultResourceGroup } from './objects/resource-group.js';
import { tableErrors } from '../errors/tables.js';

export interface CatalogSettings {
  /** Records per data file (N of the backup file model). */
  recordsPerFile: number;
  /** The emulator's clock, in epoch milliseconds. */
  now: () => number;
}

/**
 * A change to a table's records, as table monitors see it: how many records it wrote, updated or
 * deleted, and for an insert the row images it wrote (built only when asked: most tables have no
 * monitor, and an ingest batch is large).
 */
export type RecordsChange =
  | { table: Table; event: 'insert'; count: number; records: () => Buffer[] }
  | { table: Table; event: 'update' | 'delete'; count: number };

export interface SchemaEntry {
  name: string;
  createdAt: number;
}

export class Catalog {
  readonly changes: ChangeLog;
  private readonly schemas = new Map<string, SchemaEntry>();
  private readonly types = new Map<string, TableType>();
  private readonly entries = new Map<ObjectKind, Map<string, CatalogEntry>>();
  /**
   * The built-in default resource group's settings (/alter/resourcegroup with is_default_group).
   * Not an object: no backup holds it and the change log does not see it; the state document does.
   */
  readonly defaultResourceGroup = new DefaultResourceGroup();
  /**
   * Called before an object is removed, so the objects that depend on it can follow (a table's
   * monitors go with the table). Registered by whoever builds the catalog.
   */
  readonly beforeRemove: ((entry: CatalogEntry) => void)[] = [];
  /**
   * Called after an object is renamed or moved, with its former schema and name, and whether a
   * restore moved it aside (restore_policy=rename) rather than a user renaming it.
   */
  readonly afterRename: ((entry: CatalogEntry, formerSchema: string | undefined, formerName: string, movedAside: boolean) => void)[] = [];
  /** Called after an insert, update or delete changed records (table monitors publish from here). */
  readonly afterRecordsChange: ((change: RecordsChange) => void)[] = [];
  /** Called after an object is added (SQL procedures start their schedules from here). */
  readonly afterAdd: ((entry: CatalogEntry) => void)[] = [];
  /** Called after an object's definition changed (an altered table drops the procedures that read it). */
  readonly afterTouch: ((entry: CatalogEntry) => void)[] = [];

  /** A new database, with the default schema only (`changes` is for copy()). */
  constructor(
    readonly settings: CatalogSettings,
    changes?: ChangeLog,
  ) {
    this.changes = changes ?? new ChangeLog();
    this.schemas.set(keyOf(DEFAULT_SCHEMA), { name: DEFAULT_SCHEMA, createdAt: settings.now() });
  }

  /**
   * The database as it is now, to change apart from this one (a checkpoint keeps one, and a
   * restore puts a copy of it in place): the same schemas, types, objects of every kind with
   * tables' records, default resource group settings and change log (same epoch and sequence, so
   * to the backup engine the copy is this catalog at this point). Its cost follows the number of
   * objects and data files, not of records: records are shared (copy-on-write, see
   * TableData.copy), and types, which never change, too. The hooks are not copied: whoever puts
   * the copy to use connects its own (Emulator.connect).
   */
  copy(): Catalog {
    const copy = new Catalog(this.settings, this.changes.copy());
    copy.schemas.clear();
    for (const [key, schema] of this.schemas) copy.schemas.set(key, { ...schema });
    for (const [id, type] of this.types) copy.types.set(id, type);
    for (const [kind, entries] of this.entries) {
      copy.entries.set(kind, new Map([...entries].map(([key, entry]) => [key, copyEntry(entry)])));
    }
    copy.defaultResourceGroup.limits = { ...this.defaultResourceGroup.limits };
    copy.defaultResourceGroup.tierAttributes = Object.fromEntries(
      Object.entries(this.defaultResourceGroup.tierAttributes).map(([tier, attributes]) => [tier, { ...attributes }]),
    );
    return copy;
  }

  // ---------------------------------------------------------------------------------------------
  // Schemas

  schema(name: string): SchemaEntry | undefined {
    return this.schemas.get(keyOf(name));
  }

  schemaList(): SchemaEntry[] {
    return [...this.schemas.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  createSchema(name: string): SchemaEntry {
    if (this.schemas.has(keyOf(name))) throw tableErrors.schemaExists(this.schemas.get(keyOf(name))!.name);
    const entry = { name, createdAt: this.settings.now() };
    this.schemas.set(keyOf(name), entry);
    return entry;
  }

  /** Objects inside a schema, of every schema-scoped kind. */
  objectsInSchema(schema: string): CatalogEntry[] {
    const key = keyOf(schema);
    const found: CatalogEntry[] = [];
    for (const kind of SCHEMA_SCOPED_KINDS) {
      for (const entry of this.entriesOf(kind).values()) {
        if (entry.schema !== undefined && keyOf(entry.schema) === key) found.push(entry);
      }
    }
    return found;
  }

  dropSchema(name: string, cascade: boolean): void {
    const schema = this.schema(name);
    if (!schema) throw tableErrors.schemaNotFound(name);
    if (keyOf(schema.name) === DEFAULT_SCHEMA) throw tableErrors.schemaProtected(schema.name);
    const contents = this.objectsInSchema(schema.name);
    if (contents.length > 0 && !cascade) throw tableErrors.schemaNotEmpty(schema.name, contents.length);
    for (const entry of contents) this.remove(entry);
    this.schemas.delete(keyOf(schema.name));
  }

  renameSchema(name: string, newName: string): void {
    const schema = this.schema(name);
    if (!schema) throw tableErrors.schemaNotFound(name);
    if (keyOf(schema.name) === DEFAULT_SCHEMA) throw tableErrors.schemaProtected(schema.name);
    if (this.schemas.has(keyOf(newName)) && keyOf(newName) !== keyOf(name)) throw tableErrors.schemaExists(newName);
    const contents = this.objectsInSchema(schema.name);
    this.schemas.delete(keyOf(schema.name));
    this.schemas.set(keyOf(newName), { name: newName, createdAt: schema.createdAt });
    for (const entry of contents) this.rename(entry, newName, entry.name);
  }

  // ---------------------------------------------------------------------------------------------
  // Types

  /** Registers a type, or returns the one already registered with the same definition and properties. */
  registerType(model: TypeModel): TableType {
    const existing = this.types.get(typeIdOf(model));
    if (existing) return existing;
    const type = new TableType(model);
    this.types.set(type.id, type);
    return type;
  }

  type(id: string): TableType | undefined {
    return this.types.get(id);
  }

  typeList(): TableType[] {
    return [...this.types.values()];
  }

  // ---------------------------------------------------------------------------------------------
  // Objects of every kind

  private entriesOf(kind: ObjectKind): Map<string, CatalogEntry> {
    let map = this.entries.get(kind);
    if (!map) {
      map = new Map();
      this.entries.set(kind, map);
    }
    return map;
  }

  /** An object by kind and name (schema-scoped kinds take the schema separately). */
  get<E extends CatalogEntry = CatalogEntry>(kind: ObjectKind, schema: string | undefined, name: string): E | undefined {
    return this.entriesOf(kind).get(entryKey(kind, schema, name)) as E | undefined;
  }

  /** An object by the key it is logged under (`kind:schema.name`, lower case). */
  getByKey(key: string): CatalogEntry | undefined {
    const kind = key.slice(0, key.indexOf(':')) as ObjectKind;
    return this.entries.get(kind)?.get(key);
  }

  list<E extends CatalogEntry = CatalogEntry>(kind: ObjectKind): E[] {
    return [...this.entriesOf(kind).values()] as E[];
  }

  /** Adds a new object; its schema must exist and its name be free. */
  add(entry: CatalogEntry): void {
    if (SCHEMA_SCOPED_KINDS.has(entry.kind)) {
      if (entry.schema === undefined) throw new Error(`${entry.kind} objects need a schema`);
      const schema = this.schema(entry.schema);
      if (!schema) throw tableErrors.schemaMissingFor(entry.kind, displayName(entry), entry.schema);
      entry.schema = schema.name;
    }
    const key = entryKey(entry.kind, entry.schema, entry.name);
    const map = this.entriesOf(entry.kind);
    if (map.has(key)) throw tableErrors.objectExists(entry.kind, displayName(entry));
    const seq = this.changes.next();
    entry.defVersion = seq;
    map.set(key, entry);
    this.changes.record(seq, key);
    for (const hook of this.afterAdd) hook(entry);
  }

  /** Removes an object (and, for a table, its records). */
  remove(entry: CatalogEntry): void {
    const key = entryKey(entry.kind, entry.schema, entry.name);
    if (!this.entriesOf(entry.kind).has(key)) return;
    for (const hook of this.beforeRemove) hook(entry);
    this.entriesOf(entry.kind).delete(key);
    this.changes.record(this.changes.next(), key);
  }

  /**
   * Records a change to an object's definition. `notify` false: a change that is not an
   * alteration for what depends on it (a materialized view's refresh scheme), no afterTouch hooks.
   */
  touch(entry: CatalogEntry, notify = true): void {
    const seq = this.changes.next();
    entry.defVersion = seq;
    this.changes.record(seq, entryKey(entry.kind, entry.schema, entry.name));
    if (notify) for (const hook of this.afterTouch) hook(entry);
  }

  /**
   * Moves an object to a new schema and/or name: to the backup engine, the old name goes and the
   * new one comes. `movedAside`: a restore moves it out of the way of what it restores (its
   * hooks then keep what depends on it, as a user's rename would not).
   */
  rename(entry: CatalogEntry, schema: string | undefined, name: string, movedAside = false): void {
    const map = this.entriesOf(entry.kind);
    const oldKey = entryKey(entry.kind, entry.schema, entry.name);
    const newKey = entryKey(entry.kind, schema, name);
    if (newKey !== oldKey && map.has(newKey)) throw tableErrors.objectExists(entry.kind, displayName({ schema, name }));
    const seq = this.changes.next();
    const formerSchema = entry.schema;
    const formerName = entry.name;
    map.delete(oldKey);
    this.changes.record(seq, oldKey);
    entry.schema = schema;
    entry.name = name;
    entry.defVersion = seq;
    map.set(newKey, entry);
    this.changes.record(seq, newKey);
    for (const hook of this.afterRename) hook(entry, formerSchema, formerName, movedAside);
  }

  // ---------------------------------------------------------------------------------------------
  // Tables

  table(schema: string, name: string): Table | undefined {
    return this.get<Table>('table', schema, name);
  }

  createTable(schema: string, name: string, type: TableType, options: Record<string, string>): Table {
    const table = new Table(schema, name, type, options, this.settings.recordsPerFile, this.changes.seq, this.settings.now());
    this.add(table);
    return table;
  }

  /** Takes the sequence number for a change to a table's records. */
  beginDataChange(): number {
    return this.changes.next();
  }

  /** Records which data files of a table a change touched. */
  recordDataChange(table: Table, seq: number, files: Iterable<number>): void {
    const key = entryKey('table', table.schema, table.name);
    for (const file of [...files].sort((a, b) => a - b)) this.changes.record(seq, key, file);
    table.lastWriteAt = this.settings.now();
  }

  /** Tells the afterRecordsChange hooks about a change the record operations made. */
  recordsChanged(change: RecordsChange): void {
    for (const hook of this.afterRecordsChange) hook(change);
  }

  /** Gives a table these packed files as its whole data (a restore, a state document), every file logged as changed. */
  loadTableFiles(table: Table, files: readonly PackedFile[]): void {
    const seq = this.beginDataChange();
    const type = table.type;
    table.data.load(files, seq, type.hasPrimaryKey ? (bytes) => type.primaryKeyOf(type.decode(bytes))! : undefined);
    this.recordDataChange(table, seq, files.map((_file, index) => index));
  }
}
