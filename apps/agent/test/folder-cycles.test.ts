import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Arrows point one way inside the agent too: the folders of src/ (service,
// reconcile, server, router…) must not import each other in a circle. Type
// imports count: a cycle of types is still a cycle for the reader.

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** folder → the folders its files import (relative imports only). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const entry of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || !entry.includes(sep)) continue;
    const from = entry.split(sep)[0]!;
    const text = readFileSync(join(src, entry), 'utf8');
    for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = relative(src, resolve(src, dirname(entry), spec!));
      const to = target.includes(sep) ? target.split(sep)[0]! : null;
      if (to && to !== from && !to.startsWith('..')) {
        if (!graph.has(from)) graph.set(from, new Set());
        graph.get(from)!.add(to);
      }
    }
  }
  return graph;
}

/** Every cycle found by a depth-first walk, as `a → b → a`. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const walk = (node: string, path: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      if (next === path[0]) found.push([...path, next].join(' → '));
      else if (!path.includes(next) && next > path[0]!) walk(next, [...path, next]);
    }
  };
  for (const node of graph.keys()) walk(node, [node]);
  return found;
}

describe('folders of apps/agent/src', () => {
  it('import each other without a cycle', () => {
    const graph = folderGraph();
    expect(graph.get('reconcile')?.has('service')).toBe(true); // the graph is read
    expect(cycles(graph)).toEqual([]);
  });
});
