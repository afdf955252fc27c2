import type { ErrorCode } from '@underlay/core';

// One row per refusal the CLI can trigger: the argv a user types, and the
// stderr line that must name the field or flag at fault. The CLI prints the
// message, not the code, so each row pins the code by what only it says.
// The lab test (bad-input.lab.test.ts) runs every row against a guest's agent;
// the unit test (bad-input-table.test.ts) checks the table covers every code
// core's validation and IPAM can produce, so a new code without a row fails.

/** State the lab test prepares before the "before" snapshot; rows refer to it. */
export const PREPARED = {
  /** An L2 network on eth0.30 with bad-c1 connected at .11 (gateway .1). */
  network: 'bad-base',
  subnet: '10.30.0.0/24',
  parent: 'eth0.30',
  /** Two subnets that cover every default pool, so a create without --subnet finds none. */
  poolsNetwork: 'bad-pools',
  poolSubnets: ['172.16.0.0/12', '192.168.0.0/16'],
  /** A /30 with its one free address held by bad-c1. */
  tinyNetwork: 'bad-tiny',
  tinySubnet: '10.31.0.0/30',
  connected: 'bad-c1',
  spare: 'bad-c2',
  /** A dummy (up) carrying a macvlan link, and a dummy left down, made by hand. */
  busyParent: 'bad-dummy0',
  busyMacvlan: 'bad-mv0',
  downParent: 'bad-down0',
} as const;

export interface BadInputRow {
  code: ErrorCode;
  argv: string[];
  /** The stderr line that must be there: names the field (agent) or the flag (CLI). */
  stderr: RegExp;
}

const agent = (field: string, text: string): RegExp =>
  new RegExp(`^Error response from agent: ${field.replace(/[.[\]]/g, '\\$&')}: .*${text}`, 'm');
const flag = (name: string, text: string): RegExp => new RegExp(`^Error: ${name}: .*${text}`, 'm');
const create = (...args: string[]): string[] => ['network', 'create', ...args];
const { network, subnet, parent, connected, spare } = PREPARED;

