import { assertNoErrors, type Issue, issue, onHost } from '../errors';
import {
  type HostSnapshot,
  type IpvlanFlag,
  type IpvlanMode,
  type Network,
  type NetworkCreate,
  NetworkCreateSchema,
  type Subnet,
} from '../schemas';
import { effectiveSubnets } from './effective-subnets';
import { hostShimIssues } from './host-shim';
import { checkIpamEntry } from './ipam-entry';
import { validateNetworkName } from './names';
import { driverIssues, emptyOptionIssues, modeAndFlag, unknownOptionIssues } from './options';
import { type ResolvedParent, resolveParent } from './parent';
import { subnetSetIssues } from './subnet-set';
import { parseWith } from './zod-issues';

/** Identity and time of a network being created: the agent makes them, core stays pure. */
export interface CreateContext {
  id: string;
  now: string;
}

// validate() has no id yet; the dummy parent's name is the only thing that depends on it.
const PROBE: CreateContext = { id: '000000000000', now: '1970-01-01T00:00:00.000Z' };

/** Every error and warning for a `network create` against this host. Empty means it would succeed as is. */
export function validateNetworkCreate(input: unknown, snapshot: HostSnapshot): Issue[] {
  return analyseNetworkCreate(input, snapshot, PROBE).issues;
}

/** The network a `network create` makes on this host, defaults applied; throws a DomainError carrying every issue when refused. */
export function resolveNetworkCreate(
  input: unknown,
  snapshot: HostSnapshot,
  ctx: CreateContext,
): { network: Network; warnings: Issue[] } {
  const { issues, network } = analyseNetworkCreate(input, snapshot, ctx);
  const warnings = assertNoErrors(issues);
  if (!network) throw new TypeError('network create analysis gave neither a network nor an error');
  return { network, warnings };
}

function analyseNetworkCreate(
  input: unknown,
  snapshot: HostSnapshot,
  ctx: CreateContext,
): { issues: Issue[]; network: Network | null } {
  const parsed = parseWith(NetworkCreateSchema, input);
  if (!parsed.data) return { issues: parsed.issues, network: null };
  const request = parsed.data;
  const { mode, flag, parent, issues: wireIssues } = wireOf(request, snapshot, ctx);
  const entries = request.ipam.map(checkIpamEntry);
  const subnets = effectiveSubnets({
    entries,
    mode,
    internal: parent.internal,
    ipv4: request.ipv4,
    snapshot,
  });
  const issues: Issue[] = [
    ...requestIssues(request, snapshot),
    ...wireIssues,
    ...entries.flatMap((e) => e.issues),
    ...subnetSetIssues({ entries, ipv4: request.ipv4, ipv6: request.ipv6, snapshot }),
    ...subnets.issues,
    ...hostShimIssues({
      ...request,
      internal: parent.internal,
      flag,
      subnets: subnets.subnets,
      snapshot,
    }),
  ];
  const network = networkOf({ request, ctx, mode, flag, parent, subnets: subnets.subnets });
  return { issues, network };
}

// Mode and flag, then the parent they go on; the issues of both, mode first.
function wireOf(
  request: NetworkCreate,
  snapshot: HostSnapshot,
  ctx: CreateContext,
): { mode: IpvlanMode; flag: IpvlanFlag; parent: ResolvedParent; issues: Issue[] } {
  const { mode, flag, issues: modeIssues } = modeAndFlag(request.options);
  const parent = resolveParent({
    parent: request.options.parent,
    internal: request.internal,
    networkId: ctx.id,
    mode,
    flag,
    snapshot,
  });
  // With a refused mode or flag the defaults stand in, so a conflict found with them would mislead.
  const parentIssues = modeIssues.length
    ? parent.issues.filter((p) => p.code !== 'PARENT_MODE_CONFLICT')
    : parent.issues;
  return { mode, flag, parent, issues: [...modeIssues, ...parentIssues] };
}

// The request on its own (name, driver, options), then the name against this host's networks.
function requestIssues(request: NetworkCreate, snapshot: HostSnapshot): Issue[] {
  const issues: Issue[] = [
    ...validateNetworkName(request.name),
    ...driverIssues(request.driver),
    ...unknownOptionIssues(request.options),
    ...emptyOptionIssues(request.options),
  ];
  if (snapshot.networks.some((n) => n.name === request.name)) {
    issues.push(
      issue(
        'NETWORK_EXISTS',
        ['name'],
        `network "${request.name}" already exists ${onHost(snapshot.hostname)}.`,
        'Choose another name, or remove the existing network first.',
      ),
    );
  }
  return issues;
}

interface NetworkParts {
  request: NetworkCreate;
  ctx: CreateContext;
  mode: IpvlanMode;
  flag: IpvlanFlag;
  parent: ResolvedParent;
  subnets: Subnet[];
}

function networkOf({ request, ctx, mode, flag, parent, subnets }: NetworkParts): Network {
  return {
    id: ctx.id,
    name: request.name,
    driver: 'ipvlan',
    mode,
    flag,
    parent: parent.parent,
    parentKind: parent.parentKind,
    ...(parent.vlanId !== undefined ? { vlanId: parent.vlanId } : {}),
    internal: parent.internal,
    ipv4: request.ipv4,
    ipv6: request.ipv6,
    subnets,
    labels: request.labels,
    // As passed: Docker's inspect shows only the user's keys, never the defaults.
    options: request.options,
    created: ctx.now,
    status: 'ok',
  };
}
