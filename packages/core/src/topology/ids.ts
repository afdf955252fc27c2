// Node ids are built from host ids and kernel or record names only, so the
// same state always gives the same ids and the dashboard can patch its graph.
// Linux names never contain '/', so it is a safe separator.

export const hostId = (host: string): string => `host:${host}`;
export const parentId = (host: string, link: string): string => `parent:${host}/${link}`;
export const vlanId = (host: string, link: string): string => `vlan:${host}/${link}`;
export const networkNodeId = (host: string, network: string): string => `network:${host}/${network}`;
export const subnetId = (host: string, network: string, cidr: string): string => `subnet:${host}/${network}/${cidr}`;
export const containerId = (host: string, name: string): string => `container:${host}/${name}`;
/** One L2 segment: a VLAN id (or the untagged traffic) on one physical trunk, whatever the host. */
export const segmentId = (trunk: string, vid: number | 'native'): string => `segment:${trunk}/${vid}`;
/** A subnet in the fleet-wide view: one per L2 domain and CIDR. */
export const domainSubnetId = (domain: string, cidr: string): string => `subnet:${domain}/${cidr}`;
export const edgeId = (source: string, target: string): string => `${source}->${target}`;
