import {
  DOCKER_LABELS,
  DockerReleaseAddressSchema,
  DockerReleasePoolSchema,
  DockerRequestAddressSchema,
  DockerRequestPoolSchema,
  DomainError,
  formatAddress,
  formatCidr,
  issue,
  parseCidr,
  specialRangeIssue,
  pickDefaultIpv4Subnet,
  type Cidr,
  type DockerRequestPool,
} from '@underlay/core';
import { takeSnapshot } from '../service/snapshot';
import { operate, type ServiceDeps } from '../service/deps';
import { plainAddress, poolCidr, subnetPool, withPrefix } from './addresses';
import { releaseFleetAddress, takePoolAddress } from './fleet';
import { parseRequest } from './request';
import {
  deletePool,
  dropAddress,
  getPool,
  holdAddress,
  listPools,
  poolAddresses,
  savePool,
  type DockerPool,
} from '../store/docker';

// Docker's IPAM driver (/IpamDriver.*). A pool is what `--subnet` (and
// `--ip-range` as SubPool) asked for; until CreateNetwork binds it to the
// underlay network made with it, only the network's own requests (gateway,
// aux addresses) are answered, from the pool's text. Once bound, addresses
// come from that network's IPAM, the same registry `underlay network
// connect` uses, and each hand-out is recorded so an agent restart keeps it.

/** The address spaces this driver names. */
export const ADDRESS_SPACES = {
  LocalDefaultAddressSpace: 'underlay-local',
  GlobalDefaultAddressSpace: 'underlay-global',
};

/** The PoolID of a request: the same request gives the same id (RequestPool is idempotent and replayed). */
const poolIdOf = (pool: string, subPool: string): string =>
  subPool ? `underlay/${pool}/${subPool}` : `underlay/${pool}`;

/** A SubPool or an IPv6 pool needs its Pool: neither is picked from default pools. */
function assertPoolGiven(request: DockerRequestPool): void {
  if (!request.Pool && (request.SubPool || request.V6))
    throw new DomainError(
      issue(
        'INVALID_SUBNET',
        ['Pool'],
        request.SubPool
          ? 'a SubPool (--ip-range) was given without its Pool (--subnet).'
          : 'no IPv6 pool was asked for: IPv6 subnets are not picked from default pools.',
        'Give --subnet (and --gateway, --ip-range) to docker network create.',
      ),
    );
}

/** The pool is in the family V6 says, and the SubPool (if any) inside it. */
function assertPoolFits(request: DockerRequestPool, cidr: Cidr): void {
  if ((cidr.family === 6) !== request.V6)
    throw new DomainError(
      issue(
        'INVALID_SUBNET',
        ['Pool'],
        `${request.Pool} is IPv${cidr.family} but V6 is ${request.V6}.`,
        'dockerd sets V6 from the subnet; give each --subnet in its own family.',
      ),
    );
  if (request.SubPool) {
    const sub = poolCidr(request.SubPool, 'SubPool');
    if (sub.family !== cidr.family || sub.prefix < cidr.prefix || !sameNetwork(cidr, sub))
      throw new DomainError(
        issue(
          'IP_RANGE_OUTSIDE_SUBNET',
          ['SubPool'],
          `${request.SubPool} is not inside ${request.Pool}.`,
          'Give an --ip-range inside --subnet.',
        ),
      );
  }
}

/** /IpamDriver.RequestPool */
export async function requestPool(deps: ServiceDeps, body: unknown) {
  const request = parseRequest(DockerRequestPoolSchema, body);
  assertPoolGiven(request);
  // dockerd asks for an IPv4 pool even for an IPv6-only network: as underlay's
  // own create, take the first default-pool subnet that overlaps nothing here.
  const cidr = request.Pool ? poolCidr(request.Pool, 'Pool') : await defaultPool(deps);
  // A loopback, multicast or other special block would be refused at CreateNetwork: say so now.
  const reserved = request.Pool ? specialRangeIssue(cidr, request.Pool, ['Pool']) : null;
  if (reserved) throw new DomainError(reserved);
  assertPoolFits(request, cidr);
  const pool: DockerPool = {
    id: poolIdOf(formatCidr(cidr), request.SubPool),
    pool: formatCidr(cidr),
    subPool: request.SubPool,
    v6: request.V6,
    networkId: null,
  };
  savePool(deps.db, pool);
  return { PoolID: pool.id, Pool: pool.pool, Data: {} };
}

/** The first of Docker's default local pools free on this host and among pools handed to Docker. */
async function defaultPool(deps: ServiceDeps): Promise<Cidr> {
  const snapshot = await takeSnapshot(deps);
  const handed = listPools(deps.db).flatMap((p) => parseCidr(p.pool) ?? []);
  const picked = pickDefaultIpv4Subnet(snapshot, handed);
  if (picked) return picked;
  throw new DomainError(
    issue(
      'POOLS_EXHAUSTED',
      ['Pool'],
      'every default IPv4 pool overlaps a subnet on this host.',
      'Give an IPv4 --subnet.',
    ),
  );
}

function sameNetwork(outer: Cidr, inner: Cidr): boolean {
  const shift = BigInt((outer.family === 4 ? 32 : 128) - outer.prefix);
  return outer.network >> shift === inner.network >> shift;
}

