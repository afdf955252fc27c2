import { parseAddress, parseCidr } from '@underlay/core';

// Which subnets of a network are fleet-wide lives in core (the hub reads a
// network's blocks by the same rule); re-exported for the agent's fleet code.
export { type SharedSubnet as FleetSubnet, fleetSubnets, SEGMENT_LABEL } from '@underlay/core';

const plain = (text: string): string => text.split('/')[0] ?? text;

/** Whether an address (plain or `addr/prefix`) lies inside a subnet. */
export function inSubnet(subnet: string, text: string): bigint | null {
  const cidr = parseCidr(subnet);
  const address = parseAddress(plain(text));
  if (!cidr || !address || address.family !== cidr.family) return null;
  const bits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return address.value >> bits === cidr.network >> bits ? address.value : null;
}
