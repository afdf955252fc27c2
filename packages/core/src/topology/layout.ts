import { layersOf, placeColumns, treeOf, type Columns, type LayoutTree } from './layout-tree';
import type { TopoNodeKind, Topology } from './types';

export interface Position {
  x: number;
  y: number;
}

export interface LayoutOptions {
  /** Distance between two leaf columns. */
  columnWidth?: number;
  /** Distance between two layers of the hierarchy. */
  layerHeight?: number;
  /** Distance between two containers stacked under one subnet. */
  stackGap?: number;
  /**
   * Wrap hosts (tree roots) into rows of at most this many leaf columns; a host
   * is never split. Default: one row, which is the only arrangement where a
   * new container can never move anything. With rows, a row's height reserves
   * container stacks in steps of STACK_QUANTUM, so a connect moves the rows
   * below only when a stack grows past such a step.
   */
  rowColumns?: number;
  /**
   * The width:height of the screen the drawing is for. When one row of hosts
   * would be a ribbon (more than RIBBON times wider than that), hosts wrap
   * into rows so the whole drawing comes near this shape: a fit then shows
   * every host at a readable zoom instead of a strip at the minimum zoom.
   * The row width is rounded up to ROW_STEP columns, so adding a network
   * seldom moves a host to another row. `rowColumns` wins when given.
   */
  aspect?: number;
}

/** One row is kept while it is at most this many times wider than the aspect asks. */
export const RIBBON = 3;
/** Row widths chosen for an aspect are multiples of this many columns. */
export const ROW_STEP = 16;

/** Container stack heights are reserved in steps of this many when hosts wrap into rows. */
export const STACK_QUANTUM = 8;

/** A row of hosts: its first column, its top, and its longest container stack. */
export interface Row {
  start: number;
  y: number;
  tallest: number;
}

/** A root's columns and its longest stack: all the rows need from a host (fleet-layout.ts reads it from counts). */
export interface RootSpan {
  root: string;
  start: number;
  end: number;
  tallest: number;
}

/** Sizes of the layout, in model units. */
export interface Dims {
  columnWidth: number;
  layerHeight: number;
  stackGap: number;
}

/** Greedy rows of whole roots; each root's row. */
export function rowsOf(roots: readonly RootSpan[], rowColumns: number): Map<string, Row> {
  const rowOfRoot = new Map<string, Row>();
  let row: Row | undefined;
  for (const { root, start, end, tallest } of roots) {
    if (!row || (end - row.start > rowColumns && start > row.start))
      row = { start, y: 0, tallest: 0 };
    rowOfRoot.set(root, row);
    row.tallest = Math.max(row.tallest, tallest);
  }
  return rowOfRoot;
}

const rowHeight = (layerCount: number, tallest: number, dims: Dims): number =>
  (layerCount + 1) * dims.layerHeight +
  Math.ceil(tallest / STACK_QUANTUM) * STACK_QUANTUM * dims.stackGap;

/** Sets each row's top, rows one under the other. */
export function stackRows(rows: Iterable<Row>, layerCount: number, dims: Dims): void {
  let y = 0;
  for (const row of new Set(rows)) {
    row.y = y;
    y += rowHeight(layerCount, row.tallest, dims);
  }
}

/** The row width (in columns) that brings the drawing near `aspect`, or Infinity when one row is not a ribbon. */
export function rowColumnsFor(
  aspect: number,
  { total, tallest, layerCount }: { total: number; tallest: number; layerCount: number },
  dims: Dims,
): number {
  const height = rowHeight(layerCount, tallest, dims);
  if (total * dims.columnWidth <= RIBBON * aspect * height) return Infinity;
  // r rows of total / r columns: (total / r) * columnWidth = aspect * r * rowHeight.
  const rows = Math.max(1, Math.round(Math.sqrt((total * dims.columnWidth) / (aspect * height))));
  return Math.ceil(total / rows / ROW_STEP) * ROW_STEP;
}

/** The layout's sizes with their defaults. */
export const dimsOf = (opts: LayoutOptions): Dims => ({
  columnWidth: opts.columnWidth ?? 160,
  layerHeight: opts.layerHeight ?? 140,
  stackGap: opts.stackGap ?? 48,
});

/** Each root's span and longest stack, in root order. */
function rootSpans(tree: LayoutTree, columns: Columns): RootSpan[] {
  const tallest = new Map<string, number>();
  for (const [owner, stack] of tree.stacks) {
    const root = columns.rootOf.get(owner) ?? '';
    tallest.set(root, Math.max(tallest.get(root) ?? 0, stack.length));
  }
  return tree.roots.map((root) => ({
    root,
    ...columns.span.get(root)!,
    tallest: tallest.get(root) ?? 0,
  }));
}

