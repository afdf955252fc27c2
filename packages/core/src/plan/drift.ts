import type { ContainerSnapshot, DriftItem } from '../schemas/drift';
import type { Endpoint } from '../schemas/endpoint';
import type { Network } from '../schemas/network';
import type { HostSnapshot } from '../schemas/snapshot';
import { addressesOf } from './routes';
import { parentSpecOf } from './parent-steps';
import { routeDrift } from './route-set';
import { shimDrift } from './shim-drift';

export interface DriftInput {
  networks: readonly Network[];
  endpoints: readonly Endpoint[];
  snapshot: HostSnapshot;
  containerSnapshots: readonly ContainerSnapshot[];
}

const item = (
  kind: DriftItem['kind'],
  network: Network,
  detail: string,
  endpoint?: Endpoint,
  extra: Pick<DriftItem, 'address' | 'link'> = {},
): DriftItem => ({
  kind,
  network: network.id,
  ...(endpoint ? { endpoint: endpoint.id } : {}),
  ...extra,
  detail,
});

function parentDrift(network: Network, snapshot: HostSnapshot): DriftItem[] {
  const link = snapshot.links.find((l) => l.name === network.parent);
  if (!link)
    return [
      item('parent-missing', network, `parent ${network.parent} of ${network.name} is missing`),
    ];
  const spec = parentSpecOf(network);
  const drift: DriftItem[] = [];
  if (
    spec?.kind === 'vlan' &&
    (link.kind !== 'vlan' ||
      (link.parent !== null && link.parent !== spec.link) ||
      (link.vlanId !== undefined && link.vlanId !== spec.id))
  ) {
    drift.push(
      item(
        'parent-changed',
        network,
        `${link.name} is now ${link.kind}${link.vlanId ? ` VLAN ${link.vlanId}` : ''} on ${link.parent ?? 'nothing'}, not VLAN ${spec.id} on ${spec.link}`,
      ),
    );
  }
  if (spec?.kind === 'dummy' && link.kind !== 'dummy')
    drift.push(
      item('parent-changed', network, `${link.name} is now a ${link.kind} link, not a dummy`),
    );
  if (!link.up)
    drift.push(item('parent-down', network, `parent ${network.parent} of ${network.name} is down`));
  return drift;
}

type SeenLink = ContainerSnapshot['links'][number];

function endpointDrift(
  network: Network,
  endpoint: Endpoint,
  seen: ContainerSnapshot | undefined,
  host: HostSnapshot,
): DriftItem[] {
  const where = `container ${endpoint.container}`;
  if (!seen || !seen.present)
    return [item('netns-missing', network, `the namespace of ${where} is gone`, endpoint)];
  const link = seen.links.find((l) => l.name === endpoint.ifname);
  const mine = addressesOf(endpoint).map(([, address]) => address);
  if (!link) return [absentLinkDrift(network, endpoint, seen, host, mine)];
  if (link.kind !== 'ipvlan')
    return [
      item(
        'link-replaced',
        network,
        `${endpoint.ifname} in ${where} is a ${link.kind} link, not ipvlan`,
        endpoint,
      ),
    ];
  return [
    ...linkStateDrift(network, endpoint, link),
    ...addressDrift(network, endpoint, seen, mine),
  ];
}

// The endpoint's link is not in its namespace: renamed there, moved to the host, or gone.
function absentLinkDrift(
  network: Network,
  endpoint: Endpoint,
  seen: ContainerSnapshot,
  host: HostSnapshot,
  mine: string[],
): DriftItem {
  const where = `container ${endpoint.container}`;
  const renamed = seen.addresses.find((a) => mine.includes(a.address));
  if (renamed)
    return item(
      'link-renamed',
      network,
      `${endpoint.ifname} of ${where} is now named ${renamed.dev}`,
      endpoint,
      { link: renamed.dev },
    );
  const moved = host.addresses.find((a) => mine.includes(a.address));
  if (moved)
    return item(
      'link-moved',
      network,
      `${endpoint.ifname} of ${where} is in the host namespace as ${moved.dev}`,
      endpoint,
      { link: moved.dev },
    );
  return item('link-missing', network, `${endpoint.ifname} is missing from ${where}`, endpoint);
}

// An ipvlan link that is there: its mode and flag, then whether it is up.
function linkStateDrift(network: Network, endpoint: Endpoint, link: SeenLink): DriftItem[] {
  const where = `container ${endpoint.container}`;
  const drift: DriftItem[] = [];
  if (
    (link.ipvlanMode && link.ipvlanMode !== network.mode) ||
    (link.ipvlanFlag && link.ipvlanFlag !== network.flag)
  ) {
    drift.push(
      item(
        'mode-changed',
        network,
        `${endpoint.ifname} in ${where} is ${link.ipvlanMode ?? '?'} ${link.ipvlanFlag ?? '?'}, network is ${network.mode} ${network.flag}`,
        endpoint,
      ),
    );
  }
  if (!link.up)
    drift.push(item('link-down', network, `${endpoint.ifname} in ${where} is down`, endpoint));
  return drift;
}

// Each recorded address not on the endpoint's link, in record order.
function addressDrift(
  network: Network,
  endpoint: Endpoint,
  seen: ContainerSnapshot,
  mine: string[],
): DriftItem[] {
  const where = `container ${endpoint.container}`;
  return mine
    .filter(
      (address) => !seen.addresses.some((a) => a.dev === endpoint.ifname && a.address === address),
    )
    .map((address) =>
      item(
        'address-missing',
        network,
        `${address} is missing from ${endpoint.ifname} in ${where}`,
        endpoint,
        { address },
      ),
    );
}

// Like CNI's CHECK: compare what should be (underlay's records) with what is
// (the snapshots), and say what differs; changing anything is planRepair's job.
/** Differences between the records and the kernel, networks first, then host shims, then endpoints, in record order. */
export function diffDrift({
  networks,
  endpoints,
  snapshot,
  containerSnapshots,
}: DriftInput): DriftItem[] {
  const byId = new Map(networks.map((n) => [n.id, n]));
  const parents = networks.flatMap((n) => parentDrift(n, snapshot));
  const links = endpoints.flatMap((e) => {
    const network = byId.get(e.networkId);
    return network
      ? endpointDrift(
          network,
          e,
          containerSnapshots.find((c) => c.container === e.container),
          snapshot,
        )
      : [];
  });
  return [...parents, ...shimDrift(networks, snapshot), ...routeDrift(snapshot), ...links];
}
