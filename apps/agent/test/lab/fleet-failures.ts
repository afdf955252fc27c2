import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '@underlay/core';
import type { LabHost } from '@underlay/lab';
import { afterAll, expect, it } from 'vitest';
import {
  agentOf,
  cleanup,
  cli,
  configure,
  containerLinks,
  heldBlocks,
  inBlock,
  kernelAddresses,
  pool,
  type Result,
  segmentOf,
  until,
  withAgent,
} from './fleet-lab';
import type { HubStoreProcess } from './hub-store';
import { labHosts } from './lab-host';
import { killAgent } from './records-match';

// The failure rules of fleet-wide IPAM (issue 15) against real agents in
// real guests on the hub's store: a partition (the hub killed in the middle
// of a burst of connects, right after it committed a claim it never
// answered), an agent killed right after its claim was committed (the
// journal's crash hook, `fleet.claim`), and the adoption of addresses that
// were already duplicated across hosts before the store was configured.

/** What the failure tests need from the file that boots the store. */
export interface FleetFailureContext {
  hosts(): LabHost[];
  hub(): HubStoreProcess;
}

const HUB_URL = 'http://192.0.2.1:7480';

/** `network create` of one VLAN network with the whole subnet, on each host. */
async function createOn(hosts: LabHost[], name: string, vlan: number): Promise<void> {
  for (const host of hosts) {
    const made = await cli(host, [
      'network',
      'create',
      '-d',
      'ipvlan',
      '--subnet',
      `10.${vlan}.0.0/24`,
      '--gateway',
      `10.${vlan}.0.1`,
      '-o',
      `parent=eth0.${vlan}`,
      name,
    ]);
    expect(made.code, made.stderr).toBe(0);
  }
}

/** `container create` of each name (4 at a time), all succeeding. */
async function createContainers(host: LabHost, names: string[]): Promise<void> {
  const made = await pool(
    4,
    names.map((name) => () => cli(host, ['container', 'create', name])),
  );
  for (const r of made) expect(r.code, r.stderr).toBe(0);
}

/** The container names `network inspect` lists on the host. */
async function inspectedContainers(host: LabHost, network: string): Promise<string[]> {
  const r = await cli(host, ['network', 'inspect', network]);
  expect(r.code, r.stderr).toBe(0);
  const [inspect] = JSON.parse(r.stdout) as [{ Containers: Record<string, { Name: string }> }];
  return Object.values(inspect.Containers)
    .map((c) => c.Name)
    .sort();
}

/** Whether the host has opened (and adopted) every segment it is on, these among them. */
async function allAdopted(host: LabHost, among: string[]): Promise<boolean> {
  const { segments } = await withAgent(host, (c) => c.fleetStore.status.query());
  return (
    segments.every((s) => s.adopted) &&
    among.every((m) => segments.some((s) => s.segment.includes(m)))
  );
}

