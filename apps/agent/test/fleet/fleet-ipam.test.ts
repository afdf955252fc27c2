import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FleetStore, FleetStoreError, MemoryFleetStore } from '@underlay/fleet-store';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningAgent, startAgent } from '../../src/server/start-agent';
import { fakeKernel } from '../fake-kernel';

// The agent's connect path on the fleet store (issue 15), with a kernel
// stand-in: which address each host chooses, what is refused and why, and
// that a refusal changes nothing. The kernels' view is the lab test's.

const dirs: string[] = [];
const agents: RunningAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store that can be cut off: every call fails as a transport failure would. */
function cuttable(inner: FleetStore): FleetStore & { down: boolean } {
  const store = {
    down: false,
    kind: inner.kind,
    where: 'memory at test',
    close: () => inner.close(),
  } as FleetStore & { down: boolean };
  for (const call of ['get', 'list', 'txn', 'grantLease', 'keepAlive', 'revokeLease'] as const)
    (store as unknown as Record<string, unknown>)[call] = (...args: never[]) => {
      if (store.down)
        return Promise.reject(new FleetStoreError('UNREACHABLE', store.where, 'cut off'));
      return (inner[call] as (...a: never[]) => Promise<unknown>)(...args);
    };
  return store;
}

async function agentOn(
  host: string,
  fleetStore?: FleetStore,
  fleetGraceMs?: number,
  reuse?: { dir: string; restart?: boolean },
) {
  const dir = reuse?.dir ?? mkdtempSync(join(tmpdir(), 'underlay-fipam-'));
  if (!reuse) dirs.push(dir);
  // The host already has the VLAN sub-interface (the stand-in does not make links).
  const kernel = fakeKernel();
  const links = await kernel.hostLinks();
  kernel.hostLinks = async () => [
    ...links,
    { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10, mtu: 1500, up: true },
  ];
  const agent = await startAgent(
    {
      stateDir: join(dir, 's'),
      socket: join(dir, 'a.sock'),
      logLevel: 'silent',
      ...(reuse?.restart ? { metricsListen: '127.0.0.1:0' } : {}),
    },
    {
      kernel,
      logger: pino({ level: 'silent' }),
      reconcile: false,
      hostname: host,
      ...(fleetStore ? { fleetStore } : {}),
      ...(fleetGraceMs === undefined ? {} : { fleetGraceMs }),
    },
  );
  agents.push(agent);
  if (reuse?.restart) return agent; // restarted on its state: the network is there
  await agent.services.networks.create({
    name: 'v10',
    options: { parent: 'eth0.10' },
    ipam: [{ subnet: '10.10.0.0/24', gateway: '10.10.0.1' }],
  });
  return agent;
}

async function connectMany(agent: RunningAgent, prefix: string, count: number) {
  const names = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  for (const name of names) await agent.services.containers.create({ name });
  return Promise.all(
    names.map((container) => agent.services.networks.connect({ network: 'v10', container })),
  );
}

const ip = (e: { endpoint: { ipv4Address?: string } }) => e.endpoint.ipv4Address!.split('/')[0]!;

