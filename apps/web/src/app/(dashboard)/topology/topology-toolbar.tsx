'use client';

import type { TopoView } from '@underlay/core';

const VIEWS: { id: TopoView; label: string }[] = [
  { id: 'vlan', label: 'By VLAN' },
  { id: 'subnet', label: 'By subnet' },
  { id: 'host', label: 'By host' },
];

export interface ToolbarProps {
  /** The whole graph's size (a large fleet's, built or not). */
  counts: { nodes: number; edges: number };
  view: TopoView;
  onView: (view: TopoView) => void;
  search: string;
  matches: number | null;
  onSearch: (text: string) => void;
  onFocusMatches: () => void;
  onFit: () => void;
  list: boolean;
  onList: (shown: boolean) => void;
}

function ViewTabs({ view, onView }: Pick<ToolbarProps, 'view' | 'onView'>) {
  return (
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
          onClick={() => onView(v.id)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}

/** The search box: filters as you type, Enter brings the matches into view. */
function SearchBox({
  search,
  onSearch,
  onFocusMatches,
}: Pick<ToolbarProps, 'search' | 'onSearch' | 'onFocusMatches'>) {
  return (
    <input
      value={search}
      onChange={(e) => onSearch(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && onFocusMatches()}
      placeholder="search host, VLAN, subnet, container…"
      aria-label="Search the topology"
      className="input w-full sm:w-72"
      data-testid="topology-search"
    />
  );
}

/** Whole graph and List: the two view buttons. */
function ViewButtons({ onFit, list, onList }: Pick<ToolbarProps, 'onFit' | 'list' | 'onList'>) {
  return (
    <>
      <button
        type="button"
        className="rounded border border-slate-300 px-3 py-1"
        data-testid="topology-fit"
        title="Fit the whole graph in the view"
        onClick={onFit}
      >
        Whole graph
      </button>
      <button
        type="button"
        className={`rounded border border-slate-300 px-3 py-1 ${list ? 'bg-slate-900 text-white' : ''}`}
        data-testid="topology-list-toggle"
        aria-pressed={list}
        title="The same graph as a list"
        onClick={() => onList(!list)}
      >
        List
      </button>
    </>
  );
}

/** The search's match count (when searching) and the graph's size. */
function Counts({ counts, matches }: Pick<ToolbarProps, 'counts' | 'matches'>) {
  return (
    <>
      {matches !== null && (
        <span className="text-xs text-slate-500" data-testid="topology-matches">
          {matches} match{matches === 1 ? '' : 'es'}
        </span>
      )}
      <span
        className="ml-auto text-xs text-slate-500"
        data-testid="topology-counts"
        data-nodes={counts.nodes}
        data-edges={counts.edges}
      >
        {counts.nodes} nodes, {counts.edges} edges
      </span>
    </>
  );
}

/** The topology's controls: view, search, whole graph, list, and the counts. */
export function TopologyToolbar(props: ToolbarProps) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <h1 className="mr-2 text-lg font-semibold">Topology</h1>
      <ViewTabs view={props.view} onView={props.onView} />
      <SearchBox {...props} />
      <ViewButtons {...props} />
      <Counts {...props} />
    </div>
  );
}
