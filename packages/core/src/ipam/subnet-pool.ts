import { DomainError, issue, type ErrorCode, type Issue } from '../errors';
import {
  type Cidr,
  cidrLast,
  type Family,
  formatAddress,
  formatInterfaceAddress,
  parseAddress,
  parseCidr,
} from '../ip';
import { type AddressReading, bigIntToGroups, formatIPv4With, formatIPv6With } from '../ip/text';
import type { Subnet } from '../schemas';
import { NEAR_MAX, type Spot, toSpot } from './address-set';
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
  // The text path of connect and disconnect (tryAllocateText, offsetOfReading,
  // releaseNear) works in window 0 of the address set (offsets below 2^52:
  // every IPv4 subnet, and every dynamic IPv6 address in practice) with plain
  // numbers, and prints from the network's groups; no BigInt per address.
  /** The range's bounds in window 0 (nearLo -1 when the range starts beyond it). */
  private readonly nearLo: number;
  private readonly nearHi: number;
  /** "/prefix", printed after each address. */
  private readonly suffix: string;
  /** IPv4: the network and the subnet size as numbers. */
  private readonly base4: number;
  private readonly size4: number;
  /** IPv6: the network's eight groups, how many of them the prefix covers whole, and the prefix's bits in the next one. */
  private readonly groups: readonly number[];
  private readonly wholeGroups: number;
  private readonly partMask: number;

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
    this.nearLo = this.lo.window === 0n ? this.lo.local : -1;
    this.nearHi = this.hi.window === 0n ? this.hi.local : NEAR_MAX;
    const { family, prefix } = this.cidr;
    this.suffix = `/${prefix}`;
    this.base4 = family === 4 ? Number(this.cidr.network) : 0;
    this.size4 = family === 4 ? Number(this.space.size) : 0;
    this.groups = family === 6 ? bigIntToGroups(this.cidr.network) : [];
    this.wholeGroups = prefix >> 4;
    this.partMask = prefix % 16 === 0 ? 0 : (0xffff << (16 - (prefix % 16))) & 0xffff;
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

  /** tryAllocate, as the `addr/prefix` text an endpoint record holds. */
  tryAllocateText(): string | null {
    if (this.nearLo >= 0) {
      const offset = this.space.set.takeFirstFreeNear(this.nearLo, this.nearHi);
      if (offset >= 0) {
        this.handedOut++;
        return this.textAt(offset);
      }
    }
    // Window 0 of the range is full (or the range lies beyond it): the general path.
    const value = this.tryAllocate();
    if (value === null) return null;
    return formatInterfaceAddress({ family: this.cidr.family, value }, this.cidr.prefix);
  }

  /**
   * Offset in this subnet of an address read by readHostAddress: the offset
   * when it is below 2^52, -1 when the address is outside the subnet (or of the
   * other family), -2 when it is inside but further (then use release()).
   */
  offsetOfReading(reading: AddressReading): number {
    if (reading.family !== this.cidr.family) return -1;
    if (reading.family === 4) {
      const offset = reading.v4 - this.base4;
      return offset >= 0 && offset < this.size4 ? offset : -1;
    }
    // The subnet is aligned: inside means the prefix bits equal the network's.
    const read = reading.groups;
    const whole = this.wholeGroups;
    for (let i = 0; i < whole; i++) if (read[i] !== this.groups[i]) return -1;
    if (whole === 8) return 0;
    const part = read[whole] as number;
    if ((part & this.partMask) !== this.groups[whole]) return -1;
    let offset = part & ~this.partMask & 0xffff;
    for (let i = whole + 1; i < 8; i++) {
      if (offset >= 2 ** 36) return -2;
      offset = offset * 65536 + (read[i] as number);
    }
    return offset;
  }

  /** release() of an offset below 2^52 (from offsetOfReading). */
  releaseNear(offset: number): boolean {
    if (this.space.reservedNear(offset) || !this.space.set.deleteNear(offset)) return false;
    this.handedOut--;
    return true;
  }

  /** `addr/prefix` of an offset below 2^52 inside the subnet: the host bits are the offset's. */
  private textAt(offset: number): string {
    if (this.cidr.family === 4) return formatIPv4With(this.base4 + offset, this.suffix);
    const g = SCRATCH;
    const net = this.groups;
    for (let i = 0; i < 4; i++) g[i] = net[i] as number;
    g[4] = (net[4] as number) + Math.floor(offset / 281474976710656);
    g[5] = (net[5] as number) + (Math.floor(offset / 4294967296) % 65536);
    g[6] = (net[6] as number) + (Math.floor(offset / 65536) % 65536);
    g[7] = (net[7] as number) + (offset % 65536);
    return formatIPv6With(g, this.suffix);
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

/** The groups textAt prints from (one array for all pools: printing never nests). */
const SCRATCH = [0, 0, 0, 0, 0, 0, 0, 0];

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