export const BAD_INPUT_ROWS: BadInputRow[] = [
  // request shape
  {
    code: 'INVALID_INPUT',
    argv: create('--ipv4=false', 'bad-x'),
    stderr: agent('ipv4', 'IPv4 and IPv6 are both disabled'),
  },
  {
    code: 'INVALID_DRIVER',
    argv: create('-d', 'macvlan', 'bad-x'),
    stderr: agent('driver', 'driver "macvlan" is not supported'),
  },
  {
    code: 'INVALID_NETWORK_NAME',
    argv: create('bad/x'),
    stderr: agent('name', 'network name "bad/x" contains characters'),
  },
  {
    code: 'UNKNOWN_OPTION',
    argv: create('-o', 'vlan=10', 'bad-x'),
    stderr: agent('options.vlan', 'option "vlan" is not an ipvlan option'),
  },
  {
    code: 'INVALID_MODE',
    argv: create('-o', 'ipvlan_mode=L2', 'bad-x'),
    stderr: agent('options.ipvlan_mode', 'ipvlan_mode "L2" is not valid'),
  },
  {
    code: 'INVALID_FLAG',
    argv: create('-o', 'ipvlan_flag=bridged', 'bad-x'),
    stderr: agent('options.ipvlan_flag', 'ipvlan_flag "bridged" is not valid'),
  },
  {
    code: 'EMPTY_OPTION',
    argv: create('-o', 'parent=', '--subnet', '10.33.0.0/24', 'bad-x'),
    stderr: agent('options.parent', 'option "parent" has an empty value'),
  },
  // interface names and parents
  {
    code: 'INVALID_IFNAME',
    argv: create('-o', 'parent=eth0-far-too-long', 'bad-x'),
    stderr: agent('options.parent', 'bytes long'),
  },
  {
    code: 'PARENT_LOOPBACK',
    argv: create('-o', 'parent=lo', 'bad-x'),
    stderr: agent('options.parent', 'loopback'),
  },
  {
    code: 'INVALID_VLAN_ID',
    argv: create('-o', 'parent=eth0.5000', 'bad-x'),
    stderr: agent('options.parent', 'VLAN id 5000 .* is outside'),
  },
  {
    code: 'PARENT_NOT_FOUND',
    argv: create('-o', 'parent=nosuch0', 'bad-x'),
    stderr: agent('options.parent', 'parent "nosuch0" does not exist'),
  },
  {
    code: 'PARENT_BASE_NOT_FOUND',
    argv: create('-o', 'parent=nosuch0.10', 'bad-x'),
    stderr: agent('options.parent', 'VLAN sub-interface of "nosuch0", which does not exist'),
  },
  {
    code: 'PARENT_DOWN',
    argv: create('-o', `parent=${PREPARED.downParent}`, 'bad-x'),
    stderr: agent('options.parent', `parent "${PREPARED.downParent}" is down`),
  },
  {
    code: 'PARENT_MODE_CONFLICT',
    argv: create(
      '-o',
      `parent=${parent}`,
      '-o',
      'ipvlan_mode=l3',
      '--subnet',
      '10.32.0.0/24',
      'bad-x',
    ),
    stderr: agent(
      'options.parent',
      `parent "${parent}" is used by network "${network}" \\(l2/bridge\\); this network asks for l3/bridge`,
    ),
  },
  {
    code: 'PARENT_BUSY',
    argv: create('-o', `parent=${PREPARED.busyParent}`, 'bad-x'),
    stderr: agent('options.parent', `already carries macvlan links \\(${PREPARED.busyMacvlan}\\)`),
  },
  // addressing
  {
    code: 'INVALID_SUBNET',
    argv: create('--subnet', '10.33.0.0/33', 'bad-x'),
    stderr: flag('--subnet', 'subnet "10.33.0.0/33" is not a CIDR block'),
  },
  {
    code: 'SUBNET_HOST_BITS',
    argv: create('--subnet', '10.33.0.1/24', 'bad-x'),
    stderr: agent('ipam[0].subnet', 'has host bits set: it should be 10.33.0.0/24'),
  },
  {
    code: 'SUBNET_OVERLAP',
    argv: create('--subnet', '10.30.0.128/25', 'bad-x'),
    stderr: agent('ipam[0].subnet', `overlaps ${subnet} of network "${network}"`),
  },
  {
    code: 'SUBNET_RESERVED',
    argv: create('--subnet', '224.1.0.0/24', 'bad-x'),
    stderr: agent('ipam[0].subnet', 'lies in 224.0.0.0/4, the IPv4 multicast'),
  },
  {
    code: 'SUBNET_TOO_SMALL',
    argv: create('--subnet', '10.33.0.1/32', 'bad-x'),
    stderr: agent('ipam[0].subnet', 'holds a single address'),
  },
  {
    code: 'INVALID_GATEWAY',
    argv: create('--subnet', '10.33.0.0/24', '--gateway', '10.33.0.255', 'bad-x'),
    stderr: agent('ipam[0].gateway', 'is the broadcast address'),
  },
  {
    code: 'GATEWAY_OUTSIDE_SUBNET',
    argv: create('--subnet', '10.33.0.0/24', '--gateway', '10.34.0.1', 'bad-x'),
    stderr: flag('--gateway', 'no --subnet contains gateway "10.34.0.1"'),
  },
  {
    code: 'MULTIPLE_GATEWAYS',
    argv: create(
      '--subnet',
      '10.33.0.0/24',
      '--subnet',
      '10.34.0.0/24',
      '--gateway',
      '10.33.0.1',
      '--gateway',
      '10.33.0.2',
      'bad-x',
    ),
    stderr: flag('--gateway', 'is given two gateways'),
  },
  {
    code: 'INVALID_IP_RANGE',
    argv: create('--subnet', '10.33.0.0/24', '--ip-range', '10.33.0.128', 'bad-x'),
    stderr: flag('--ip-range', 'ip-range "10.33.0.128" is not a CIDR block'),
  },
  {
    code: 'IP_RANGE_OUTSIDE_SUBNET',
    argv: create('--subnet', '10.33.0.0/24', '--ip-range', '10.34.0.0/25', 'bad-x'),
    stderr: flag('--ip-range', 'no --subnet contains ip-range "10.34.0.0/25"'),
  },
  {
    code: 'MULTIPLE_IP_RANGES',
    argv: create(
      '--subnet',
      '10.33.0.0/24',
      '--subnet',
      '10.34.0.0/24',
      '--ip-range',
      '10.33.0.0/25',
      '--ip-range',
      '10.33.0.128/25',
      'bad-x',
    ),
    stderr: flag('--ip-range', 'is given two ip-ranges'),
  },
  {
    code: 'INVALID_AUX_ADDRESS',
    argv: create('--subnet', '10.33.0.0/24', '--aux-address', 'router=10.33.0.x', 'bad-x'),
    stderr: flag('--aux-address', 'aux-address router="10.33.0.x" is not an IP address'),
  },
  {
    code: 'AUX_ADDRESS_OUTSIDE_SUBNET',
    argv: create('--subnet', '10.33.0.0/24', '--aux-address', 'router=10.34.0.5', 'bad-x'),
    stderr: flag('--aux-address', 'no --subnet contains aux-address'),
  },
  {
    code: 'IPV6_NOT_ENABLED',
    argv: create('--subnet', '2001:db8:33::/64', 'bad-x'),
    stderr: agent('ipam[0].subnet', 'is IPv6 but IPv6 is not enabled'),
  },
  {
    code: 'IPV4_DISABLED',
    argv: create(
      '--ipv4=false',
      '--ipv6',
      '--subnet',
      '10.33.0.0/24',
      '--subnet',
      '2001:db8:33::/64',
      'bad-x',
    ),
    stderr: agent('ipam[0].subnet', 'is IPv4 but IPv4 is disabled'),
  },
  {
    code: 'NO_IPV6_SUBNET',
    argv: create('--ipv6', '--subnet', '10.33.0.0/24', 'bad-x'),
    stderr: agent('ipv6', 'IPv6 is enabled but no IPv6 subnet is given'),
  },
  { code: 'POOLS_EXHAUSTED', argv: create('bad-x'), stderr: agent('ipam', 'every default pool') },
  {
    code: 'INVALID_ADDRESS',
    argv: ['network', 'connect', '--ip', '10.30.0.999', network, spare],
    stderr: agent('ipv4Address', '--ip "10.30.0.999" is'),
  },
  {
    code: 'ADDRESS_OUTSIDE_SUBNET',
    argv: ['network', 'connect', '--ip', '10.35.0.5', network, spare],
    stderr: agent('ipv4Address', `--ip "10.35.0.5" is in no subnet of network "${network}"`),
  },
  {
    code: 'ADDRESS_IN_USE',
    argv: ['network', 'connect', '--ip', '10.30.0.11', network, spare],
    stderr: agent('ipv4Address', '10.30.0.11 is already in use'),
  },
  {
    code: 'ADDRESS_RESERVED',
    argv: ['network', 'connect', '--ip', '10.30.0.1', network, spare],
    stderr: agent('ipv4Address', '10.30.0.1 is reserved'),
  },
  {
    code: 'ADDRESS_EXHAUSTED',
    argv: ['network', 'connect', PREPARED.tinyNetwork, spare],
    stderr: agent(
      'network',
      `No free IPv4 address left in .* of network "${PREPARED.tinyNetwork}"`,
    ),
  },
  // objects
  {
    code: 'NETWORK_EXISTS',
    argv: create('--subnet', '10.33.0.0/24', network),
    stderr: agent('name', `network "${network}" already exists`),
  },
  {
    code: 'NETWORK_HAS_ENDPOINTS',
    argv: ['network', 'rm', network],
    stderr: agent('network', `network ${network} has active endpoints \\(${connected}\\)`),
  },
  {
    code: 'ENDPOINT_EXISTS',
    argv: ['network', 'connect', network, connected],
    stderr: agent('container', `container "${connected}" is already connected`),
  },
  {
    code: 'CONTAINER_EXISTS',
    argv: ['container', 'create', connected],
    stderr: agent('name', `container "${connected}" already exists`),
  },
  // host shim
  {
    code: 'INVALID_HOST_SHIM',
    argv: create('-o', 'host_shim=yes', 'bad-x'),
    stderr: agent('options.host_shim', 'host_shim "yes" is not valid: use true or false'),
  },
  {
    code: 'HOST_SHIM_INTERNAL',
    argv: create('--internal', '-o', 'host_shim=true', 'bad-x'),
    stderr: agent('options.host_shim', 'host_shim cannot be used with --internal'),
  },
  {
    code: 'HOST_SHIM_PRIVATE',
    argv: create(
      '-o',
      'parent=eth0.34',
      '-o',
      'ipvlan_flag=private',
      '-o',
      'host_shim=true',
      'bad-x',
    ),
    stderr: agent('options.host_shim', 'host_shim cannot be used with ipvlan_flag=private'),
  },
  {
    code: 'HOST_SHIM_CONFLICT',
    argv: create(
      '-o',
      'parent=eth0.35',
      '--subnet',
      '192.0.2.0/24',
      '-o',
      'host_shim=true',
      'bad-x',
    ),
    stderr: agent('options.host_shim', 'this host already has 192\\.0\\.2\\.\\d+/24 on mgmt0'),
  },
  {
    code: 'NOT_A_NETNS',
    argv: ['container', 'attach', '--netns', '/etc/passwd', 'bad-n'],
    stderr: agent('netnsPath', '"/etc/passwd" is not a network namespace'),
  },
  {
    code: 'NETNS_IS_HOST',
    argv: ['container', 'attach', '--pid', '1', 'bad-n'],
    stderr: agent('pid', "process 1 is in the host's own network namespace"),
  },
  {
    code: 'INVALID_CONTAINER_NAME',
    argv: ['container', 'create', 'bad/c'],
    stderr: agent('name', 'container name "bad/c" contains characters'),
  },
  {
    code: 'NOT_FOUND',
    argv: ['network', 'connect', 'bad-nosuch', spare],
    stderr: agent('network', 'network "bad-nosuch" does not exist'),
  },
];

