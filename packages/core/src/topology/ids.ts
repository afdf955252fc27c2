// Node ids are built from host ids and kernel or record names only, so the
// same state always gives the same ids and the dashboard can patch its graph.
// Linux names never contain '/', so it is a safe separator.

// The node kinds whose id starts with the host they belong to.
const HOST_KINDS = new Set(['host', 'parent', 'vlan', 'network', 'subnet', 'container']);

// The dashboard asks which host a clicked or searched node is in without
// building that host's tree; reading it from the id keeps it one lookup.
function hostOf(id: string): string | undefined {
  const colon = id.indexOf(':');
  if (!HOST_KINDS.has(id.slice(0, colon))) return undefined;
  const rest = id.slice(colon + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** Id makers for topology nodes and edges (one object, so the package root exports one name), and their reader. */
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
  /** A subnet in the fleet-wide view: one per L2 domain (a `segment` id) and CIDR. */
  domainSubnet: (segment: string, cidr: string): string =>
    `subnet:${segment.slice(segment.indexOf(':') + 1)}/${cidr}`,
  edge: (source: string, target: string): string => `${source}->${target}`,
  /**
   * The host a per-host node id was made for (`host`, `parent`, `vlan`, `network`,
   * `subnet`, `container`); undefined for a segment. Not for `domainSubnet` ids,
   * which the fleet-wide By subnet view makes and which share the `subnet:` prefix.
   */
  hostOf,
};
