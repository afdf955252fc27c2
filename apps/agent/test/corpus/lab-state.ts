import type { LabHost as Guest } from '@underlay/lab';
import type { AgentClient } from '../../src/client';
import { CP } from './prepared';

// What must not change when a bad input is refused: the guest's kernel
// (links in detail, addresses, routes, in the host's namespace and in every
// named namespace) and the agent's records (networks, containers, endpoints).

// Counters and address lifetimes tick on their own; everything else must stay put.
const VOLATILE = new Set(['stats', 'stats64', 'valid_life_time', 'preferred_life_time']);

// One exec for the whole kernel view: the guest starts processes slowly.
const KERNEL_SCRIPT = [
  'for ns in "" $(ip netns list | cut -d" " -f1); do',
  '  echo "=== ns $ns"',
  '  n=""; [ -n "$ns" ] && n="-n $ns"',
  '  ip $n -d -json link show; echo; ip $n -json addr show; echo',
  '  ip $n -json route show; echo; ip $n -6 -json route show; echo',
  'done',
].join('\n');

const stable = (text: string): string =>
  text
    .split('\n')
    .map((line) =>
      line.startsWith('[') || line.startsWith('{')
        ? JSON.stringify(JSON.parse(line), (k, v: unknown) => (VOLATILE.has(k) ? undefined : v))
        : line,
    )
    .join('\n');

/** The kernel and the records, as text to compare. */
export async function snapshot(guest: Guest, agent: AgentClient): Promise<Record<string, string>> {
  const kernel = await guest.exec(['sh', '-c', KERNEL_SCRIPT]);
  if (kernel.exitCode !== 0) throw new Error(`kernel snapshot failed: ${kernel.stderr}`);
  const [networks, containers] = await Promise.all([
    agent.networks.list.query(),
    agent.containers.list.query(),
  ]);
  return {
    kernel: stable(kernel.stdout),
    networks: JSON.stringify(networks),
    containers: JSON.stringify(containers),
  };
}

/** Names of the parts of `after` that differ from `before`. */
export const changed = (before: Record<string, string>, after: Record<string, string>): string[] =>
  Object.keys(before).filter((k) => before[k] !== after[k]);

async function run(guest: Guest, argv: string[]): Promise<void> {
  const r = await guest.exec(argv);
  if (r.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
}

/** Makes the state in prepared.ts. */
export async function prepare(guest: Guest, agent: AgentClient): Promise<void> {
  await run(guest, [
    'sh',
    '-c',
    [
      `ip link add ${CP.busy} type dummy && ip link set ${CP.busy} up`,
      `ip link add link ${CP.busy} name ${CP.macvlan} type macvlan mode bridge`,
      `ip link add ${CP.down} type dummy`,
      `ip link add link eth0 name ${CP.vlanTwin} type vlan id 43`,
      `ip netns add ${CP.netns} && ip netns add ${CP.cniNetns}`,
    ].join(' && '),
  ]);
  await agent.networks.create.mutate({
    name: CP.base,
    ipv6: true,
    options: { parent: CP.baseParent },
    ipam: [{ subnet: CP.baseSubnet, gateway: '10.40.0.1' }, { subnet: CP.baseSubnet6 }],
  });
  await agent.networks.create.mutate({
    name: CP.l3,
    options: { parent: CP.l3Parent, ipvlan_mode: 'l3' },
    ipam: [{ subnet: CP.l3Subnet }],
  });
  await agent.networks.create.mutate({ name: CP.tiny, ipam: [{ subnet: CP.tinySubnet }] });
  await agent.containers.create.mutate({ name: CP.c1 });
  await agent.containers.create.mutate({ name: CP.c2 });
  await agent.networks.connect.mutate({
    network: CP.base,
    container: CP.c1,
    ipv4Address: '10.40.0.11',
  });
  await agent.networks.connect.mutate({ network: CP.tiny, container: CP.c1 });
}

/** Removes what prepare() made and anything a refused row should not have made. */
export async function cleanUp(guest: Guest, agent: AgentClient): Promise<void> {
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  for (const c of await agent.containers.list.query())
    if (c.name.startsWith('cp-') || c.name.startsWith('cni-cp'))
      await quiet(agent.containers.remove.mutate({ container: c.name }));
  for (const n of await agent.networks.list.query())
    if (n.name.startsWith('cp-')) await quiet(agent.networks.remove.mutate({ network: n.name }));
  await guest.exec([
    'sh',
    '-c',
    [
      `ip link del ${CP.macvlan}`,
      `ip link del ${CP.busy}`,
      `ip link del ${CP.down}`,
      `ip link del ${CP.vlanTwin}`,
      `ip netns del ${CP.netns}`,
      `ip netns del ${CP.cniNetns}`,
    ].join('; '),
  ]);
}

const PREPARED_NETWORKS = new Set<string>([CP.base, CP.l3, CP.tiny]);
const PREPARED_CONTAINERS = new Set<string>([CP.c1, CP.c2]);

/** Removes networks and containers a wrongly accepted row made, so one defect does not spill into the next rows. */
export async function undoAccepted(agent: AgentClient): Promise<void> {
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  for (const c of await agent.containers.list.query())
    if (c.name.startsWith('cp-') && !PREPARED_CONTAINERS.has(c.name))
      await quiet(agent.containers.remove.mutate({ container: c.name }));
  for (const n of await agent.networks.list.query())
    if (n.name.startsWith('cp-') && !PREPARED_NETWORKS.has(n.name))
      await quiet(agent.networks.remove.mutate({ network: n.name }));
}

/** Waits until two snapshots a second apart agree (new links get IPv6 link-local addresses after a while). */
export async function settle(guest: Guest, agent: AgentClient): Promise<void> {
  let last = await snapshot(guest, agent);
  for (let i = 0; i < 20; i += 1) {
    await new Promise((r) => setTimeout(r, 1000));
    const next = await snapshot(guest, agent);
    if (changed(last, next).length === 0) return;
    last = next;
  }
  throw new Error('the guest did not settle in 20 snapshots');
}
