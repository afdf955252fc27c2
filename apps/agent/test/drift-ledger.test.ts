import type { DriftItem } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { DriftLedger } from '../src/service/drift-ledger';

const item = (kind: DriftItem['kind'], endpoint: string): DriftItem => ({
  kind,
  network: 'n1',
  endpoint,
  detail: `${kind} ${endpoint}`,
});

describe('DriftLedger', () => {
  it('keeps the last check and says when it changed, whatever the order', () => {
    const ledger = new DriftLedger();
    expect(ledger.items).toEqual([]);
    expect(ledger.record([])).toBe(false); // nothing before, nothing now
    expect(ledger.record([item('link-missing', 'e1'), item('link-down', 'e2')])).toBe(true);
    expect(ledger.items.map((i) => i.endpoint)).toEqual(['e1', 'e2']);
    expect(ledger.record([item('link-down', 'e2'), item('link-missing', 'e1')])).toBe(false);
    expect(ledger.record([item('link-down', 'e2')])).toBe(true);
    expect(ledger.record([])).toBe(true);
    expect(ledger.items).toEqual([]);
  });
});
