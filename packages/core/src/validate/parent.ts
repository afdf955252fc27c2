import { type Issue, issue, onHost } from '../errors';
import type { HostSnapshot, IpvlanFlag, IpvlanMode, ParentKind, SnapshotLink } from '../schemas';
import { loopbackIssues, parseVlanParent, validateIfname, vlanParentIssues } from './ifname';
import { parentUsageIssues } from './parent-usage';

const PATH = ['options', 'parent'];

/** Prefix and id length of the dummy parent of a network without one: `di-` + 12 chars = 15, the Linux maximum (Docker's getDummyName). */
export const dummyParentName = (networkId: string): string => `di-${networkId.slice(0, 12)}`;

/** Where a network's ipvlan links will hang, and why. */
export interface ResolvedParent {
  parent: string;
  parentKind: ParentKind;
  vlanId?: number;
  /** What the user asked: a dummy parent isolates the network by itself, so no parent does not force internal. */
  internal: boolean;
  issues: Issue[];
}

interface ParentRequest {
  /** `-o parent` as given; undefined or "" means none. */
  parent: string | undefined;
  internal: boolean;
  networkId: string;
  mode: IpvlanMode;
  flag: IpvlanFlag;
  snapshot: HostSnapshot;
}

// Decision table: no parent (or an empty one), with or without --internal, gives
// a dummy parent; --internal with a parent keeps it. Internal stays what the user
// asked either way: the dummy has no wire, so it already isolates the network from
// everything outside the host, and forcing internal would take away the seed's L3
// `default dev eth0` that lets ipnet210's subnets reach each other.
/** Resolves and checks the parent of a network being created. */
export function resolveParent(request: ParentRequest): ResolvedParent {
  const { parent, internal, networkId } = request;
  if (!parent)
    return { parent: dummyParentName(networkId), parentKind: 'dummy', internal, issues: [] };
  const shape = [...validateIfname(parent, PATH, 'parent'), ...loopbackIssues(parent, PATH)];
  if (shape.length) return { parent, parentKind: 'existing', internal, issues: shape };
  const link = request.snapshot.links.find((l) => l.name === parent);
  const resolved = link ? existingParent(link) : missingParent(parent, request);
  return {
    ...resolved,
    internal,
    issues: [...resolved.issues, ...parentUsageIssues({ ...request, parent })],
  };
}

function existingParent(link: SnapshotLink): Omit<ResolvedParent, 'internal'> {
  const issues = link.up ? [] : [downIssue(link.name, `parent "${link.name}" is down.`)];
  const vlanId = link.kind === 'vlan' ? link.vlanId : undefined;
  // An existing NAME.VID vlan link is adopted as a VLAN parent; any other link (a NIC,
  // a bond, a VLAN named otherwise such as "foo") is the operator's, never deleted.
  const parentKind: ParentKind =
    link.kind === 'vlan' && parseVlanParent(link.name) ? 'vlan' : 'existing';
  return { parent: link.name, parentKind, ...(vlanId !== undefined ? { vlanId } : {}), issues };
}

function missingParent(parent: string, request: ParentRequest): Omit<ResolvedParent, 'internal'> {
  const { snapshot } = request;
  const vlan = parseVlanParent(parent);
  if (!vlan) return { parent, parentKind: 'existing', issues: [notFoundIssue(parent, snapshot)] };
  const issues = vlanParentIssues(vlan, PATH);
  const base = snapshot.links.find((l) => l.name === vlan.base);
  if (!base) {
    issues.push(
      issue(
        'PARENT_BASE_NOT_FOUND',
        PATH,
        `parent "${parent}" is a VLAN sub-interface of "${vlan.base}", which does not exist ${onHost(snapshot.hostname)}.`,
        `Use a VLAN on an existing link (${linkList(snapshot)}), e.g. -o parent=${suggestBase(snapshot)}.${vlan.vid}.`,
      ),
    );
    return { parent, parentKind: 'vlan', vlanId: vlan.vid, issues };
  }
  issues.push(...loopbackIssues(base.name, PATH));
  if (!base.up)
    issues.push(
      downIssue(base.name, `"${base.name}", the link under VLAN parent "${parent}", is down.`),
    );
  const twin = snapshot.links.find(
    (l) => l.kind === 'vlan' && l.parent === base.name && l.vlanId === vlan.vid,
  );
  if (twin && !issues.some((p) => p.code === 'INVALID_VLAN_ID')) {
    issues.push(
      issue(
        'INVALID_VLAN_ID',
        PATH,
        `VLAN ${vlan.vid} on "${base.name}" already exists as "${twin.name}"; the kernel allows one link per VLAN id.`,
        `Use -o parent=${twin.name}.`,
      ),
    );
  }
  return { parent, parentKind: 'vlan', vlanId: vlan.vid, issues };
}

function downIssue(name: string, message: string): Issue {
  return issue(
    'PARENT_DOWN',
    PATH,
    message,
    `Bring it up first (ip link set ${name} up); underlay does not change links it did not create.`,
  );
}

// Docker answers a missing plain NIC with "invalid subinterface vlan name en0, example
// formatting is eth0.10" (moby/libnetwork#2614), which sends people looking for VLANs.
function notFoundIssue(parent: string, snapshot: HostSnapshot): Issue {
  const dots = parent.split('.').length - 1;
  const why =
    dots > 1
      ? ` Only NAME.VID names with one dot (e.g. eth0.10) are created automatically; make "${parent}" by hand first.`
      : ' Only NAME.VID parents (e.g. eth0.10) are created automatically; any other parent must already exist.';
  return issue(
    'PARENT_NOT_FOUND',
    PATH,
    `parent "${parent}" does not exist ${onHost(snapshot.hostname)}.`,
    `Links on this host: ${linkList(snapshot)}.${why} (Interface names of another machine, such as a Mac's en0, do not exist here.)`,
  );
}

const PARENT_CAPABLE = new Set(['device', 'vlan', 'bond', 'bridge', 'dummy', 'team', 'veth']);

function linkList(snapshot: HostSnapshot): string {
  const names = snapshot.links.filter((l) => PARENT_CAPABLE.has(l.kind)).map((l) => l.name);
  if (!names.length) return 'none that can be a parent';
  return names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
}

function suggestBase(snapshot: HostSnapshot): string {
  return snapshot.links.find((l) => l.kind === 'device')?.name ?? 'eth0';
}
