import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Lab, type LabHost, attachLab } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pings } from '../lab/pings';

// The built `underlay` CLI against the agents of two lab guests (real 6.1
// kernels on an 802.1Q trunk), reached from this namespace through the lab's
// relayed unix sockets, exactly as a user would after `eval "$(lab env …)"`.
// Connectivity is checked with ping run inside the namespaces through the
// lab's exec channel, independently of the agent.

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.cjs');

let lab: Lab;
let a: LabHost;
let b: LabHost;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI pointed at one guest's agent (argument array, no shell). */
function underlay(host: LabHost, args: string[]): Promise<Result> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    UNDERLAY_HOST: host.agentSocket,
    UNDERLAY_TOKEN_FILE: join(host.stateDir, 'token'),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Like underlay(), but the command must succeed. */
async function ok(host: LabHost, args: string[]): Promise<string> {
  const r = await underlay(host, args);
  expect(r.stderr, `underlay ${args.join(' ')} on ${host.name}`).toBe('');
  expect(r.code, `underlay ${args.join(' ')} on ${host.name}`).toBe(0);
  return r.stdout;
}

/** Every link in detail and every named namespace, to prove a refused request changed nothing. */
async function kernelState(host: LabHost): Promise<string> {
  const links = await host.exec(['ip', '-d', '-json', 'link', 'show']);
  const netns = await host.exec(['ip', 'netns', 'list']);
  const stable = (JSON.parse(links.stdout) as Record<string, unknown>[]).map(
    ({ stats64: _s, stats: _t, ...rest }) => rest,
  );
  return JSON.stringify(stable) + netns.stdout;
}

beforeAll(async () => {
  lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  [a, b] = [lab.host('host-a'), lab.host('host-b')];
});

afterAll(async () => {
  // Leave the shared lab as found, whatever a failed test left behind.
  for (const [host, container] of [
    [a, 'cli-a10'],
    [b, 'cli-b10'],
  ] as const) {
    if (!host) continue;
    await underlay(host, ['network', 'disconnect', 'cli-vlan10', container]);
    await underlay(host, ['container', 'rm', container]);
    await underlay(host, ['network', 'rm', 'cli-vlan10']);
  }
});

describe('the seed’s VLAN 10 network on two hosts, through the CLI', () => {
  it('creates it on both hosts, connects a container on each, and they ping across the trunk', async () => {
    for (const host of [a, b]) {
      const id = (
        await ok(host, [
          'network',
          'create',
          '-d',
          'ipvlan',
          '--subnet',
          '192.168.10.0/24',
          '--gateway',
          '192.168.10.1',
          '-o',
          'parent=eth0.10',
          'cli-vlan10',
        ])
      ).trim();
      expect(id).toMatch(/^[0-9a-f]{12,}$/);
      expect(await ok(host, ['network', 'ls'])).toMatch(
        new RegExp(`^${id.slice(0, 12)}\\s+cli-vlan10\\s+ipvlan\\s+local\\s+l2\\s+eth0\\.10$`, 'm'),
      );
    }
    expect(await ok(a, ['container', 'create', 'cli-a10'])).toBe('cli-a10\n');
    expect(await ok(b, ['container', 'create', 'cli-b10'])).toBe('cli-b10\n');
    await ok(a, ['network', 'connect', '--ip', '192.168.10.11', 'cli-vlan10', 'cli-a10']);
    await ok(b, ['network', 'connect', '--ip', '192.168.10.21', 'cli-vlan10', 'cli-b10']);

    const [inspected] = JSON.parse(await ok(a, ['network', 'inspect', 'cli-vlan10'])) as Record<
      string,
      unknown
    >[];
    expect(inspected).toMatchObject({ Name: 'cli-vlan10', Driver: 'ipvlan' });
    expect(JSON.stringify(inspected)).toContain('192.168.10.11');

    expect(await pings(a, 'cli-a10', '192.168.10.21')).toBe(true);
    expect(await pings(b, 'cli-b10', '192.168.10.11')).toBe(true);
    // The agent's own diagnostics agree.
    expect(await ok(a, ['ping', '-c', '2', 'cli-a10', '192.168.10.21'])).toMatch(
      /2 packets transmitted, 2 received/,
    );
  });

  it('refuses bad input with one clear line and a non-zero exit, leaving the kernel unchanged', async () => {
    const before = await kernelState(a);
    const cases: [string[], RegExp][] = [
      [
        [
          'network',
          'create',
          '-o',
          'parent=eth0.20',
          '-o',
          'ipvlan_mode=L2',
          '--subnet',
          '192.168.20.0/24',
          'cli-bad',
        ],
        /^Error response from agent: options\.ipvlan_mode: .*L2/,
      ],
      [
        ['network', 'create', '-o', 'parent=eth0.20', '-o', 'ipvlan-mode=l3', 'cli-bad'],
        /^Error response from agent: options\.ipvlan-mode: /,
      ],
      [
        ['network', 'create', '-o', 'parent=eth0.5000', 'cli-bad'],
        /^Error response from agent: options\.parent: /,
      ],
      [
        ['network', 'create', '-o', 'parent=lo', 'cli-bad'],
        /^Error response from agent: options\.parent: /,
      ],
      [
        ['network', 'create', '-o', 'parent=eth0.10', '--subnet', '192.168.10.0/25', 'cli-bad'],
        /^Error response from agent: ipam\[0\]\.subnet: /,
      ],
      [
        ['network', 'connect', '--ip', '192.168.10.11', 'cli-vlan10', 'cli-a10'],
        /^Error response from agent: /,
      ],
      [
        ['network', 'create', '--subnet', '10.0.0.0/24', '--gateway', '10.9.0.1', 'cli-bad'],
        /^Error: --gateway: /,
      ],
      [
        ['network', 'create', '-o', 'parent', 'cli-bad'],
        /^Error: --opt: "parent" is not key=value/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await underlay(a, args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
    expect(await kernelState(a)).toBe(before);
  });

  it('disconnects and removes everything, deleting the eth0.10 it made', async () => {
    for (const [host, container] of [
      [a, 'cli-a10'],
      [b, 'cli-b10'],
    ] as const) {
      await ok(host, ['network', 'disconnect', 'cli-vlan10', container]);
      await ok(host, ['container', 'rm', container]);
      expect(await ok(host, ['network', 'rm', 'cli-vlan10'])).toBe('cli-vlan10\n');
      const links = await host.exec(['ip', '-json', 'link', 'show']);
      expect((JSON.parse(links.stdout) as { ifname: string }[]).map((l) => l.ifname)).not.toContain(
        'eth0.10',
      );
    }
  });
});
