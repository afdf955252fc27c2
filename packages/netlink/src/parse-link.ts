import { z } from 'zod';

// Parsing of `ip -d -json link show` (iproute2 6.1). What it prints:
//  - "link": the lower device's name, when the lower device is in this netns
//    (an unresolved index prints as "ifN"; "link": null for index 0);
//  - "link_index" + "link_netnsid" instead, when the lower device lives in
//    another namespace (an ipvlan child moved into a container, a veth peer);
//  - linkinfo.info_kind for virtual links; ipvlan puts "mode" (l2|l3|l3s) and
//    one boolean of "bridge" | "private" | "vepa" in info_data; vlan puts "id".

const RawLink = z.object({
  ifindex: z.number(),
  ifname: z.string(),
  link: z.string().nullable().optional(),
  link_index: z.number().optional(),
  link_netnsid: z.number().optional(),
  flags: z.array(z.string()),
  mtu: z.number(),
  operstate: z.string(),
  link_type: z.string().optional(),
  address: z.string().optional(),
  linkinfo: z
    .object({
      info_kind: z.string().optional(),
      info_data: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
type RawLink = z.infer<typeof RawLink>;

export type LinkKind =
  | 'dummy'
  | 'vlan'
  | 'ipvlan'
  | 'macvlan'
  | 'veth'
  | 'bridge'
  | 'loopback'
  | 'device'
  | (string & {});

/** A link as the kernel reports it. */
export interface Link {
  index: number;
  name: string;
  kind: LinkKind;
  /** Lower device's name when it is in the same namespace, else null. */
  parent: string | null;
  /** Lower device's index (in the namespace named by linkNetnsid when set), else null. */
  parentIndex: number | null;
  vlanId?: number;
  ipvlanMode?: 'l2' | 'l3' | 'l3s';
  ipvlanFlag?: 'bridge' | 'private' | 'vepa';
  mtu: number;
  /** The administrative UP flag (what `ip link set up` sets), not carrier. */
  up: boolean;
  operState: string;
  mac: string;
  /** Set when the lower device is in another namespace (its nsid as seen from here). */
  linkNetnsid?: number;
}

function kindOf(raw: RawLink): LinkKind {
  if (raw.linkinfo?.info_kind) return raw.linkinfo.info_kind;
  return raw.link_type === 'loopback' ? 'loopback' : 'device';
}

function ipvlanFields(data: Record<string, unknown>): Pick<Link, 'ipvlanMode' | 'ipvlanFlag'> {
  const mode = data.mode;
  const flag =
    data.private === true
      ? 'private'
      : data.vepa === true
        ? 'vepa'
        : data.bridge === true
          ? 'bridge'
          : undefined;
  return {
    ...(mode === 'l2' || mode === 'l3' || mode === 'l3s' ? { ipvlanMode: mode } : {}),
    ...(flag ? { ipvlanFlag: flag } : {}),
  };
}

function toLink(raw: RawLink, indexByName: Map<string, number>): Link {
  const kind = kindOf(raw);
  const data = raw.linkinfo?.info_data ?? {};
  const parent = raw.link_netnsid === undefined && typeof raw.link === 'string' ? raw.link : null;
  const parentIndex =
    raw.link_index ?? (parent === null ? null : (indexByName.get(parent) ?? null));
  return {
    index: raw.ifindex,
    name: raw.ifname,
    kind,
    parent,
    parentIndex,
    ...(kind === 'vlan' && typeof data.id === 'number' ? { vlanId: data.id } : {}),
    ...(kind === 'ipvlan' ? ipvlanFields(data) : {}),
    mtu: raw.mtu,
    up: raw.flags.includes('UP'),
    operState: raw.operstate,
    mac: raw.address ?? '',
    ...(raw.link_netnsid === undefined ? {} : { linkNetnsid: raw.link_netnsid }),
  };
}

/** Parses the stdout of `ip -d -json link show`. */
export function parseLinks(stdout: string): Link[] {
  const raws = z.array(RawLink).parse(JSON.parse(stdout.trim() || '[]'));
  const indexByName = new Map(raws.map((r) => [r.ifname, r.ifindex]));
  return raws.map((r) => toLink(r, indexByName));
}
