import { describe, expect, it } from 'vitest';
import {
  entrySpec,
  formatFleetPlan,
  planCounts,
  planFleet,
  planHost,
  planSummary,
} from '../../src';
import { agentRecord, vlanNet } from './fixtures';

const spec = (entry: Parameters<typeof entrySpec>[0]) => entrySpec(entry);

describe('fleet diff: one host', () => {
  it('creates what is missing, keeps what matches', () => {
    const plan = planHost(
      'h',
      [spec(vlanNet('a', 10, 1)), spec(vlanNet('b', 20, 2))],
      [agentRecord(vlanNet('a', 10, 1))],
    );
    expect(plan.actions.map((a) => [a.kind, a.name])).toEqual([['create', 'b']]);
    expect(plan.unchanged).toEqual(['a']);
  });

  it('a record made with defaults matches a file entry that spells them out', () => {
    const explicit = { ...vlanNet('a', 10, 1), mode: 'l2' as const, flag: 'bridge' as const };
    const defaulted = { ...vlanNet('a', 10, 1), subnets: [{ subnet: '10.0.1.0/24' }] };
    const plan = planHost('h', [spec(explicit)], [agentRecord(defaulted)]);
    expect(plan.actions).toEqual([]);
  });

  it('a changed gateway is a replace that names the field and both values', () => {
    const plan = planHost(
      'h',
      [spec(vlanNet('a', 10, 1, 254))],
      [agentRecord(vlanNet('a', 10, 1))],
    );
    expect(plan.actions).toMatchObject([
      { kind: 'change', name: 'a', fields: ['subnets'], how: 'replace' },
    ]);
  });

  it('labels change in place by default (agents have networks.update), even with endpoints', () => {
    const relabelled = { ...vlanNet('a', 10, 1), labels: { team: 'db' } };
    const current = [agentRecord(vlanNet('a', 10, 1), 3)];
    const plan = planHost('h', [spec(relabelled)], current);
    expect(plan.actions).toMatchObject([{ how: 'in-place', fields: ['labels'] }]);
    expect(plan.actions[0]).not.toHaveProperty('blocked');
    expect(formatFleetPlan([plan])).toContain('~ a: update in place');
    // Agents without the update verb: told by the caller, every change is a replace.
    const old = planHost('h', [spec(relabelled)], current, { inPlaceFields: [] });
    expect(old.actions).toMatchObject([
      { how: 'replace', blocked: expect.stringContaining('3 endpoint') },
    ]);
  });

  it('labels with any other field is a replace naming both fields', () => {
    const both = { ...vlanNet('a', 10, 1, 254), labels: { team: 'db' } };
    const plan = planHost('h', [spec(both)], [agentRecord(vlanNet('a', 10, 1))]);
    expect(plan.actions).toMatchObject([{ how: 'replace', fields: ['subnets', 'labels'] }]);
    expect(formatFleetPlan([plan])).toContain('~ a: replace (remove + create)');
  });

  it('a replace is refused while endpoints exist', () => {
    const plan = planHost(
      'h',
      [spec({ ...vlanNet('a', 10, 1), mode: 'l3' })],
      [agentRecord(vlanNet('a', 10, 1), 2)],
    );
    expect(plan.actions).toMatchObject([
      { kind: 'change', fields: ['mode', 'subnets'], blocked: expect.any(String) },
    ]);
  });

  it('networks not in the file are kept, or removed with prune (refused with endpoints)', () => {
    const current = [agentRecord(vlanNet('old', 30, 3)), agentRecord(vlanNet('busy', 40, 4), 1)];
    expect(planHost('h', [], current)).toMatchObject({ actions: [], unmanaged: ['old', 'busy'] });
    const pruned = planHost('h', [], current, { prune: true });
    expect(pruned.actions).toMatchObject([
      { kind: 'remove', name: 'old' },
      { kind: 'remove', name: 'busy', blocked: expect.stringContaining('1 endpoint') },
    ]);
    expect(pruned.actions[0]).not.toHaveProperty('blocked');
  });

  it('orders removals, then changes, then creates', () => {
    const plan = planHost(
      'h',
      [spec(vlanNet('new', 50, 5)), spec(vlanNet('a', 10, 1, 9))],
      [agentRecord(vlanNet('a', 10, 1)), agentRecord(vlanNet('gone', 60, 6))],
      { prune: true },
    );
    expect(plan.actions.map((a) => a.kind)).toEqual(['remove', 'change', 'create']);
  });
});

describe('fleet diff: golden plan text', () => {
  const desired = new Map([
    [
      'host-a',
      [
        spec(vlanNet('vlan10', 10, 10)),
        spec({ ...vlanNet('vlan20', 20, 20, 254), labels: { tier: 'db' } }),
      ],
    ],
    ['host-b', [spec(vlanNet('vlan10', 10, 10))]],
    ['host-c', [spec({ name: 'iso', mode: 'l3', subnets: [{ subnet: '192.168.214.0/24' }] })]],
  ]);
  const current = new Map([
    ['host-a', [agentRecord(vlanNet('vlan20', 20, 20)), agentRecord(vlanNet('stale', 99, 99), 1)]],
    ['host-b', [agentRecord(vlanNet('vlan10', 10, 10))]],
  ]);

  it('prints per host, then the summary', async () => {
    const plans = planFleet(desired, current, { prune: true });
    await expect(`${formatFleetPlan(plans)}\n`).toMatchFileSnapshot('./golden/plan-prune.txt');
    expect(planCounts(plans)).toMatchObject({ create: 2, change: 1, remove: 1, blocked: 1 });
  });

  it('without prune, lists what it keeps', async () => {
    await expect(`${formatFleetPlan(planFleet(desired, current))}\n`).toMatchFileSnapshot(
      './golden/plan-keep.txt',
    );
  });

  it('says so when nothing changes', () => {
    const same = new Map([['host-b', [spec(vlanNet('vlan10', 10, 10))]]]);
    expect(planSummary(planFleet(same, current))).toBe(
      'No changes: 1 host(s) match the file (1 network(s)).',
    );
  });
});
