import { DomainError, type Issue, issue } from '../errors';
import {
  type Address,
  type Cidr,
  cidrContains,
  cidrOverlaps,
  parseAddress,
  parseCidr,
} from '../ip';
import type { IpamConfig } from '../schemas';

/** The CLI's repeatable flags, as typed: `--subnet`, `--gateway`, `--ip-range`, `--aux-address name=ip`. */
export interface IpamFlags {
  subnets: readonly string[];
  gateways?: readonly string[];
  ipRanges?: readonly string[];
  auxAddresses?: Readonly<Record<string, string>>;
}

interface Slot {
  text: string;
  cidr: Cidr;
  config: IpamConfig;
}

// docker/cli createIPAMConfig: subnets must not overlap; each gateway, range and aux
// address goes to the subnet that contains it; a second gateway or range for one
// subnet, or one that no subnet contains, is refused. Order of --subnet is kept.
/** Pairs CLI flags into ipam entries, as docker/cli does; throws a DomainError carrying every issue. */
export function pairIpamFlags(flags: IpamFlags): IpamConfig[] {
  const issues: Issue[] = [];
  const slots = subnetSlots(flags.subnets, issues);
  pairRanges(flags.ipRanges ?? [], slots, issues);
  pairGateways(flags.gateways ?? [], slots, issues);
  pairAuxAddresses(flags.auxAddresses ?? {}, slots, issues);
  if (issues.length) throw new DomainError(issues);
  return slots.map((slot) => slot.config);
}

function pairRanges(ipRanges: readonly string[], slots: Slot[], issues: Issue[]): void {
  ipRanges.forEach((text, i) => {
    const range = parseCidr(text);
    if (!range)
      return issues.push(
        issue(
          'INVALID_IP_RANGE',
          ['ipRange', i],
          `ip-range "${text}" is not a CIDR block.`,
          'Write it as ADDRESS/PREFIX, e.g. 192.168.1.128/25.',
        ),
      );
    assign({
      slots,
      issues,
      text,
      address: { family: range.family, value: range.network },
      path: ['ipRange', i],
      field: 'ipRange',
    });
  });
}

function pairGateways(gateways: readonly string[], slots: Slot[], issues: Issue[]): void {
  gateways.forEach((text, i) => {
    const address = parseAddress(text);
    if (!address)
      return issues.push(
        issue(
          'INVALID_GATEWAY',
          ['gateway', i],
          `gateway "${text}" is not an IP address.`,
          'Give an address such as 192.168.1.1.',
        ),
      );
    assign({ slots, issues, text, address, path: ['gateway', i], field: 'gateway' });
  });
}

function pairAuxAddresses(
  auxAddresses: Readonly<Record<string, string>>,
  slots: Slot[],
  issues: Issue[],
): void {
  for (const [name, text] of Object.entries(auxAddresses)) {
    const address = parseAddress(text);
    if (!address) {
      issues.push(
        issue(
          'INVALID_AUX_ADDRESS',
          ['auxAddress', name],
          `aux-address ${name}="${text}" is not an IP address.`,
          'Write it as NAME=ADDRESS, e.g. router=192.168.1.5.',
        ),
      );
      continue;
    }
    const path = ['auxAddress', name];
    assign({ slots, issues, text, address, path, field: 'auxAddresses', auxName: name });
  }
}

function subnetSlots(subnets: readonly string[], issues: Issue[]): Slot[] {
  const slots: Slot[] = [];
  subnets.forEach((text, i) => {
    const cidr = parseCidr(text);
    if (!cidr)
      return issues.push(
        issue(
          'INVALID_SUBNET',
          ['subnet', i],
          `subnet "${text}" is not a CIDR block.`,
          'Write it as ADDRESS/PREFIX, e.g. 192.168.1.0/24.',
        ),
      );
    const clash = slots.find((slot) => cidrOverlaps(slot.cidr, cidr));
    if (clash)
      return issues.push(
        issue(
          'SUBNET_OVERLAP',
          ['subnet', i],
          `subnet "${text}" overlaps subnet "${clash.text}".`,
          'Give --subnet flags that do not overlap.',
        ),
      );
    slots.push({ text, cidr, config: { subnet: text } });
  });
  return slots;
}

interface Assignment {
  slots: Slot[];
  issues: Issue[];
  text: string;
  address: Address;
  path: Issue['path'];
  field: 'gateway' | 'ipRange' | 'auxAddresses';
  auxName?: string;
}

const LABEL = { gateway: 'gateway', ipRange: 'ip-range', auxAddresses: 'aux-address' } as const;
const OUTSIDE = {
  gateway: 'GATEWAY_OUTSIDE_SUBNET',
  ipRange: 'IP_RANGE_OUTSIDE_SUBNET',
  auxAddresses: 'AUX_ADDRESS_OUTSIDE_SUBNET',
} as const;
const MULTIPLE = { gateway: 'MULTIPLE_GATEWAYS', ipRange: 'MULTIPLE_IP_RANGES' } as const;

function assign({ slots, issues, text, address, path, field, auxName }: Assignment): void {
  const slot = slots.find((s) => cidrContains(s.cidr, address));
  const label = LABEL[field];
  if (!slot) {
    const list = slots.map((s) => s.text).join(', ') || 'none given';
    issues.push(
      issue(
        OUTSIDE[field],
        path,
        `no --subnet contains ${label} "${text}" (subnets: ${list}).`,
        `Add the --subnet it belongs to, or fix the ${label}.`,
      ),
    );
    return;
  }
  if (field === 'auxAddresses') {
    slot.config.auxAddresses = { ...slot.config.auxAddresses, [auxName ?? text]: text };
    return;
  }
  const already = slot.config[field];
  if (already !== undefined) {
    issues.push(
      issue(
        MULTIPLE[field],
        path,
        `subnet "${slot.text}" is given two ${label}s ("${already}" and "${text}").`,
        `Give one ${label} per subnet.`,
      ),
    );
    return;
  }
  slot.config[field] = text;
}
