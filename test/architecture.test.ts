/**
 * The import rules of docs/architecture.md: every import between the units of src/ (a top-level
 * folder, or a top-level file) is one the layer table allows, or one of the known departures listed
 * below. A new import that breaks a rule fails; so does a listed departure that no longer exists,
 * so the list only shrinks as issue 13 lands.
 *
 * Imports are read with a small regex (static `import`/`export ... from`, `import type`, side-effect
 * imports and `import('...')`), not a TypeScript parser: enough for this code base, whose imports
 * are all literal and relative.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/** Small modules any layer may use; they import nothing else of src/. */
const SHARED = ['errors', 'bounds', 'config', 'clock', 'version', 'seeded-random', 'lazy-parser', 'lazy-typebox'] as const;

/**
 * Who may import whom, unit by unit (docs/architecture.md, "Rules between layers"). A unit may
 * always import itself, and every unit but the shared ones may import the shared ones. query
 * and tenants do not exist yet: their places are fixed here before their code arrives.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  // The entry points compose everything; nothing below imports them.
  index: ['server', 'app', 'tenants', 'control', 'api', 'wire', 'sql', 'emulator', 'query', 'scheduler', 'catalog', 'backup', 'backup-store', 'monitors', 'expr'],
  cli: ['server', 'app', 'tenants', 'control', 'api', 'wire', 'emulator', 'catalog', 'backup', 'backup-store'],
  server: ['app', 'tenants', 'control', 'api', 'wire', 'emulator', 'catalog', 'backup', 'backup-store', 'monitors'],
  app: ['tenants', 'control', 'api', 'wire', 'sql', 'emulator', 'query', 'scheduler', 'catalog', 'backup', 'backup-store', 'monitors', 'expr'],
  // Above the emulators: picks one per request (its prefix), builds each with its endpoints and control plane.
  tenants: ['control', 'api', 'wire', 'emulator'],
  // The two HTTP faces beside each other: the Kinetica endpoints and the /_mock/ control plane.
  api: ['wire', 'sql', 'emulator', 'query', 'scheduler', 'catalog', 'backup', 'monitors', 'expr'],
  control: ['wire', 'emulator', 'query', 'scheduler', 'catalog', 'backup'],
  // Statements run on their REST twins through what api/ hands them, never by importing api/.
  sql: ['wire', 'emulator', 'query', 'scheduler', 'catalog', 'expr'],
  // The protocol: envelope, codecs, schemas, the endpoint contract. It knows no domain.
  wire: ['generated'],
  // One emulator's state: its catalog, backup engine and store, query engine, scheduler, monitors.
  emulator: ['wire', 'query', 'scheduler', 'catalog', 'backup', 'backup-store', 'monitors'],
  // The domain, below the emulator.
  query: ['catalog', 'expr'],
  scheduler: [],
  backup: ['catalog', 'backup-store'],
  monitors: ['catalog', 'expr'],
  catalog: ['expr'],
  expr: [],
  'backup-store': [],
  // Code generated from the grammars and the Avro schemas (npm run gen:parsers, gen:records); it imports nothing.
  generated: [],
  ...Object.fromEntries(SHARED.map((unit) => [unit, []])),
};

/**
 * Imports allowed to break the rules for a while, each named in docs/architecture.md ("Known
 * departures") with its way out: exact pairs, importing file -> imported file, relative to src/.
 * Issue 13 removed the last of them; keep it empty.
 */
