import { DomainError, issue } from '../errors';
import { formatCidr, parseCidr } from '../ip';

// Hosts name their trunks, not their NICs: host-a's eth0 and host-b's ens3 can
// be cabled to the same switch trunk. A host's `trunk` setting maps its base
// NIC to a fleet-wide name; without it the base NIC's own name is the trunk, so
// a fleet whose hosts all use eth0 needs no setting at all.

/** What decides a network's segment: its parent, its subnet, and an optional explicit label. */
export interface SegmentInput {
  /** The network's parent as written (`eth0.10`, `bond0`, or undefined for a dummy parent). */
  parent?: string;
  /** One subnet of the network (each subnet is its own address space). */
  subnet: string;
  /** `-o segment=NAME`: joins networks that share L2 without a VLAN, or overrides the derived key. */
  label?: string;
  /** This host's name for the trunk its base NIC is cabled to; defaults to the NIC's name. */
  trunks?: Readonly<Record<string, string>>;
  /** Whether the network is internal (a dummy parent): never shared with other hosts. */
  internal?: boolean;
}

/** A segment: the fleet-wide address space one subnet of one L2 domain shares. */
export interface Segment {
  /** Store-safe id, e.g. `trunk=eth0,vlan=10,subnet=10.1.0.0_24` or `label=lab,subnet=10.1.0.0_24`. */
  id: string;
  /** Canonical subnet. */
  subnet: string;
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** The VLAN id and base NIC of a parent written `NAME.VID`; a plain parent has no VLAN. */
export function parentParts(parent: string): { base: string; vlan?: number } {
  const match = /^(.+)\.(\d{1,4})$/.exec(parent);
  if (!match) return { base: parent };
  const vlan = Number(match[2]);
  return vlan >= 1 && vlan <= 4094 ? { base: match[1]!, vlan } : { base: parent };
}

// Only two cases share addresses across hosts: the same VLAN id on the same
// trunk (the 802.1Q tag is what makes it one L2 domain), or a label the
// operator gave. A plain parent without a label may be a different wire on
// every host, and a dummy parent is host-local by construction: both stay local.
/** The segment of one subnet of a network, or null when the network is host-local. */
export function segmentOf(input: SegmentInput): Segment | null {
  const cidr = parseCidr(input.subnet);
  if (!cidr || cidr.network !== cidr.written)
    throw new DomainError(
      issue('INVALID_SUBNET', ['subnet'], `subnet "${input.subnet}" is not a CIDR.`),
    );
  const subnet = formatCidr(cidr);
  const subnetPart = `subnet=${subnet.replace('/', '_')}`;
  if (input.label !== undefined) {
    if (!LABEL.test(input.label))
      throw new DomainError(
        issue(
          'INVALID_SEGMENT',
          ['options', 'segment'],
          `segment label "${input.label}" is not a name.`,
          'Use 1-63 letters, digits, "_", "." or "-", starting with a letter or digit.',
        ),
      );
    return { id: `label=${input.label},${subnetPart}`, subnet };
  }
  if (input.internal || input.parent === undefined) return null;
  const { base, vlan } = parentParts(input.parent);
  if (vlan === undefined) return null;
  const trunk = input.trunks?.[base] ?? base;
  return { id: `trunk=${trunk},vlan=${vlan},${subnetPart}`, subnet };
}
