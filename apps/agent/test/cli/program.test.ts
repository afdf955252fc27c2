import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AgentApi, checkSocket, connectAgent } from '../../src/cli/client';
import type { CliIo } from '../../src/cli/context';
import type { AgentConfig } from '../../src/env';
import { runCli } from '../../src/cli/program';
import type { AgentTarget } from '../../src/cli/target';
import { readToken } from '../../src/cli/token';
import type { ProcedureOutput, ProcedurePath } from '../../src/router/types';
import type { Issue, PingResult } from '@underlay/core';
import { aNetwork } from './fixtures';

// The whole program in-process. Requests are recorded to check how argv maps
// to the objects the agent receives (pure mapping); talking to a real agent
// is in cli.e2e.test.ts.

interface Run {
  code: number;
  out: string;
  err: string;
  calls: { kind: 'query' | 'mutate'; path: string; input: unknown }[];
}

/** Canned answers by path, typed as the router declares them. */
type Answers = { [P in ProcedurePath]?: ProcedureOutput<P> };

const ping = (over: Partial<PingResult> = {}): PingResult => ({
  transmitted: 2,
  received: 2,
  lossPercent: 0,
  rttMs: null,
  target: '10.0.0.2',
  ok: true,
  exitCode: 0,
  output: '',
  ...over,
});

// What the fake agent answers when a test gives nothing for a path.
const DEFAULT_ANSWERS: Answers = {
  'networks.create': { network: aNetwork({ id: 'x' }), warnings: [], steps: [] },
  'networks.plan': { ok: true, issues: [], network: aNetwork(), steps: [] },
  'networks.list': [],
  'containers.list': [],
  'diag.ping': ping(),
};

async function run(argv: string[], given: Answers = {}, connect?: CliIo['connect']): Promise<Run> {
  const answers: Answers = { ...DEFAULT_ANSWERS, ...given };
  const result: Run = { code: 0, out: '', err: '', calls: [] };
  const api: AgentApi = {
    query: async (path, input) => (
      result.calls.push({ kind: 'query', path, input }),
      answers[path] as never
    ),
    mutate: async (path, input) => (
      result.calls.push({ kind: 'mutate', path, input }),
      answers[path] as never
    ),
    subscribe: async () => {},
    close: async () => {},
  };
  const io: CliIo = {
    stdout: (text) => void (result.out += text),
    stderr: (text) => void (result.err += text),
    env: {},
    cwd: '/',
    connect: connect ?? (async () => api),
    untilStopped: async () => {},
    runAgent: async () => {},
  };
  result.code = await runCli(argv, io);
  return result;
}

/** A CLI io for `underlay agent`: each configuration handed to the daemon lands in `configs`; nothing else is used. */
function agentIo(configs: AgentConfig[]): CliIo {
  return {
    stdout: () => {},
    stderr: () => {},
    env: {},
    cwd: '/',
    connect: async () => {
      throw new Error('unused');
    },
    untilStopped: async () => {},
    runAgent: async (config) => void configs.push(config),
  };
}

