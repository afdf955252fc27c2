import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Lab, type LabHost, attachLab } from '@underlay/lab';
import { type FleetNetwork, loadFleet } from '@underlay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The seed's NetOps table (examples/netops.yaml) applied to two lab guests with
// the built CLI, checked in each guest's kernel with ip -json, not through the
// agent: the VLAN parents exist on the selected hosts with the right ids.

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'main.cjs');
const NETOPS = readFileSync(join(here, '..', '..', '..', 'examples', 'netops.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'fleet-lab-'));

let lab: Lab;
/** Networks other tests of the shared lab left on the guests: kept in the pruned file, so --prune spares them. */
let others: FleetNetwork[] = [];
let a: LabHost;
let b: LabHost;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function underlay(args: string[]): Promise<Result> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
        stdout,
        stderr,
      }),
    );
  });
}

const fleetFlags = (): string[] =>
  [a, b].flatMap((h) => [
    '--agent',
    `${h.name}=${h.agentSocket}`,
    '--token-file',
    `${h.name}=${join(h.stateDir, 'token')}`,
  ]);

function fleetFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function vlanLinks(host: LabHost): Promise<Record<string, number>> {
  const out = await host.exec(['ip', '-d', '-json', 'link', 'show', 'type', 'vlan']);
  const links = JSON.parse(out.stdout || '[]') as {
    ifname: string;
    link?: string;
    linkinfo?: { info_data?: { id?: number } };
  }[];
  return Object.fromEntries(
    links
      .filter((l) => l.link === 'eth0' && /^eth0\.(10|20|30|40)$/.test(l.ifname))
      .map((l) => [l.ifname, l.linkinfo?.info_data?.id ?? -1]),
  );
}

async function gatewayOf(host: LabHost, network: string): Promise<string | undefined> {
  const r = await hostCli(host, ['network', 'inspect', network]);
  const [inspected] = JSON.parse(r.stdout) as { IPAM: { Config: { Gateway?: string }[] } }[];
  return inspected?.IPAM.Config[0]?.Gateway;
}

async function inspected(host: LabHost, network: string) {
  const r = await hostCli(host, ['network', 'inspect', network]);
  const [found] = JSON.parse(r.stdout) as {
    Id: string;
    Labels: Record<string, string>;
    Containers: Record<string, unknown>;
  }[];
  if (!found) throw new Error(`no network ${network} on ${host.name}: ${r.stderr}`);
  return found;
}

beforeAll(async () => {
  lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  [a, b] = [lab.host('host-a'), lab.host('host-b')];
  // The agents start after the guests answer: wait until both do.
  let exported = await underlay(['export', ...fleetFlags()]);
  for (let i = 0; i < 120 && exported.code !== 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    exported = await underlay(['export', ...fleetFlags()]);
  }
  expect(exported.code, exported.stderr).toBe(0);
  others = loadFleet({ file: 'before.yaml', text: exported.stdout }).fleet?.networks ?? [];
});

afterAll(async () => {
  for (const host of [a, b]) {
    if (!host) continue;
    await hostCli(host, ['network', 'disconnect', 'vlan30', 'fleet-c30']);
    await hostCli(host, ['network', 'disconnect', 'vlan30', 'fleet-l30']);
    await hostCli(host, ['container', 'rm', 'fleet-l30']);
    await hostCli(host, ['container', 'rm', 'fleet-c30']);
    for (const name of ['vlan10', 'vlan20', 'vlan30', 'vlan40'])
      await hostCli(host, ['network', 'rm', name]);
  }
});

