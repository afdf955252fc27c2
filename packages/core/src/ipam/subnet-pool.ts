import { DomainError, issue, type ErrorCode, type Issue } from '../errors';
import { type Cidr, cidrLast, type Family, formatAddress, parseAddress, parseCidr } from '../ip';
import type { Subnet } from '../schemas';
import { type Spot, toSpot } from './address-set';
import { AddressSpace } from './address-space';

/** Docker's `Status.IPAM.Subnets[cidr]`: addresses taken (reserved ones included) and addresses left for dynamic allocation. */
export interface SubnetUsage {
  ipsInUse: bigint;
  dynamicIpsAvailable: bigint;
}

/** What a pool needs besides the validated subnet. */
export interface SubnetPoolOptions {
  subnet: Subnet;
  /** Network name, for messages. */
  network: string;
  /** The space of another network with the identical subnet, to share its addresses. */
  space?: AddressSpace;
  /** Where the subnet sits in the network request, for error paths: `['ipam', 0]`. */
  path?: Issue['path'];
}

/** Docker's AddAny looks at no more than 2^63 addresses of an IPv6 range; so do we. */
const DYNAMIC_MAX = 1n << 63n;

/** The addresses of one network in one subnet: dynamic allocation inside the ip-range, static anywhere in the subnet. */
export class SubnetPool {
  readonly cidr: Cidr;
  readonly space: AddressSpace;
  readonly network: string;
  private readonly first: bigint;
  private readonly last: bigint;
  private readonly lo: Spot;
  private readonly hi: Spot;
  private readonly rangeText: string;
  private readonly held: bigint[] = [];
  private handedOut = 0;

  constructor({ subnet, network, space, path = [] }: SubnetPoolOptions) {
    this.cidr = space?.cidr ?? cidrOf(subnet.subnet, path);
    this.space = space ?? new AddressSpace(this.cidr);
    this.network = network;
    const range =
      subnet.ipRange === undefined ? this.cidr : this.rangeOf(subnet.ipRange, [...path, 'ipRange']);
    this.first = range.network - this.cidr.network;
    this.last = min(cidrLast(range) - this.cidr.network, this.first + DYNAMIC_MAX - 1n);
    this.lo = toSpot(this.first);
    this.hi = toSpot(this.last);
    this.rangeText = subnet.ipRange === undefined ? '' : ` (ip-range ${subnet.ipRange})`;
    this.reserveAll(subnet, path);
  }

  /** Addresses this pool handed out and has not taken back. */
  get endpoints(): number {
    return this.handedOut;
  }

  /** The subnet, with its range when it has one, as messages name it. */
  get description(): string {
    return `${this.space.text}${this.rangeText}`;
  }

  /** Gives the lowest free address of the range; throws ADDRESS_EXHAUSTED when there is none. */
  allocate(): bigint {
    const value = this.tryAllocate();
    if (value === null) throw this.exhausted();
    return value;
  }

  /** Gives the lowest free address of the range, or null when there is none (to try the next subnet). */
  tryAllocate(): bigint | null {
    const offset = this.space.set.takeFirstFree(this.lo, this.hi);
    if (offset === null) return null;
    this.handedOut++;
    return this.cidr.network + offset;
  }

  /** Takes a chosen address anywhere in the subnet (the range limits only dynamic allocation). */
  allocateStatic(value: bigint): void {
    const offset = this.space.offsetOf(this.cidr.family, value);
    if (offset === null)
      throw this.refusal(
        'ADDRESS_OUTSIDE_SUBNET',
        value,
        `is not in subnet ${this.space.text}`,
        `Pick an address inside ${this.space.text}, or leave it out to get one automatically.`,
      );
    const reserved = this.space.reservedAs(offset);
    if (reserved)
      throw this.refusal(
        'ADDRESS_RESERVED',
        value,
        `is reserved in ${this.space.text} (${reserved})`,
        'Pick another address: network, broadcast, gateway and aux addresses never go to containers.',
      );
    if (!this.space.set.add(offset))
      throw this.refusal(
        'ADDRESS_IN_USE',
        value,
        `is already in use in ${this.space.text}`,
        'Pick another address, or disconnect the container that holds it.',
      );
    this.handedOut++;
  }