describe('events --since', () => {
  it.each(['x', '-1', '1.5', '', '12abc'])(
    'refuses %j naming --since and the accepted form, without calling the agent',
    async (since) => {
      const r = await run(['events', '--since', since]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /^Error: --since: .* is not an event id: give a whole number such as 42/,
      );
      expect(r.err).toContain('0 to replay every event kept');
      expect(r.calls).toEqual([]);
    },
  );

  it('takes a whole number', async () => {
    const r = await run(['events', '--since', '42']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});

describe('help, version and usage errors', () => {
  it.each([
    [['--help'], /Usage: underlay \[options\] \[command\][\s\S]*UNDERLAY_TOKEN_FILE/],
    [
      ['network', '--help'],
      /create[\s\S]*plan[\s\S]*ls[\s\S]*inspect[\s\S]*rm[\s\S]*connect[\s\S]*disconnect/,
    ],
    [
      ['network', 'create', '--help'],
      /--aux-address <name=ip>[\s\S]*-o, --opt <key=value>[\s\S]*--ipv4=false/,
    ],
    [
      ['container', 'attach', '--help'],
      /--pid <pid>[\s\S]*--netns <path>[\s\S]*--netns-name <name>/,
    ],
    [['ping', '--help'], /-c, --count <count>[\s\S]*-W, --timeout <seconds>/],
    [
      ['agent', '--help'],
      /--state-dir <dir>[\s\S]*--listen <host:port>[\s\S]*--tls-cert[\s\S]*--metrics/,
    ],
  ])('%j prints help and exits 0', async (argv, pattern) => {
    const r = await run(argv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(pattern);
  });

  it('every command and option has a description', async () => {
    const help = (await run(['network', 'create', '--help'])).out;
    const options =
      help
        .split('Options:')[1]
        ?.split('\n')
        .filter((l) => /^\s+-/.test(l)) ?? [];
    expect(options.length).toBeGreaterThan(10);
    for (const line of options) expect(line.trim()).toMatch(/^\S.*\s{2,}\S/);
  });

  it('every example in network create --help parses and reaches the agent', async () => {
    const help = (await run(['network', 'create', '--help'])).out;
    const examples = help.split('\n').filter((line) => line.trim().startsWith('underlay '));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of examples) {
      const r = await run(example.trim().split(/\s+/).slice(1));
      expect(r.err, example).toBe('');
      expect(r.code, example).toBe(0);
      expect(r.calls, example).toHaveLength(1);
    }
  });

  it.each([[[]], [['network']], [['container']]])(
    '%j prints the help and exits 0, as Docker does',
    async (argv) => {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.out + r.err).toMatch(/^Usage: underlay/);
    },
  );

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r).toMatchObject({ code: 0, out: '0.1.0\n' });
  });

  it.each([
    [['network', 'create'], "Error: missing required argument 'name'"],
    [['network', 'create', '--bogus', 'n'], "Error: unknown option '--bogus'"],
    [['network', 'lss'], "Error: unknown command 'lss'"],
    [
      ['network', 'create', '-o', 'parent', 'n'],
      'Error: --opt: "parent" is not key=value: write it as --opt key=value.',
    ],
    [['network', 'create', '--ipv4=maybe', 'n'], 'Error: --ipv4: "maybe" is not a boolean'],
    [['ping', '-c', '0', 'a', 'b'], 'Error: -c/--count: "0" is not a positive whole number'],
    [['container', 'attach', 'web'], 'Error: --pid|--netns|--netns-name: give exactly one way'],
    [
      ['network', 'ls', '--filter', 'colour=red'],
      'Error: --filter: "colour=red" is not a valid filter',
    ],
    [
      ['-H', 'http://x', 'network', 'ls'],
      'Error: -H/--host: "http://x" is neither a unix socket path nor a ws:// or wss:// URL',
    ],
    [
      ['agent', '--tls-cert', 'c.pem', '--listen', '127.0.0.1:7420'],
      'Error: --tls-cert: TLS needs both a certificate and a key',
    ],
    [['agent', '--listen', 'localhost'], 'Error: --listen: expected HOST:PORT'],
    [['agent', '--log-level', 'loud'], 'Error: --log-level: '],
    [['agent', '--drift-check', 'often'], 'Error: --drift-check: '],
    [['agent', '--drift-check', '-5'], 'Error: --drift-check: '],
  ])('%j exits 2 with one clear line, calling nothing', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain(message);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    expect(r.calls).toEqual([]);
  });

  it('agent passes the validated configuration to the daemon', async () => {
    const configs: AgentConfig[] = [];
    const io = agentIo(configs);
    expect(
      await runCli(
        [
          'agent',
          '--state-dir',
          '/tmp/s',
          '--socket',
          '/tmp/s.sock',
          '--metrics',
          '127.0.0.1:9100',
          '--log-level',
          'debug',
        ],
        io,
      ),
    ).toBe(0);
    expect(configs.at(-1)).toMatchObject({
      stateDir: '/tmp/s',
      socket: '/tmp/s.sock',
      metricsListen: '127.0.0.1:9100',
      logLevel: 'debug',
      driftCheckSeconds: 60,
    });
    expect(await runCli(['agent', '--drift-check', '0'], io)).toBe(0);
    expect(configs.at(-1)).toMatchObject({ driftCheckSeconds: 0 });
  });

  it("agent serves the Docker plugin in Docker's plugin directory by default, but not from a replay kernel unless asked", async () => {
    const configs: AgentConfig[] = [];
    const io = agentIo(configs);
    const dockerPlugin = async (...args: string[]) => {
      expect(await runCli(['agent', ...args], io)).toBe(0);
      return configs.at(-1)?.dockerPlugin;
    };
    expect(await dockerPlugin()).toBe('/run/docker/plugins/underlay.sock');
    expect(await dockerPlugin('--kernel', 'netlink')).toBe('/run/docker/plugins/underlay.sock');
    // A recorded host must not answer a real dockerd on this machine.
    expect(await dockerPlugin('--kernel', 'replay:/tmp/host.json')).toBe('off');
    expect(
      await dockerPlugin('--kernel', 'replay:/tmp/host.json', '--docker-plugin', '/tmp/p.sock'),
    ).toBe('/tmp/p.sock');
    expect(await dockerPlugin('--docker-plugin', 'off')).toBe('off');
  });

  it('refuses unpairable IPAM flags with exit 1, before calling the agent', async () => {
    const r = await run([
      'network',
      'create',
      '--subnet',
      '10.0.0.0/24',
      '--gateway',
      '10.0.1.1',
      'n',
    ]);
    expect(r).toMatchObject({
      code: 1,
      err: 'Error: --gateway: no --subnet contains gateway "10.0.1.1" (subnets: 10.0.0.0/24). Add the --subnet it belongs to, or fix the gateway.\n',
      calls: [],
    });
  });
});

