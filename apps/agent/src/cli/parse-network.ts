import type { ConnectInput, DisconnectInput, NetworkCreateInput } from '@underlay/core';
import { keyValueMap } from './parse-flags';

// `network create|plan|connect|disconnect` flags → the core request objects
// the agent validates. Values stay as typed: the agent's validate() names the
// field at fault with a stable code, so the CLI only shapes the request.

/** The flags of `network create` and `network plan`, as commander collects them. */
export interface NetworkCreateFlags {
  driver?: string;
  subnet?: string[];
  gateway?: string[];
  ipRange?: string[];
  auxAddress?: string[];
  opt?: string[];
  internal?: boolean;
  ipv4?: boolean;
  ipv6?: boolean;
  label?: string[];
}

/**
 * Builds the create request from the flags; refuses malformed `-o`, `--label`, `--aux-address` and unpaired IPAM
 * flags. The pairing parses addresses (ipaddr.js), so it is loaded here, on use: no other command pays its load.
 */
export async function networkCreateRequest(
  name: string,
  flags: NetworkCreateFlags,
): Promise<NetworkCreateInput> {
  const { pairIpamFlags } = await import('./pair-ipam');
  return {
    name,
    driver: flags.driver ?? 'ipvlan',
    options: keyValueMap('--opt', flags.opt),
    internal: flags.internal ?? false,
    ipv4: flags.ipv4 ?? true,
    ipv6: flags.ipv6 ?? false,
    ipam: pairIpamFlags({
      subnets: flags.subnet ?? [],
      gateways: flags.gateway ?? [],
      ipRanges: flags.ipRange ?? [],
      auxAddresses: keyValueMap('--aux-address', flags.auxAddress),
    }),
    labels: labelMap(flags.label),
  };
}

// Docker accepts `--label KEY` as KEY="" (unlike -o, where a bare key is a typo).
function labelMap(texts: readonly string[] | undefined): Record<string, string> {
  return keyValueMap(
    '--label',
    (texts ?? []).map((text) => (text.includes('=') ? text : `${text}=`)),
  );
}

/** `network connect [--ip A] [--ip6 B] NET CONTAINER`. */
export function connectRequest(
  network: string,
  container: string,
  flags: { ip?: string; ip6?: string },
): ConnectInput {
  return {
    network,
    container,
    ...(flags.ip !== undefined ? { ipv4Address: flags.ip } : {}),
    ...(flags.ip6 !== undefined ? { ipv6Address: flags.ip6 } : {}),
  };
}

/** `network disconnect NET CONTAINER`. */
export const disconnectRequest = (network: string, container: string): DisconnectInput => ({
  network,
  container,
});
