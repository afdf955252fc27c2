// Domain errors are data: a stable code that clients can switch on, the path of
// the field at fault (as in the request object), what is wrong, and how to fix it.

/** Every stable code underlay reports. Clients (CLI, dashboard) switch on these; never rename one. */
export const ERROR_CODES = [
  // request shape
  'INVALID_INPUT',
  'INVALID_DRIVER',
  'INVALID_NETWORK_NAME',
  'UNKNOWN_OPTION',
  'INVALID_MODE',
  'INVALID_FLAG',
  'EMPTY_OPTION',
  // interface names and parents
  'INVALID_IFNAME',
  'PARENT_LOOPBACK',
  'INVALID_VLAN_ID',
  'PARENT_NOT_FOUND',
  'PARENT_BASE_NOT_FOUND',
  'PARENT_DOWN',
  'PARENT_MODE_CONFLICT',
  'PARENT_BUSY',
  'PARENT_IN_USE',
  // addressing
  'INVALID_SUBNET',
  'SUBNET_HOST_BITS',
  'SUBNET_OVERLAP',
  'SUBNET_TOO_SMALL',
  'SUBNET_RESERVED',
  'INVALID_GATEWAY',
  'GATEWAY_OUTSIDE_SUBNET',
  'MULTIPLE_GATEWAYS',
  'INVALID_IP_RANGE',
  'IP_RANGE_OUTSIDE_SUBNET',
  'MULTIPLE_IP_RANGES',
  'INVALID_AUX_ADDRESS',
  'AUX_ADDRESS_OUTSIDE_SUBNET',
  'IPV6_NOT_ENABLED',
  'IPV4_DISABLED',
  'NO_IPV6_SUBNET',
  'POOLS_EXHAUSTED',
  'INVALID_ADDRESS',
  'ADDRESS_OUTSIDE_SUBNET',
  'ADDRESS_IN_USE',
  'ADDRESS_RESERVED',
  'ADDRESS_EXHAUSTED',
  // fleet-wide address blocks (fleet-ipam)
  'INVALID_SEGMENT',
  'BLOCK_HELD_ELSEWHERE',
  'SEGMENT_EXHAUSTED',
  'FLEET_STORE_UNREACHABLE',
  // objects
  'NETWORK_EXISTS',
  'NETWORK_HAS_ENDPOINTS',
  'ENDPOINT_EXISTS',
  'CONTAINER_EXISTS',
  'HOST_EXISTS', // the dashboard's fleet: a host of that name is already registered
  'INVALID_CONTAINER_NAME',
  'CONTAINER_IN_USE',
  'NOT_A_NETNS',
  'NETNS_IS_HOST',
  'NOT_FOUND',
  // kernel and execution
  'KERNEL_UNSUPPORTED',
  'KERNEL_ERROR',
  'ROLLED_BACK',
  // L3 across the fleet: host shim, distributed routes, BGP
  'INVALID_HOST_SHIM',
  'HOST_SHIM_INTERNAL',
  'HOST_SHIM_PRIVATE',
  'HOST_SHIM_CONFLICT',
  'ROUTE_OVERLAP', // two hosts' distributed L3 subnets overlap
  'ROUTE_CONFLICT', // a distributed route clashes with a route or subnet the host already has
  'ROUTE_VIA_UNREACHABLE', // no link of the host is on the next hop's subnet
  'INVALID_BGP_CONFIG', // ASN out of range, neighbour not an address, bad password or router id
  // warnings (never fail a request)
  'GATEWAY_IGNORED_L3',
  'DEFAULT_ROUTE_KEPT', // a second network's endpoint gets no default route: another endpoint of the container holds it
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with a request: an error refuses it, a warning is reported and the request goes on. */
export interface Issue {
  code: ErrorCode;
  /** Path of the field at fault in the request, e.g. `['ipam', 0, 'gateway']` or `['options', 'parent']`. */
  path: (string | number)[];
  /** What is wrong, naming the value. */
  message: string;
  /** What to do about it. */
  hint?: string;
  severity: 'error' | 'warning';
}

/** Makes an error issue. */
export const issue = (
  code: ErrorCode,
  path: Issue['path'],
  message: string,
  hint?: string,
): Issue => ({
  code,
  path,
  message,
  ...(hint ? { hint } : {}),
  severity: 'error',
});

/** Makes a warning issue. */
export const warning = (
  code: ErrorCode,
  path: Issue['path'],
  message: string,
  hint?: string,
): Issue => ({
  ...issue(code, path, message, hint),
  severity: 'warning',
});

// The agent builds some snapshots without a host name (records only): a
// message must then say "on this host", not "on ." with a hole.
/** "on NAME", or "on this host" when the name is empty. */
export const onHost = (hostname: string): string =>
  hostname.trim() ? `on ${hostname}` : 'on this host';

/** Dotted field path for messages: `ipam[0].gateway`, `options.parent`. */
export function formatPath(path: Issue['path']): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part,
    '',
  );
}

/** One line for a person: `ipam[0].gateway: … (hint)`. */
export function formatIssue(problem: Issue): string {
  const where = problem.path.length ? `${formatPath(problem.path)}: ` : '';
  return `${where}${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`;
}

/** A refused request. Carries the first error's code and path, and every issue found. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;
  readonly path: Issue['path'];
  readonly hint: string | undefined;
  readonly issues: Issue[];

  constructor(problems: Issue | Issue[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    const first = list.find((p) => p.severity === 'error') ?? list[0];
    if (!first) throw new TypeError('DomainError needs at least one issue');
    super(
      list
        .filter((p) => p.severity === 'error')
        .map(formatIssue)
        .join('\n') || formatIssue(first),
    );
    this.code = first.code;
    this.path = first.path;
    this.hint = first.hint;
    this.issues = list;
  }
}

/** Throws a DomainError when any issue is an error; returns the warnings otherwise. */
export function assertNoErrors(problems: Issue[]): Issue[] {
  if (problems.some((p) => p.severity === 'error')) throw new DomainError(problems);
  return problems.filter((p) => p.severity === 'warning');
}