describe('argv → agent calls', () => {
  it('network create sends the core request and prints the id', async () => {
    const r = await run(
      [
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
        '--opt',
        'ipvlan_mode=l2',
        '--ipv4',
        'true',
        '--label',
        'a=b',
        'vlan10',
      ],
      {
        'networks.create': {
          network: aNetwork({ id: 'f00dfeedbeef0001', name: 'vlan10' }),
          warnings: [],
          steps: [],
        },
      },
    );
    expect(r.calls).toEqual([
      {
        kind: 'mutate',
        path: 'networks.create',
        input: {
          name: 'vlan10',
          driver: 'ipvlan',
          options: { parent: 'eth0.10', ipvlan_mode: 'l2' },
          internal: false,
          ipv4: true,
          ipv6: false,
          ipam: [{ subnet: '192.168.10.0/24', gateway: '192.168.10.1' }],
          labels: { a: 'b' },
        },
      },
    ]);
    expect(r).toMatchObject({ code: 0, out: 'f00dfeedbeef0001\n' });
  });

  it.each([
    [['--ipv4=false'], { ipv4: false }],
    [['--ipv4', 'false'], { ipv4: false }],
    [['--no-ipv4'], { ipv4: false }],
    [['--ipv6'], { ipv6: true }],
    [['--internal'], { internal: true }],
    [['--internal=false'], { internal: false }],
  ])('network create %j', async (flags, expected) => {
    const r = await run(['network', 'create', ...flags, 'n']);
    expect(r.calls[0]?.input).toMatchObject({ name: 'n', ...expected });
  });

  it('network create prints the agent’s warnings on stderr', async () => {
    const warning: Issue = {
      code: 'GATEWAY_IGNORED_L3',
      path: ['ipam', 0, 'gateway'],
      message: 'the gateway is ignored in l3 mode.',
      severity: 'warning',
    };
    const r = await run(['network', 'create', 'n'], {
      'networks.create': { network: aNetwork({ id: 'abc' }), warnings: [warning], steps: [] },
    });
    expect(r).toMatchObject({
      code: 0,
      out: 'abc\n',
      err: 'Warning: ipam[0].gateway: the gateway is ignored in l3 mode.\n',
    });
  });

  it.each([
    [
      ['network', 'connect', '--ip', '10.0.0.9', '--ip6', '2001:db8::9', 'net', 'c1'],
      'mutate',
      'networks.connect',
      { network: 'net', container: 'c1', ipv4Address: '10.0.0.9', ipv6Address: '2001:db8::9' },
    ],
    [
      ['network', 'disconnect', 'net', 'c1'],
      'mutate',
      'networks.disconnect',
      { network: 'net', container: 'c1' },
    ],
    [
      ['network', 'plan', '-o', 'ipvlan_mode=l3', 'n'],
      'query',
      'networks.plan',
      { name: 'n', options: { ipvlan_mode: 'l3' } },
    ],
    [['container', 'create', 'c1'], 'mutate', 'containers.create', { name: 'c1' }],
    [
      ['container', 'attach', 'web', '--pid', '4242'],
      'mutate',
      'containers.attach',
      { name: 'web', pid: 4242 },
    ],
    [
      ['container', 'attach', 'web', '--netns-name', 'blue'],
      'mutate',
      'containers.attach',
      { name: 'web', netnsName: 'blue' },
    ],
    [
      ['ping', '-c', '2', '-W', '0.5', 'c1', 'c2'],
      'query',
      'diag.ping',
      { container: 'c1', target: 'c2', count: 2, timeoutMs: 500 },
    ],
    [['host', 'info'], 'query', 'host.info', undefined],
    [['network', 'ls'], 'query', 'networks.list', undefined],
    [['container', 'ls'], 'query', 'containers.list', undefined],
  ])('%j', async (argv, kind, path, input) => {
    const r = await run(argv);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatchObject({ kind, path });
    if (input) expect(r.calls[0]?.input).toMatchObject(input);
    expect(r.code).toBe(0);
  });

  it('rm and inspect go on past a failing name and exit 1', async () => {
    let n = 0;
    const failing: AgentApi = {
      // Only the fields this test reads: the agent answers one inspect record per name.
      query: async (_path, input) => ({ Name: (input as { network: string }).network }) as never,
      mutate: async (_path, input) => {
        n += 1;
        if (n === 1) throw new Error('network a not found');
        return input as never;
      },
      subscribe: async () => {},
      close: async () => {},
    };
    const rm = await run(['network', 'rm', 'a', 'b'], {}, async () => failing);
    expect(rm).toMatchObject({ code: 1, out: 'b\n', err: 'Error: network a not found\n' });
    const inspect = await run(['network', 'inspect', 'a', 'b'], {}, async () => failing);
    expect(JSON.parse(inspect.out)).toEqual([{ Name: 'a' }, { Name: 'b' }]);
  });

  it('ping exits 1 when no reply came back', async () => {
    const r = await run(['ping', 'c1', '10.9.9.9'], {
      'diag.ping': ping({ transmitted: 1, received: 0, ok: false, exitCode: 1 }),
    });
    expect(r).toMatchObject({
      code: 1,
      out: '1 packets transmitted, 0 received, 100% packet loss\n',
    });
  });

  it('network ls -q, --json and --filter', async () => {
    const list = [
      { ...aNetwork({ id: '0123456789abcdef', name: 'vlan10', parent: 'eth0.10' }), endpoints: 0 },
      {
        ...aNetwork({
          id: 'fedcba9876543210',
          name: 'l3net',
          mode: 'l3',
          parent: 'di-fedcba987654',
        }),
        endpoints: 1,
      },
    ];
    expect((await run(['network', 'ls', '-q'], { 'networks.list': list })).out).toBe(
      '0123456789ab\nfedcba987654\n',
    );
    expect(
      JSON.parse(
        (await run(['network', 'ls', '--json', '--filter', 'mode=l3'], { 'networks.list': list }))
          .out,
      ),
    ).toEqual([list[1]]);
  });
});

