import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type FakeHost, fakeHost, runFleet } from './fake-fleet';

const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const NETOPS = file(
  'netops.yaml',
  `version: 1
networks:
  - { name: vlan10, vlan: 10, parent: eth0, subnets: [{ subnet: 172.16.80.0/24, gateway: 172.16.80.1 }] }
  - { name: vlan20, vlan: 20, parent: eth0, subnets: [{ subnet: 172.16.48.0/22, gateway: 172.16.50.1 }], hosts: [a] }
`,
);

let hosts: Record<string, FakeHost>;
const agents = ['--agent', 'a=/run/a', '--agent', 'b=/run/b'];
beforeEach(() => {
  hosts = { a: fakeHost(), b: fakeHost() };
});

describe('in-place changes', () => {
  it('a labels-only change is one networks.update per host, no remove or create', async () => {
    await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    hosts.a!.calls = [];
    const labelled = file(
      'labelled.yaml',
      `version: 1
networks:
  - { name: vlan10, vlan: 10, parent: eth0, subnets: [{ subnet: 172.16.80.0/24, gateway: 172.16.80.1 }], labels: { team: netops } }
  - { name: vlan20, vlan: 20, parent: eth0, subnets: [{ subnet: 172.16.48.0/22, gateway: 172.16.50.1 }], hosts: [a] }
`,
    );
    const plan = await runFleet(['plan', '-f', labelled, ...agents], hosts);
    expect(plan.code).toBe(2);
    expect(plan.out).toContain(
      'a:\n  ~ vlan10: update in place\n        labels: (none) -> team=netops',
    );
    expect(plan.out).toContain('Plan: 0 to create, 2 to change, 0 to remove on 2 of 2 host(s).');
    const r = await runFleet(['apply', '-f', labelled, '--yes', ...agents], hosts);
    expect(r.code, r.err).toBe(0);
    expect(hosts.a!.calls).toEqual(['update vlan10']);
    expect(hosts.b!.networks.find((n) => n.name === 'vlan10')?.labels).toEqual({ team: 'netops' });
    expect((await runFleet(['plan', '-f', labelled, ...agents], hosts)).code).toBe(0);
  });
});

