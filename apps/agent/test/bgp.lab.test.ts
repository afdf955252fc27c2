import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labHosts, type LabHost } from './lab/lab-host';
import { pings } from './lab/pings';

// BGP announcements through BIRD 2 on real kernels, three guests: host-a
// (L3 10.61.0.0/24) and host-b (L3 10.62.0.0/24) each run BIRD with the
// fragment their agent owns (the agent reloads BIRD through its control
// socket); host-c runs BIRD as the upstream router, peering with both and
// exporting what it learns to its kernel. Underlay addresses on the trunk
// (eth0, untagged): 10.60.0.11, .12 and .13 (the router).

let a: LabHost;
let b: LabHost;
let router: LabHost;
let agentA: AgentClient;
let agentB: AgentClient;
const FRAGMENT = '/run/underlay-bird/underlay.conf';
const UNDERLAY = { 'host-a': '10.60.0.11', 'host-b': '10.60.0.12', 'host-c': '10.60.0.13' };
const ROUTER = UNDERLAY['host-c'];

const ROUTER_CONF = `router id ${ROUTER};
protocol device {}
protocol kernel { ipv4 { import none; export all; }; }
protocol bgp host_a {
  local as 65000;
  neighbor ${UNDERLAY['host-a']} as 65001;
  password "s3cret";
  ipv4 { import all; export none; };
}
protocol bgp host_b {
  local as 65000;
  neighbor ${UNDERLAY['host-b']} as 65002;
  ipv4 { import all; export none; };
}
`;
const hostConf = (id: string) => `router id ${id};
protocol device {}
include "${FRAGMENT}";
`;

/** The agent's BGP settings towards the router (host-a with the session password). */
const settings = (asn: number, password?: string) => ({
  asn,
  neighbors: [{ address: ROUTER, asn: 65000, ...(password ? { password } : {}) }],
  fragment: FRAGMENT,
  socket: '/run/bird/host.ctl',
});

/** Starts BIRD in a guest with a fixed config (written by printf from test text, not user input). */
async function startBird(host: LabHost, name: string, conf: string): Promise<void> {
  const r = await host.exec([
    'sh',
    '-c',
    `mkdir -p /run/bird && printf '%s' "$1" > /run/bird/${name}.conf && bird -c /run/bird/${name}.conf -s /run/bird/${name}.ctl -P /run/bird/${name}.pid`,
    'sh',
    conf,
  ]);
  expect(r.exitCode, JSON.stringify(r)).toBe(0);
}

async function stopBird(host: LabHost, name: string): Promise<void> {
  await host.exec([
    'sh',
    '-c',
    `test -s /run/bird/${name}.pid && kill "$(cat /run/bird/${name}.pid)"`,
  ]);
}

/** The router's kernel route to dst (null when none). */
async function routerRoute(dst: string): Promise<{ gateway?: string; protocol?: string } | null> {
  const r = await router.exec(['ip', '-json', 'route', 'show', dst]);
  const [route] = JSON.parse(r.stdout || '[]') as { gateway?: string; protocol?: string }[];
  return route ?? null;
}

/** The router's BIRD table, as birdc prints it. */
async function birdRoutes(): Promise<string> {
  return (await router.exec(['birdc', '-s', '/run/bird/router.ctl', 'show', 'route'])).stdout;
}

