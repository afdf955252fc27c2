import { DomainError, issue, type Issue } from '../errors';
import { type Cidr, cidrSize, type Family, formatAddress, formatCidr } from '../ip';
import { AddressSet } from './address-set';

// Networks that use the identical subnet on one host (each with its own
// --ip-range) must never hand out the same address twice (Docker's rule,
// IPVLAN-REFERENCE §3.2), so the address set belongs to the subnet, not to a
// network. Reservations (gateway, aux) are counted per holder so that removing
// one network leaves the others' reservations in place.

/** Why an address is never handed out dynamically or statically. */
interface Reservation {
  label: string;
  /** Networks holding it; fixed addresses (network, broadcast, anycast) are never released. */
  holders: number;
  fixed: boolean;
}

// RFC 3021 (IPv4 /31) and RFC 6164 (IPv6 /127) point-to-point links use both
// addresses; a /32 or /128 has only one. Docker reserves the IPv6 first address
// even there, leaving a /128 with no usable address: we do not.
/** The network, broadcast and subnet-router anycast offsets of a subnet, with their labels. */
export function fixedReservations(cidr: Cidr): [bigint, string][] {
  if (cidr.family === 4)
    return cidr.prefix >= 31
      ? []
      : [
          [0n, 'network address'],
          [cidrSize(cidr) - 1n, 'broadcast address'],
        ];
  return cidr.prefix >= 127 ? [] : [[0n, 'subnet-router anycast address']];
}

/** One subnet's addresses on a host, shared by every network that uses that exact subnet. */
export class AddressSpace {
  readonly cidr: Cidr;
  readonly size: bigint;
  readonly text: string;
  readonly set = new AddressSet();
  // Keyed by the offset as a number when it is one exactly (as it always is in
  // window 0), so that the release path asks without making a BigInt.
  private readonly reservations = new Map<number | bigint, Reservation>();

  constructor(cidr: Cidr) {
    this.cidr = cidr;
    this.size = cidrSize(cidr);
    this.text = formatCidr(cidr);
    for (const [offset, label] of fixedReservations(cidr)) {
      this.reservations.set(key(offset), { label, holders: 1, fixed: true });
      this.set.add(offset);
    }
  }

  /** Offset of an address in the subnet, or null when it lies outside (or is of the other family). */
  offsetOf(family: Family, value: bigint): bigint | null {
    const offset = value - this.cidr.network;
    return family === this.cidr.family && offset >= 0n && offset < this.size ? offset : null;
  }

  /** The reason an offset is reserved, or undefined when it is not. */
  reservedAs(offset: bigint): string | undefined {
    return this.reservations.get(key(offset))?.label;
  }

  /** True when an offset given as a safe integer (window 0) is reserved. */
  reservedNear(offset: number): boolean {
    return this.reservations.has(offset);
  }

  /** Reserves an offset for one more holder; an address already given to a container cannot be reserved. */
  reserve(offset: bigint, label: string, path: Issue['path']): void {
    const existing = this.reservations.get(key(offset));
    if (existing) {
      existing.holders++;
      return;
    }
    if (!this.set.add(offset)) {
      const address = formatAddress({
        family: this.cidr.family,
        value: this.cidr.network + offset,
      });
      throw new DomainError(
        issue(
          'ADDRESS_IN_USE',
          path,
          `${label} ${address} is already given to a container in ${this.text}.`,
          'Pick another address, or disconnect the container that holds it first.',
        ),
      );
    }
    this.reservations.set(key(offset), { label, holders: 1, fixed: false });
  }

  /** Drops one holder of a reservation; the address becomes free with its last holder. */
  unreserve(offset: bigint): void {
    const reservation = this.reservations.get(key(offset));
    if (!reservation || reservation.fixed || --reservation.holders > 0) return;
    this.reservations.delete(key(offset));
    this.set.delete(offset);
  }
}

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** The reservations' key of an offset: a number when exact, else the BigInt (one key per offset either way). */
const key = (offset: bigint): number | bigint => (offset <= SAFE_MAX ? Number(offset) : offset);
