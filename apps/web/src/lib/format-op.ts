import type { KernelOp } from '@underlay/core';

// A kernel op as the `ip` command it stands for, for the plan preview. The
// agent runs the same ops through netlink; this is only their readable form.

const ns = (op: { netns?: string | undefined }): string => (op.netns ? `-n ${op.netns} ` : '');

/** `ip link add link eth0 name eth0.10 type vlan id 10`, etc. */
export function formatOp(op: KernelOp): string {
  switch (op.op) {
    case 'netnsAdd':
      return `ip netns add ${op.name}`;
    case 'netnsDel':
      return `ip netns del ${op.name}`;
    case 'linkAdd': {
      const s = op.spec;
      if (s.kind === 'dummy') return `ip ${ns(op)}link add ${s.name} type dummy`;
      if (s.kind === 'vlan')
        return `ip ${ns(op)}link add link ${s.link} name ${s.name} type vlan id ${s.id}`;
      return `ip ${ns(op)}link add link ${s.link} name ${s.name} type ipvlan mode ${s.mode} ${s.flag}`;
    }
    case 'linkDel':
      return `ip ${ns(op)}link del ${op.name}`;
    case 'linkSetUp':
      return `ip ${ns(op)}link set ${op.name} up`;
    case 'linkSetDown':
      return `ip ${ns(op)}link set ${op.name} down`;
    case 'linkSetNetns':
      return `ip ${ns(op)}link set ${op.name} netns ${op.target}`;
    case 'linkRename':
      return `ip ${ns(op)}link set ${op.name} name ${op.newName}`;
    case 'addrAdd':
      return `ip ${ns(op)}addr add ${op.address} dev ${op.dev}${op.nodad ? ' nodad' : ''}`;
    case 'addrDel':
      return `ip ${ns(op)}addr del ${op.address} dev ${op.dev}`;
    case 'routeReplace':
      return `ip -${op.family} ${ns(op)}route replace ${op.dst}${op.via ? ` via ${op.via}` : ''} dev ${op.dev}`;
    case 'routeDel':
      return `ip -${op.family} ${ns(op)}route del ${op.dst}${op.via ? ` via ${op.via}` : ''}${op.dev ? ` dev ${op.dev}` : ''}`;
  }
}
