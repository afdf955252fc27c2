import {
  formatPath,
  HostSnapshotSchema,
  type HostSnapshot,
  type Issue,
  type Network,
  type NetworkCreateInput,
} from '@underlay/core';

// The create form's state, turned into core's request; snapshots rebuilt from
// what the dashboard already has (host.info links + networks.list) so core's
// validate() runs as you type. The agent's plan, on its own fresh snapshot,
// stays the authority; this is the fast first answer.

export interface NetworkFormState {
  name: string;
  hostIds: string[];
  parent: string;
  mode: '' | 'l2' | 'l3' | 'l3s';
  flag: '' | 'bridge' | 'private' | 'vepa';
  internal: boolean;
  ipv6: boolean;
  subnet: string;
  gateway: string;
  ipRange: string;
  subnet6: string;
  gateway6: string;
  /** Give each host its own --ip-range slice when the network spans hosts (on unless the user opts out). */
  coordinate: boolean;
}

export const EMPTY_FORM: NetworkFormState = {
  name: '',
  hostIds: [],
  parent: '',
  mode: '',
  flag: '',
  internal: false,
  ipv6: false,
  subnet: '',
  gateway: '',
  ipRange: '',
  subnet6: '',
  gateway6: '',
  coordinate: true,
};

const opt = <K extends string>(key: K, value: string): Partial<Record<K, string>> =>
  value.trim() ? ({ [key]: value.trim() } as Record<K, string>) : {};

/** The `network create` request the form describes (only what the user set; the agent fills defaults). */
export function toRequest(f: NetworkFormState): NetworkCreateInput {
  const ipam = [
    ...(f.subnet.trim()
      ? [{ subnet: f.subnet.trim(), ...opt('gateway', f.gateway), ...opt('ipRange', f.ipRange) }]
      : []),
    ...(f.subnet6.trim() ? [{ subnet: f.subnet6.trim(), ...opt('gateway', f.gateway6) }] : []),
  ];
  return {
    name: f.name.trim(),
    options: {
      ...opt('parent', f.parent),
      ...opt('ipvlan_mode', f.mode),
      ...opt('ipvlan_flag', f.flag),
    },
    internal: f.internal,
    ipv6: f.ipv6,
    ipam,
  };
}

/** Form key of an issue: the request path, with the IPv6 entry's fields mapped to their own inputs. */
export function fieldKey(path: Issue['path'], form: NetworkFormState): string {
  const key = formatPath(path);
  // ipam[1] is the IPv6 row only when an IPv4 row exists before it.
  const v6Index = form.subnet.trim() ? 1 : 0;
  if (form.subnet6.trim()) {
    if (key === `ipam[${v6Index}].subnet`) return 'subnet6';
    if (key === `ipam[${v6Index}].gateway`) return 'gateway6';
    // The form has no IPv6 range input: a coordinated IPv6 slice is cut from the subnet.
    if (key === `ipam[${v6Index}].ipRange`) return 'subnet6';
  }
  const map: Record<string, string> = {
    'options.parent': 'parent',
    'options.ipvlan_mode': 'mode',
    'options.ipvlan_flag': 'flag',
    'ipam[0].subnet': 'subnet',
    'ipam[0].gateway': 'gateway',
    'ipam[0].ipRange': 'ipRange',
  };
  return map[key] ?? (key || 'form');
}

/** A host's snapshot from its reported links and networks. */
export function snapshotOf(
  host: {
    name: string;
    interfaces: {
      name: string;
      kind: string;
      up: boolean;
      mtu: number;
      vlanId?: number | null | undefined;
      parent?: string | null | undefined;
    }[];
  },
  networks: Network[],
): HostSnapshot {
  return HostSnapshotSchema.parse({
    hostname: host.name,
    links: host.interfaces.map((l) => ({
      name: l.name,
      kind: l.kind,
      up: l.up,
      mtu: l.mtu,
      parent: l.parent ?? null,
      ...(l.vlanId != null ? { vlanId: l.vlanId } : {}),
    })),
    networks,
  });
}
