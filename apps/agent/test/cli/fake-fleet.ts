import { type CurrentNetwork, type HostSnapshot, resolveNetworkCreate } from '@underlay/core';
import type { AgentApi } from '../../src/cli/client';
import type { CliIo } from '../../src/cli/context';
import { runCli } from '../../src/cli/program';

// Agents as records in memory, for the fleet commands' orchestration (order,
// rollback, exit codes, reports). Whether networks really appear in the kernel
// is the lab test's job (fleet.lab.test.ts).

/** One fake agent: its networks, the calls it got, and names whose create fails. */
export interface FakeHost {
  networks: CurrentNetwork[];
  calls: string[];
  failCreate: Set<string>;
  down?: boolean;
}

export const fakeHost = (): FakeHost => ({ networks: [], calls: [], failCreate: new Set() });

const snapshot = (host: FakeHost): HostSnapshot => ({
  hostname: 'fake',
  links: [{ name: 'eth0', kind: 'device', parent: null, mtu: 1500, up: true }],
  addresses: [],
  networks: host.networks,
  endpoints: [],
  containers: [],
  containerLinks: [],
  ownedLinks: [],
});

function api(host: FakeHost): AgentApi {
  let n = 0;
  const mutate = async (path: string, input: unknown): Promise<unknown> => {
    const name =
      (input as { name?: string; network?: string }).name ?? (input as { network: string }).network;
    host.calls.push(`${path.split('.')[1]} ${name}`);
    if (path === 'networks.remove') {
      host.networks = host.networks.filter((x) => x.name !== name);
      return null;
    }
    if (path === 'networks.update') {
      const { labels } = input as { labels: Record<string, string> };
      host.networks = host.networks.map((x) => (x.name === name ? { ...x, labels } : x));
      return null;
    }
    if (host.failCreate.has(name)) throw new Error(`injected failure creating ${name}`);
    n += 1;
    const ctx = { id: `${n}`.padStart(12, '0'), now: '2026-12-03T00:00:00.000Z' };
    const { network } = resolveNetworkCreate(input, snapshot(host), ctx);
    host.networks.push({ ...network, endpoints: 0 });
    return { network, warnings: [] };
  };
  return {
    // The fake answers only the two queries the fleet commands make.
    query: (async (path: string) =>
      path === 'host.info'
        ? { hostname: 'solo' }
        : structuredClone(host.networks)) as AgentApi['query'],
    mutate: mutate as AgentApi['mutate'],
    subscribe: async () => {},
    close: async () => {},
  };
}

/** Runs the CLI in-process against fake agents keyed by address. */
export async function runFleet(argv: string[], hosts: Record<string, FakeHost>) {
  const result = { code: 0, out: '', err: '' };
  const io: CliIo = {
    stdout: (text) => void (result.out += text),
    stderr: (text) => void (result.err += text),
    env: { UNDERLAY_TOKEN: 't' },
    cwd: '/',
    connect: async (target) => {
      const host = hosts[target.address.replace(/^.*\//, '')];
      if (!host || host.down) throw new Error(`Cannot connect to ${target.display}`);
      return api(host);
    },
    untilStopped: async () => {},
    runAgent: async () => {},
  };
  result.code = await runCli(argv, io);
  return result;
}
