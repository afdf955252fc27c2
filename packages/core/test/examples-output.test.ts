// The README's examples say what they print in `// → ` comments; this runs
// each example and checks that the output holds those texts, in order
// (whitespace collapsed, `…` standing for any text), so a changed message or
// result shows up here instead of as a stale line on the page.
import { readdirSync, readFileSync } from 'node:fs';
import { format } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const dir = new URL('../examples/', import.meta.url);
const names = readdirSync(dir).filter((name) => name.endsWith('.ts'));
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The printed-output texts an example states, in file order, split at each `…`. */
function statedOutput(code: string): string[] {
  const stated = [...code.matchAll(/\/\/ →(.*)$/gm)].map((m) => m[1] ?? '');
  return stated
    .flatMap((text) => text.split('…'))
    .map(squash)
    .filter(Boolean);
}

async function printedBy(name: string): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
  try {
    await import(new URL(name, dir).href);
  } finally {
    log.mockRestore();
  }
  return squash(lines.join('\n'));
}

describe('README examples print what their comments say', () => {
  // The first import transforms all of core: done once here, not inside one example's time.
  beforeAll(() => import('@underlay/core'), 120_000);

  it.each(names)('examples/%s', async (name) => {
    const stated = statedOutput(readFileSync(new URL(name, dir), 'utf8'));
    expect(stated.length).toBeGreaterThan(0);
    const printed = await printedBy(name);
    let from = 0;
    for (const text of stated) {
      const at = printed.indexOf(text, from);
      expect(at, `"${text}" after position ${from} of: ${printed}`).toBeGreaterThanOrEqual(from);
      from = at + text.length;
    }
  });
});
