'use client';

import { useQuery } from '@tanstack/react-query';
import type { TopoView } from '@underlay/core';
import type { Core } from 'cytoscape';
import { useRef, useState, type RefObject } from 'react';
import { CytoscapeGraph } from '~/components/topology/cytoscape-graph';
import { useTopology } from '~/components/topology/use-topology';
import { fitCapped } from '~/components/topology/viewport';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { NodeDetails } from './node-details';
import { TopologyLegend } from './topology-legend';
import { TopologyList } from './topology-list';
import { TopologyToolbar } from './topology-toolbar';
import { useTopologySearch } from './use-topology-search';

type Search = ReturnType<typeof useTopologySearch>;
type Graph = ReturnType<typeof useTopology>;

/** The canvas, the list (when asked for) and the side panel. */
function TopologyBody({
  graph,
  view,
  list,
  selected,
  setSelected,
  cy,
  search,
}: {
  graph: Graph;
  view: TopoView;
  list: boolean;
  selected: string | null;
  setSelected: (id: string | null) => void;
  cy: RefObject<Core | null>;
  search: Search;
}) {
  const { topology, positions } = graph;
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2 md:flex-row">
      {list && <TopologyList graph={graph} onOpen={setSelected} />}
      {/* Hidden, not unmounted, while the list shows: the graph keeps its view and updates. */}
      <CytoscapeGraph
        topology={topology}
        positions={positions}
        lazy={graph.lazy}
        resetKey={view}
        onSelect={setSelected}
        onReady={(instance) => {
          cy.current = instance;
        }}
        onDrawn={search.searchAgain}
        className={`h-[60vh] min-h-[300px] rounded border border-slate-200 bg-white md:h-auto md:min-h-0 md:flex-1 ${list ? 'hidden' : ''}`}
      />
      <SidePanel graph={graph} selected={selected} />
    </div>
  );
}

/** The selected node's details and the legend. */
function SidePanel({ graph, selected }: { graph: Graph; selected: string | null }) {
  return (
    <aside className="w-full shrink-0 space-y-3 overflow-auto text-sm md:w-80">
      <NodeDetails topology={graph.topology} lazy={graph.lazy} id={selected} />
      <TopologyLegend topology={graph.topology} />
    </aside>
  );
}

/** The whole graph's size: a large fleet's from core's counts (its trees are not all built). */
const countsOf = (graph: Graph): { nodes: number; edges: number } =>
  graph.lazy
    ? graph.lazy.fleet.totals
    : { nodes: graph.topology.nodes.length, edges: graph.topology.edges.length };

/** The fleet as one graph, or as a list; updates live (the events feed invalidates the query). */
export function TopologyView() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.topology.hosts.queryOptions());
  const [view, setView] = useState<TopoView>('vlan');
  const [selected, setSelected] = useState<string | null>(null);
  const [list, setList] = useState(false);
  const cy = useRef<Core | null>(null);
  const graph = useTopology(hosts.data, view);
  const search = useTopologySearch(cy);

  return (
    <section className="flex flex-col gap-2 md:h-[calc(100vh-7rem)]">
      <TopologyToolbar
        counts={countsOf(graph)}
        view={view}
        onView={(v) => {
          setView(v);
          setSelected(null);
        }}
        search={search.search}
        matches={search.matches}
        onSearch={search.runSearch}
        onFocusMatches={search.focusMatches}
        onFit={() => cy.current && fitCapped(cy.current, undefined, 30, true)}
        list={list}
        onList={setList}
      />
      {hosts.error && <p className="text-red-700">{errorText(hosts.error)}</p>}
      <TopologyBody
        graph={graph}
        view={view}
        list={list}
        selected={selected}
        setSelected={setSelected}
        cy={cy}
        search={search}
      />
    </section>
  );
}
