// Node ids are built from host ids and kernel or record names only, so the
// same state always gives the same ids and the dashboard can patch its graph.
// Linux names never contain '/', so it is a safe separator.

/** Id makers for topology nodes and edges (one object, so the package root exports one name). */
export const topoId = {
  host: (host: string): string => `host:${host}`,
  parent: (host: string, link: string): string => `parent:${host}/${link}`,
  vlan: (host: string, link: string): string => `vlan:${host}/${link}`,
  network: (host: string, network: string): string => `network:${host}/${network}`,
  subnet: (host: string, network: string, cidr: string): string =>
    `subnet:${host}/${network}/${cidr}`,
  container: (host: string, name: string): string => `container:${host}/${name}`,
  /** One L2 segment: a VLAN id (or the untagged traffic) on one physical trunk, whatever the host. */
  segment: (trunk: string, vid: number | 'native'): string => `segment:${trunk}/${vid}`,
  /** A subnet in the fleet-wide view: one per L2 domain and CIDR. */
  domainSubnet: (domain: string, cidr: string): string => `subnet:${domain}/${cidr}`,
  edge: (source: string, target: string): string => `${source}->${target}`,
};
