import { parseAddress } from '@underlay/core';
import { CniError } from './errors';
import type { CniCall } from './request';

// Static addresses as the CNI conventions ask for them (CONVENTIONS.md):
// runtimeConfig.ips (the "ips" capability, e.g. podman run --ip), then
// args.cni.ips, then CNI_ARGS IP=a,b. One address per family, prefix optional.

/** Where the addresses came from, for messages. */
function source(call: CniCall): [string, string[]] | null {
  const { runtimeConfig, args } = call.conf;
  if (runtimeConfig?.ips?.length) return ['runtimeConfig.ips', runtimeConfig.ips];
  if (args?.cni?.ips?.length) return ['args.cni.ips', args.cni.ips];
  if (call.args.IP) return ['CNI_ARGS IP', call.args.IP.split(',')];
  return null;
}

/** The field the call's static addresses came from (runtimeConfig.ips, args.cni.ips, CNI_ARGS IP), for later messages. */
export function staticAddressField(call: CniCall): string | undefined {
  return source(call)?.[0];
}

/** The static addresses asked for, as a connect's ipv4Address/ipv6Address. */
export function staticAddresses(call: CniCall): { ipv4Address?: string; ipv6Address?: string } {
  const found = source(call);
  if (!found) return {};
  const [field, list] = found;
  const out: { ipv4Address?: string; ipv6Address?: string } = {};
  for (const text of list) {
    const bare = text.split('/')[0] ?? '';
    const address = parseAddress(bare);
    if (!address)
      throw new CniError(
        106,
        `${field}: "${text}" is not an IP address`,
        'Give addresses like 172.16.80.5 or fd00::5.',
      );
    const key = address.family === 4 ? 'ipv4Address' : 'ipv6Address';
    if (out[key])
      throw new CniError(
        106,
        `${field}: two IPv${address.family} addresses (${out[key]}, ${bare})`,
        'An underlay endpoint holds one address per family: give one IPv4 and/or one IPv6.',
      );
    out[key] = bare;
  }
  return out;
}
