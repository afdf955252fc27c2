// The README's examples are the files in examples/: tsc type-checks them (the
// tsconfig includes the folder), this test runs each one and checks that the
// README shows it verbatim, so the page cannot drift from the code.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const dir = new URL('../examples/', import.meta.url);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const names = readdirSync(dir).filter((name) => name.endsWith('.ts'));

describe('README examples', () => {
  it('cover every layer', () => {
    expect(names.sort()).toEqual(
      ['ip', 'ipam', 'plan', 'reach', 'schemas', 'span', 'topology', 'validate'].map(
        (layer) => `${layer}.ts`,
      ),
    );
  });

  it.each(names)('examples/%s is in the README and runs', async (name) => {
    const code = readFileSync(new URL(name, dir), 'utf8').trimEnd();
    expect(readme).toContain(`\`\`\`ts\n${code}\n\`\`\``);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(new URL(name, dir).href);
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});