async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting until ${what}`);
}

beforeAll(async () => {
  [a, b, router] = (await labHosts(['host-a', 'host-b', 'host-c'])) as [LabHost, LabHost, LabHost];
  agentA = a.client();
  agentB = b.client();
  for (const host of [a, b, router])
    await host.exec([
      'ip',
      'addr',
      'add',
      `${UNDERLAY[host.name as keyof typeof UNDERLAY]}/24`,
      'dev',
      'eth0',
    ]);
});

afterAll(async () => {
  await agentA?.containers.remove.mutate({ container: 'bgp-ca' }).catch(() => undefined);
  for (const [agent, networks] of [
    [agentA, ['bgp61', 'bgp64']],
    [agentB, ['bgp62']],
  ] as const) {
    for (const network of networks)
      await agent?.networks.remove.mutate({ network }).catch(() => undefined);
    await agent?.bgp.set.mutate({ ...settings(65001), enabled: false }).catch(() => undefined);
  }
  for (const host of [a, b]) await stopBird(host, 'host');
  await stopBird(router, 'router');
  for (const host of [a, b, router])
    await host?.exec([
      'ip',
      'addr',
      'del',
      `${UNDERLAY[host.name as keyof typeof UNDERLAY]}/24`,
      'dev',
      'eth0',
    ]);
  await agentA?.close();
  await agentB?.close();
});

describe('BGP through BIRD 2, with a third guest as the upstream router', () => {
  it('refuses bad settings with the field named, and keeps none', async () => {
    await expect(agentA.bgp.set.mutate({ ...settings(0) })).rejects.toThrow(
      /asn: ASN 0 is out of range/,
    );
    await expect(agentA.bgp.set.mutate(settings(4294967296))).rejects.toThrow(/out of range/);
    await expect(
      agentA.bgp.set.mutate({
        ...settings(65001),
        neighbors: [{ address: 'router1', asn: 65000 }],
      }),
    ).rejects.toThrow(
      /neighbors\[0\]\.address: neighbour "router1" is not an IPv4 or IPv6 address/,
    );
    expect((await agentA.bgp.get.query()).config).toBeNull();
  });

  it('announces both hosts L3 subnets to the router, which learns them in BIRD and its kernel', async () => {
    for (const [agent, name, subnet] of [
      [agentA, 'bgp61', '10.61.0.0/24'],
      [agentB, 'bgp62', '10.62.0.0/24'],
    ] as const)
      await agent.networks.create.mutate({
        name,
        ipam: [{ subnet }],
        options: { parent: 'eth0', ipvlan_mode: 'l3' },
      });
    await agentA.containers.create.mutate({ name: 'bgp-ca' });
    await agentA.networks.connect.mutate({
      network: 'bgp61',
      container: 'bgp-ca',
      ipv4Address: '10.61.0.11',
    });
    await startBird(router, 'router', ROUTER_CONF);
    // BIRD on host-a is not running yet: the fragment is written, the reload reported as failed.
    const first = await agentA.bgp.set.mutate(settings(65001, 's3cret'));
    expect(first.reload.ok).toBe(false);
    expect(first.announced).toEqual([{ dst: '10.61.0.0/24', network: 'bgp61' }]);
    // Nothing announced yet: the router has no way back to 10.61.0.11.
    expect(await routerRoute('10.61.0.0/24')).toBeNull();
    expect(await pings(a, 'bgp-ca', ROUTER)).toBe(false);
    await startBird(a, 'host', hostConf(UNDERLAY['host-a']));
    const second = await agentB.bgp.set.mutate(settings(65002));
    expect(second.announced).toEqual([{ dst: '10.62.0.0/24', network: 'bgp62' }]);
    await startBird(b, 'host', hostConf(UNDERLAY['host-b']));
    await until('the router routes both subnets via their hosts', async () => {
      const [r61, r62] = [await routerRoute('10.61.0.0/24'), await routerRoute('10.62.0.0/24')];
      return r61?.gateway === UNDERLAY['host-a'] && r62?.gateway === UNDERLAY['host-b'];
    });
    expect(await routerRoute('10.61.0.0/24')).toMatchObject({ protocol: 'bird' });
    expect(await routerRoute('10.62.0.0/24')).toMatchObject({ protocol: 'bird' });
    const shown = await birdRoutes();
    expect(shown).toMatch(/10\.61\.0\.0\/24\s+unicast \[host_a/);
    expect(shown).toMatch(/10\.62\.0\.0\/24\s+unicast \[host_b/);
  });

  it('a container on host-a reaches the router guest through the route the router learned (it did not before)', async () => {
    expect(await pings(a, 'bgp-ca', ROUTER)).toBe(true);
    expect((await agentA.networks.inspect.query({ network: 'bgp61' })).L3).toEqual({
      Distributed: false,
      Announced: true,
    });
  });

  it('follows networks: a new one is announced, a removed one withdrawn at the router', async () => {
    await agentA.networks.create.mutate({
      name: 'bgp64',
      ipam: [{ subnet: '10.64.0.0/24' }],
      options: { parent: 'eth0', ipvlan_mode: 'l3' },
    });
    await until(
      'the router learns 10.64.0.0/24',
      async () => (await routerRoute('10.64.0.0/24'))?.gateway === UNDERLAY['host-a'],
    );
    // BIRD on host-a runs now: the agent's reload went through.
    expect((await agentA.bgp.get.query()).reload).toMatchObject({ ok: true });
    await agentB.networks.remove.mutate({ network: 'bgp62' });
    await agentA.networks.remove.mutate({ network: 'bgp64' });
    await until('the router forgets 10.62.0.0/24 and 10.64.0.0/24', async () => {
      const gone = [await routerRoute('10.62.0.0/24'), await routerRoute('10.64.0.0/24')];
      return gone.every((r) => r === null);
    });
    expect(await birdRoutes()).not.toMatch(/10\.6[24]\.0\.0\/24/);
    expect(await routerRoute('10.61.0.0/24')).toMatchObject({ gateway: UNDERLAY['host-a'] });
    expect((await agentB.bgp.get.query()).announced).toEqual([]);
  });
});
