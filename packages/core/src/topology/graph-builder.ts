import { topoId } from './ids';
import type { TopoData, TopoEdge, TopoEdgeKind, TopoNode, Topology } from './types';

/** Collects nodes and edges once each, in insertion order (which the layout follows). */
export class GraphBuilder {
  private readonly nodes = new Map<string, TopoNode>();
  private readonly edges = new Map<string, TopoEdge>();

  /** Adds a node, or merges `data` into the one with that id. */
  node(node: TopoNode): TopoNode {
    const known = this.nodes.get(node.id);
    if (known) {
      Object.assign(known.data, node.data);
      return known;
    }
    this.nodes.set(node.id, node);
    return node;
  }

  get(id: string): TopoNode | undefined {
    return this.nodes.get(id);
  }

  edge(kind: TopoEdgeKind, source: string, target: string, data?: TopoEdge['data']): void {
    const id = topoId.edge(source, target);
    if (!this.edges.has(id))
      this.edges.set(id, { id, kind, source, target, ...(data ? { data } : {}) });
  }

  /** Adds `host` to a fleet-wide node's list of hosts, kept sorted. */
  span(id: string, host: string): void {
    const data: TopoData | undefined = this.nodes.get(id)?.data;
    if (!data) return;
    const hosts = new Set(data.hosts ?? []).add(host);
    data.hosts = [...hosts].sort();
  }

  build(): Topology {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}
