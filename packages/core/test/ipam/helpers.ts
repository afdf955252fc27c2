// Small builders so each table row reads like the CLI flags it stands for.
import { DomainError } from '../../src/errors';
import { type Family, formatAddress, parseAddress, parseCidr } from '../../src/ip';
import { SubnetPool } from '../../src/ipam/subnet-pool';
import type { Subnet } from '../../src/schemas';

/** Optional flags of one subnet, as `--gateway`, `--ip-range`, `--aux-address`. */
export interface SubnetFlags {
  gateway?: string;
  reservedGateway?: string;
  ipRange?: string;
  auxAddresses?: Record<string, string>;
}

/** A validated Subnet record for a CIDR. */
export function subnet(cidr: string, flags: SubnetFlags = {}): Subnet {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`bad test CIDR ${cidr}`);
  return {
    family: parsed.family,
    subnet: cidr,
    auxAddresses: {},
    fromDefaultPool: false,
    ...flags,
  };
}

/** A pool for a CIDR in network "net". */
export const pool = (cidr: string, flags: SubnetFlags = {}): SubnetPool =>
  new SubnetPool({ subnet: subnet(cidr, flags), network: 'net', path: ['ipam', 0] });

/** An address's value. */
export function ip(text: string): bigint {
  const parsed = parseAddress(text);
  if (!parsed) throw new Error(`bad test address ${text}`);
  return parsed.value;
}

/** An address's text. */
export const text = (family: Family, value: bigint): string => formatAddress({ family, value });

/** Every dynamic address until the pool is full (bounded, for small subnets). */
export function drain(target: SubnetPool, limit = 4096): string[] {
  const out: string[] = [];
  for (
    let value = target.tryAllocate();
    value !== null && out.length < limit;
    value = target.tryAllocate()
  )
    out.push(text(target.cidr.family, value));
  return out;
}

/** The DomainError a call throws (fails the test when it throws nothing or something else). */
export function domainError(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
