import { ContainerSchema, HostSnapshotSchema, NetworkSchema, type Endpoint, type HostSnapshot } from '@underlay/core';
import { z } from 'zod';
import { AgentInfoSchema, type AgentInfo } from './agent-info';

// The topology needs each host's HostSnapshot. The agent has no single
// snapshot call yet, so it is assembled from host.info (links),
// networks.list, containers.list and networks.inspect (endpoints, in Docker's
// shape). One inspect per network: fine for a lab, to be replaced by one
// `host.snapshot` procedure on the agent.

type Query = (path: string, input?: unknown) => Promise<unknown>;

const InspectSchema = z.looseObject({
  Id: z.string(),
  Containers: z.record(z.string(), z.looseObject({ Name: z.string(), EndpointID: z.string(), MacAddress: z.string().default(''), IPv4Address: z.string().default(''), IPv6Address: z.string().default('') })).default({}),
});

/** Endpoints of one network from its inspect answer. */
export function endpointsFromInspect(inspect: unknown, netnsOf: (container: string) => string): Endpoint[] {
  const parsed = InspectSchema.parse(inspect);
  return Object.values(parsed.Containers).map((c) => ({
    id: c.EndpointID,
    networkId: parsed.Id,
    container: c.Name,
    netns: netnsOf(c.Name),
    ifname: '',
    ...(c.IPv4Address ? { ipv4Address: c.IPv4Address } : {}),
    ...(c.IPv6Address ? { ipv6Address: c.IPv6Address } : {}),
    ...(c.MacAddress ? { mac: c.MacAddress } : {}),
    created: '',
  }));
}

/** A host's snapshot from its agent's answers. */
export async function collectSnapshot(query: Query, info: AgentInfo | null): Promise<HostSnapshot> {
  // Links are read fresh: host.info was taken at connect and misses parents made since.
  const [networks, containers, links] = await Promise.all([
    query('networks.list').then((v) => z.array(NetworkSchema).parse(v)),
    query('containers.list').then((v) => z.array(ContainerSchema).parse(v)),
    query('host.interfaces').then((v) => AgentInfoSchema.shape.interfaces.parse(v)),
  ]);
  const netns = new Map(containers.map((c) => [c.name, c.netns]));
  const inspections = await Promise.all(networks.map((n) => query('networks.inspect', { network: n.id })));
  const endpoints = inspections.flatMap((i) => endpointsFromInspect(i, (c) => netns.get(c) ?? c));
  return HostSnapshotSchema.parse({
    hostname: info?.hostname ?? 'host',
    links: links.map((l) => ({ name: l.name, kind: l.kind, up: l.up, mtu: l.mtu, parent: l.parent ?? null, ...(l.vlanId != null ? { vlanId: l.vlanId } : {}) })),
    networks,
    endpoints,
    containers,
  });
}
