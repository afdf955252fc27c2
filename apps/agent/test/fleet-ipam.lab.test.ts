import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachLab, type Lab, type LabHost } from '@underlay/lab';
import { type EtcdServer, startEtcd } from '@underlay/fleet-store/etcd-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentClient } from '../src/client';

// Fleet-wide IPAM (issue 15) on real kernels: etcd in the lab's namespace on
// the management bridge (192.0.2.1), the three agents configured to it as a
// hub would (fleetStore.configure), then only the CLI: the same VLAN network
// on each host with the whole subnet, 20 containers per host connected from
// three shells at once, and the addresses read back from the kernels.

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'main.js');
const HOSTS = ['host-a', 'host-b', 'host-c'];
const PER_HOST = 20;

let lab: Lab;
let etcd: EtcdServer;
let hosts: LabHost[];

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** One CLI command against one guest's agent, as a shell on that host would run it. */
function cli(host: LabHost, args: string[]): Promise<Result> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    UNDERLAY_HOST: host.agentSocket,
    UNDERLAY_TOKEN_FILE: join(host.stateDir, 'token'),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** Runs `jobs` with at most `width` at a time (one shell's background jobs). */
async function pool<T>(width: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** Every IPv4 address of 10.60.0.0/24 in the guest's container namespaces, read from the kernel. */
async function kernelAddresses(host: LabHost): Promise<string[]> {
  const r = await host.exec(['ip', '-all', 'netns', 'exec', 'ip', '-o', '-4', 'addr', 'show']);
  expect(r.exitCode, r.stderr).toBe(0);
  return [...r.stdout.matchAll(/inet (10\.60\.0\.\d+)\/24/g)].map((m) => m[1]!);
}

const containers = (host: string) =>
  Array.from({ length: PER_HOST }, (_, i) => `fi-${host.slice(-1)}${i}`);

beforeAll(async () => {
  lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  hosts = HOSTS.map((name) => lab.host(name));
  etcd = await startEtcd({ host: '192.0.2.1', netns: lab.netns });
  for (const host of hosts) {
    const token = readFileSync(join(host.stateDir, 'token'), 'utf8').trim();
    const client = createAgentClient({ host: host.agentSocket, token });
    try {
      const status = await client.fleetStore.configure.mutate({
        kind: 'etcd',
        endpoints: [etcd.endpoint],
      });
      expect(status).toMatchObject({ kind: 'etcd', host: host.name });
    } finally {
      await client.close();
    }
  }
});

afterAll(async () => {
  // Cleanup through the API (no process per call): the shared lab goes on to other files.
  for (const host of hosts ?? []) {
    const token = readFileSync(join(host.stateDir, 'token'), 'utf8').trim();
    const client = createAgentClient({ host: host.agentSocket, token });
    const ignore = () => undefined;
    for (const container of [...containers(host.name), 'fi-static']) {
      await client.networks.disconnect.mutate({ network: 'fi60', container }).catch(ignore);
      await client.containers.remove.mutate({ container }).catch(ignore);
    }
    await client.networks.remove.mutate({ network: 'fi60' }).catch(ignore);
    await client.fleetStore.configure.mutate({ kind: 'none' }).catch(ignore);
    await client.close();
  }
  await etcd?.stop();
});

describe('fleet-wide IPAM on three hosts, etcd store, CLI only', () => {
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
    const perHost = await Promise.all(hosts.map(kernelAddresses));
    for (const found of perHost) expect(found).toHaveLength(PER_HOST);
    const all = perHost.flat();
    expect(new Set(all).size).toBe(60);
    expect(all).not.toContain('10.60.0.1');
  }, 600_000);

  it('a static --ip taken on host-a is refused on host-b, naming host-a, and nothing is made', async () => {
    const [a, b] = hosts as [LabHost, LabHost];
    const taken = (await kernelAddresses(a))[0]!;
    expect((await cli(b, ['container', 'create', 'fi-static'])).code).toBe(0);
    const refused = await cli(b, ['network', 'connect', '--ip', taken, 'fi60', 'fi-static']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('host-a');
    expect(refused.stderr).toContain(`address ${taken} is in block`);
    const inside = await b.exec(['ip', '-n', 'fi-static', '-o', '-4', 'addr', 'show']);
    expect(inside.stdout).not.toContain('10.60.0.');
  }, 120_000);
});
