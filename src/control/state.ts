/**
 * The state document (GET and PUT /_mock/state): the whole database (schemas, types, every
 * object's definition and every table's records, file by file) and the remote stores (every
 * backup with its snapshots and their files), as one versioned JSON document.
 *
 * Objects are written as the definitions backups hold and read back through the same restore
 * handlers, so the document can hold every kind the catalog knows. Records are written in
 * Kinetica's JSON record form, one array per data file, so a loaded table has the same files
 * (and an incremental backup after a load copies nothing that did not change). The settings of
 * the built-in default resource group, which is not an object, come beside the objects when set.
 *
 * Loading is all or nothing: the document is checked and a new catalog built before anything
 * changes; the stores are replaced in one transaction; the catalog is swapped in last.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { lazyTypeBox } from '../lazy-typebox.js';
import type { Catalog } from '../catalog/catalog.js';
import type { CatalogEntry } from '../catalog/entry.js';
import { RESTORE_HANDLERS } from '../catalog/restore-handlers.js';
import { OBJECT_KINDS, SCHEMA_SCOPED_KINDS, type ObjectKind } from '../catalog/kinds.js';
import { keyOf } from '../catalog/names.js';
import { checkTierAttributes } from '../catalog/objects/build.js';
import { LIMITED_TIERS, RESOURCE_GROUP_LIMITS } from '../catalog/objects/resource-group.js';
import type { Table } from '../catalog/table/table.js';
import { recordFromJson, recordToJson, reparseType } from '../catalog/table/type-model.js';
import { BackupImportError, type BackupEngine } from '../backup/engine.js';
import { PACKAGE_VERSION } from '../version.js';
import { ControlError } from '../errors/control-error.js';

export const STATE_FORMAT = 'kinetica-mock-state';
export const STATE_VERSION = 1;

// -----------------------------------------------------------------------------------------------
// The document's shape

/** Every object in the document is closed: a property it does not know is an error. */
const closed = { additionalProperties: false } as const;

/**
 * The document's schemas, built on first use (TypeBox loads lazily; see src/lazy-typebox.ts): the
 * envelope here, its two sections (the catalog, the stores' backups) below.
 */
function buildSchemas() {
  const Type = lazyTypeBox.Type;
  const CatalogDocument = catalogSchema();
  const BackupDocument = backupSchema();
  const StateDocumentSchema = Type.Object(
    {
      format: Type.Literal(STATE_FORMAT),
      version: Type.Literal(STATE_VERSION),
      /** Informational: which kinetica-mock wrote it, and when (machine time). */
      writtenBy: Type.Optional(Type.String()),
      writtenAt: Type.Optional(Type.String()),
      catalog: CatalogDocument,
      stores: Type.Object({ backups: Type.Array(BackupDocument) }, closed),
    },
    closed,
  );
  return { StateDocumentSchema, CatalogDocument, BackupDocument };
}

/** The catalog section: schemas, types, objects and the default resource group's settings. */
function catalogSchema() {
  const Type = lazyTypeBox.Type;
  return Type.Object(
    {
      schemas: Type.Array(Type.Object({ name: Type.String({ minLength: 1 }), createdAt: Type.Integer() }, closed)),
      types: Type.Array(typeSchema()),
      objects: Type.Array(objectSchema()),
      /** Only when /alter/resourcegroup with is_default_group set something: without it, the built-in values. */
      defaultResourceGroup: Type.Optional(defaultResourceGroupSchema()),
    },
    closed,
  );
}

/** A registered type. */
function typeSchema() {
  const Type = lazyTypeBox.Type;
  return Type.Object(
    {
      /** Informational: the id is derived from the rest when the type is loaded. */
      type_id: Type.Optional(Type.String()),
      label: Type.String(),
      type_definition: Type.String(),
      properties: Type.Record(Type.String(), Type.Array(Type.String())),
    },
    closed,
  );
}