const names = (prefix: string, host: LabHost, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${host.name.slice(-1)}${from + i}`);

/** Partition: the hub killed in the middle of a burst of connects on two hosts. */
export function fleetPartition(ctx: FleetFailureContext): void {
  const NET = 'fp61';
  afterAll(async () => {
    for (const host of ctx.hosts().slice(0, 2)) await cleanup(host, names('fp', host, 20), [NET]);
  });

  it('partition: the hub killed mid-burst (after a claim it never answered): held blocks still serve, claims fail naming the store and change nothing; after it returns, no duplicate and no block left behind', async () => {
    const hub = ctx.hub();
    const two = ctx.hosts().slice(0, 2);
    await createOn(two, NET, 61);
    for (const host of two) await createContainers(host, names('fp', host, 20));
    // One connect on each host: each claims its first block of the segment.
    for (const host of two) {
      const first = await cli(host, ['network', 'connect', NET, names('fp', host, 1)[0]!]);
      expect(first.code, first.stderr).toBe(0);
    }
    const before = await Promise.all(two.map((h) => heldBlocks(h, 'vlan=61,')));
    for (const held of before) expect(held).toHaveLength(1);

    // 19 more per host: more than a /28 holds, so each host needs a claim in
    // the burst; the first claim committed kills the hub before it answers.
    await hub.armKillAfterClaim();
    const burst = (host: LabHost, which: string[]) =>
      pool(
        4,
        which.map((name) => () => cli(host, ['network', 'connect', NET, name])),
      );
    const results = await Promise.all(two.map((h) => burst(h, names('fp', h, 19, 1))));
    expect(await hub.exited()).toEqual({ signal: 'SIGKILL' });

    const failed: string[][] = [];
    for (const [i, host] of two.entries()) {
      const tried = names('fp', host, 19, 1);
      const outcome = results[i]!;
      const bad = tried.filter((_, j) => outcome[j]!.code !== 0);
      failed.push(bad);
      expect(bad.length, `${host.name}: some connects needed a claim`).toBeGreaterThan(0);
      expect(bad.length, `${host.name}: the held block still served`).toBeLessThan(19);
      for (const r of outcome.filter((o: Result) => o.code !== 0)) {
        expect(r.stderr).toContain(`fleet store (hub at ${HUB_URL}) has been unreachable since`);
        expect(r.stderr).toMatch(/unreachable since \d{4}-\d\d-\d\dT\d\d:\d\d/);
        expect(r.stderr).toContain('Nothing was changed');
        expect(r.stderr).toContain('Bring the store back');
      }
      // Every connect that succeeded got an address inside the block held before the burst.
      const found = await kernelAddresses(host, '10.61.0.');
      expect(found).toHaveLength(20 - bad.length);
      for (const address of found) expect(inBlock(address, before[i]![0]!)).toBe(true);
      // The failed ones changed nothing: no link in the kernel, no record.
      for (const name of bad) expect(await containerLinks(host, name)).toEqual([]);
      const recorded = await inspectedContainers(host, NET);
      expect(recorded).toEqual(
        names('fp', host, 20)
          .filter((n) => !bad.includes(n))
          .sort(),
      );
    }

    // The store holds the claim the hub committed and never answered: a block nobody uses yet.
    const stored = await hub.blocks('vlan=61,');
    const unanswered = stored.filter((s) => !before.flat().includes(s.block));
    expect(unanswered).toHaveLength(1);

    // The hub returns; the same burst again (the connects that failed).
    await hub.restart();
    const again = await Promise.all(two.map((h, i) => burst(h, failed[i]!)));
    for (const r of again.flat()) expect(r.code, r.stderr).toBe(0);
    const perHost = await Promise.all(two.map((h) => kernelAddresses(h, '10.61.0.')));
    for (const found of perHost) expect(found).toHaveLength(20);
    expect(new Set(perHost.flat()).size).toBe(40);

    // No block of two hosts, none left behind: after a refresh (30 s) each
    // host's blocks are exactly the store's records under its name,
    // including the one whose answer was lost.
    await until(
      "each host's blocks equal the store's records for it",
      async () => {
        const records = await hub.blocks('vlan=61,');
        const views = await Promise.all(two.map((h) => heldBlocks(h, 'vlan=61,')));
        return two.every(
          (h, i) =>
            JSON.stringify(views[i]) ===
            JSON.stringify(
              records
                .filter((r) => r.host === h.name)
                .map((r) => r.block)
                .sort(),
            ),
        );
      },
      90_000,
    );
    const views = await Promise.all(two.map((h) => heldBlocks(h, 'vlan=61,')));
    expect(views.flat()).toContain(unanswered[0]!.block);
    expect(new Set(views.flat()).size).toBe(views.flat().length);
  }, 600_000);
}

/** kill -9 of an agent right after the store committed its claim (the journal's crash hook). */
export function fleetAgentKill(ctx: FleetFailureContext): void {
  const NET = 'fk62';
  afterAll(async () => {
    const [a, b] = ctx.hosts() as [LabHost, LabHost];
    await cleanup(a, ['fk-a1'], [NET]);
    await cleanup(b, [...names('fk', b, 10), 'fk-bs'], [NET]);
  });

  it('kill -9 of an agent mid-claim: the block stays its own (another host is refused it), and at restart the owner claims it again under its new lease', async () => {
    const hub = ctx.hub();
    const [a, b] = ctx.hosts() as [LabHost, LabHost];
    const [wa] = await labHosts(['host-a']);
    await createOn([a, b], NET, 62);
    await createContainers(a, ['fk-a1']);
    await createContainers(b, [...names('fk', b, 10), 'fk-bs']);

    // Arm host-a's agent to die right after the store commits its next claim of a free block.
    writeFileSync(
      join(a.stateDir, 'test-crash.json'),
      JSON.stringify({ operation: 'fleet.claim', afterStep: 1 }),
    );
    await killAgent(wa!);
    await wa!.startAgent();
    await until('host-a adopted its blocks again', () => allAdopted(a, ['vlan=60,']));
    const leasesBefore = new Set(
      (await hub.blocks('vlan=60,')).filter((r) => r.host === 'host-a').map((r) => r.lease),
    );
    expect(leasesBefore.size).toBe(1);
    // Keep the killed agent down (the guest's init would restart it at once).
    expect((await a.exec(['touch', '/run/underlay-lab/agent.stopped'])).exitCode).toBe(0);

    const cut = await cli(a, ['network', 'connect', NET, 'fk-a1']);
    expect(cut.code).not.toBe(0);
    const alive = await a.exec([
      'sh',
      '-c',
      'kill -0 "$(cat /run/underlay-lab/agent.pid)" 2>/dev/null',
    ]);
    expect(alive.exitCode, 'the agent died in the claim').not.toBe(0);

    // The store has the claim, under host-a's old lease; the kernel has nothing.
    const [claimed] = await hub.blocks('vlan=62,');
    expect(await hub.blocks('vlan=62,')).toHaveLength(1);
    expect(claimed).toMatchObject({ host: 'host-a', lease: [...leasesBefore][0] });
    expect(await containerLinks(a, 'fk-a1')).toEqual([]);

    // While host-a is down: host-b connects 10 containers on the same segment,
    // and is refused an address inside host-a's block, naming host-a.
    const burst = await pool(
      4,
      names('fk', b, 10).map((name) => () => cli(b, ['network', 'connect', NET, name])),
    );
    for (const r of burst) expect(r.code, r.stderr).toBe(0);
    const inside = claimed!.block.replace(/\.(\d+)\/28$/, (_, n: string) => `.${Number(n) + 5}`);
    const refused = await cli(b, ['network', 'connect', '--ip', inside, NET, 'fk-bs']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('host-a');
    const bHeld = await heldBlocks(b, 'vlan=62,');
    expect(bHeld).not.toContain(claimed!.block);

    // host-a restarts: it claims its block again under its new lease, records nothing of the cut connect.
    await wa!.startAgent();
    await until('host-a adopted every segment again', () =>
      allAdopted(a, ['vlan=60,', 'vlan=62,']),
    );
    const after = await hub.blocks('vlan=62,');
    const aRecords = after.filter((r) => r.host === 'host-a');
    expect(aRecords.map((r) => r.block)).toEqual([claimed!.block]);
    expect(leasesBefore.has(aRecords[0]!.lease)).toBe(false);
    const aFi60 = (await hub.blocks('vlan=60,')).filter((r) => r.host === 'host-a');
    expect(new Set(aFi60.map((r) => r.lease))).toEqual(new Set([aRecords[0]!.lease]));
    expect(await heldBlocks(a, 'vlan=62,')).toEqual([claimed!.block]);
    expect(await heldBlocks(b, 'vlan=62,')).toEqual(
      after
        .filter((r) => r.host === 'host-b')
        .map((r) => r.block)
        .sort(),
    );
    expect(await inspectedContainers(a, NET)).toEqual([]);

    // The connect again: its address comes from the block claimed back.
    const retried = await cli(a, ['network', 'connect', NET, 'fk-a1']);
    expect(retried.code, retried.stderr).toBe(0);
    const [address] = await kernelAddresses(a, '10.62.0.');
    expect(inBlock(address!, claimed!.block)).toBe(true);
    const all = [...(await kernelAddresses(b, '10.62.0.')), address!];
    expect(new Set(all).size).toBe(11);
  }, 600_000);
}

/** Existing duplicates across hosts (made without a store), then the store configured. */
export function fleetAdoption(ctx: FleetFailureContext): void {
  const NET = 'fc63';
  afterAll(async () => {
    for (const host of ctx.hosts().slice(0, 2)) await cleanup(host, names('fc', host, 2, 1), [NET]);
  });

  it('adoption: an address already duplicated across hosts is reported (event, inspect, status), the others are claimed', async () => {
    const hub = ctx.hub();
    const [a, b] = ctx.hosts() as [LabHost, LabHost];
    for (const host of [a, b]) await configure(host, { kind: 'none' });
    await createOn([a, b], NET, 63);
    await createContainers(a, ['fc-a1', 'fc-a2']);
    await createContainers(b, ['fc-b1', 'fc-b2']);
    const statics: [LabHost, string, string][] = [
      [a, 'fc-a1', '10.63.0.20'],
      [a, 'fc-a2', '10.63.0.40'],
      [b, 'fc-b1', '10.63.0.20'], // the duplicate, made while each host allocated alone
      [b, 'fc-b2', '10.63.0.70'],
    ];
    for (const [host, container, ip] of statics) {
      const r = await cli(host, ['network', 'connect', '--ip', ip, NET, container]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await kernelAddresses(b, '10.63.0.')).sort()).toEqual(['10.63.0.20', '10.63.0.70']);

    const events: AgentEvent[] = [];
    const client = agentOf(b);
    try {
      await new Promise<void>((resolve, reject) => {
        const sub = client.events.stream.subscribe(
          { lastEventId: null },
          { onData: ({ data }) => events.push(data), onStarted: () => resolve(), onError: reject },
        );
        afterAll(() => sub.unsubscribe());
      });
      await configure(a, hub.config('host-a'));
      await until('host-a adopted fc63', async () =>
        Boolean((await segmentOf(a, 'vlan=63,'))?.adopted),
      );
      expect((await segmentOf(a, 'vlan=63,'))?.conflicts).toEqual([]);
      await configure(b, hub.config('host-b'));
      await until('host-b adopted fc63', async () =>
        Boolean((await segmentOf(b, 'vlan=63,'))?.adopted),
      );
      await until('host-b published fleet.conflict', async () =>
        events.some((e) => e.type === 'fleet.conflict'),
      );
    } finally {
      await client.close();
    }

    // Reported, naming the container, the address and the host that holds its block.
    const segment = (await segmentOf(b, 'vlan=63,'))!;
    expect(segment.conflicts).toHaveLength(1);
    expect(segment.conflicts[0]).toMatch(/container fc-b1 has 10\.63\.0\.20: .*host-a/);
    const conflict = events.find((e) => e.type === 'fleet.conflict');
    expect(conflict).toMatchObject({ name: NET, message: segment.conflicts[0] });
    const r = await cli(b, ['network', 'inspect', NET]);
    const [inspect] = JSON.parse(r.stdout) as [{ FleetIpam: { conflicts: string[] }[] }];
    expect(inspect.FleetIpam[0]!.conflicts).toEqual(segment.conflicts);
    // The non-conflicting endpoints are claimed: host-a's two blocks, host-b's one.
    const stored = (await hub.blocks('vlan=63,')).map((s) => `${s.block} ${s.host}`).sort();
    expect(stored).toEqual([
      '10.63.0.16/28 host-a',
      '10.63.0.32/28 host-a',
      '10.63.0.64/28 host-b',
    ]);
    expect(segment.blocks).toEqual([{ block: '10.63.0.64/28', status: 'held', used: 1 }]);
    // Kept on its container (reported, not taken away from a running container).
    expect((await kernelAddresses(b, '10.63.0.')).sort()).toEqual(['10.63.0.20', '10.63.0.70']);
  }, 300_000);
}
