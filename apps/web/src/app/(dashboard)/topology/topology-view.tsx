'use client';

import { useQuery } from '@tanstack/react-query';
import type { TopoView } from '@underlay/core';
import type { Core } from 'cytoscape';
import { useRef, useState } from 'react';
import { CytoscapeGraph } from '~/components/topology/cytoscape-graph';
import { applySearch } from '~/components/topology/search';
import { useTopology } from '~/components/topology/use-topology';
import { fitCapped } from '~/components/topology/viewport';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { NodeDetails } from './node-details';
import { TopologyLegend } from './topology-legend';

const VIEWS: { id: TopoView; label: string }[] = [
  { id: 'vlan', label: 'By VLAN' },
  { id: 'subnet', label: 'By subnet' },
  { id: 'host', label: 'By host' },
];

/** The fleet as one graph; updates live (the events feed invalidates the query). */
export function TopologyView() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.topology.hosts.queryOptions());
  const [view, setView] = useState<TopoView>('vlan');
  const [selected, setSelected] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [matches, setMatches] = useState<number | null>(null);
  const cy = useRef<Core | null>(null);
  const { topology, positions } = useTopology(hosts.data, view);

  // The search typed so far, for re-applying it when the graph changes under it.
  const searchText = useRef('');

  const runSearch = (text: string) => {
    setSearch(text);
    searchText.current = text;
    if (cy.current)
      setMatches(text.trim() ? applySearch(cy.current, text) : (applySearch(cy.current, ''), null));
  };
  // A search typed before the data arrived, or standing while containers come
  // and go (live events), or across a view switch (a new instance): the
  // highlights and the count follow the graph instead of keeping the old one.
  const searchAgain = (instance: Core) => {
    if (searchText.current.trim()) setMatches(applySearch(instance, searchText.current));
  };
  const focusMatches = () => {
    const matched = cy.current?.nodes('.match');
    if (matched?.length && cy.current) fitCapped(cy.current, matched, 60);
  };

  return (
    <section className="flex h-[calc(100vh-7rem)] flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h1 className="mr-2 text-lg font-semibold">Topology</h1>
        <div
          className="flex rounded border border-slate-300"
          role="tablist"
          data-testid="topology-views"
        >
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              role="tab"
              aria-selected={view === v.id}
              data-testid={`view-${v.id}`}
              className={`px-3 py-1 ${view === v.id ? 'bg-slate-900 text-white' : ''}`}
              onClick={() => {
                setView(v.id);
                setSelected(null);
              }}
            >
              {v.label}
            </button>
          ))}
        </div>
        <input
          value={search}
          onChange={(e) => runSearch(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && focusMatches()}
          placeholder="search host, VLAN, subnet, container…"
          className="input w-72"
          data-testid="topology-search"
        />
        <button
          type="button"
          className="rounded border border-slate-300 px-3 py-1"
          data-testid="topology-fit"
          title="Fit the whole graph in the view"
          onClick={() => cy.current && fitCapped(cy.current, undefined, 30, true)}
        >
          Whole graph
        </button>
        {matches !== null && (
          <span className="text-xs text-slate-500" data-testid="topology-matches">
            {matches} match{matches === 1 ? '' : 'es'}
          </span>
        )}
        <span
          className="ml-auto text-xs text-slate-500"
          data-testid="topology-counts"
          data-nodes={topology.nodes.length}
          data-edges={topology.edges.length}
        >
          {topology.nodes.length} nodes, {topology.edges.length} edges
        </span>
      </div>
      {hosts.error && <p className="text-red-700">{errorText(hosts.error)}</p>}
      <div className="flex min-h-0 flex-1 gap-2">
        <CytoscapeGraph
          topology={topology}
          positions={positions}
          resetKey={view}
          onSelect={setSelected}
          onReady={(instance) => {
            cy.current = instance;
          }}
          onDrawn={searchAgain}
          className="min-h-0 flex-1 rounded border border-slate-200 bg-white"
        />
        <aside className="w-80 shrink-0 space-y-3 overflow-auto text-sm">
          <NodeDetails topology={topology} id={selected} />
          <TopologyLegend topology={topology} />
        </aside>
      </div>
    </section>
  );
}
