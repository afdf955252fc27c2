import { type Issue, issue, onHost } from '../errors';
import { type Address, cidrContains, parseAddress, parseCidr } from '../ip';
import { ConnectSchema, type ConnectInput, type HostSnapshot, type Network } from '../schemas';
import { findNetwork } from './find-network';
import { parseWith } from './zod-issues';

type Field = 'ipv4Address' | 'ipv6Address';
const FIELDS: { field: Field; family: 4 | 6; flag: string; example: string }[] = [
  { field: 'ipv4Address', family: 4, flag: '--ip', example: '192.168.1.10' },
  { field: 'ipv6Address', family: 6, flag: '--ip6', example: '2001:db8:abc1::10' },
];

/** Every error for a `network connect`. Whether a static address is free is the IPAM's call, not this one's. */
export function validateConnect(input: unknown, snapshot: HostSnapshot): Issue[] {
  const parsed = parseWith(ConnectSchema, input);
  if (!parsed.data) return parsed.issues;
  const request = parsed.data;
  const network = findNetwork(snapshot, request.network);
  return [
    ...containerIssues(request, snapshot),
    ...networkIssues(request, network, snapshot),
    ...FIELDS.flatMap((spec) => {
      const text = request[spec.field];
      return text !== undefined ? staticAddressIssues(text, spec, network) : [];
    }),
  ];
}

function containerIssues(request: ConnectInput, snapshot: HostSnapshot): Issue[] {
  if (snapshot.containers.some((c) => c.name === request.container)) return [];
  return [
    issue(
      'NOT_FOUND',
      ['container'],
      `container "${request.container}" does not exist ${onHost(snapshot.hostname)}.`,
      'Create it (container create) or attach an existing namespace (container attach) first.',
    ),
  ];
}

// The network must exist, and the container must not be on it already.
function networkIssues(
  request: ConnectInput,
  network: Network | undefined,
  snapshot: HostSnapshot,
): Issue[] {
  if (!network)
    return [
      issue(
        'NOT_FOUND',
        ['network'],
        `network "${request.network}" does not exist ${onHost(snapshot.hostname)}.`,
        'Give a network name, id, or a unique id prefix (network ls lists them).',
      ),
    ];
  if (
    snapshot.endpoints.some((e) => e.networkId === network.id && e.container === request.container)
  )
    return [
      issue(
        'ENDPOINT_EXISTS',
        ['container'],
        `container "${request.container}" is already connected to network "${network.name}".`,
        'Disconnect it first to connect again with other addresses.',
      ),
    ];
  return [];
}

function staticAddressIssues(
  text: string,
  spec: (typeof FIELDS)[number],
  network: Network | undefined,
): Issue[] {
  const path = [spec.field];
  const address = parseAddress(text);
  const name = spec.family === 4 ? 'IPv4' : 'IPv6';
  if (!address || address.family !== spec.family || address.value === 0n) {
    const why = !address
      ? text.includes('%')
        ? 'a zoned address'
        : text.includes('/')
          ? 'an address with a prefix length'
          : 'not an IP address'
      : address.family !== spec.family
        ? `not an ${name} address`
        : 'the unspecified address';
    return [
      issue(
        'INVALID_ADDRESS',
        path,
        `${spec.flag} "${text}" is ${why}.`,
        `Give a plain ${name} address, e.g. ${spec.flag}=${spec.example}.`,
      ),
    ];
  }
  return network ? subnetIssues(text, address, spec, network) : [];
}

function subnetIssues(
  text: string,
  address: Address,
  spec: (typeof FIELDS)[number],
  network: Network,
): Issue[] {
  const path = [spec.field];
  const name = spec.family === 4 ? 'IPv4' : 'IPv6';
  const subnets = network.subnets.filter((s) => s.family === spec.family);
  if (!subnets.length) {
    return [
      issue(
        'ADDRESS_OUTSIDE_SUBNET',
        path,
        `${spec.flag} "${text}": network "${network.name}" has no ${name} subnet.`,
        `Leave ${spec.flag} out, or use a network with an ${name} subnet.`,
      ),
    ];
  }
  if (
    subnets.some((s) => {
      const cidr = parseCidr(s.subnet);
      return cidr !== null && cidrContains(cidr, address);
    })
  )
    return [];
  const list = subnets.map((s) => s.subnet).join(', ');
  return [
    issue(
      'ADDRESS_OUTSIDE_SUBNET',
      path,
      `${spec.flag} "${text}" is in no subnet of network "${network.name}" (${list}).`,
      `Give an address inside ${list}.`,
    ),
  ];
}