describe('fleet-wide IPAM in the agent', () => {
  it('three hosts on one VLAN segment, 20 concurrent connects each: 60 distinct addresses, each inside a block its host holds', async () => {
    const store = new MemoryFleetStore();
    const hosts = await Promise.all(['host-a', 'host-b', 'host-c'].map((h) => agentOn(h, store)));
    const results = await Promise.all(hosts.map((agent, i) => connectMany(agent, `c${i}-`, 20)));
    const all = results.flat().map(ip);
    expect(new Set(all).size).toBe(60);
    expect(all).not.toContain('10.10.0.1'); // the gateway is reserved fleet-wide
    for (const [i, agent] of hosts.entries()) {
      const status = agent.services.fleetStore.status();
      const blocks = status.segments[0]!.blocks.map((b) => b.block);
      expect(status.segments[0]!.segment).toBe('trunk=eth0,vlan=10,subnet=10.10.0.0_24');
      expect(blocks.length).toBeGreaterThanOrEqual(2); // 20 addresses need two /28s
      for (const address of results[i]!.map(ip)) {
        const last = Number(address.split('.')[3]);
        expect(
          blocks.some((b) => Math.floor(last / 16) * 16 === Number(b.split('.')[3]!.split('/')[0])),
        ).toBe(true);
      }
    }
  });

  it("a network with a hand-split --ip-range on each host: every address stays inside its host's range, distinct across hosts", async () => {
    const store = new MemoryFleetStore();
    const ranges = { 'host-a': '10.10.1.64/27', 'host-b': '10.10.1.96/27' } as const;
    const hosts = await Promise.all(
      (['host-a', 'host-b'] as const).map(async (host) => {
        const agent = await agentOn(host, store);
        await agent.services.networks.create({
          name: 'r10',
          options: { parent: 'eth0.10' },
          ipam: [{ subnet: '10.10.1.0/24', gateway: '10.10.1.1', ipRange: ranges[host] }],
        });
        return agent;
      }),
    );
    const results = await Promise.all(
      hosts.map(async (agent, i) => {
        const names = Array.from({ length: 5 }, (_, k) => `r${i}-${k}`);
        for (const name of names) await agent.services.containers.create({ name });
        const out = [];
        for (const container of names)
          out.push(await agent.services.networks.connect({ network: 'r10', container }));
        return out.map(ip).map((a) => Number(a.split('.')[3]));
      }),
    );
    for (const last of results[0]!) expect(last >= 64 && last <= 95).toBe(true);
    for (const last of results[1]!) expect(last >= 96 && last <= 127).toBe(true);
    expect(new Set(results.flat()).size).toBe(10);
  });

  it('a static --ip another host holds is refused naming that host, and nothing changes', async () => {
    const store = new MemoryFleetStore();
    const a = await agentOn('host-a', store);
    const b = await agentOn('host-b', store);
    await a.services.containers.create({ name: 'sa' });
    const taken = await a.services.networks.connect({
      network: 'v10',
      container: 'sa',
      ipv4Address: '10.10.0.200',
    });
    expect(taken.endpoint.ipv4Address).toBe('10.10.0.200/24');
    await b.services.containers.create({ name: 'sb' });
    const batches = (b.services.deps.kernel as ReturnType<typeof fakeKernel>).batches.length;
    await expect(
      b.services.networks.connect({ network: 'v10', container: 'sb', ipv4Address: '10.10.0.200' }),
    ).rejects.toMatchObject({
      issues: [
        {
          code: 'BLOCK_HELD_ELSEWHERE',
          message: expect.stringMatching(
            /^address 10\.10\.0\.200 is in block .* held by host host-a\./,
          ),
        },
      ],
    });
    expect((b.services.deps.kernel as ReturnType<typeof fakeKernel>).batches.length).toBe(batches);
    expect(b.services.deps.ipam.usage(b.services.networks.list()[0]!.id)).toMatchObject({
      '10.10.0.0/24': { ipsInUse: 3n }, // network, broadcast, gateway: no endpoint
    });
    // host-b gets its own address, outside host-a's blocks.
    const own = await b.services.networks.connect({ network: 'v10', container: 'sb' });
    expect(ip(own)).not.toBe('10.10.0.200');
  });

  it('cut off from the store: connects inside held blocks go on, a claim fails naming the store and since when, and changes nothing', async () => {
    const store = cuttable(new MemoryFleetStore());
    const agent = await agentOn('host-a', store);
    await connectMany(agent, 'p', 1); // claims one /28
    const [held] = agent.services.fleetStore.status().segments[0]!.blocks;
    store.down = true;
    const inside: string[] = [];
    let error: unknown;
    for (let i = 0; i < 20 && !error; i++) {
      await agent.services.containers.create({ name: `q${i}` });
      await agent.services.networks
        .connect({ network: 'v10', container: `q${i}` })
        .then((e) => inside.push(ip(e)))
        .catch((e: unknown) => (error = e));
    }
    // Every address left in the held block was handed out, then the claim of a new one failed.
    const base = Number(held!.block.split('.')[3]!.split('/')[0]);
    expect(inside.length).toBeGreaterThanOrEqual(12);
    for (const address of inside) expect(Number(address.split('.')[3]) - base).toBeLessThan(16);
    expect(error).toMatchObject({ issues: [{ code: 'FLEET_STORE_UNREACHABLE' }] });
    expect((error as Error).message).toMatch(/memory at test\) has been unreachable since \d{4}-/);
    expect(agent.services.fleetStore.status()).toMatchObject({ reachable: false });
    const shown = await agent.services.networks.inspect({ network: 'v10' });
    expect(Object.keys(shown.Containers)).toHaveLength(1 + inside.length); // the refused one left nothing
    store.down = false;
    const after = await agent.services.networks.connect({
      network: 'v10',
      container: `q${inside.length}`,
    });
    expect(inside).not.toContain(ip(after));
    expect(agent.services.fleetStore.status()).toMatchObject({ reachable: true });
    expect(agent.services.fleetStore.status().segments[0]!.blocks).toHaveLength(2);
  });

  it('disconnect frees the address; an empty block goes back after the grace period', async () => {
    const store = new MemoryFleetStore();
    const agent = await agentOn('host-a', store, 0);
    const seen: string[] = [];
    agent.services.events.onEvent((e) => {
      if (e.type === 'fleet.block') seen.push(`${e.action} ${e.block}`);
    });
    await connectMany(agent, 'd', 1);
    expect(agent.services.fleetStore.status().segments[0]!.blocks).toHaveLength(1);
    await agent.services.networks.disconnect({ network: 'v10', container: 'd0' });
    await agent.services.deps.fleet!.tick();
    expect(agent.services.fleetStore.status().segments[0]!.blocks).toHaveLength(0);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^claimed 10\.10\.0\.\d+\/28$/);
    expect(seen[1]).toBe(seen[0]!.replace('claimed', 'released'));
  });

  it("derives a network's segments once, and again when its labels change: a plain parent joins a segment by label", async () => {
    const agent = await agentOn('host-a', new MemoryFleetStore());
    await agent.services.networks.create({
      name: 'plain',
      options: { parent: 'eth0' },
      ipam: [{ subnet: '10.20.0.0/24' }],
    });
    const connect = async (container: string) => {
      await agent.services.containers.create({ name: container });
      return ip(await agent.services.networks.connect({ network: 'plain', container }));
    };
    const segments = () => agent.services.fleetStore.status().segments.map((s) => s.segment);
    // A plain parent without a label is host-local: the host IPAM's first address, no segment.
    expect(await connect('p1')).toBe('10.20.0.2');
    expect(segments()).toEqual([]);
    await agent.services.networks.update({
      network: 'plain',
      labels: { 'underlay.segment': 'rack1' },
    });
    const second = await connect('p2');
    const segment = agent.services.fleetStore
      .status()
      .segments.find((s) => s.segment === 'label=rack1,subnet=10.20.0.0_24');
    expect(segment?.blocks.map((b) => b.block)).toHaveLength(1);
    const [block] = segment!.blocks;
    expect(inBlock(second, block!.block)).toBe(true);
    // The address p1 already had was claimed when the segment opened (adoption).
    expect(block!.used).toBe(2);
  });

  it('without a store, connect is the host IPAM alone: no segment in inspect, status kind none', async () => {
    const agent = await agentOn('host-a');
    const [one] = await connectMany(agent, 'n', 1);
    expect(ip(one!)).toBe('10.10.0.2');
    expect(await agent.services.networks.inspect({ network: 'v10' })).not.toHaveProperty(
      'FleetIpam',
    );
    expect(agent.services.fleetStore.status()).toMatchObject({ kind: 'none', segments: [] });
  });

  it('adoption at start: an address another host already claimed is a conflict (status, inspect, metric); the others are claimed', async () => {
    const store = new MemoryFleetStore();
    const a = await agentOn('host-a', store);
    await a.services.containers.create({ name: 'a1' });
    await a.services.networks.connect({
      network: 'v10',
      container: 'a1',
      ipv4Address: '10.10.0.20',
    });
    // host-b made its endpoints without a store: one duplicates host-a's.
    const dir = mkdtempSync(join(tmpdir(), 'underlay-fipam-'));
    dirs.push(dir);
    const alone = await agentOn('host-b', undefined, undefined, { dir });
    for (const [container, ipv4Address] of [
      ['b1', '10.10.0.20'],
      ['b2', '10.10.0.70'],
    ] as const) {
      await alone.services.containers.create({ name: container });
      await alone.services.networks.connect({ network: 'v10', container, ipv4Address });
    }
    await alone.close();
    agents.splice(agents.indexOf(alone), 1);
    const b = await agentOn('host-b', store, undefined, { dir, restart: true });
    const deadline = Date.now() + 10_000;
    while (!b.services.fleetStore.status().segments[0]?.adopted && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const [segment] = b.services.fleetStore.status().segments;
    expect(segment?.conflicts).toEqual([
      expect.stringMatching(/^container b1 has 10\.10\.0\.20: .*host-a/),
    ]);
    expect(segment?.blocks).toEqual([{ block: '10.10.0.64/28', status: 'held', used: 1 }]);
    const inspect = await b.services.networks.inspect({ network: 'v10' });
    expect(inspect.FleetIpam?.[0]?.conflicts).toEqual(segment?.conflicts);
    const text = await (await fetch(`${b.metricsUrl}/metrics`)).text();
    expect(text).toContain(
      'underlay_fleet_conflicts{segment="trunk=eth0,vlan=10,subnet=10.10.0.0_24"} 1',
    );
    expect(text).toContain(
      'underlay_fleet_blocks_held{segment="trunk=eth0,vlan=10,subnet=10.10.0.0_24"} 1',
    );
  });
});

/** Whether an IPv4 address lies in a block (`10.20.0.16/28`). */
function inBlock(address: string, block: string): boolean {
  const toInt = (text: string) => text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const [base = '', bits = '32'] = block.split('/');
  const start = toInt(base);
  return toInt(address) >= start && toInt(address) < start + 2 ** (32 - Number(bits));
}
