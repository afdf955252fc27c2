// The state the corpus rows collide with, made by corpus.lab.test.ts before
// its first snapshot (and removed after). Rows refer to these names.

/** Names and addresses of the prepared objects on host-a. */
export const CP = {
  /** Dual-stack L2 network on eth0.40 (gateway .1), cp-c1 connected at 10.40.0.11. */
  base: 'cp-base',
  baseParent: 'eth0.40',
  baseSubnet: '10.40.0.0/24',
  baseSubnet6: 'fd00:40::/64',
  /** IPv4-only L3 network on eth0.41. */
  l3: 'cp-l3',
  l3Parent: 'eth0.41',
  l3Subnet: '10.41.0.0/24',
  /** A /30 whose one free address after the gateway is held by cp-c1. */
  tiny: 'cp-tiny',
  tinySubnet: '10.42.0.0/30',
  /** Connected to cp-base and cp-tiny. */
  c1: 'cp-c1',
  /** A container on no network. */
  c2: 'cp-c2',
  /** A dummy (up) carrying a macvlan link; a dummy left down; a VLAN 43 link on eth0 under another name. */
  busy: 'cp-dummy0',
  macvlan: 'cp-mv0',
  down: 'cp-down0',
  vlanTwin: 'cp-v43',
  /** A named namespace no container uses (attach --netns-name, and a create name clash). */
  netns: 'cp-ns1',
  /** The namespace the CNI rows ADD into. */
  cniNetns: 'cp-kns',
} as const;
