// The README's layer table is an import rule: each layer imports only the
// layers listed above it (and errors.ts). This reads every source file's
// relative imports and holds the folders to that order.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The README's order. `span` also leases per-host blocks through `fleet-ipam`. */
const LAYERS = ['ip', 'schemas', 'ipam', 'validate', 'plan', 'topology', 'reach', 'span'];
const EXTRA: Record<string, string[]> = { span: ['fleet-ipam'] };

const src = new URL('../src/', import.meta.url);

/** Top-level src entries (folder or file without `.ts`) that a layer's files import. */
function importedBy(layer: string): string[] {
  const dir = new URL(`${layer}/`, src);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );
  const found = files.flatMap((file) =>
    [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from '(\.\.?\/[^']*)'/g)].map(
      (m) =>
        new URL(m[1] ?? '', new URL(file, dir)).pathname.slice(src.pathname.length).split('/')[0],
    ),
  );
  return [...new Set(found)].filter((top) => top !== undefined && top !== layer) as string[];
}

describe('core layers', () => {
  it.each(LAYERS.map((layer, i) => [layer, i] as const))(
    '%s imports only the layers above it',
    (layer, i) => {
      const allowed = new Set(['errors', ...LAYERS.slice(0, i), ...(EXTRA[layer] ?? [])]);
      const imported = importedBy(layer);
      expect(imported.filter((top) => !allowed.has(top))).toEqual([]);
    },
  );

  it('sees the imports it checks', () => {
    expect(importedBy('reach').sort()).toEqual(['ip', 'plan', 'schemas', 'topology']);
  });
});
