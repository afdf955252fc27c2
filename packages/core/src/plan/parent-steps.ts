import { DomainError, issue } from '../errors';
import type { Network } from '../schemas/network';
import type { LinkSpec, PlanStep } from '../schemas/ops';
import type { HostSnapshot } from '../schemas/snapshot';
import { vlanBaseOf } from './names';
import { step } from './types';

/** True when the host has a link of that name. */
export const hasLink = (snapshot: HostSnapshot, name: string): boolean =>
  snapshot.links.some((l) => l.name === name);

/** The spec underlay uses to make a network's parent, or null when the parent is not underlay's to make. */
export function parentSpecOf(network: Network): LinkSpec | null {
  if (network.parentKind === 'dummy') return { kind: 'dummy', name: network.parent };
  if (network.parentKind !== 'vlan') return null;
  const link = vlanBaseOf(network.parent);
  const id = network.vlanId ?? Number(network.parent.slice(network.parent.lastIndexOf('.') + 1));
  if (!link || !(id >= 1 && id <= 4094)) {
    throw new DomainError(
      issue(
        'INVALID_VLAN_ID',
        ['options', 'parent'],
        `parent "${network.parent}" is not NAME.VID with VID 1–4094.`,
      ),
    );
  }
  return { kind: 'vlan', name: network.parent, link, id };
}

// Docker's createVlanLink: `ip link add link eth0 name eth0.10 type vlan id 10`
// then up; the lower link is not touched (not brought up, MTU unchanged).
/** Steps that make a parent link and bring it up. The inverse of up is down so that undoing restores each state exactly. */
export function makeParentSteps(spec: LinkSpec, reason: string): PlanStep[] {
  const what =
    spec.kind === 'vlan' ? `802.1Q VLAN ${spec.id} sub-interface on ${spec.link}` : 'dummy parent';
  return [
    step(
      { op: 'linkAdd', spec },
      { op: 'linkDel', name: spec.name },
      `create ${what} ${spec.name}: ${reason}`,
    ),
    step(
      { op: 'linkSetUp', name: spec.name },
      { op: 'linkSetDown', name: spec.name },
      `bring ${spec.name} up so ipvlan links on it pass traffic`,
    ),
  ];
}

/** Refuses to plan a VLAN sub-interface whose lower link is absent (validation normally catches it first). */
export function assertVlanBase(spec: LinkSpec, snapshot: HostSnapshot): void {
  if (spec.kind !== 'vlan' || hasLink(snapshot, spec.link)) return;
  throw new DomainError(
    issue(
      'PARENT_BASE_NOT_FOUND',
      ['options', 'parent'],
      `cannot create ${spec.name}: its lower link ${spec.link} does not exist on this host.`,
      `Use a parent NAME.VID whose NAME exists (see \`ip link\`).`,
    ),
  );
}
