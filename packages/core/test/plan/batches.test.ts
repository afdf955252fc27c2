import { describe, expect, it } from 'vitest';
import { batchesOf, batchesOfOps, planConnect, planContainerCreate, rollbackOf } from '../../src';
import { containerOf, snapshotOf, vlan10 } from './fixtures';

const snapshot = snapshotOf({
  links: [
    { name: 'eth0', kind: 'device' },
    { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
  ],
});

describe('batchesOf', () => {
  it('container create + connect: the netns command alone, then one host run, then one container run', () => {
    const steps = [
      ...planContainerCreate({ name: 'web' }).steps,
      ...planConnect({
        network: vlan10,
        container: containerOf('web'),
        snapshot,
        addresses: { ipv4Address: '172.16.80.2/24' },
        tempName: 'ulv1234567',
      }).plan.steps,
    ];
    expect(batchesOf(steps).map((b) => [b.runner, b.netns, b.items.map((s) => s.op.op)])).toEqual([
      ['netns', undefined, ['netnsAdd']],
      ['ip', undefined, ['linkAdd', 'linkSetNetns']],
      ['ip', 'web', ['linkRename', 'addrAdd', 'linkSetUp', 'routeReplace']],
    ]);
  });

  it('keeps order: a namespace that comes back later starts a new run, and netns ops never share one', () => {
    const ops = [
      { op: 'netnsAdd', name: 'a' },
      { op: 'netnsAdd', name: 'b' },
      { op: 'linkSetUp', netns: 'a', name: 'x' },
      { op: 'linkSetUp', name: 'y' },
      { op: 'linkSetUp', netns: 'a', name: 'z' },
    ] as const;
    expect(batchesOfOps([...ops]).map((b) => [b.runner, b.netns, b.items.length])).toEqual([
      ['netns', undefined, 1],
      ['netns', undefined, 1],
      ['ip', 'a', 1],
      ['ip', undefined, 1],
      ['ip', 'a', 1],
    ]);
  });

  it('rollback after the move: container run first (rename back, delete there), then the host run', () => {
    const { plan } = planConnect({
      network: vlan10,
      container: containerOf('web'),
      snapshot,
      addresses: {},
      tempName: 'ulv1234567',
    });
    const rollback = rollbackOf(plan.steps.slice(0, 3));
    expect(rollback).toEqual([
      { op: 'linkRename', netns: 'web', name: 'eth0', newName: 'ulv1234567' },
      { op: 'linkDel', netns: 'web', name: 'ulv1234567' },
      { op: 'linkDel', name: 'ulv1234567' },
    ]);
    expect(batchesOfOps(rollback).map((b) => [b.netns, b.items.length])).toEqual([
      ['web', 2],
      [undefined, 1],
    ]);
  });
});
