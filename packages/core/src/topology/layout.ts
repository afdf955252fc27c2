import { layersOf, placeColumns, treeOf, type Columns, type LayoutTree } from './layout-tree';
import type { Topology } from './types';

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

interface Row {
  start: number;
  y: number;
  tallest: number;
}

/** Greedy rows of whole roots; each root's row. */
function rowsOf(tree: LayoutTree, columns: Columns, rowColumns: number): Map<string, Row> {
  const rowOfRoot = new Map<string, Row>();
  let row: Row | undefined;
  for (const root of tree.roots) {
    const { start, end } = columns.span.get(root)!;
    if (!row || (end - row.start > rowColumns && start > row.start))
      row = { start, y: 0, tallest: 0 };
    rowOfRoot.set(root, row);
  }
  for (const [owner, stack] of tree.stacks) {
    const r = rowOfRoot.get(columns.rootOf.get(owner) ?? '');
    if (r) r.tallest = Math.max(r.tallest, stack.length);
  }
  return rowOfRoot;
}

function stackRows(
  rows: Iterable<Row>,
  layerCount: number,
  layerHeight: number,
  stackGap: number,
): void {
  let y = 0;
  for (const row of new Set(rows)) {
    row.y = y;
    y +=
      (layerCount + 1) * layerHeight +
      Math.ceil(row.tallest / STACK_QUANTUM) * STACK_QUANTUM * stackGap;
  }
}

/** The row width (in columns) that brings the drawing near `aspect`, or Infinity when one row is not a ribbon. */
function rowColumnsFor(
  aspect: number,
  tree: LayoutTree,
  columns: Columns,
  layerCount: number,
  {
    columnWidth,
    layerHeight,
    stackGap,
  }: { columnWidth: number; layerHeight: number; stackGap: number },
): number {
  let total = 0;
  for (const { end } of columns.span.values()) total = Math.max(total, end);
  let tallest = 0;
  for (const stack of tree.stacks.values()) tallest = Math.max(tallest, stack.length);
  const rowHeight =
    (layerCount + 1) * layerHeight + Math.ceil(tallest / STACK_QUANTUM) * STACK_QUANTUM * stackGap;
  if (total * columnWidth <= RIBBON * aspect * rowHeight) return Infinity;
  // r rows of total / r columns: (total / r) * columnWidth = aspect * r * rowHeight.
  const rows = Math.max(1, Math.round(Math.sqrt((total * columnWidth) / (aspect * rowHeight))));
  return Math.ceil(total / rows / ROW_STEP) * ROW_STEP;
}

/** Deterministic layered positions from the hierarchy, O(n log n), no simulation. */
export function layoutTopology(
  graph: Topology,
  opts: LayoutOptions = {},
): Record<string, Position> {
  const { columnWidth = 160, layerHeight = 140, stackGap = 48 } = opts;
  const tree = treeOf(graph);
  const layers = layersOf(graph.nodes);
  const columns = placeColumns(tree);
  const rowColumns =
    opts.rowColumns ??
    (opts.aspect
      ? rowColumnsFor(opts.aspect, tree, columns, layers.size, {
          columnWidth,
          layerHeight,
          stackGap,
        })
      : Infinity);
  const rowOfRoot = rowsOf(tree, columns, rowColumns);
  stackRows(rowOfRoot.values(), layers.size, layerHeight, stackGap);
  const rowOf = (id: string): Row | undefined => rowOfRoot.get(columns.rootOf.get(id) ?? '');
  const stackIndex = new Map<string, number>();
  for (const stack of tree.stacks.values()) stack.forEach((id, i) => stackIndex.set(id, i));
  const positions: Record<string, Position> = {};
  for (const n of graph.nodes) {
    const column = columns.column.get(n.id);
    const row = rowOf(n.id);
    if (column === undefined || !row) continue;
    const y = row.y + layers.get(n.kind)! * layerHeight + (stackIndex.get(n.id) ?? 0) * stackGap;
    positions[n.id] = { x: (column - row.start) * columnWidth, y };
  }
  const segmentY = layers.has('segment') ? layers.get('segment')! * layerHeight : 0;
  placeFloating(graph, tree.floating, positions, {
    columnWidth,
    y: segmentY,
    rowOf: (source) => rowOf(source),
  });
  return positions;
}

// A segment goes over the mean x of the links on it (in the row of the first
// of them), then a sweep in x order per row pushes apart segments that would
// overlap. Containers do not feed into it, so a connect never moves a segment.
function placeFloating(
  graph: Topology,
  floating: readonly string[],
  positions: Record<string, Position>,
  {
    columnWidth,
    y,
    rowOf,
  }: { columnWidth: number; y: number; rowOf: (id: string) => Row | undefined },
): void {
  const wanted = new Map<string, { row: Row | undefined; total: number; count: number }>();
  for (const e of graph.edges) {
    const from = positions[e.source];
    if (e.kind !== 'trunk' || !from) continue;
    const acc = wanted.get(e.target) ?? { row: rowOf(e.source), total: 0, count: 0 };
    if (rowOf(e.source) === acc.row)
      wanted.set(e.target, { ...acc, total: acc.total + from.x, count: acc.count + 1 });
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