/** An object of any kind: its name and definition, and for a table its records and times. */
function objectSchema() {
  const Type = lazyTypeBox.Type;
  return Type.Object(
    {
      kind: Type.Union(OBJECT_KINDS.map((kind) => Type.Literal(kind))),
      /** Schema-scoped kinds only. */
      schema: Type.Optional(Type.String({ minLength: 1 })),
      name: Type.String({ minLength: 1 }),
      definition: Type.Record(Type.String(), Type.Unknown()),
      /** Tables only: the records of each data file, in Kinetica's JSON record form. */
      files: Type.Optional(Type.Array(Type.Array(Type.Record(Type.String(), Type.Unknown())))),
      /** Tables only: when it was created and last written (epoch milliseconds, the emulator's clock). */
      createdAt: Type.Optional(Type.Integer()),
      lastWriteAt: Type.Optional(Type.Integer()),
    },
    closed,
  );
}

/** The default resource group's settings, as a group's definition has them (without name and rank). */
function defaultResourceGroupSchema() {
  const Type = lazyTypeBox.Type;
  return Type.Object(
    {
      tier_attributes: Type.Object(
        Object.fromEntries(LIMITED_TIERS.map((tier) => [tier, Type.Optional(Type.Object({ max_memory: Type.String() }, closed))])),
        closed,
      ),
      options: Type.Object(Object.fromEntries(RESOURCE_GROUP_LIMITS.map((limit) => [limit, Type.Optional(Type.String())])), closed),
    },
    closed,
  );
}

/** The stores section: a backup with its snapshots (and the ones deleted). */
function backupSchema() {
  const Type = lazyTypeBox.Type;
  const SnapshotType = Type.Union([Type.Literal('full'), Type.Literal('incremental'), Type.Literal('differential')]);
  const BackupDocument = Type.Object(
    {
      /** The store the backup lives in: the normalized location of its data sink or source. */
      store: Type.String({ minLength: 1 }),
      name: Type.String({ minLength: 1 }),
      objectsMap: Type.Record(Type.String(), Type.String()),
      ddlOnly: Type.Boolean(),
      checksum: Type.Boolean(),
      maxIncremental: Type.Integer(),
      createdAt: Type.Integer(),
      comment: Type.String(),
      snapshots: Type.Array(snapshotSchema(SnapshotType)),
      deleted: Type.Array(
        Type.Object(
          { snapshotId: Type.Integer(), type: SnapshotType, deletedAt: Type.Integer(), reason: Type.String() },
          closed,
        ),
      ),
    },
    closed,
  );
  return BackupDocument;
}

/** One snapshot of a backup: its record and the object and file deltas it holds. */
function snapshotSchema<S extends TSchema>(SnapshotType: S) {
  const Type = lazyTypeBox.Type;
  return Type.Object(
    {
      snapshotId: Type.Integer({ minimum: 1 }),
      type: SnapshotType,
      /** snapshotId of the baseline in the same backup; null for a full snapshot. */
      baseline: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
      createdAt: Type.Integer(),
      durationMs: Type.Integer({ minimum: 0 }),
      comment: Type.String(),
      ddlOnly: Type.Boolean(),
      checksum: Type.Boolean(),
      catalogEpoch: Type.String(),
      catalogSeq: Type.Integer({ minimum: 0 }),
      totalRecords: Type.Integer({ minimum: 0 }),
      objects: Type.Unknown(),
      objectDeltas: Type.Array(objectDeltaSchema()),
      fileDeltas: Type.Array(fileDeltaSchema()),
    },
    closed,
  );
}

/** A snapshot's delta of one object's definition. */
function objectDeltaSchema() {
  const Type = lazyTypeBox.Type;
  return Type.Object(
    {
      objectKey: Type.String({ minLength: 1 }),
      kind: Type.String({ minLength: 1 }),
      name: Type.String({ minLength: 1 }),
      /** null: a tombstone (the object is gone since the baseline). */
      definition: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
      fresh: Type.Boolean(),
    },
    closed,
  );
}

/** A snapshot's delta of one data file. */
function fileDeltaSchema() {
  const Type = lazyTypeBox.Type;
  return Type.Object(
    {
      objectKey: Type.String({ minLength: 1 }),
      fileIndex: Type.Integer({ minimum: 0 }),
      /** base64 of the file's packed Avro records; null: a tombstone. */
      data: Type.Union([Type.String(), Type.Null()]),
      /** Start of each record in data, plus its end; null with a tombstone. */
      offsets: Type.Union([Type.Array(Type.Integer({ minimum: 0 })), Type.Null()]),
      checksum: Type.Union([Type.String(), Type.Null()]),
    },
    closed,
  );
}

