import { type Cidr, parseAddress } from '../ip';
import { fixedReservations } from '../ipam';
import type { IpamConfig } from '../schemas';
import { firstUsable } from '../validate';

// Which addresses of a subnet no container ever gets, as far as the hub can
// tell before the agent resolves the network: network/broadcast/anycast, the
// gateway (given, or the L2 default: first usable) and aux addresses. The
// default gateway is counted even in L3 where the agent drops it: a slice is
// judged with one address fewer, never with one too many.

/** Reserved addresses of one ipam entry (absolute values). */
export function reservedAddresses(
  subnet: Cidr,
  entry: Pick<IpamConfig, 'gateway' | 'auxAddresses'>,
): bigint[] {
  const fixed = fixedReservations(subnet).map(([offset]) => subnet.network + offset);
  const gateway =
    (entry.gateway !== undefined ? parseAddress(entry.gateway)?.value : undefined) ??
    firstUsable(subnet).value;
  const aux = Object.values(entry.auxAddresses ?? {}).flatMap((text) => {
    const address = parseAddress(text);
    return address ? [address.value] : [];
  });
  return [...fixed, gateway, ...aux];
}