const KNOWN_DEPARTURES: readonly string[] = [];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const STATIC_IMPORT = /^\s*(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const BARE_IMPORT = /^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The specifiers a file imports, static (type-only too), bare and dynamic. */
function specifiers(text: string): string[] {
  return [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT].flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

/** The file a relative specifier names, relative to src/ (`./x.js` is written for `./x.ts`). */
function resolveImport(file: string, specifier: string): string {
  const target = resolve(dirname(file), specifier);
  const candidates = [target.replace(/\.js$/, '.ts'), target];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`${relative(SRC, file)} imports ${specifier}, which names no file`);
  return relative(SRC, found).split(sep).join('/');
}

/** The unit a path under src/ belongs to: its top-level folder, or a top-level file without its extension. */
function unitOf(path: string): string {
  const [first, ...rest] = path.split('/');
  return rest.length > 0 ? first! : first!.replace(/\.[^.]+$/, '');
}

function mayImport(from: string, to: string): boolean {
  if (from === to) return true;
  const allowed = MAY_IMPORT[from] ?? [];
  return allowed.includes(to) || (!(SHARED as readonly string[]).includes(from) && (SHARED as readonly string[]).includes(to));
}

interface Edge {
  from: string;
  to: string;
}

function importEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const from = relative(SRC, file).split(sep).join('/');
    return specifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({ from, to: resolveImport(file, specifier) }));
  });
}

const pairOf = (edge: Edge) => `${edge.from} -> ${edge.to}`;

describe('the import rules of docs/architecture.md', () => {
  const edges = importEdges();
  const crossing = edges.filter((edge) => unitOf(edge.from) !== unitOf(edge.to));
  const breaking = new Set(crossing.filter((edge) => !mayImport(unitOf(edge.from), unitOf(edge.to))).map(pairOf));

  it('reads the imports of every file under src/', () => {
    // A regex that stopped matching would make every rule pass; these imports are known to exist.
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.map(pairOf)).toContain('api/sql.ts -> sql/twins.ts');
    expect(edges.map(pairOf)).toContain('wire/registry.ts -> generated/records.ts');
  });

  it('places every unit of src/ in the layer table', () => {
    const units = new Set(sourceFiles(SRC).map((file) => unitOf(relative(SRC, file).split(sep).join('/'))));
    const unplaced = [...units].filter((unit) => !(unit in MAY_IMPORT));
    expect(unplaced, 'a new folder or top-level file: give it a place in docs/architecture.md and in MAY_IMPORT').toEqual([]);
  });

  it('finds no import that breaks a rule, beyond the known departures', () => {
    const known = new Set(KNOWN_DEPARTURES);
    const unexpected = [...breaking].filter((pair) => !known.has(pair)).sort();
    expect(unexpected, 'imports that break the layer rules of docs/architecture.md').toEqual([]);
  });

  it('lists only departures that still exist (remove one from KNOWN_DEPARTURES when it is gone)', () => {
    const gone = KNOWN_DEPARTURES.filter((pair) => !breaking.has(pair));
    expect(gone, 'departures that no longer exist, or that the rules allow').toEqual([]);
  });

  it('names every known departure in docs/architecture.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const missing = KNOWN_DEPARTURES.filter((pair) => !doc.includes(`src/${pair.replace(' -> ', ' -> src/')}`));
    expect(missing).toEqual([]);
  });

  it('reaches backup/ from outside only through its face, backup/engine.ts', () => {
    const besideTheFace = crossing.filter((edge) => unitOf(edge.to) === 'backup' && edge.to !== 'backup/engine.ts').map(pairOf);
    expect(besideTheFace, 'import BackupEngine and the types it exports instead').toEqual([]);
  });

  it('keeps the layer table free of cycles', () => {
    // Between units, allowed imports only go down: a cycle in the table would allow a cycle in the code.
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (unit: string, path: string[]): void => {
      if (done.has(unit)) return;
      if (visiting.has(unit)) {
        cycles.push([...path.slice(path.indexOf(unit)), unit].join(' -> '));
        return;
      }
      visiting.add(unit);
      for (const next of MAY_IMPORT[unit] ?? []) visit(next, [...path, unit]);
      visiting.delete(unit);
      done.add(unit);
    };
    for (const unit of Object.keys(MAY_IMPORT)) visit(unit, []);
    expect(cycles).toEqual([]);
  });
});
