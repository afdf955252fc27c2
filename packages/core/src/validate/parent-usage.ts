import { type Issue, issue } from '../errors';
import type { HostSnapshot, IpvlanFlag, IpvlanMode, Network } from '../schemas';

const PATH = ['options', 'parent'];

interface UsageRequest {
  parent: string;
  mode: IpvlanMode;
  flag: IpvlanFlag;
  snapshot: HostSnapshot;
}

// The kernel keeps one ipvlan "port" per master, and a new slave sets the port's
// mode and flags for every slave on it: two networks on one parent must agree,
// or creating the second would silently switch the first. Docker refuses any
// second network; we allow it when mode and flag agree (decision table).
/** Refuses a parent that carries macvlan links or ipvlan networks/links of another mode or flag. */
export function parentUsageIssues(request: UsageRequest): Issue[] {
  return [...macvlanIssues(request), ...networkModeIssues(request), ...linkModeIssues(request)];
}

function macvlanIssues({ parent, snapshot }: UsageRequest): Issue[] {
  const macvlans = snapshot.links.filter(
    (l) => l.parent === parent && (l.kind === 'macvlan' || l.kind === 'macvtap'),
  );
  if (!macvlans.length) return [];
  return [
    issue(
      'PARENT_BUSY',
      PATH,
      `parent "${parent}" already carries macvlan links (${macvlans.map((l) => l.name).join(', ')}); a link cannot be master to both macvlan and ipvlan.`,
      `Use another parent (e.g. a VLAN sub-interface ${parent}.N), or remove the macvlan links first.`,
    ),
  ];
}

// Underlay's own networks on the parent, from the records.
function networkModeIssues({ parent, mode, flag, snapshot }: UsageRequest): Issue[] {
  const networks = snapshot.networks.filter(
    (n) => n.parent === parent && (n.mode !== mode || n.flag !== flag),
  );
  if (!networks.length) return [];
  return [
    issue(
      'PARENT_MODE_CONFLICT',
      PATH,
      `parent "${parent}" is used by ${describeUsers(networks)}; this network asks for ${mode}/${flag}.`,
      'All networks on one parent share its ipvlan mode and flag: use the same ipvlan_mode and ipvlan_flag, or another parent.',
    ),
  ];
}

// Any ipvlan link on the parent, underlay's or not, from the kernel.
function linkModeIssues({ parent, mode, flag, snapshot }: UsageRequest): Issue[] {
  const links = snapshot.links.filter(
    (l) =>
      l.parent === parent &&
      l.kind === 'ipvlan' &&
      ((l.ipvlanMode && l.ipvlanMode !== mode) || (l.ipvlanFlag && l.ipvlanFlag !== flag)),
  );
  if (!links.length) return [];
  const shown = links
    .map((l) => `${l.name} (${l.ipvlanMode ?? '?'}/${l.ipvlanFlag ?? '?'})`)
    .join(', ');
  return [
    issue(
      'PARENT_MODE_CONFLICT',
      PATH,
      `parent "${parent}" already carries ipvlan links of another mode or flag: ${shown}; this network asks for ${mode}/${flag}.`,
      'The kernel keeps one mode and flag per parent: match them, or use another parent.',
    ),
  ];
}

/** `network "a" (l2/bridge), network "b" (l3/bridge)` for messages. */
export function describeUsers(networks: Network[]): string {
  return networks.map((n) => `network "${n.name}" (${n.mode}/${n.flag})`).join(', ');
}