let schemas: ReturnType<typeof buildSchemas> | undefined;
const documentSchemas = () => (schemas ??= buildSchemas());

type Schemas = ReturnType<typeof buildSchemas>;
export type StateDocument = Static<Schemas['StateDocumentSchema']>;
type CatalogDoc = Static<Schemas['CatalogDocument']>;
type BackupDoc = Static<Schemas['BackupDocument']>;

// -----------------------------------------------------------------------------------------------
// Writing

export function exportState(catalog: Catalog, engine: BackupEngine): StateDocument {
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    writtenBy: `kinetica-mock ${PACKAGE_VERSION}`,
    writtenAt: new Date().toISOString(),
    catalog: exportCatalog(catalog),
    stores: { backups: engine.export() },
  };
}

export function exportCatalog(catalog: Catalog): CatalogDoc {
  const objects: CatalogDoc['objects'] = [];
  for (const kind of restoreOrdered(OBJECT_KINDS)) {
    const entries = catalog.list(kind).sort((a, b) => entryOrder(a).localeCompare(entryOrder(b)));
    for (const entry of entries) {
      const object: CatalogDoc['objects'][number] = { kind, name: entry.name, definition: entry.definition() };
      if (entry.schema !== undefined) object.schema = entry.schema;
      if (kind === 'table') {
        const table = entry as Table;
        object.createdAt = table.createdAt;
        object.lastWriteAt = table.lastWriteAt;
        object.files = table.data.files.map((file) => {
          const records: Record<string, unknown>[] = [];
          for (let position = 0; position < file.count; position++) {
            records.push(recordToJson(table.type.model, table.type.decode(file.recordAt(position))));
          }
          return records;
        });
      }
      objects.push(object);
    }
  }
  return {
    schemas: catalog.schemaList().map((schema) => ({ name: schema.name, createdAt: schema.createdAt })),
    types: catalog.typeList().map((type) => ({
      type_id: type.id,
      label: type.label,
      type_definition: type.model.definition,
      properties: type.model.properties,
    })),
    objects,
    ...(catalog.defaultResourceGroup.altered ? { defaultResourceGroup: catalog.defaultResourceGroup.definition() as CatalogDoc['defaultResourceGroup'] } : {}),
  };
}

// -----------------------------------------------------------------------------------------------
// Reading

/** Checks a document's envelope and shape; throws a ControlError naming the first problem. */
export function checkStateDocument(document: unknown): StateDocument {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new ControlError('A state document must be a JSON object (as GET /_mock/state returns)');
  }
  const given = document as Record<string, unknown>;
  if (given.format !== STATE_FORMAT) {
    throw new ControlError(`Not a kinetica-mock state document: 'format' must be '${STATE_FORMAT}' (as GET /_mock/state returns), got ${JSON.stringify(given.format ?? null)}`);
  }
  if (given.version !== STATE_VERSION) {
    throw new ControlError(
      `Unsupported state document version ${JSON.stringify(given.version ?? null)}: this kinetica-mock (${PACKAGE_VERSION}) reads version ${STATE_VERSION}`,
    );
  }
  return checkShape(documentSchemas().StateDocumentSchema, document, 'state document') as StateDocument;
}

function checkShape(schema: TSchema, value: unknown, what: string): unknown {
  const error = lazyTypeBox.Value.Errors(schema, value).First();
  if (!error) return value;
  const at = error.path === '' ? 'the document' : `'${pointerToPath(error.path)}'`;
  throw new ControlError(`Invalid ${what}: ${at}: ${error.message}`);
}

/** JSON pointer `/catalog/objects/3/kind` as people read it: `catalog.objects[3].kind`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/**
 * Builds the catalog a document describes into `catalog` (a new one, with only what every
 * Kinetica has from the start; objects of the document replace those of the same name).
 * Throws a ControlError naming the place of the first problem; `catalog` is then to be dropped.
 */
