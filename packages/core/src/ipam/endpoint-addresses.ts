import { DomainError, issue } from '../errors';
import { type Address, type Family, formatInterfaceAddress, parseAddress } from '../ip';
import { groupsToBigInt, newReading, readHostAddress } from '../ip/text';
import { exhaustedError, type SubnetPool } from './subnet-pool';

/** Addresses asked for in `network connect`: plain addresses, as Docker's `--ip` and `--ip6`. */
export interface AddressRequest {
  ipv4Address?: string | undefined;
  ipv6Address?: string | undefined;
}

/** Addresses given to an endpoint, as `addr/prefix` (the Endpoint record's form). */
export interface AllocatedAddresses {
  ipv4Address?: string;
  ipv6Address?: string;
}

/** The request field of each family, which is also the error path. */
export const ADDRESS_FIELD = { 4: 'ipv4Address', 6: 'ipv6Address' } as const;

const FAMILIES: Family[] = [4, 6];

// All or nothing: a container with its IPv4 address but no IPv6 one would be
// half connected, so the address taken first is given back on any failure.
/** Takes one address per family the network has: the static one when asked for, else a dynamic one. */
export function allocateAddresses(
  pools: SubnetPool[],
  request: AddressRequest,
  network: string,
): AllocatedAddresses {
  const ipv4 = takeFamily(pools, 4, request.ipv4Address, network);
  let ipv6: Taken | undefined;
  try {
    ipv6 = takeFamily(pools, 6, request.ipv6Address, network);
  } catch (error) {
    if (ipv4) ipv4.pool.release((parseHostAddress(ipv4.text) as Address).value);
    throw error;
  }
  // One literal per shape: records are then allocated at one site each, which
  // V8 can place straight in the old generation once it sees them all survive.
  if (ipv4 && ipv6) return { ipv4Address: ipv4.text, ipv6Address: ipv6.text };
  if (ipv4) return { ipv4Address: ipv4.text };
  return ipv6 ? { ipv6Address: ipv6.text } : {};
}

/** An address taken for an endpoint: its pool and its `addr/prefix` text. */
interface Taken {
  pool: SubnetPool;
  text: string;
}

/** The family's address when the network has a subnet of that family; refused when one is asked for and it has none. */
function takeFamily(
  pools: SubnetPool[],
  family: Family,
  text: string | undefined,
  network: string,
): Taken | undefined {
  if (hasFamily(pools, family)) return allocateFamily(pools, family, text, network);
  if (text !== undefined) throw noSubnet(family, text, network);
  return undefined;
}

// Docker (endpoint.go ipamAllocateVersion) also tries each subnet in order and
// moves on only when one is full: so the first subnet fills up first.
function hasFamily(pools: SubnetPool[], family: Family): boolean {
  for (const pool of pools) if (pool.cidr.family === family) return true;
  return false;
}

// Runs per connect: the pools of the other family are skipped in the loop
// rather than filtered into a new array first.
/** One family's address: the static one in whichever subnet holds it, else the lowest free of the first subnet of that family with room. */
function allocateFamily(
  pools: SubnetPool[],
  family: Family,
  text: string | undefined,
  network: string,
): Taken {
  if (text !== undefined) {
    const value = parseRequested(family, text).value;
    const pool = pools.find((candidate) => candidate.space.offsetOf(family, value) !== null);
    if (!pool)
      throw outsideAll(
        pools.filter((candidate) => candidate.cidr.family === family),
        family,
        text,
        network,
      );
    pool.allocateStatic(value);
    return { pool, text: formatInterfaceAddress({ family, value }, pool.cidr.prefix) };
  }
  for (const pool of pools) {
    if (pool.cidr.family !== family) continue;
    const given = pool.tryAllocateText();
    if (given !== null) return { pool, text: given };
  }
  throw exhaustedError(
    family,
    pools.filter((pool) => pool.cidr.family === family),
    network,
  );
}

/** Where releaseAddresses reads each address (one for the module: reading never nests). */
const reading = newReading();

/** Gives back an endpoint's addresses; returns how many were actually in use (0 when released already). */
export function releaseAddresses(pools: SubnetPool[], addresses: AllocatedAddresses): number {
  let released = 0;
  for (const family of FAMILIES) {
    const text = addresses[ADDRESS_FIELD[family]];
    if (text === undefined) continue;
    const read = readHostAddress(text, reading);
    if (read === undefined) {
      released += releaseValue(pools, parseHostAddress(text));
      continue;
    }
    if (!read) continue;
    // A network's subnets never overlap, so at most one pool holds the address:
    // the release answers false for the others (no second lookup per pool).
    for (const pool of pools) {
      const offset = pool.offsetOfReading(reading);
      if (offset === -1) continue;
      const freed =
        offset >= 0
          ? pool.releaseNear(offset)
          : pool.release(
              reading.family === 4 ? BigInt(reading.v4) : groupsToBigInt(reading.groups),
            );
      if (freed) {
        released++;
        break;
      }
    }
  }
  return released;
}

/** The general release of one parsed address: 1 when a pool had handed it out. */
function releaseValue(pools: SubnetPool[], address: Address | null): number {
  if (!address) return 0;
  for (const pool of pools)
    if (pool.cidr.family === address.family && pool.release(address.value)) return 1;
  return 0;
}

/** Parses `addr` or `addr/prefix` (stored endpoint records carry the prefix). */
export function parseHostAddress(text: string): Address | null {
  const slash = text.indexOf('/');
  return parseAddress(slash < 0 ? text : text.slice(0, slash));
}

/** A `--ip`/`--ip6` value: a plain, specified address of the right family (as Docker checks). */
function parseRequested(family: Family, text: string): Address {
  const address = parseAddress(text);
  if (!address || address.family !== family || address.value === 0n) {
    throw new DomainError(
      issue(
        'INVALID_ADDRESS',
        [ADDRESS_FIELD[family]],
        `"${text}" is not a usable IPv${family} address.`,
        family === 4
          ? 'Give a plain address such as 10.1.0.5, without /prefix.'
          : 'Give a plain address such as 2001:db8::5, without /prefix.',
      ),
    );
  }
  return address;
}

function outsideAll(
  pools: SubnetPool[],
  family: Family,
  text: string,
  network: string,
): DomainError {
  const subnets = pools.map((pool) => pool.space.text).join(', ');
  return new DomainError(
    issue(
      'ADDRESS_OUTSIDE_SUBNET',
      [ADDRESS_FIELD[family]],
      `No subnet of network "${network}" contains ${text} (subnets: ${subnets}).`,
      'Pick an address inside one of them, or leave it out to get one automatically.',
    ),
  );
}

function noSubnet(family: Family, text: string, network: string): DomainError {
  return new DomainError(
    issue(
      'ADDRESS_OUTSIDE_SUBNET',
      [ADDRESS_FIELD[family]],
      `Network "${network}" has no IPv${family} subnet, so ${text} cannot be given.`,
      `Leave the IPv${family} address out, or connect to a network with an IPv${family} subnet.`,
    ),
  );
}
