import type { ParentCandidate } from '@underlay/core';
import { hostname, release } from 'node:os';
import { listNetworks } from '../store';
import type { ServiceDeps } from './deps';
import { hostAddresses } from './snapshot';

// What a client needs to know about a host before it creates anything: which
// kernel features exist and which links can be parents.

// Loopback cannot be a parent (the seed), and ipvlan/macvlan children cannot
// be parents of further ipvlan links.
const NOT_PARENTS = new Set(['loopback', 'ipvlan', 'macvlan', 'ipvtap', 'macvtap']);

/** Host operations. */
export function hostService(deps: ServiceDeps) {
  let capabilities: Promise<Record<string, unknown>> | undefined;

  const capabilitiesOnce = () => {
    capabilities ??= deps.kernel.capabilities().catch((err: unknown) => {
      capabilities = undefined; // retry on the next call rather than cache a failure
      throw err;
    });
    return capabilities;
  };

  const interfaces = async (): Promise<ParentCandidate[]> => {
    const [links, addresses] = await Promise.all([deps.links.get(), hostAddresses(deps)]);
    const networks = listNetworks(deps.db);
    return links
      .filter((l) => !NOT_PARENTS.has(l.kind) && l.name !== 'lo')
      .map((l) => ({
        name: l.name,
        kind: l.kind,
        up: l.up,
        mtu: l.mtu,
        vlanId: l.vlanId,
        parent: l.parent,
        addresses: addresses.filter((a) => a.dev === l.name).map((a) => a.address),
        networks: networks.filter((n) => n.parent === l.name).map((n) => n.name),
      }));
  };

  return {
    capabilities: capabilitiesOnce,
    interfaces,
    /** Hostname, kernel, agent version, capabilities and parent candidates in one answer. */
    async info() {
      const [caps, candidates] = await Promise.all([capabilitiesOnce(), interfaces()]);
      return {
        hostname: deps.kernel.identity?.().hostname ?? hostname(),
        kernel: deps.kernel.identity?.().release ?? release(),
        version: deps.version,
        capabilities: caps,
        interfaces: candidates,
      };
    },
  };
}