/** Codes with no row, each with why the CLI cannot (or need not) trigger it as a refused input. */
export const NOT_FROM_CLI: Partial<Record<ErrorCode, string>> = {
  PARENT_IN_USE: 'a warning of network rm (the shared parent is kept), never a refusal',
  CONTAINER_IN_USE: 'no producer: neither core nor the agent raises it yet',
  HOST_EXISTS: "the dashboard's fleet registry (a host name taken), not the agent",
  KERNEL_UNSUPPORTED: 'a kernel capability, not input: the lab kernels support ipvlan',
  KERNEL_ERROR:
    'an execution failure after validation passed, not bad input (rollback tests cover it)',
  ROLLED_BACK:
    'an execution failure after validation passed, not bad input (rollback tests cover it)',
  GATEWAY_IGNORED_L3: 'a warning: the request goes on',
  DEFAULT_ROUTE_KEPT: 'a warning: the request goes on',
  ROUTE_OVERLAP:
    'raised by route distribution (the hub), not by a CLI request: core unit tests (test/l3/distribute.test.ts)',
  ROUTE_CONFLICT:
    'raised by routes.set, which the hub sends, not the CLI: core unit tests and routes.lab.test.ts (nothing changed)',
  INVALID_BGP_CONFIG:
    'raised by bgp.set, an API call with no CLI verb yet: core unit tests (test/l3/bgp.test.ts) and bgp.lab.test.ts',
  ROUTE_VIA_UNREACHABLE:
    'raised by route distribution and routes.set, not by a CLI request: core unit tests (route-set, distribute)',
  INVALID_SEGMENT:
    'raised by the fleet store client (packages/fleet-store), which the agent does not use yet: core fleet-ipam unit tests',
  BLOCK_HELD_ELSEWHERE:
    'raised by the fleet store client, which the agent does not use yet: fleet-store unit and lab tests',
  SEGMENT_EXHAUSTED:
    'raised by the fleet store client, which the agent does not use yet: fleet-store unit tests',
  FLEET_STORE_UNREACHABLE:
    'raised by the fleet store client, which the agent does not use yet: fleet-store partition tests',
};
