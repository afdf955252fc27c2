import { type CurrentNetwork, type FleetNetwork, entryRequest } from '../../src';
import { resolveNetworkCreate } from '../../src/validate';

// Networks as an agent would list them, made by core's own resolve (the agent's
// create path), so the diff is tested against records of the real shape.

let counter = 0;

/** The record an agent keeps after `network create` of this file entry on a host with eth0. */
export function agentRecord(entry: FleetNetwork, endpoints = 0): CurrentNetwork {
  counter += 1;
  const id = counter.toString(16).padStart(12, '0');
  const snapshot = {
    hostname: 'h',
    links: [{ name: 'eth0', kind: 'device', parent: null, mtu: 1500, up: true }],
    addresses: [],
    networks: [],
    endpoints: [],
    containers: [],
    containerLinks: [],
    ownedLinks: [],
  };
  const { network } = resolveNetworkCreate(entryRequest(entry), snapshot, {
    id,
    now: '2026-12-03T10:00:00.000Z',
  });
  return { ...network, endpoints };
}

/** A VLAN network on eth0 with one subnet, NetOps style. */
export const vlanNet = (name: string, vlan: number, third: number, gw = 1): FleetNetwork => ({
  name,
  vlan,
  parent: 'eth0',
  subnets: [{ subnet: `10.0.${third}.0/24`, gateway: `10.0.${third}.${gw}` }],
});