describe('reaching the agent (real sockets, no agent)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-cli-'));
  const socketTarget = (path: string): AgentTarget => ({
    kind: 'socket',
    address: path,
    url: `ws+unix://${path}:/`,
    display: `unix://${path}`,
    token: { from: 'env', value: 't' },
  });

  it('names a missing socket and what to check', async () => {
    const target = socketTarget(join(dir, 'missing.sock'));
    await expect(checkSocket(target)).rejects.toThrow(
      `Cannot connect to the underlay agent at unix://${target.address}: the socket ${target.address} does not exist. Is the agent running?`,
    );
  });

  it('refuses a path that is not a socket', async () => {
    const file = join(dir, 'file');
    writeFileSync(file, '');
    await expect(checkSocket(socketTarget(file))).rejects.toThrow(`${file} is not a socket`);
  });

  it('says connection refused when nothing accepts on the socket', async () => {
    const path = join(dir, 'stale.sock');
    // A process that listens and dies without closing leaves the socket file, as a crashed agent does.
    const script = `require('node:net').createServer().listen(process.argv[1], () => process.exit(0))`;
    expect(spawnSync(process.execPath, ['-e', script, path]).status).toBe(0);
    const api = connectAgent(socketTarget(path), 't');
    await expect(api.query('networks.list')).rejects.toThrow(
      /Cannot connect to the underlay agent at unix:\/\/.*stale\.sock: connection refused\. Is the agent running/,
    );
    await api.close();
  });

  it('names the token file it could not read', async () => {
    await expect(readToken({ from: 'file', path: join(dir, 'nope') })).rejects.toThrow(
      `Error: cannot read the agent token from ${join(dir, 'nope')}: no such file.`,
    );
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    await expect(readToken({ from: 'file', path: empty })).rejects.toThrow(
      `the token file ${empty} is empty`,
    );
    const good = join(dir, 'token');
    writeFileSync(good, 's3cret\n');
    await expect(readToken({ from: 'file', path: good })).resolves.toBe('s3cret');
  });
});