  // Idempotent like CNI's DEL: releasing twice, or releasing a reserved
  // address (which no endpoint can hold), changes nothing and says so.
  /** Frees an address at once for reuse; false when it was not handed out. */
  release(value: bigint): boolean {
    const offset = this.space.offsetOf(this.cidr.family, value);
    if (
      offset === null ||
      this.space.reservedAs(offset) !== undefined ||
      !this.space.set.delete(offset)
    )
      return false;
    this.handedOut--;
    return true;
  }

  /** In use counts everything taken in the subnet (shared networks included); available counts the free addresses of the range. */
  usage(): SubnetUsage {
    const taken = this.space.set.countBetween(this.first, this.last);
    return {
      ipsInUse: BigInt(this.space.set.size),
      dynamicIpsAvailable: this.last - this.first + 1n - taken,
    };
  }

  /** Gives back this pool's gateway and aux reservations (the space outlives it when shared). */
  close(): void {
    for (const offset of this.held.splice(0)) this.space.unreserve(offset);
  }

  private reserveAll(subnet: Subnet, path: Issue['path']): void {
    try {
      const gateway = subnet.gateway ?? subnet.reservedGateway;
      if (gateway !== undefined)
        this.hold(gateway, 'gateway', [...path, 'gateway'], 'GATEWAY_OUTSIDE_SUBNET');
      for (const [name, text] of Object.entries(subnet.auxAddresses)) {
        this.hold(
          text,
          `aux address "${name}"`,
          [...path, 'auxAddresses', name],
          'AUX_ADDRESS_OUTSIDE_SUBNET',
        );
      }
    } catch (error) {
      this.close();
      throw error;
    }
  }

  private hold(text: string, label: string, path: Issue['path'], outside: ErrorCode): void {
    const address = parseAddress(text);
    if (!address)
      throw new DomainError(
        issue(
          'INVALID_ADDRESS',
          path,
          `${label} "${text}" is not an IP address.`,
          'Give a plain address such as 10.1.0.1 or 2001:db8::1.',
        ),
      );
    const offset = this.space.offsetOf(address.family, address.value);
    if (offset === null)
      throw new DomainError(
        issue(
          outside,
          path,
          `${label} ${text} is not in subnet ${this.space.text}.`,
          `Pick an address inside ${this.space.text}.`,
        ),
      );
    this.space.reserve(offset, label, path);
    this.held.push(offset);
  }

  private rangeOf(text: string, path: Issue['path']): Cidr {
    const range = parseCidr(text);
    const inside =
      range &&
      range.family === this.cidr.family &&
      range.network >= this.cidr.network &&
      cidrLast(range) <= cidrLast(this.cidr);
    if (!range || !inside)
      throw new DomainError(
        issue(
          'IP_RANGE_OUTSIDE_SUBNET',
          path,
          `ip-range ${text} is not a block inside subnet ${this.space.text}.`,
          `Give a CIDR inside ${this.space.text}, or leave the range out.`,
        ),
      );
    return range;
  }

  private refusal(code: ErrorCode, value: bigint, what: string, hint: string): DomainError {
    const address = formatAddress({ family: this.cidr.family, value });
    return new DomainError(
      issue(
        code,
        [this.cidr.family === 4 ? 'ipv4Address' : 'ipv6Address'],
        `${address} ${what} (network "${this.network}").`,
        hint,
      ),
    );
  }

  private exhausted(): DomainError {
    return exhaustedError(this.cidr.family, [this], this.network);
  }
}

function cidrOf(text: string, path: Issue['path']): Cidr {
  const cidr = parseCidr(text);
  if (!cidr)
    throw new DomainError(
      issue(
        'INVALID_SUBNET',
        [...path, 'subnet'],
        `subnet "${text}" is not a CIDR.`,
        'Write it as 10.1.0.0/24 or 2001:db8::/64.',
      ),
    );
  return cidr;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** ADDRESS_EXHAUSTED naming the network and every subnet that was tried. */
export function exhaustedError(family: Family, pools: SubnetPool[], network: string): DomainError {
  const where = pools.map((pool) => pool.description).join(', ');
  const message = `No free IPv${family} address left in ${where} of network "${network}".`;
  return new DomainError(
    issue(
      'ADDRESS_EXHAUSTED',
      ['network'],
      message,
      'Disconnect a container, or use a network with a larger --subnet or --ip-range.',
    ),
  );
}