describe('underlay plan', () => {
  it('exit 2 with changes, per-host text, and nothing sent', async () => {
    const r = await runFleet(['plan', '-f', NETOPS, ...agents], hosts);
    expect(r.code).toBe(2);
    expect(r.out).toContain('a:\n  + vlan10');
    expect(r.out).toContain('Plan: 3 to create, 0 to change, 0 to remove on 2 of 2 host(s).');
    expect(hosts.a!.calls).toEqual([]);
  });

  it('--json for machines; exit 0 once applied', async () => {
    await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    const r = await runFleet(['plan', '-f', NETOPS, '--json', ...agents], hosts);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { counts: { unchanged: number }; plans: unknown[] };
    expect(json.counts).toMatchObject({ create: 0, change: 0, remove: 0, unchanged: 3 });
  });

  it('a bad file: every error at its line, exit 1, no host contacted', async () => {
    const bad = file(
      'bad.yaml',
      'version: 1\nnetworks:\n  - name: x\n    subnets: [{ subnet: 10.1.100.0/16 }]\n',
    );
    const r = await runFleet(['plan', '-f', bad, ...agents], hosts);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}:4:25: error SUBNET_HOST_BITS: networks[0].subnets[0].subnet`);
    expect(r.err).toContain('nothing was sent');
    expect(hosts.a!.calls).toEqual([]);
  });

  it('a host that does not answer has no plan and makes the exit code 1', async () => {
    hosts.b!.down = true;
    const r = await runFleet(['plan', '-f', NETOPS, '--json', ...agents], hosts);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { plans: { host: string }[]; unreachable: string[] };
    expect(json.plans.map((p) => p.host)).toEqual(['a']);
    expect(json.unreachable).toEqual([expect.stringMatching(/^Error: b: Cannot connect/)]);
    expect(r.err).toMatch(/^Error: b: Cannot connect/m);
  });

  it('without --agent, the -H agent is the fleet, named by its hostname', async () => {
    const solo = file(
      'solo.yaml',
      'version: 1\nnetworks:\n  - { name: n, subnets: [{ subnet: 10.0.0.0/24 }] }\n',
    );
    const r = await runFleet(['-H', '/run/a', 'plan', '-f', solo], hosts);
    expect(r.out).toContain('solo:\n  + n');
  });
});

describe('underlay apply', () => {
  it('applies, then a second apply changes nothing and says so', async () => {
    const first = await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    expect(first.code).toBe(0);
    expect(hosts.a!.calls).toEqual(['create vlan10', 'create vlan20']);
    expect(hosts.b!.calls).toEqual(['create vlan10']);
    expect(first.out).toMatch(/a\s+\[0\/2\] create vlan10\n/);
    expect(first.out).toContain('a: applied (2/2 steps)');
    const again = await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing to apply: the fleet already matches the file.');
    expect(hosts.a!.calls).toHaveLength(2);
  });

  it('a changed gateway is one replace on the hosts that have it', async () => {
    await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    const changed = file('changed.yaml', NETOPS_TEXT().replace('172.16.50.1', '172.16.48.1'));
    const r = await runFleet(['apply', '-f', changed, '--yes', ...agents], hosts);
    expect(r.out).toContain('Plan: 0 to create, 1 to change, 0 to remove on 1 of 2 host(s).');
    expect(hosts.a!.calls.slice(2)).toEqual(['remove vlan20', 'create vlan20']);
    expect(hosts.b!.calls).toHaveLength(1);
    expect(hosts.a!.networks.find((n) => n.name === 'vlan20')?.subnets[0]?.gateway).toBe(
      '172.16.48.1',
    );
  });

  it('a failing host is rolled back; the others apply with --continue-on-error', async () => {
    hosts.a!.failCreate.add('vlan20');
    const r = await runFleet(
      ['apply', '-f', NETOPS, '--yes', '--continue-on-error', ...agents],
      hosts,
    );
    expect(r.code).toBe(1);
    expect(hosts.a!.calls).toEqual(['create vlan10', 'create vlan20', 'remove vlan10']);
    expect(hosts.a!.networks).toEqual([]);
    expect(hosts.b!.networks.map((n) => n.name)).toEqual(['vlan10']);
    expect(r.out).toContain(
      'a: FAILED after 1/2 steps: create vlan20: Error: injected failure creating vlan20. Rolled back 1 done step(s).',
    );
  });

  it('without --continue-on-error, hosts not yet started are not started', async () => {
    hosts.a!.failCreate.add('vlan10');
    const r = await runFleet(['apply', '-f', NETOPS, '--yes', '--parallel', '1', ...agents], hosts);
    expect(r.code).toBe(1);
    expect(hosts.b!.calls).toEqual([]);
    expect(r.out).toContain('b: not started');
  });

  it('a host that is down fails clearly, the others apply, a later apply finishes it', async () => {
    hosts.b!.down = true;
    const r = await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    expect(r.code).toBe(1);
    expect(r.out).toContain('b: FAILED after 0/0 steps: unreachable, nothing applied there');
    expect(hosts.a!.networks.map((n) => n.name)).toEqual(['vlan10', 'vlan20']);
    hosts.b!.down = false;
    const later = await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    expect(later.code).toBe(0);
    expect(later.out).toContain('Plan: 1 to create, 0 to change, 0 to remove on 1 of 2 host(s).');
  });

  it('--prune removes what the file dropped; refused, with nothing sent, while endpoints exist', async () => {
    await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    const dropped = file('dropped.yaml', NETOPS_TEXT().split('\n').slice(0, 3).join('\n'));
    hosts.a!.networks.find((n) => n.name === 'vlan20')!.endpoints = 1;
    const refused = await runFleet(['apply', '-f', dropped, '--yes', '--prune', ...agents], hosts);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('! vlan20: remove refused: 1 endpoint(s) connected');
    expect(hosts.a!.calls).toHaveLength(2);
    hosts.a!.networks.find((n) => n.name === 'vlan20')!.endpoints = 0;
    const pruned = await runFleet(['apply', '-f', dropped, '--yes', '--prune', ...agents], hosts);
    expect(pruned.code).toBe(0);
    expect(hosts.a!.calls.slice(2)).toEqual(['remove vlan20']);
  });

  it('asks for confirmation; without a terminal it needs --yes and sends nothing', async () => {
    const r = await runFleet(['apply', '-f', NETOPS, ...agents], hosts);
    expect(r.code).toBe(1);
    expect(r.err).toContain('pass --yes');
    expect(hosts.a!.calls).toEqual([]);
  });
});

describe('underlay export', () => {
  it('writes a file that plans to no change against the same fleet', async () => {
    await runFleet(['apply', '-f', NETOPS, '--yes', ...agents], hosts);
    const r = await runFleet(['export', ...agents], hosts);
    expect(r.code).toBe(0);
    const exported = file('export.yaml', r.out);
    const plan = await runFleet(['plan', '-f', exported, ...agents], hosts);
    expect(plan.out).toContain('No changes: 2 host(s) match the file (3 network(s)).');
    expect(plan.code).toBe(0);
  });
});

function NETOPS_TEXT(): string {
  return `version: 1
networks:
  - { name: vlan10, vlan: 10, parent: eth0, subnets: [{ subnet: 172.16.80.0/24, gateway: 172.16.80.1 }] }
  - { name: vlan20, vlan: 20, parent: eth0, subnets: [{ subnet: 172.16.48.0/22, gateway: 172.16.50.1 }], hosts: [a] }
`;
}
