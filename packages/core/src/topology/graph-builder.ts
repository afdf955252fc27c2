import { topoId } from './ids';
import type { TopoData, TopoEdge, TopoEdgeKind, TopoNode, Topology } from './types';

/** Collects nodes and edges once each, in insertion order (which the layout follows). */
export class GraphBuilder {
  private readonly nodes = new Map<string, TopoNode>();
  private readonly edges = new Map<string, TopoEdge>();
  private readonly spans = new Map<string, Set<string>>();

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
      this.edges.set(id, data ? { id, kind, source, target, data } : { id, kind, source, target });
  }

  // Collected in a set and sorted once in build(): copying and sorting the
  // list on every call was quadratic in the hosts a segment spans (docs/perf.md).
  /** Adds `host` to a fleet-wide node's list of hosts (sorted in the built graph). */
  span(id: string, host: string): void {
    if (!this.nodes.has(id)) return;
    const hosts = this.spans.get(id);
    if (hosts) hosts.add(host);
    else this.spans.set(id, new Set([host]));
  }

  build(): Topology {
    for (const [id, hosts] of this.spans) {
      const data: TopoData = this.nodes.get(id)!.data;
      data.hosts = [...new Set([...(data.hosts ?? []), ...hosts])].sort();
    }
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}
