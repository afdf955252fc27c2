import {
  attachmentOf,
  endpointAddresses,
  endpointsInOrder,
  networksInOrder,
  subnetOfEndpoint,
} from './attachment';
import type { GraphBuilder } from './graph-builder';
import { topoId } from './ids';
import type { HostView, TopoNode } from './types';
import type { Network } from '../schemas/network';

// The L2 domain a subnet lives in. L2 networks on one VLAN of one trunk share
// it across hosts, so the same subnet there is one subnet. L3/L3S subnets are
// routed by their own host and a dummy's are sealed in it: those stay per host.
function domainOf(network: Network, host: HostView): TopoNode {
  const at = attachmentOf(network, host);
  if (at.kind === 'dummy') {
    return {
      id: `segment:${host.id}/${at.lower}/isolated`,
      kind: 'segment',
      label: `${host.name} ${at.lower} (isolated)`,
      host: host.id,
      data: { scope: 'isolated', dummy: true, isolated: true },
    };
  }
  if (network.mode !== 'l2') {
    return {
      id: `segment:${host.id}/${network.parent}/routed`,
      kind: 'segment',
      label: `${host.name} ${network.parent} (${network.mode})`,
      host: host.id,
      data: { scope: 'routed', mode: network.mode },
    };
  }
  const vid = at.vid ?? 'native';
  const label = vid === 'native' ? `${at.trunk} untagged` : `VLAN ${vid} on ${at.trunk}`;
  return {
    id: topoId.segment(at.trunk, vid),
    kind: 'segment',
    label,
    data: { scope: 'l2', trunk: at.trunk, ...(vid === 'native' ? {} : { vlanId: vid }) },
  };
}

function addNetwork(b: GraphBuilder, host: HostView, network: Network): void {
  const domain = b.node(domainOf(network, host));
  b.span(domain.id, host.id);
  const degraded = network.status === 'degraded' || attachmentOf(network, host).missing;
  for (const s of network.subnets) {
    const id = topoId.domainSubnet(domain.id, s.subnet);
    const isolated = network.internal || domain.data.scope === 'isolated';
    const before = b.get(id)?.data;
    b.node({
      id,
      kind: 'subnet',
      label: s.subnet,
      data: {
        subnet: s.subnet,
        family: s.family,
        mode: network.mode,
        isolated: (before?.isolated ?? true) && isolated,
        degraded: Boolean(before?.degraded) || degraded,
        ...(s.gateway ? { gateway: s.gateway } : {}),
      },
    });
    b.span(id, host.id);
    b.edge('contains', domain.id, id);
  }
}

/** Fleet-wide: L2 domains → subnets (merged across hosts) → containers. */
export function addSubnetView(b: GraphBuilder, hosts: readonly HostView[]): void {
  for (const host of hosts)
    for (const network of networksInOrder(host.snapshot.networks)) addNetwork(b, host, network);
  for (const host of hosts) {
    for (const e of endpointsInOrder(host.snapshot.endpoints)) {
      const network = host.snapshot.networks.find((n) => n.id === e.networkId);
      const subnet = network && subnetOfEndpoint(network, e);
      if (!network || !subnet) continue;
      const domain = domainOf(network, host).id;
      const id = topoId.container(host.id, e.container);
      const known = b.get(id)?.data.addresses ?? [];
      b.node({
        id,
        kind: 'container',
        label: e.container,
        host: host.id,
        data: { addresses: [...known, ...endpointAddresses(e)] },
      });
      b.edge('endpoint', topoId.domainSubnet(domain, subnet.subnet), id, {
        ifname: e.ifname,
        addresses: endpointAddresses(e),
      });
    }
  }
}
