import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetStoreConfig } from '@underlay/core';
import { type EtcdServer, startEtcd } from '@underlay/fleet-store/etcd-server';
import { attachLab, type Lab, type LabHost } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetPartition, fleetAgentKill, fleetAdoption } from './lab/fleet-failures';
import { cleanup, cli, configure, kernelAddresses, pool } from './lab/fleet-lab';
import { type HubStoreProcess, startHubStore } from './lab/hub-store';

// Fleet-wide IPAM (issue 15) on real kernels, three guests, CLI only: the
// same VLAN network on each host with the whole subnet, 20 containers per
// host connected from three shells at once, the addresses read back from the
// kernels; once with the hub's SQLite store (served as the lab serves it:
// the hub's socket, relayed to the guests on 192.0.2.1:7480) and once with
// etcd (in the lab's namespace on 192.0.2.1). The hub's store also carries
// the failure tests (lab/fleet-failures.ts): partition with the hub killed
// mid-claim, an agent killed mid-claim, adoption of existing duplicates.

const HOSTS = ['host-a', 'host-b', 'host-c'];
const PER_HOST = 20;

/** A store under test: how to start it, and the config that points a host's agent at it. */
interface StoreCase {
  name: 'hub' | 'etcd';
  start(lab: Lab): Promise<{ config(host: string): FleetStoreConfig; stop(): Promise<void> }>;
}

let lab: Lab;
let hosts: LabHost[];
let hub: HubStoreProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'fleet-ipam-lab-'));

const STORES: StoreCase[] = [
  {
    name: 'hub',
    async start(lab) {
      hub = await startHubStore(lab, join(dir, 'fleet-store.sqlite'), HOSTS);
      return hub;
    },
  },
  {
    name: 'etcd',
    async start(lab) {
      const etcd: EtcdServer = await startEtcd({ host: '192.0.2.1', netns: lab.netns });
      return {
        config: () => ({ kind: 'etcd', endpoints: [etcd.endpoint] }),
        stop: () => etcd.stop(),
      };
    },
  },
];

const containers = (host: string) =>
  Array.from({ length: PER_HOST }, (_, i) => `fi-${host.slice(-1)}${i}`);

beforeAll(async () => {
  lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  hosts = HOSTS.map((name) => lab.host(name));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(STORES)('fleet-wide IPAM on three hosts, $name store, CLI only', (store) => {
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const started = await store.start(lab);
    stop = () => started.stop();
    for (const host of hosts) await configure(host, started.config(host.name));
  });

  afterAll(async () => {
    // The shared lab goes on to other files: nothing of this store is left on the agents.
    for (const host of hosts ?? []) {
      await cleanup(host, [...containers(host.name), 'fi-static'], ['fi60']);
      await configure(host, { kind: 'none' }).catch(() => undefined);
    }
    await stop();
    hub = undefined;
  });

  it('20 containers per host connected at once from three shells: 60 distinct addresses in the kernels', async () => {
    for (const host of hosts) {
      const made = await cli(host, [
        'network',
        'create',
        '-d',
        'ipvlan',
        '--subnet',
        '10.60.0.0/24',
        '--gateway',
        '10.60.0.1',
        '-o',
        'parent=eth0.60',
        'fi60',
      ]);
      expect(made.code, made.stderr).toBe(0);
    }
    const shells = hosts.map(async (host) => {
      const names = containers(host.name);
      await pool(
        4,
        names.map((name) => () => cli(host, ['container', 'create', name])),
      );
      return pool(
        4,
        names.map((name) => () => cli(host, ['network', 'connect', 'fi60', name])),
      );
    });
    const results = (await Promise.all(shells)).flat();
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const perHost = await Promise.all(hosts.map((h) => kernelAddresses(h, '10.60.0.')));
    for (const found of perHost) expect(found).toHaveLength(PER_HOST);
    const all = perHost.flat();
    expect(new Set(all).size).toBe(60);
    expect(all).not.toContain('10.60.0.1');
  }, 600_000);

  it('a static --ip taken on host-a is refused on host-b, naming host-a, and nothing is made', async () => {
    const [a, b] = hosts as [LabHost, LabHost];
    const taken = (await kernelAddresses(a, '10.60.0.'))[0]!;
    expect((await cli(b, ['container', 'create', 'fi-static'])).code).toBe(0);
    const refused = await cli(b, ['network', 'connect', '--ip', taken, 'fi60', 'fi-static']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('host-a');
    expect(refused.stderr).toContain(`address ${taken} is in block`);
    const inside = await b.exec(['ip', '-n', 'fi-static', '-o', '-4', 'addr', 'show']);
    expect(inside.stdout).not.toContain('10.60.0.');
  }, 120_000);

  if (store.name === 'hub') {
    const ctx = {
      hosts: () => hosts,
      hub: () => hub!,
    };
    fleetPartition(ctx);
    fleetAgentKill(ctx);
    fleetAdoption(ctx);
  }
});
