import type { LabHost as Guest } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { guest, runPlugin } from './lab/cni-plugin';
import { labHosts, type LabHost } from './lab/lab-host';

// Differential test: the reference plugin pair (Debian's /usr/lib/cni/ipvlan
// + host-local) and underlay-cni each ADD a fresh namespace in the same guest
// for the same network; the container sides are compared (link kind, ipvlan
// mode and flags, MTU, addresses' prefixes and subnet, routes, the ARP/ND
// notify sysctls) with names, MACs and the addresses' host parts aside.
// Every difference must be in DELIBERATE, which apps/agent/README.md lists
// with its reason.

/** The differences README.md ("underlay-cni and the reference ipvlan plugin") explains. */
export const DELIBERATE = [
  'sysctl net.ipv4.conf.eth0.arp_notify: reference 1, underlay 0',
  'result routes: reference [{"dst":"0.0.0.0/0"}], underlay [{"dst":"0.0.0.0/0","gw":"172.16.50.1"}]',
];

let host: LabHost;
let raw: Guest;
let agent: AgentClient;

const cniEnv = (netns: string) => ({
  CNI_COMMAND: 'ADD',
  CNI_CONTAINERID: `diff-${netns}`,
  CNI_NETNS: `/run/netns/${netns}`,
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/usr/lib/cni',
  GODEBUG: 'cpu.all=off',
});
const underlay = {
  cniVersion: '1.0.0',
  name: 'diff50',
  type: 'underlay-cni',
  parent: 'eth0.50',
  subnets: [{ subnet: '172.16.50.0/24', gateway: '172.16.50.1', ipRange: '172.16.50.0/25' }],
};
const reference = {
  cniVersion: '1.0.0',
  name: 'ref50',
  type: 'ipvlan',
  master: 'eth0.50',
  mode: 'l2',
  ipam: {
    type: 'host-local',
    dataDir: '/tmp/cni-diff-ipam',
    ranges: [
      [
        {
          subnet: '172.16.50.0/24',
          gateway: '172.16.50.1',
          rangeStart: '172.16.50.128',
          rangeEnd: '172.16.50.200',
        },
      ],
    ],
    routes: [{ dst: '0.0.0.0/0' }],
  },
};

type Json = Record<string, unknown>;
const json = async (argv: string[]) => JSON.parse((await host.exec(argv)).stdout) as Json[];

/** The container side of a namespace, with what legitimately varies (names, MACs, host parts, ifindex) left out. */
async function containerSide(netns: string): Promise<Record<string, string>> {
  const [link] = await json(['ip', '-n', netns, '-d', '-json', 'link', 'show', 'eth0']);
  const info = (link?.linkinfo ?? {}) as { info_kind?: string; info_data?: Json };
  const addrs = ((await json(['ip', '-n', netns, '-json', 'addr', 'show', 'dev', 'eth0']))[0]
    ?.addr_info ?? []) as Json[];
  const routes = (await json(['ip', '-n', netns, '-json', 'route', 'show'])).map(
    ({ prefsrc: _p, ...r }) => r,
  );
  const sysctl = async (path: string) =>
    (await host.exec(['ip', 'netns', 'exec', netns, 'cat', `/proc/sys/net/${path}`])).stdout.trim();
  return {
    'link kind': String(info.info_kind),
    'ipvlan info': JSON.stringify(info.info_data),
    mtu: String(link?.mtu),
    'link flags': JSON.stringify(link?.flags),
    addresses: JSON.stringify(
      addrs.map(
        (a) =>
          `${a.family} ${a.scope} /${a.prefixlen}${a.family === 'inet' ? ` in ${String(a.local).split('.').slice(0, 3).join('.')}` : ''}`,
      ),
    ),
    routes: JSON.stringify(routes),
    'sysctl net.ipv4.conf.eth0.arp_notify': await sysctl('ipv4/conf/eth0/arp_notify'),
    'sysctl net.ipv6.conf.eth0.ndisc_notify': await sysctl('ipv6/conf/eth0/ndisc_notify'),
  };
}

/** The result's shape with values that vary by design (addresses, MACs, netns paths) replaced by their kind. */
function resultShape(result: Json | null): Record<string, string> {
  const r = result ?? {};
  return {
    'result interfaces': JSON.stringify(
      (r.interfaces as Json[] | undefined)?.map((i) => Object.keys(i).sort()),
    ),
    'result ips': JSON.stringify(
      (r.ips as Json[] | undefined)?.map((i) =>
        Object.entries({ ...i, address: String(i.address).replace(/\.\d+\//, '.X/') }).sort(),
      ),
    ),
    'result routes': JSON.stringify(r.routes),
  };
}

beforeAll(async () => {
  [host] = (await labHosts(['host-a'])) as [LabHost];
  raw = await guest('host-a');
  agent = host.client();
  for (const ns of ['dund', 'dref']) await host.exec(['ip', 'netns', 'add', ns]);
});

afterAll(async () => {
  await runPlugin(raw, { ...cniEnv('dref'), CNI_COMMAND: 'DEL' }, reference, '/usr/lib/cni/ipvlan');
  await runPlugin(raw, { ...cniEnv('dund'), CNI_COMMAND: 'DEL' }, underlay);
  for (const ns of ['dund', 'dref']) await host.exec(['ip', 'netns', 'del', ns]);
  await agent.networks.remove.mutate({ network: 'diff50' }).catch(() => undefined);
  await agent.close();
});

describe('underlay-cni against the reference ipvlan + host-local', () => {
  it('gives the same container side, but for the differences the README lists', async () => {
    const ours = await runPlugin(raw, cniEnv('dund'), underlay);
    expect(ours.exitCode, ours.stdout).toBe(0);
    const ref = await runPlugin(raw, cniEnv('dref'), reference, '/usr/lib/cni/ipvlan');
    expect(ref.exitCode, ref.stdout).toBe(0);
    const [a, b] = [
      { ...(await containerSide('dref')), ...resultShape(ref.json) },
      { ...(await containerSide('dund')), ...resultShape(ours.json) },
    ];
    const differences = Object.keys(a)
      .filter((key) => a[key] !== b[key])
      .map((key) => `${key}: reference ${a[key]}, underlay ${b[key]}`);
    console.log(`container sides compared: ${JSON.stringify(b, null, 1)}`);
    expect(differences).toEqual(DELIBERATE);
    expect(a['link kind']).toBe('ipvlan');
  });
});
