import type { DriftItem, DriftKind } from '../schemas/drift';
import type { IpvlanFlag, IpvlanMode } from '../schemas/common';
import type { HostSnapshot } from '../schemas/snapshot';

/** by VLAN: per-host trees joined by L2 segments; by subnet: segments → subnets → containers, fleet-wide; by host: per-host trees only. */
export type TopoView = 'vlan' | 'subnet' | 'host';

/** One host as the dashboard knows it. */
export interface HostView {
  id: string;
  name: string;
  online: boolean;
  snapshot: HostSnapshot;
  /** Host NIC name → physical trunk id. Default: the NIC's own name, so every host's eth0 is one trunk. */
  trunks?: Record<string, string>;
  /** Drift the host's agent reported (diffDrift). */
  drift?: DriftItem[];
}

export type TopoNodeKind =
  'host' | 'parent' | 'vlan' | 'segment' | 'network' | 'subnet' | 'container';

/** What the dashboard styles nodes by; each kind fills the fields that apply to it. */
export interface TopoData {
  online?: boolean;
  mode?: IpvlanMode;
  flag?: IpvlanFlag;
  /** Internal network or dummy parent: reaches nothing outside itself. */
  isolated?: boolean;
  internal?: boolean;
  dummy?: boolean;
  degraded?: boolean;
  /** The link is recorded but absent from the kernel. */
  missing?: boolean;
  drift?: DriftKind[];
  vlanId?: number;
  trunk?: string;
  /** segment: 'l2' for a VLAN or untagged trunk, 'routed' for L3/L3S subnets of one host, 'isolated' for a dummy. */
  scope?: 'l2' | 'routed' | 'isolated';
  /** segment, merged subnet: the hosts it spans. */
  hosts?: string[];
  linkKind?: string;
  up?: boolean;
  mtu?: number;
  owned?: boolean;
  networkId?: string;
  subnet?: string;
  family?: 4 | 6;
  gateway?: string;
  addresses?: string[];
}

export interface TopoNode {
  /** Stable across rebuilds: made from host ids and names only. */
  id: string;
  kind: TopoNodeKind;
  label: string;
  /** The host a node belongs to (absent for fleet-wide nodes: segments, merged subnets). */
  host?: string;
  data: TopoData;
}

/** contains: the hierarchy; trunk: a VLAN or NIC on an L2 segment; endpoint: a container's link on a network; route: a distributed L3 route from the host holding it to the subnet it leads to on another host. */
export type TopoEdgeKind = 'contains' | 'trunk' | 'endpoint' | 'route';

export interface TopoEdge {
  id: string;
  kind: TopoEdgeKind;
  source: string;
  target: string;
  data?: {
    ifname?: string;
    addresses?: string[];
    /** route: the destination subnet and the next hop (the origin host's underlay address). */
    dst?: string;
    via?: string;
    /** route: the agent's drift check found it gone from the kernel. */
    missing?: boolean;
  };
}

export interface Topology {
  nodes: TopoNode[];
  edges: TopoEdge[];
}
