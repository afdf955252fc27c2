import { DomainError, issue } from '../errors';
import { type Address, type Family, formatInterfaceAddress, parseAddress } from '../ip';
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
// half connected, so the addresses taken so far are given back on any failure.
/** Takes one address per family the network has: the static one when asked for, else a dynamic one. */
export function allocateAddresses(
  pools: SubnetPool[],
  request: AddressRequest,
  network: string,
): AllocatedAddresses {
  const taken: [SubnetPool, bigint][] = [];
  try {
    for (const family of FAMILIES) {
      const text = request[ADDRESS_FIELD[family]];
      if (hasFamily(pools, family)) taken.push(allocateFamily(pools, family, text, network));
      else if (text !== undefined) throw noSubnet(family, text, network);
    }
  } catch (error) {
    for (const [pool, value] of taken.reverse()) pool.release(value);
    throw error;
  }
  const addresses: AllocatedAddresses = {};
  for (const [pool, value] of taken)
    addresses[ADDRESS_FIELD[pool.cidr.family]] = formatInterfaceAddress(
      { family: pool.cidr.family, value },
      pool.cidr.prefix,
    );
  return addresses;
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
): [SubnetPool, bigint] {
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
    return [pool, value];
  }
  for (const pool of pools) {
    if (pool.cidr.family !== family) continue;
    const value = pool.tryAllocate();
    if (value !== null) return [pool, value];
  }
  throw exhaustedError(
    family,
    pools.filter((pool) => pool.cidr.family === family),
    network,
  );
}

/** Gives back an endpoint's addresses; returns how many were actually in use (0 when released already). */
export function releaseAddresses(pools: SubnetPool[], addresses: AllocatedAddresses): number {
  let released = 0;
  for (const family of FAMILIES) {
    const text = addresses[ADDRESS_FIELD[family]];
    const address = text === undefined ? null : parseHostAddress(text);
    if (!address) continue;
    // A network's subnets never overlap, so at most one pool holds the address:
    // release() itself answers false for the others (no second lookup per pool).
    for (const pool of pools) {
      if (pool.cidr.family === address.family && pool.release(address.value)) {
        released++;
        break;
      }
    }
  }
  return released;
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
