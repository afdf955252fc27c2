import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labHosts, type LabHost } from './lab/lab-host';
import { pings } from './lab/pings';

// BGP announcements through BIRD 2 on real kernels: host-a's agent owns a
// BIRD fragment of its L3 subnets and reloads BIRD (running on host-a)
// through its control socket; host-b runs BIRD as the upstream router (BGP
// from host-a, learned routes exported to its kernel). Underlay addresses on
// the trunk (eth0, untagged): 10.60.0.11/24 and 10.60.0.12/24.

let a: LabHost;
let b: LabHost;
let agent: AgentClient;
const FRAGMENT = '/run/underlay-bird/underlay.conf';

const ROUTER_CONF = `router id 10.60.0.12;
protocol device {}
protocol kernel { ipv4 { import none; export all; }; }
protocol bgp host_a {
  local as 65000;
  neighbor 10.60.0.11 as 65001;
  password "s3cret";
  ipv4 { import all; export none; };
}
`;
const HOST_CONF = `router id 10.60.0.11;
protocol device {}
include "${FRAGMENT}";
`;

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

async function routerRoute(dst: string): Promise<{ gateway?: string; protocol?: string } | null> {
  const r = await b.exec(['ip', '-json', 'route', 'show', dst]);
  const [route] = JSON.parse(r.stdout || '[]') as { gateway?: string; protocol?: string }[];
  return route ?? null;
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
  [a, b] = (await labHosts(['host-a', 'host-b'])) as [LabHost, LabHost];
  agent = a.client();
  await a.exec(['ip', 'addr', 'add', '10.60.0.11/24', 'dev', 'eth0']);
  await b.exec(['ip', 'addr', 'add', '10.60.0.12/24', 'dev', 'eth0']);
});

afterAll(async () => {
  await agent?.containers.remove.mutate({ container: 'bgp-ca' }).catch(() => undefined);
  for (const network of ['bgp61', 'bgp64'])
    await agent?.networks.remove.mutate({ network }).catch(() => undefined);
  await agent?.bgp.set
    .mutate({
      enabled: false,
      asn: 65001,
      neighbors: [{ address: '10.60.0.12', asn: 65000 }],
      fragment: FRAGMENT,
      socket: '/run/bird/host.ctl',
    })
    .catch(() => undefined);
  await stopBird(a, 'host');
  await stopBird(b, 'router');
  await a.exec(['ip', 'addr', 'del', '10.60.0.11/24', 'dev', 'eth0']);
  await b.exec(['ip', 'addr', 'del', '10.60.0.12/24', 'dev', 'eth0']);
  await agent?.close();
});

describe('BGP through BIRD 2', () => {
  it('refuses bad settings with the field named, and keeps none', async () => {
    const base = {
      neighbors: [{ address: '10.60.0.12', asn: 65000 }],
      fragment: FRAGMENT,
      socket: '/run/bird/host.ctl',
    };
    await expect(agent.bgp.set.mutate({ ...base, asn: 0 })).rejects.toThrow(
      /asn: ASN 0 is out of range/,
    );
    await expect(agent.bgp.set.mutate({ ...base, asn: 4294967296 })).rejects.toThrow(
      /out of range/,
    );
    await expect(
      agent.bgp.set.mutate({
        ...base,
        asn: 65001,
        neighbors: [{ address: 'router1', asn: 65000 }],
      }),
    ).rejects.toThrow(
      /neighbors\[0\]\.address: neighbour "router1" is not an IPv4 or IPv6 address/,
    );
    expect((await agent.bgp.get.query()).config).toBeNull();
  });

  it('announces the L3 subnets to the upstream router, which routes them back to host-a', async () => {
    await agent.networks.create.mutate({
      name: 'bgp61',
      ipam: [{ subnet: '10.61.0.0/24' }],
      options: { parent: 'eth0', ipvlan_mode: 'l3' },
    });
    await agent.containers.create.mutate({ name: 'bgp-ca' });
    await agent.networks.connect.mutate({
      network: 'bgp61',
      container: 'bgp-ca',
      ipv4Address: '10.61.0.11',
    });
    await startBird(b, 'router', ROUTER_CONF);
    // BIRD on host-a is not running yet: the fragment is written, the reload reported as failed.
    const first = await agent.bgp.set.mutate({
      asn: 65001,
      neighbors: [{ address: '10.60.0.12', asn: 65000, password: 's3cret' }],
      fragment: FRAGMENT,
      socket: '/run/bird/host.ctl',
    });
    expect(first.reload.ok).toBe(false);
    expect(first.announced).toEqual([{ dst: '10.61.0.0/24', network: 'bgp61' }]);
    await startBird(a, 'host', HOST_CONF);
    await until(
      'the router routes 10.61.0.0/24 via host-a',
      async () => (await routerRoute('10.61.0.0/24'))?.gateway === '10.60.0.11',
    );
    expect(await routerRoute('10.61.0.0/24')).toMatchObject({ protocol: 'bird' });
    const shown = await b.exec(['birdc', '-s', '/run/bird/router.ctl', 'show', 'route']);
    expect(shown.stdout).toMatch(/10\.61\.0\.0\/24\s+unicast \[host_a/);
    expect(await pings(a, 'bgp-ca', '10.60.0.12')).toBe(true);
    expect((await agent.networks.inspect.query({ network: 'bgp61' })).L3).toEqual({
      Distributed: false,
      Announced: true,
    });
  });

  it('follows networks: a new one is announced, a removed one withdrawn', async () => {
    await agent.networks.create.mutate({
      name: 'bgp64',
      ipam: [{ subnet: '10.64.0.0/24' }],
      options: { parent: 'eth0', ipvlan_mode: 'l3' },
    });
    await until(
      'the router learns 10.64.0.0/24',
      async () => (await routerRoute('10.64.0.0/24')) !== null,
    );
    expect((await agent.bgp.get.query()).reload).toMatchObject({ ok: true });
    await agent.networks.remove.mutate({ network: 'bgp64' });
    await until(
      'the router forgets 10.64.0.0/24',
      async () => (await routerRoute('10.64.0.0/24')) === null,
    );
    expect(await routerRoute('10.61.0.0/24')).toMatchObject({ gateway: '10.60.0.11' });
  });
});
