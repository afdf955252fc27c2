import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Lab, type LabHost, attachLab } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_INPUT_ROWS, PREPARED } from './bad-input-table';

// Issue 4, "Bad input": every refusal in bad-input-table.ts, typed into the
// built `underlay` CLI against host-a's agent (a real 6.1 kernel in the lab),
// must exit non-zero with one clear line per problem naming the field or flag,
// and change nothing: not the kernel (links, addresses, namespaces) and not
// the agent's own lists. The colliding state is prepared first.

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.cjs');

let lab: Lab;
let a: LabHost;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI pointed at host-a's agent (argument array, no shell). */
function underlay(args: string[]): Promise<Result> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    UNDERLAY_HOST: a.agentSocket,
    UNDERLAY_TOKEN_FILE: join(a.stateDir, 'token'),
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
async function ok(args: string[]): Promise<string> {
  const r = await underlay(args);
  expect(r.stderr, `underlay ${args.join(' ')}`).toBe('');
  expect(r.code, `underlay ${args.join(' ')}`).toBe(0);
  return r.stdout;
}

/** Runs a command in the guest that must succeed. */
async function run(argv: string[]): Promise<void> {
  const r = await a.exec(argv);
  expect(r.exitCode, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
}

// Counters and address lifetimes tick on their own; everything else must stay put.
const VOLATILE = new Set(['stats', 'stats64', 'valid_life_time', 'preferred_life_time']);
const stable = (json: string): string =>
  JSON.stringify(JSON.parse(json), (key, value: unknown) =>
    VOLATILE.has(key) ? undefined : value,
  );

/**
 * Waits until no address of host-a is still in IPv6 duplicate address detection: a link
 * brought up just before would otherwise lose its `tentative` flag between two snapshots.
 */
async function addressesSettled(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await a.exec(['ip', '-json', 'addr', 'show', 'tentative']);
    const tentative = (JSON.parse(r.stdout || '[]') as { addr_info?: unknown[] }[]).some(
      (l) => (l.addr_info ?? []).length > 0,
    );
    if (!tentative) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('addresses of host-a stayed tentative for 20 s');
}

/** Links in detail, addresses, named namespaces, and the agent's networks and containers. */
async function state(): Promise<Record<string, string>> {
  await addressesSettled();
  const [links, addrs, netns] = await Promise.all([
    a.exec(['ip', '-d', '-json', 'link', 'show']),
    a.exec(['ip', '-json', 'addr', 'show']),
    a.exec(['ip', 'netns', 'list']),
  ]);
  return {
    links: stable(links.stdout),
    addrs: stable(addrs.stdout),
    netns: netns.stdout,
    networks: await ok(['network', 'ls']),
    containers: await ok(['container', 'ls']),
  };
}

/** Removes what the preparation made, whatever a failed run left behind. */
async function cleanUp(): Promise<void> {
  for (const [net, container] of [
    [PREPARED.network, PREPARED.connected],
    [PREPARED.tinyNetwork, PREPARED.connected],
  ] as const)
    await underlay(['network', 'disconnect', net, container]);
  for (const container of [PREPARED.connected, PREPARED.spare, 'bad-n'])
    await underlay(['container', 'rm', container]);
  for (const net of [PREPARED.network, PREPARED.poolsNetwork, PREPARED.tinyNetwork, 'bad-x'])
    await underlay(['network', 'rm', net]);
  for (const link of [PREPARED.busyMacvlan, PREPARED.busyParent, PREPARED.downParent])
    await a.exec(['ip', 'link', 'del', link]);
  await a.exec(['ip', 'netns', 'del', 'bad-ns']);
}

beforeAll(async () => {
  lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  a = lab.host('host-a');
  await cleanUp();
});

afterAll(async () => {
  if (a) await cleanUp();
});

describe('bad input through the CLI (one row per refusal code)', () => {
  it('refuses every row with a non-zero exit and one clear line naming the field, and changes nothing', async () => {
    // The state the rows collide with.
    await run(['ip', 'link', 'add', PREPARED.busyParent, 'type', 'dummy']);
    await run(['ip', 'link', 'set', PREPARED.busyParent, 'up']);
    await run([
      'ip',
      'link',
      'add',
      'link',
      PREPARED.busyParent,
      'name',
      PREPARED.busyMacvlan,
      'type',
      'macvlan',
      'mode',
      'bridge',
    ]);
    await run(['ip', 'link', 'add', PREPARED.downParent, 'type', 'dummy']);
    await ok([
      'network',
      'create',
      '--subnet',
      PREPARED.subnet,
      '--gateway',
      '10.30.0.1',
      '-o',
      `parent=${PREPARED.parent}`,
      PREPARED.network,
    ]);
    await ok([
      'network',
      'create',
      ...PREPARED.poolSubnets.flatMap((s) => ['--subnet', s]),
      PREPARED.poolsNetwork,
    ]);
    await ok(['network', 'create', '--subnet', PREPARED.tinySubnet, PREPARED.tinyNetwork]);
    await ok(['container', 'create', PREPARED.connected]);
    await ok(['container', 'create', PREPARED.spare]);
    await ok(['network', 'connect', '--ip', '10.30.0.11', PREPARED.network, PREPARED.connected]);
    await ok(['network', 'connect', PREPARED.tinyNetwork, PREPARED.connected]);

    const before = await state();
    const failures: string[] = [];
    for (const row of BAD_INPUT_ROWS) {
      const r = await underlay(row.argv);
      const label = `${row.code}: underlay ${row.argv.join(' ')}`;
      const lines = r.stderr.trimEnd().split('\n');
      if (r.code === 0) failures.push(`${label}: exit 0`);
      if (r.stdout !== '') failures.push(`${label}: stdout ${JSON.stringify(r.stdout)}`);
      if (!row.stderr.test(r.stderr))
        failures.push(`${label}: stderr ${JSON.stringify(r.stderr)} does not match ${row.stderr}`);
      if (/\n\s+at /.test(r.stderr)) failures.push(`${label}: stack trace`);
      // One line per problem, each naming where: "Error: --flag: …" or "Error response from agent: field: …".
      for (const line of lines)
        if (!/^Error( response from agent)?: [\w.[\]-]+: \S/.test(line))
          failures.push(`${label}: unclear line ${JSON.stringify(line)}`);
      const after = await state();
      for (const [what, text] of Object.entries(after))
        if (text !== before[what]) failures.push(`${label}: ${what} changed`);
    }
    expect(failures).toEqual([]);
    expect(await state()).toEqual(before);
  }, 600_000);

  // The rows hold one case per code; these are the other spellings of the
  // same two mistakes (issue 16), each refused with nothing named or changed.
  it.each([
    [['--netns', '/proc/1/ns/net'], 'netnsPath', "is in the host's own network namespace"],
    [['--netns', '/proc/self/ns/net'], 'netnsPath', "is in the host's own network namespace"],
    [['--netns', '/proc/1/ns/mnt'], 'netnsPath', 'is not a network namespace'],
    [['--netns', '/nonexistent/ns'], 'netnsPath', 'is not a network namespace'],
    [['--pid', '999999'], 'pid', 'has no network namespace here'],
  ])(
    'container attach %j is refused, naming %s',
    async (flags, field, text) => {
      const before = await state();
      const r = await underlay(['container', 'attach', ...flags, 'bad-n']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^Error response from agent: ${field}: .*${text}`, 'm'));
      expect(await state()).toEqual(before);
    },
    120_000,
  );

  it('still adopts a real foreign namespace by path', async () => {
    await run(['ip', 'netns', 'add', 'bad-ns']);
    try {
      await ok(['container', 'attach', '--netns', '/run/netns/bad-ns', 'bad-n']);
      await ok(['container', 'rm', 'bad-n']);
    } finally {
      await a.exec(['ip', 'netns', 'del', 'bad-ns']);
    }
  }, 120_000);
});
