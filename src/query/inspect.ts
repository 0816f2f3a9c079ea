/**
 * What a query's text holds, read by the engine's own parser (`json_serialize_sql` gives its
 * syntax tree as JSON): the tables it names, the functions it calls, the constructs the engine
 * has and Kinetica does not, and the headers of its select list. The SQL layer resolves the
 * tables against the catalog (Kinetica's names, errors and permissions) and refuses the rest
 * before anything runs. Only a single SELECT (with WITH, set operations, VALUES) parses here:
 * the serializer refuses every other statement.
 */

/** A position in the query's text (offset from its start), when the parser gave one. */
export type At = number | undefined;

export interface TableReference {
  schema: string | undefined;
  name: string;
  /** A catalog prefix (`db.schema.table`): Kinetica has none, so such a name is refused. */
  catalog: string | undefined;
  at: At;
}

export interface SelectItemShape {
  /** The alias written, or ''. */
  alias: string;
  /** A plain column reference, a star, or anything else. */
  kind: 'column' | 'star' | 'expression';
  /** For a column: the name of the column itself (last part of a dotted reference). */
  column?: string;
  /** For a column: the qualifier before it (a table or alias), when written. */
  qualifier?: string;
}

export interface QueryShape {
  tables: TableReference[];
  functions: { name: string; at: At }[];
  /** Constructs of the engine's dialect outside Kinetica's SQL, by name. */
  unsupported: { construct: string; at: At }[];
  /** The select list that names the result's columns (the first SELECT of a set operation). */
  selectList: SelectItemShape[];
  /**
   * The text to run instead of the one given, when Kinetica's forms had to be rewritten into the
   * engine's (a bare unit, `TIMESTAMPADD(DAY, 1, ts)`, becomes a string).
   */
  text?: string;
}

export interface ParseFailure {
  message: string;
  at: At;
}

export type Node = Record<string, unknown>;

/** The serializer's "no location" (2^64 - 1) does not survive JSON.parse; it is read as -1 instead. */
const NO_LOCATION_TEXT = /"query_location":18446744073709551615\b/g;
const NO_LOCATION_READ = '"query_location":-1';

function locationOf(node: Node): At {
  const value = node.query_location;
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

/** The serializer's tree with "no location" readable (see NO_LOCATION_TEXT). */
export function parseTree(serialized: string): Node {
  return JSON.parse(serialized.replace(NO_LOCATION_TEXT, NO_LOCATION_READ)) as Node;
}

/** A tree as the deserializer takes it back: "no location" as the serializer wrote it. */
export function treeText(tree: unknown): string {
  return JSON.stringify(tree).split(NO_LOCATION_READ).join('"query_location":18446744073709551615');
}

/** Reads the serializer's answer: the shape, or why the text does not parse. */
export function shapeOf(tree: Node): QueryShape | ParseFailure {
  if (tree.error === true) {
    const position = Number(tree.position);
    return { message: String(tree.error_message ?? 'syntax error'), at: Number.isFinite(position) ? position : undefined };
  }
  const statements = tree.statements as Node[];
  if (statements.length !== 1) return { message: 'one query was expected', at: undefined };
  const root = statements[0]!.node as Node;

  const cteNames = new Set<string>();
  const shape: QueryShape = { tables: [], functions: [], unsupported: [], selectList: selectListOf(root) };
  const unsupported = (construct: string, node: Node) => shape.unsupported.push({ construct, at: locationOf(node) });

  // First pass: the names WITH gives (a reference to one is not a table).
  const stack: unknown[] = [root];
  const nodes: Node[] = [];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const node = value as Node;
    nodes.push(node);
    const cteMap = node.cte_map as { map?: { key: string }[] } | undefined;
    for (const entry of cteMap?.map ?? []) cteNames.add(entry.key.toLowerCase());
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push(child);
  }

  for (const node of nodes) {
    const type = node.type;
    const kind = node.class;
    if (type === 'BASE_TABLE') {
      const schema = String(node.schema_name ?? '');
      const catalog = String(node.catalog_name ?? '');
      const name = String(node.table_name);
      if (schema === '' && catalog === '' && cteNames.has(name.toLowerCase())) continue;
      shape.tables.push({ schema: schema === '' ? undefined : schema, name, catalog: catalog === '' ? undefined : catalog, at: locationOf(node) });
    } else if (type === 'TABLE_FUNCTION') {
      const call = node.function as Node | undefined;
      unsupported(`the table function ${String(call?.function_name ?? '')}()`, node);
    } else if (type === 'PIVOT' || type === 'UNPIVOT') {
      unsupported(String(type), node);
    } else if (type === 'JOIN' && (node.ref_type === 'POSITIONAL' || node.ref_type === 'ASOF')) {
      unsupported(`${String(node.ref_type)} JOIN`, node);
    } else if (type === 'SELECT_NODE') {
      if (node.qualify !== null && node.qualify !== undefined) unsupported('QUALIFY', node);
      if (node.sample !== null && node.sample !== undefined) unsupported('USING SAMPLE', node);
    } else if (type === 'SET_OPERATION_NODE' && node.setop_type === 'UNION_BY_NAME') {
      unsupported('UNION BY NAME', node);
    } else if (kind === 'FUNCTION' || kind === 'WINDOW') {
      shape.functions.push({ name: String(node.function_name).toLowerCase(), at: locationOf(node) });
    } else if (kind === 'POSITIONAL_REFERENCE') {
      unsupported('a positional reference (#n)', node);
    } else if (kind === 'LAMBDA' || kind === 'LAMBDA_REF') {
      unsupported('a lambda (->)', node);
    } else if (kind === 'STAR') {
      const lists = ['exclude_list', 'replace_list', 'rename_list', 'qualified_exclude_list'];
      if (lists.some((list) => Array.isArray(node[list]) && (node[list] as unknown[]).length > 0)) unsupported('SELECT * EXCLUDE/REPLACE/RENAME', node);
      if (node.columns === true) unsupported('COLUMNS(...)', node);
    }
  }
  return shape;
}

export function isParseFailure(value: QueryShape | ParseFailure): value is ParseFailure {
  return 'message' in value;
}

function selectListOf(node: Node): SelectItemShape[] {
  let current: Node | undefined = node;
  while (current && current.type !== 'SELECT_NODE') {
    if (current.type === 'SET_OPERATION_NODE') current = current.left as Node;
    else if (current.type === 'RECURSIVE_CTE_NODE' || current.type === 'CTE_NODE') current = (current.left ?? current.query) as Node;
    else return [];
  }
  if (!current) return [];
  const list = (current.select_list as Node[] | undefined) ?? [];
  return list.map((item): SelectItemShape => {
    const alias = String(item.alias ?? '');
    if (item.class === 'STAR') return { alias, kind: 'star' };
    if (item.class === 'COLUMN_REF') {
      const names = item.column_names as string[];
      return { alias, kind: 'column', column: names[names.length - 1], qualifier: names.length > 1 ? names[names.length - 2] : undefined };
    }
    return { alias, kind: 'expression' };
  });
}