/** /IpamDriver.ReleasePool: forgets the pool and gives back what it still held; idempotent. */
export function releasePool(deps: ServiceDeps, body: unknown) {
  const { PoolID } = parseRequest(DockerReleasePoolSchema, body);
  return operate(deps, 'docker.releasePool', async () => {
    const pool = getPool(deps.db, PoolID);
    const subnet = pool?.networkId
      ? subnetPool(deps, pool.networkId, poolCidr(pool.pool, 'PoolID'))
      : undefined;
    for (const text of pool ? poolAddresses(deps.db, pool.id) : [])
      subnet?.release(plainAddress(text, 'Address').value);
    deletePool(deps.db, PoolID);
    return {};
  });
}

function requirePool(deps: ServiceDeps, id: string): DockerPool {
  const pool = getPool(deps.db, id);
  if (pool) return pool;
  throw new DomainError(
    issue(
      'NOT_FOUND',
      ['PoolID'],
      `no pool "${id}" on this host.`,
      'dockerd asks for pools with RequestPool first; restart dockerd so it replays its requests.',
    ),
  );
}

/** /IpamDriver.RequestAddress */
export function requestAddress(deps: ServiceDeps, body: unknown) {
  const request = parseRequest(DockerRequestAddressSchema, body);
  return operate(deps, 'docker.requestAddress', async () => {
    const pool = requirePool(deps, request.PoolID);
    const cidr = poolCidr(pool.pool, 'PoolID');
    const subnet = pool.networkId ? subnetPool(deps, pool.networkId, cidr) : undefined;
    const gateway =
      request.Options?.[DOCKER_LABELS.requestAddressType] === DOCKER_LABELS.gatewayRequest;
    if (!subnet) return { Address: unboundAddress(request.Address, cidr, gateway), Data: {} };
    if (!request.Address) {
      if (gateway) throw noGateway(pool);
      const value = await takePoolAddress(deps, pool.networkId!, subnet);
      const text = formatAddress({ family: cidr.family, value });
      holdAddress(deps.db, pool.id, text);
      return { Address: withPrefix({ family: cidr.family, value }, cidr), Data: {} };
    }
    const address = plainAddress(request.Address, 'Address');
    const offset = subnet.space.offsetOf(address.family, address.value);
    const text = formatAddress(address);
    // A replay (dockerd restarted) asks again for what it holds: the gateway, aux addresses, its endpoints'.
    const replay =
      (offset !== null && subnet.space.reservedAs(offset) !== undefined) ||
      holds(deps, pool.id, text);
    if (!replay) {
      await takePoolAddress(deps, pool.networkId!, subnet, address.value);
      holdAddress(deps.db, pool.id, text);
    }
    return { Address: withPrefix(address, cidr), Data: {} };
  });
}

function holds(deps: ServiceDeps, poolId: string, text: string): boolean {
  return (
    deps.db
      .prepare('SELECT 1 FROM docker_addresses WHERE pool_id = ? AND address = ?')
      .get(poolId, text) !== undefined
  );
}

/** Before CreateNetwork: the gateway (first usable address unless asked) and aux addresses, checked against the pool. */
function unboundAddress(text: string, cidr: Cidr, gateway: boolean): string {
  if (!text) {
    if (!gateway)
      throw new DomainError(
        issue(
          'NOT_FOUND',
          ['PoolID'],
          `no network uses pool ${formatCidr(cidr)} yet, so it has no addresses to hand out.`,
          'Create the network first (docker network create --ipam-driver underlay …).',
        ),
      );
    return withPrefix({ family: cidr.family, value: cidr.network + 1n }, cidr);
  }
  const address = plainAddress(text, 'Address');
  const last = cidr.network + (1n << BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix)) - 1n;
  if (address.family !== cidr.family || address.value < cidr.network || address.value > last)
    throw new DomainError(
      issue(
        'ADDRESS_OUTSIDE_SUBNET',
        ['Address'],
        `${text} is not in ${formatCidr(cidr)}.`,
        'Give a --gateway or --aux-address inside --subnet.',
      ),
    );
  return withPrefix(address, cidr);
}

function noGateway(pool: DockerPool): DomainError {
  return new DomainError(
    issue(
      'INVALID_GATEWAY',
      ['Address'],
      `network ${pool.networkId} has no gateway in ${pool.pool} to replay.`,
      'Recreate the network with --gateway.',
    ),
  );
}

/** /IpamDriver.ReleaseAddress: frees what was handed out; gateway, aux and unknown addresses are left as they are. */
export function releaseAddress(deps: ServiceDeps, body: unknown) {
  const request = parseRequest(DockerReleaseAddressSchema, body);
  return operate(deps, 'docker.releaseAddress', async () => {
    const pool = getPool(deps.db, request.PoolID);
    if (!pool) return {};
    const address = plainAddress(request.Address, 'Address');
    if (!dropAddress(deps.db, pool.id, formatAddress(address))) return {};
    const subnet = pool.networkId
      ? subnetPool(deps, pool.networkId, poolCidr(pool.pool, 'PoolID'))
      : undefined;
    if (subnet?.release(address.value)) releaseFleetAddress(deps, pool.networkId!, request.Address);
    return {};
  });
}
