import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, type ErrorCode } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { BAD_INPUT_ROWS, NOT_FROM_CLI } from './bad-input-table';

// The bad-input lab table must keep up with core: every stable code either has
// a row the CLI can trigger or a stated reason why not, and every code that
// core's validation and IPAM raise has a row (warnings excepted).

const core = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'packages',
  'core',
  'src',
);

/** Every ErrorCode literal quoted in the .ts files under a directory of core. */
function codesUsedIn(dir: string): Set<ErrorCode> {
  const known = new Set<string>(ERROR_CODES);
  const found = new Set<ErrorCode>();
  for (const entry of readdirSync(join(core, dir), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    for (const [, code] of readFileSync(join(core, dir, entry), 'utf8').matchAll(
      /'([A-Z][A-Z0-9_]+)'/g,
    ))
      if (code && known.has(code)) found.add(code as ErrorCode);
  }
  return found;
}

const rowCodes = new Set(BAD_INPUT_ROWS.map((row) => row.code));

describe('the bad-input table', () => {
  it('gives every code of ERROR_CODES either a row or a reason, never both', () => {
    const neither = ERROR_CODES.filter((code) => !rowCodes.has(code) && !NOT_FROM_CLI[code]);
    const both = ERROR_CODES.filter((code) => rowCodes.has(code) && NOT_FROM_CLI[code]);
    expect(neither).toEqual([]);
    expect(both).toEqual([]);
  });

  it('has a row for every refusal code that validate and IPAM raise', () => {
    const warnings = new Set(['GATEWAY_IGNORED_L3', 'DEFAULT_ROUTE_KEPT']);
    const raised = [...codesUsedIn('validate'), ...codesUsedIn('ipam')].filter(
      (code) => !warnings.has(code),
    );
    expect(raised.length).toBeGreaterThan(30);
    expect(raised.filter((code) => !rowCodes.has(code))).toEqual([]);
  });

  it('has one row per code, each refused in a distinct way', () => {
    expect(BAD_INPUT_ROWS.length).toBe(rowCodes.size);
    expect(new Set(BAD_INPUT_ROWS.map((row) => row.argv.join('\0'))).size).toBe(
      BAD_INPUT_ROWS.length,
    );
  });
});
