import { HostSnapshotSchema, planNetworkCreate, resolveNetworkCreate } from '@underlay/core';

const host = HostSnapshotSchema.parse({
  hostname: 'host-a',
  links: [{ name: 'eth0', kind: 'device' }],
});
const { network } = resolveNetworkCreate(
  { name: 'vlan10', options: { parent: 'eth0.10' }, ipam: [{ subnet: '172.16.80.0/24' }] },
  host,
  {
    id: 'f15756b75f5e0b5887b9db9bd6007b4925f120b028a33543f77902f6a7a19051',
    now: '2026-12-03T00:00:00Z',
  },
);
const plan = planNetworkCreate({ network, snapshot: host });
for (const step of plan.steps) console.log(step.op, '← undone by', step.inverse);
// → { op: 'linkAdd', spec: { kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 } }
// →   ← undone by { op: 'linkDel', name: 'eth0.10' }
// → { op: 'linkSetUp', name: 'eth0.10' } ← undone by { op: 'linkSetDown', name: 'eth0.10' }