/** Deterministic layered positions from the hierarchy, O(n log n), no simulation. */
export function layoutTopology(
  graph: Topology,
  opts: LayoutOptions = {},
): Record<string, Position> {
  const dims = dimsOf(opts);
  const tree = treeOf(graph);
  const layers = layersOf(graph.nodes);
  const columns = placeColumns(tree);
  const spans = rootSpans(tree, columns);
  const rowColumns =
    opts.rowColumns ??
    (opts.aspect
      ? rowColumnsFor(
          opts.aspect,
          {
            total: spans.reduce((t, s) => Math.max(t, s.end), 0),
            tallest: spans.reduce((t, s) => Math.max(t, s.tallest), 0),
            layerCount: layers.size,
          },
          dims,
        )
      : Infinity);
  const rowOfRoot = rowsOf(spans, rowColumns);
  stackRows(rowOfRoot.values(), layers.size, dims);
  const rowOf = (id: string): Row | undefined => rowOfRoot.get(columns.rootOf.get(id) ?? '');
  const positions = placeTree(graph, tree, columns, { layers, rowOf, dims });
  placeFloating(trunksOf(graph, positions, rowOf), tree.floating, positions, {
    columnWidth: dims.columnWidth,
    y: segmentLayerY(layers, dims),
  });
  return positions;
}

/** Where the segments' layer is (0 when there are none). */
export const segmentLayerY = (layers: Map<TopoNodeKind, number>, dims: Dims): number =>
  layers.has('segment') ? layers.get('segment')! * dims.layerHeight : 0;

/** Positions of the tree nodes of `graph` from their columns, rows and layers. */
export function placeTree(
  graph: Topology,
  tree: LayoutTree,
  columns: Columns,
  {
    layers,
    rowOf,
    dims,
  }: { layers: Map<TopoNodeKind, number>; rowOf: (id: string) => Row | undefined; dims: Dims },
): Record<string, Position> {
  const stackIndex = new Map<string, number>();
  for (const stack of tree.stacks.values()) stack.forEach((id, i) => stackIndex.set(id, i));
  const positions: Record<string, Position> = {};
  for (const n of graph.nodes) {
    const column = columns.column.get(n.id);
    const row = rowOf(n.id);
    if (column === undefined || !row) continue;
    const y =
      row.y + layers.get(n.kind)! * dims.layerHeight + (stackIndex.get(n.id) ?? 0) * dims.stackGap;
    positions[n.id] = { x: (column - row.start) * dims.columnWidth, y };
  }
  return positions;
}

/** A trunk link as the segments' placement needs it: the segment, the x of the link's end, and its row. */
export interface Trunk {
  target: string;
  x: number;
  row: Row | undefined;
}

function trunksOf(
  graph: Topology,
  positions: Record<string, Position>,
  rowOf: (id: string) => Row | undefined,
): Trunk[] {
  const trunks: Trunk[] = [];
  for (const e of graph.edges) {
    const from = positions[e.source];
    if (e.kind === 'trunk' && from)
      trunks.push({ target: e.target, x: from.x, row: rowOf(e.source) });
  }
  return trunks;
}

// A segment goes over the mean x of the links on it (in the row of the first
// of them), then a sweep in x order per row pushes apart segments that would
// overlap. Containers do not feed into it, so a connect never moves a segment.
/** Places the floating nodes (segments) over the trunk links on them. */
export function placeFloating(
  trunks: readonly Trunk[],
  floating: readonly string[],
  positions: Record<string, Position>,
  { columnWidth, y }: { columnWidth: number; y: number },
): void {
  const wanted = new Map<string, { row: Row | undefined; total: number; count: number }>();
  for (const t of trunks) {
    const acc = wanted.get(t.target) ?? { row: t.row, total: 0, count: 0 };
    if (t.row === acc.row)
      wanted.set(t.target, { ...acc, total: acc.total + t.x, count: acc.count + 1 });
  }
  const placed = floating.map((id) => {
    const acc = wanted.get(id);
    return { id, row: acc?.row, x: acc && acc.count ? acc.total / acc.count : 0 };
  });
  placed.sort((a, b) => (a.row?.y ?? 0) - (b.row?.y ?? 0) || a.x - b.x || (a.id < b.id ? -1 : 1));
  let previous = { row: undefined as Row | undefined, x: -Infinity };
  for (const { id, row, x } of placed) {
    // A full column apart: a segment label gets the room of any other label (150 of 160 units).
    const left = previous.row === row ? previous.x + columnWidth : -Infinity;
    previous = { row, x: Math.max(x, left) };
    positions[id] = { x: previous.x, y: (row?.y ?? 0) + y };
  }
}
