import { describe, expect, it } from 'vitest';
import { CORPUS } from './corpus';

// The corpus itself (issue 16): at least 300 rows, every path represented
// (the `form` rows run in Playwright, e2e/tests/forms.spec.ts),
// and no row a copy of another: each bad input and each expectation (field and
// words on one path) is its own, so a row exercises a rule, field or path no
// other row does. The rows run in corpus.lab.test.ts against a lab agent.

const key = (row: (typeof CORPUS)[number]) => `${row.path} ${JSON.stringify(row.input)}`;
/** The call a row goes to: a procedure, a CLI verb, a plugin endpoint (CNI has one). */
const target = (row: (typeof CORPUS)[number]) =>
  row.path === 'trpc'
    ? row.input.proc
    : row.path === 'cli'
      ? row.input.argv.slice(0, 2).join(' ')
      : row.path === 'docker'
        ? row.input.endpoint
        : row.path === 'form'
          ? row.input.form
          : '';
const expectation = (row: (typeof CORPUS)[number]) =>
  `${row.path} ${target(row)} ${row.code} ${row.field} ${row.words.join('|')}`;

describe('the bad-input corpus', () => {
  it('holds at least 300 rows', () => {
    const perPath = Object.fromEntries(
      ['trpc', 'cli', 'cni', 'docker', 'form'].map((p) => [
        p,
        CORPUS.filter((r) => r.path === p).length,
      ]),
    );
    console.log(`corpus rows: ${CORPUS.length} ${JSON.stringify(perPath)}`);
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
    for (const count of Object.values(perPath)) expect(count).toBeGreaterThanOrEqual(25);
  });

  it('has no two rows with the same input on the same path', () => {
    const seen = new Map<string, number>();
    for (const row of CORPUS) seen.set(key(row), (seen.get(key(row)) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('has no two rows expecting the same thing (code, field and words) of the same call', () => {
    const seen = new Map<string, number>();
    for (const row of CORPUS) seen.set(expectation(row), (seen.get(expectation(row)) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('gives every row a field and at least one word the message must hold', () => {
    expect(CORPUS.filter((r) => !r.field || r.words.length === 0).map(key)).toEqual([]);
  });
});