/** A single-agent command on one guest with its own token. */
function hostCli(host: LabHost, args: string[]): Promise<Result> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    UNDERLAY_HOST: host.agentSocket,
    UNDERLAY_TOKEN_FILE: join(host.stateDir, 'token'),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe('the NetOps table as a fleet file on two hosts', () => {
  it('apply makes the VLAN networks on the selected hosts, with the right parents in the kernel', async () => {
    const file = fleetFile('netops.yaml', NETOPS);
    const plan = await underlay(['plan', '-f', file, ...fleetFlags()]);
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('Plan: 5 to create, 0 to change, 0 to remove on 2 of 2 host(s).');
    const r = await underlay(['apply', '-f', file, '--yes', ...fleetFlags()]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/host-a: applied \(3\/3 steps\)/);
    expect(r.stdout).toMatch(/host-b: applied \(2\/2 steps\)/);
    expect(await vlanLinks(a)).toEqual({ 'eth0.10': 10, 'eth0.20': 20, 'eth0.30': 30 });
    expect(await vlanLinks(b)).toEqual({ 'eth0.10': 10, 'eth0.20': 20 });
    expect(await gatewayOf(a, 'vlan20')).toBe('172.16.50.1');
  });

  it('a second apply changes nothing and says so', async () => {
    const before = [await vlanLinks(a), await vlanLinks(b)];
    const r = await underlay([
      'apply',
      '-f',
      fleetFile('netops.yaml', NETOPS),
      '--yes',
      ...fleetFlags(),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Nothing to apply: the fleet already matches the file.');
    expect([await vlanLinks(a), await vlanLinks(b)]).toEqual(before);
  });

  it('one changed gateway is one change on the host that has the network', async () => {
    const file = fleetFile('gw.yaml', NETOPS.replace('gateway: 10.1.100.1', 'gateway: 10.1.0.1'));
    const plan = await underlay(['plan', '-f', file, ...fleetFlags()]);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to change, 0 to remove on 1 of 2 host(s).');
    expect(plan.stdout).toMatch(/host-a:\n {2}~ vlan30: replace/);
    expect(plan.stdout).toMatch(/host-b:\n {2}no changes/);
    const r = await underlay(['apply', '-f', file, '--yes', ...fleetFlags()]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(await gatewayOf(a, 'vlan30')).toBe('10.1.0.1');
  });

  it('a label change is an update in place: allowed with a container connected, which keeps its address', async () => {
    const gw = NETOPS.replace('gateway: 10.1.100.1', 'gateway: 10.1.0.1');
    const fleet = loadFleet({ file: 'gw.yaml', text: gw }).fleet!;
    const labelled = {
      ...fleet,
      networks: fleet.networks.map((n) =>
        n.name === 'vlan30' ? { ...n, labels: { team: 'netops' } } : n,
      ),
    };
    const file = fleetFile('labels.yaml', JSON.stringify(labelled)); // JSON is YAML
    expect((await hostCli(a, ['container', 'create', 'fleet-l30'])).code).toBe(0);
    expect((await hostCli(a, ['network', 'connect', 'vlan30', 'fleet-l30'])).code).toBe(0);
    const before = await inspected(a, 'vlan30');
    const plan = await underlay(['plan', '-f', file, ...fleetFlags()]);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(
      /host-a:\n {2}~ vlan30: update in place\n +labels: \(none\) -> team=netops/,
    );
    const r = await underlay(['apply', '-f', file, '--yes', ...fleetFlags()]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('update vlan30 in place');
    const after = await inspected(a, 'vlan30');
    expect(after.Labels).toEqual({ team: 'netops' });
    // The same network (not a new one) and the container untouched.
    expect(after.Id).toBe(before.Id);
    expect(after.Containers).toEqual(before.Containers);
    // Back to no labels, still in place with the container connected.
    const back = await underlay([
      'apply',
      '-f',
      fleetFile('gw2.yaml', gw),
      '--yes',
      ...fleetFlags(),
    ]);
    expect(back.code, back.stderr + back.stdout).toBe(0);
    expect((await inspected(a, 'vlan30')).Labels).toEqual({});
    expect((await hostCli(a, ['network', 'disconnect', 'vlan30', 'fleet-l30'])).code).toBe(0);
    expect((await hostCli(a, ['container', 'rm', 'fleet-l30'])).code).toBe(0);
  });

  it('--prune removes a dropped row, refused while a container is connected', async () => {
    const netops = loadFleet({ file: 'netops.yaml', text: NETOPS }).fleet!;
    const withoutVlan30 = {
      ...netops,
      networks: [...others, ...netops.networks.filter((n) => n.name !== 'vlan30')],
    };
    const file = fleetFile('pruned.yaml', JSON.stringify(withoutVlan30)); // JSON is YAML
    expect((await hostCli(a, ['container', 'create', 'fleet-c30'])).code).toBe(0);
    expect((await hostCli(a, ['network', 'connect', 'vlan30', 'fleet-c30'])).code).toBe(0);
    const refused = await underlay(['apply', '-f', file, '--yes', '--prune', ...fleetFlags()]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('! vlan30: remove refused: 1 endpoint(s) connected');
    expect(await vlanLinks(a)).toHaveProperty('eth0.30', 30);
    expect((await hostCli(a, ['network', 'disconnect', 'vlan30', 'fleet-c30'])).code).toBe(0);
    const pruned = await underlay(['apply', '-f', file, '--yes', '--prune', ...fleetFlags()]);
    expect(pruned.code, pruned.stderr + pruned.stdout).toBe(0);
    expect(await vlanLinks(a)).toEqual({ 'eth0.10': 10, 'eth0.20': 20 });
    expect(await vlanLinks(b)).toEqual({ 'eth0.10': 10, 'eth0.20': 20 });
  });

  it('a host that is down fails clearly, the other applies, a later apply finishes it', async () => {
    const vlan40 = `  - name: vlan40\n    vlan: 40\n    parent: eth0\n    subnets:\n      - subnet: 172.16.40.0/24\n`;
    const file = fleetFile(
      'vlan40.yaml',
      NETOPS.slice(0, NETOPS.indexOf('  - name: vlan30')) + vlan40,
    );
    const hidden = `${b.agentSocket}.down`;
    renameSync(b.agentSocket, hidden); // the relay stays up; nothing answers at the path
    let r: Result;
    try {
      r = await underlay(['apply', '-f', file, '--yes', ...fleetFlags()]);
    } finally {
      renameSync(hidden, b.agentSocket);
    }
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/host-a: applied \(1\/1 steps\)/);
    expect(r.stdout).toMatch(
      /host-b: FAILED after 0\/0 steps: unreachable, nothing applied there: .*Cannot connect/,
    );
    expect(await vlanLinks(a)).toHaveProperty('eth0.40', 40);
    expect(await vlanLinks(b)).not.toHaveProperty('eth0.40');
    const later = await underlay(['apply', '-f', file, '--yes', ...fleetFlags()]);
    expect(later.code, later.stderr + later.stdout).toBe(0);
    expect(later.stdout).toContain(
      'Plan: 1 to create, 0 to change, 0 to remove on 1 of 2 host(s).',
    );
    expect(await vlanLinks(b)).toHaveProperty('eth0.40', 40);
  });

  it('export writes the fleet back: planning it changes nothing', async () => {
    const exported = await underlay(['export', ...fleetFlags()]);
    expect(exported.code, exported.stderr).toBe(0);
    const plan = await underlay([
      'plan',
      '-f',
      fleetFile('export.yaml', exported.stdout),
      ...fleetFlags(),
    ]);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes: 2 host(s) match the file');
  });
});
