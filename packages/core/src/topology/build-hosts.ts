import type { Endpoint } from '../schemas/endpoint';
import type { Network } from '../schemas/network';
import {
  attachmentOf,
  collate,
  endpointAddresses,
  endpointsInOrder,
  networksInOrder,
  subnetOfEndpoint,
  type Attachment,
} from './attachment';
import type { GraphBuilder } from './graph-builder';
import { topoId } from './ids';
import type { HostView, TopoData, TopoNode } from './types';

// Most hosts report no drift: no filter and no arrays per container then.
const driftOf = (
  host: HostView,
  match: (d: NonNullable<HostView['drift']>[number]) => boolean,
): TopoData =>
  !host.drift?.length
    ? {}
    : ((kinds) => (kinds.length ? { drift: [...new Set(kinds)].sort() } : {}))(
        host.drift.filter(match).map((d) => d.kind),
      );

function linkData(link: Attachment['link'], owned: boolean): TopoData {
  return link
    ? { linkKind: link.kind, up: link.up, mtu: link.mtu, owned }
    : { missing: true, owned };
}

/** host → NIC or dummy → VLAN sub-interface (→ segment); returns the node a network hangs from. */
function addWire(b: GraphBuilder, host: HostView, at: Attachment, segments: boolean): string {
  const owned = (name: string) => host.snapshot.ownedLinks.some((o) => o.name === name);
  const lowerId = topoId.parent(host.id, at.lower);
  const dummy = at.kind === 'dummy' ? { dummy: true, isolated: true } : { trunk: at.trunk };
  b.node({
    id: lowerId,
    kind: 'parent',
    label: at.lower,
    host: host.id,
    data: { ...linkData(at.lowerLink, owned(at.lower)), ...dummy },
  });
  b.edge('contains', topoId.host(host.id), lowerId);
  if (at.kind === 'dummy') return lowerId;
  if (at.kind === 'nic') {
    if (segments) addSegment(b, host, lowerId, at.trunk, 'native');
    return lowerId;
  }
  const name = at.link?.name ?? `${at.lower}.${at.vid}`;
  const id = topoId.vlan(host.id, name);
  b.node({
    id,
    kind: 'vlan',
    label: `${name} (VLAN ${at.vid})`,
    host: host.id,
    data: { ...linkData(at.link, owned(name)), vlanId: at.vid, trunk: at.trunk },
  });
  b.edge('contains', lowerId, id);
  if (segments && at.vid !== undefined) addSegment(b, host, id, at.trunk, at.vid);
  return id;
}

function addSegment(
  b: GraphBuilder,
  host: HostView,
  from: string,
  trunk: string,
  vid: number | 'native',
): void {
  const id = topoId.segment(trunk, vid);
  const label = vid === 'native' ? `${trunk} untagged` : `VLAN ${vid} on ${trunk}`;
  b.node({
    id,
    kind: 'segment',
    label,
    data: { trunk, scope: 'l2', ...(vid === 'native' ? {} : { vlanId: vid }) },
  });
  b.span(id, host.id);
  b.edge('trunk', from, id);
}

function addNetwork(b: GraphBuilder, host: HostView, network: Network, segments: boolean): void {
  const at = attachmentOf(network, host);
  const from = addWire(b, host, at, segments);
  const id = topoId.network(host.id, network.id);
  const isolated = network.internal || at.kind === 'dummy';
  const data: TopoData = {
    networkId: network.id,
    mode: network.mode,
    flag: network.flag,
    internal: network.internal,
    isolated,
    degraded: network.status === 'degraded' || at.missing,
    ...(at.vid ? { vlanId: at.vid } : {}),
    ...driftOf(host, (d) => d.network === network.id && !d.endpoint),
  };
  b.node({ id, kind: 'network', label: network.name, host: host.id, data });
  b.edge('contains', from, id);
  for (const s of network.subnets) {
    const sid = topoId.subnet(host.id, network.id, s.subnet);
    b.node({
      id: sid,
      kind: 'subnet',
      label: s.subnet,
      host: host.id,
      data: {
        subnet: s.subnet,
        family: s.family,
        ...(s.gateway ? { gateway: s.gateway } : {}),
        mode: network.mode,
        isolated,
      },
    });
    b.edge('contains', id, sid);
  }
}

/** One endpoint as the graph draws it: its container, network and the node its link hangs from. */
export interface EndpointLink {
  endpoint: Endpoint;
  network: Network;
  /** The subnet holding its address, else its network. */
  from: string;
}

// The walk shared by the build and the per-host shape (host-shape.ts), so the
// shape's stacks are the build's by construction: endpoints by creation, on
// a network the host knows, each hanging from its subnet (else its network).
/** A host's endpoints in drawing order, each with the node its link comes from. */
export function endpointLinks(host: HostView): EndpointLink[] {
  const { snapshot } = host;
  const networks = new Map(snapshot.networks.map((n) => [n.id, n]));
  const out: EndpointLink[] = [];
  for (const e of endpointsInOrder(snapshot.endpoints)) {
    const network = networks.get(e.networkId);
    if (!network) continue;
    const subnet = subnetOfEndpoint(network, e);
    const from = subnet
      ? topoId.subnet(host.id, network.id, subnet.subnet)
      : topoId.network(host.id, network.id);
    out.push({ endpoint: e, network, from });
  }
  return out;
}

/** Containers with no link on a known network, in creation order (they stack under the host). */
export function idleContainers(host: HostView, linked: ReadonlySet<string>) {
  return [...host.snapshot.containers]
    .sort((a, c) => collate(a.created, c.created) || collate(a.name, c.name))
    .filter((c) => !linked.has(c.name));
}

function addContainers(b: GraphBuilder, host: HostView): void {
  const { snapshot } = host;
  const linked = new Set<string>();
  for (const { endpoint: e, from } of endpointLinks(host)) {
    const id = topoId.container(host.id, e.container);
    linked.add(e.container);
    const known = b.get(id)?.data.addresses ?? [];
    const drift = driftOf(host, (d) =>
      snapshot.endpoints.some((x) => x.id === d.endpoint && x.container === e.container),
    );
    b.node({
      id,
      kind: 'container',
      label: e.container,
      host: host.id,
      data: { addresses: [...known, ...endpointAddresses(e)], ...drift },
    });
    b.edge('endpoint', from, id, { ifname: e.ifname, addresses: endpointAddresses(e) });
  }
  for (const c of idleContainers(host, linked)) {
    b.node({
      id: topoId.container(host.id, c.name),
      kind: 'container',
      label: c.name,
      host: host.id,
      data: { addresses: [] },
    });
    b.edge('contains', topoId.host(host.id), topoId.container(host.id, c.name));
  }
}

// The lazy fleet layout (fleet-layout.ts) draws a folded host with this node alone.
/** A host's own node, as its tree has it. */
export const hostNodeOf = (host: HostView): TopoNode => ({
  id: topoId.host(host.id),
  kind: 'host',
  label: host.name,
  host: host.id,
  data: { online: host.online },
});

/** One host's tree: host → parents → VLANs → networks → subnets → containers, with segment links when asked. */
export function addHostTree(
  b: GraphBuilder,
  host: HostView,
  segments: boolean,
  containers = true,
): void {
  b.node(hostNodeOf(host));
  for (const network of networksInOrder(host.snapshot.networks))
    addNetwork(b, host, network, segments);
  if (containers) addContainers(b, host);
}
