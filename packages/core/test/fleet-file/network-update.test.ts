import { describe, expect, it } from 'vitest';
import {
  NetworkUpdateResultSchema,
  NetworkUpdateSchema,
  resolveNetworkUpdate,
  validateNetworkUpdate,
} from '../../src';
import { agentRecord, vlanNet } from './fixtures';

// `networks.update`'s pure half: what it refuses (with core's code and the
// field), and the record it writes.

describe('network update', () => {
  const record = agentRecord({ ...vlanNet('a', 10, 1), labels: { team: 'red', keep: 'x' } });

  it('replaces the whole label set and names the changed field', () => {
    const { network, changed } = resolveNetworkUpdate(record, {
      network: 'a',
      labels: { team: 'blue' },
    });
    expect(changed).toEqual(['labels']);
    expect(network).toEqual({ ...record, labels: { team: 'blue' } });
    expect(NetworkUpdateResultSchema.parse({ network, changed })).toBeTruthy();
  });

  it('the same labels in another order change nothing', () => {
    const same = resolveNetworkUpdate(record, {
      network: 'a',
      labels: { keep: 'x', team: 'red' },
    });
    expect(same).toEqual({ network: record, changed: [] });
  });

  it('refuses an empty key or one with a space or "=", at labels.<key>', () => {
    const problems = validateNetworkUpdate({
      network: 'a',
      labels: { ' ': '1', 'a=b': '2', ok: '3' },
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['INVALID_INPUT', ['labels', ' ']],
      ['INVALID_INPUT', ['labels', 'a=b']],
    ]);
  });

  it('the wire schema takes only the network and its labels', () => {
    expect(
      NetworkUpdateSchema.safeParse({ network: 'a', labels: {}, parent: 'eth1' }).success,
    ).toBe(false);
    expect(NetworkUpdateSchema.safeParse({ network: '', labels: {} }).success).toBe(false);
  });
});
