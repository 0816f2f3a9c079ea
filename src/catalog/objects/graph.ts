/**
 * A graph: the /create/graph request that defines it. The emulator solves nothing; it keeps the
 * definition so that /show/graph, backups and restores can give it back.
 */
import { displayName, sortedByKey, type CatalogEntry } from '../entry.js';

export interface GraphDefinition {
  directed: boolean;
  nodes: string[];
  edges: string[];
  weights: string[];
  restrictions: string[];
  options: Record<string, string>;
}

export class Graph implements CatalogEntry {
  readonly kind = 'graph' as const;
  defVersion = 0;

  constructor(
    public schema: string,
    public name: string,
    public spec: GraphDefinition,
    public owner: string,
  ) {}

  get qualifiedName(): string {
    return displayName(this);
  }

  definition(): Record<string, unknown> {
    return {
      graph_name: this.qualifiedName,
      directed_graph: this.spec.directed,
      nodes: [...this.spec.nodes],
      edges: [...this.spec.edges],
      weights: [...this.spec.weights],
      restrictions: [...this.spec.restrictions],
      options: sortedByKey(this.spec.options),
      owner: this.owner,
    };
  }
}