export function importCatalog(document: CatalogDoc, catalog: Catalog, where = 'catalog'): void {
  document.schemas.forEach((schema, index) => {
    at(`${where}.schemas[${index}]`, () => {
      (catalog.schema(schema.name) ?? catalog.createSchema(schema.name)).createdAt = schema.createdAt;
    });
  });
  document.types.forEach((type, index) => {
    at(`${where}.types[${index}]`, () => void catalog.registerType(reparseType(type.type_definition, type.label, type.properties)));
  });
  const order = new Map(restoreOrdered(OBJECT_KINDS).map((kind, index) => [kind, index]));
  const objects = document.objects.map((object, index) => ({ object, index })).sort((a, b) => order.get(a.object.kind)! - order.get(b.object.kind)! || a.index - b.index);
  for (const { object, index } of objects) {
    const place = `${where}.objects[${index}] (${object.kind} '${object.schema === undefined ? object.name : `${object.schema}.${object.name}`}')`;
    at(place, () => {
      const scoped = SCHEMA_SCOPED_KINDS.has(object.kind);
      if (scoped !== (object.schema !== undefined)) {
        throw new Error(scoped ? `a ${object.kind} needs its 'schema'` : `a ${object.kind} has no 'schema'`);
      }
      if (object.kind !== 'table' && (object.files ?? object.createdAt ?? object.lastWriteAt) !== undefined) {
        throw new Error("only tables have 'files', 'createdAt' and 'lastWriteAt'");
      }
      const handler = RESTORE_HANDLERS.get(object.kind)!;
      const entry = handler.fromDefinition(object.definition, { schema: object.schema, name: object.name }, catalog);
      const existing = catalog.get(object.kind, object.schema, object.name);
      if (existing) {
        if (!BUILT_IN.has(`${object.kind}:${keyOf(object.name)}`)) throw new Error('it is given twice');
        catalog.remove(existing);
      }
      catalog.add(entry);
      if (object.kind === 'table') {
        const table = entry as Table;
        if (object.files) loadRecords(catalog, table, object.files, place);
        // The times the table had, not those of the load.
        if (object.createdAt !== undefined) Object.assign(table, { createdAt: object.createdAt });
        if (object.lastWriteAt !== undefined) table.lastWriteAt = object.lastWriteAt;
      }
    });
  }
  const defaultGroup = document.defaultResourceGroup;
  if (defaultGroup) {
    const tiers = defaultGroup.tier_attributes as Record<string, Record<string, string>>;
    at(`${where}.defaultResourceGroup`, () => catalog.defaultResourceGroup.alter(defaultGroup.options, checkTierAttributes(tiers)));
  }
}

/** Objects every new catalog has; a document's own version of them replaces them. */
const BUILT_IN = new Set(['user:admin', 'role:public', 'role:authenticated']);

function loadRecords(catalog: Catalog, table: Table, files: Record<string, unknown>[][], place: string): void {
  const type = table.type;
  const packed = files.map((records, fileIndex) => {
    const encoded = records.map((json, position) => {
      const converted = recordFromJson(type.model, json);
      if ('error' in converted) throw new ControlError(`${place}: files[${fileIndex}][${position}]: ${converted.error}`);
      return type.encode(converted.value);
    });
    const offsets = new Uint32Array(encoded.length + 1);
    encoded.forEach((bytes, i) => (offsets[i + 1] = offsets[i]! + bytes.length));
    return { bytes: Buffer.concat(encoded), offsets };
  });
  catalog.loadTableFiles(table, packed);
}

/**
 * Replaces every backup of every store with the document's, in one transaction: on any problem
 * the stores stay as they were. Throws a ControlError naming the place.
 */
export function importStores(backups: BackupDoc[], engine: BackupEngine): void {
  try {
    engine.import(backups);
  } catch (error) {
    if (!(error instanceof BackupImportError)) throw error;
    const backup = backups[error.index]!;
    throw new ControlError(`stores.backups[${error.index}] ('${backup.name}' in '${backup.store}'): ${error.message}`);
  }
}

// -----------------------------------------------------------------------------------------------
// Helpers

/** Runs a step, turning any error into a ControlError that names where it happened. */
function at(place: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    if (error instanceof ControlError) throw error;
    throw new ControlError(`${place}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function restoreOrdered(kinds: readonly ObjectKind[]): ObjectKind[] {
  return [...kinds].sort((a, b) => RESTORE_HANDLERS.get(a)!.restoreOrder - RESTORE_HANDLERS.get(b)!.restoreOrder || a.localeCompare(b));
}

function entryOrder(entry: CatalogEntry): string {
  return `${keyOf(entry.schema ?? '')}.${keyOf(entry.name)}`;
}
