import type { LabHost as Guest } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { guest, runPlugin } from './lab/cni-plugin';
import { labAgent, removeMade, type LabHost } from './lab/lab-host';

// The CNI spec conformance table: the built underlay-cni binary exec'd in a
// real guest with a real environment and stdin, against the guest's real
// agent, one row per rule. The kernel is read with ip independently of the
// agent's records.

let host: LabHost;
let raw: Guest;
let agent: AgentClient;

const NET = 'cni30';
const conf = (extra: Record<string, unknown> = {}) => ({
  cniVersion: '1.1.0',
  name: NET,
  type: 'underlay-cni',
  parent: 'eth0.30',
  subnets: [{ subnet: '172.16.30.0/24' }],
  ...extra,
});
const env = (id: string, netns: string, extra: Record<string, string | undefined> = {}) => ({
  CNI_COMMAND: 'ADD',
  CNI_CONTAINERID: id,
  CNI_NETNS: `/run/netns/${netns}`,
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/usr/lib/cni',
  ...extra,
});

const ip = async (args: string[]) => (await host.exec(['ip', ...args])).stdout;
const links = async (netns?: string) =>
  (
    JSON.parse(await ip([...(netns ? ['-n', netns] : []), '-json', 'link'])) as { ifname: string }[]
  ).map((l) => l.ifname);
const addrs = async (netns: string, dev = 'eth0') =>
  (
    JSON.parse(await ip(['-n', netns, '-json', 'addr', 'show', 'dev', dev])) as {
      addr_info: { family: string; local: string; prefixlen: number }[];
    }[]
  ).flatMap((l) =>
    l.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
  );
const netnsAdd = (name: string) => host.exec(['ip', 'netns', 'add', name]);
// Only CNI containers: other lab files share the guest (and leave it as they found it).
const records = async () => {
  const containers = (await agent.containers.list.query()).filter((c) => c.name.startsWith('cni-'));
  return {
    containers: containers.map((c) => c.name).sort(),
    endpoints: containers.flatMap((c) => c.endpoints.map((e) => `${c.name}/${e.ifname}`)),
  };
};
/** The host's link list and underlay's records: what must not change when a call is refused. */
const state = async () => JSON.stringify([await links(), await records()]);

beforeAll(async () => {
  ({ host, agent } = await labAgent());
  raw = await guest('host-a');
  for (const ns of ['cn1', 'cn2', 'cn3', 'cn4', 'cn5', 'cn6']) await netnsAdd(ns);
});

afterAll(async () => {
  if (!agent) return;
  const containers = (await agent.containers.list.query().catch(() => []))
    .map((c) => c.name)
    .filter((name) => name.startsWith('cni-'));
  await removeMade(agent, {
    containers,
    networks: [NET],
    then: async () => {
      for (const ns of ['cn1', 'cn2', 'cn3', 'cn4', 'cn5', 'cn6'])
        await host.exec(['ip', 'netns', 'del', ns]);
    },
  });
});

describe('CNI conformance: commands', () => {
  it('VERSION lists 0.4.0, 1.0.0 and 1.1.0', async () => {
    const r = await runPlugin(raw, { CNI_COMMAND: 'VERSION' }, { cniVersion: '1.1.0' });
    expect(r).toMatchObject({
      exitCode: 0,
      json: { supportedVersions: ['0.4.0', '1.0.0', '1.1.0'] },
    });
  });

  it('ADD makes the VLAN parent and an ipvlan eth0 with an underlay address, default route via the gateway', async () => {
    const r = await runPlugin(raw, env('c1', 'cn1'), conf());
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.json).toMatchObject({
      cniVersion: '1.1.0',
      interfaces: [{ name: 'eth0', sandbox: '/run/netns/cn1' }],
      ips: [{ address: '172.16.30.2/24', gateway: '172.16.30.1', interface: 0 }],
      routes: [{ dst: '0.0.0.0/0', gw: '172.16.30.1' }],
    });
    expect(await links()).toContain('eth0.30');
    const link = JSON.parse(await ip(['-n', 'cn1', '-d', '-json', 'link', 'show', 'eth0'])) as {
      address: string;
      linkinfo: { info_kind: string; info_data: { mode: string } };
    }[];
    expect(link[0]?.linkinfo).toMatchObject({ info_kind: 'ipvlan', info_data: { mode: 'l2' } });
    expect(link[0]?.address).toBe((r.json?.interfaces as { mac: string }[])[0]?.mac);
    expect(await addrs('cn1')).toEqual(['172.16.30.2/24']);
    expect(await ip(['-n', 'cn1', 'route', 'show', 'default'])).toMatch(
      /default via 172\.16\.30\.1 dev eth0/,
    );
    expect(await records()).toMatchObject({ endpoints: ['cni-c1/eth0'] });
    const inspect = await agent.containers.list.query();
    expect(inspect.find((c) => c.name === 'cni-c1')).toMatchObject({
      netns: 'cn1',
      cni: { containerId: 'c1', netnsPath: '/run/netns/cn1' },
    });
  });

  it('CHECK of a healthy attachment succeeds', async () => {
    const r = await runPlugin(raw, env('c1', 'cn1', { CNI_COMMAND: 'CHECK' }), conf());
    expect(r).toMatchObject({ exitCode: 0, json: null });
  });

  it('CHECK fails after the default route was deleted by hand, naming the route; passes once it is back', async () => {
    await host.exec(['ip', '-n', 'cn1', 'route', 'del', 'default']);
    const check = () => runPlugin(raw, env('c1', 'cn1', { CNI_COMMAND: 'CHECK' }), conf());
    const r = await check();
    expect(r).toMatchObject({ exitCode: 1, json: { code: 131 } });
    expect(String(r.json?.msg)).toBe(
      'eth0: IPv4 route default via 172.16.30.1 dev eth0 is missing',
    );
    await host.exec([
      'ip',
      '-n',
      'cn1',
      'route',
      'add',
      'default',
      'via',
      '172.16.30.9',
      'dev',
      'eth0',
    ]);
    expect(String((await check()).json?.msg)).toBe(
      'eth0: IPv4 route default via 172.16.30.1 dev eth0 is missing (found IPv4 route default via 172.16.30.9 dev eth0)',
    );
    await host.exec([
      'ip',
      '-n',
      'cn1',
      'route',
      'replace',
      'default',
      'via',
      '172.16.30.1',
      'dev',
      'eth0',
    ]);
    expect(await check()).toMatchObject({ exitCode: 0, json: null });
  });

  it('ADD twice for the same container and ifname fails and changes nothing', async () => {
    const before = await state();
    const r = await runPlugin(raw, env('c1', 'cn1'), conf());
    expect(r.exitCode).toBe(1);
    expect(r.json?.code).toBeGreaterThanOrEqual(100);
    expect(await state()).toBe(before);
    expect(await addrs('cn1')).toEqual(['172.16.30.2/24']);
  });

  it('STATUS succeeds with the agent up', async () => {
    expect(await runPlugin(raw, { CNI_COMMAND: 'STATUS' }, conf())).toMatchObject({ exitCode: 0 });
  });
});

describe('CNI conformance: bad environment and config change nothing', () => {
  const rows: [string, Record<string, string | undefined>, unknown, number, RegExp][] = [
    ['no CNI_COMMAND', { CNI_COMMAND: undefined }, conf(), 4, /^CNI_COMMAND/],
    ['unknown CNI_COMMAND', { CNI_COMMAND: 'JOIN' }, conf(), 4, /^CNI_COMMAND/],
    ['no CNI_CONTAINERID', { CNI_CONTAINERID: undefined }, conf(), 4, /^CNI_CONTAINERID/],
    ['invalid CNI_CONTAINERID', { CNI_CONTAINERID: '-x' }, conf(), 4, /^CNI_CONTAINERID/],
    ['no CNI_NETNS', { CNI_NETNS: undefined }, conf(), 4, /^CNI_NETNS/],
    ['relative CNI_NETNS', { CNI_NETNS: 'run/netns/cn2' }, conf(), 4, /^CNI_NETNS/],
    ['CNI_NETNS that does not exist', { CNI_NETNS: '/run/netns/nope' }, conf(), 4, /^CNI_NETNS/],
    ['no CNI_IFNAME', { CNI_IFNAME: undefined }, conf(), 4, /^CNI_IFNAME/],
    ['invalid CNI_IFNAME', { CNI_IFNAME: 'eth0/1' }, conf(), 4, /^CNI_IFNAME/],
    ['no CNI_PATH', { CNI_PATH: undefined }, conf(), 4, /^CNI_PATH/],
    ['invalid CNI_ARGS', { CNI_ARGS: 'IP' }, conf(), 4, /^CNI_ARGS/],
    ['config without cniVersion', {}, { name: NET, type: 'underlay-cni' }, 7, /^cniVersion/],
    ['config without name', {}, { cniVersion: '1.1.0', type: 'underlay-cni' }, 7, /^name/],
    ['config without type', {}, { cniVersion: '1.1.0', name: NET }, 7, /^type/],
    ['unknown cniVersion', {}, conf({ cniVersion: '2.0.0' }), 1, /^cniVersion/],
    ['stdin not JSON', {}, '{"cniVersion"', 6, /^stdin/],
    [
      'inline options disagreeing with the network',
      {},
      conf({ ipvlan_flag: 'private' }),
      130,
      /^ipvlan_flag: /,
    ],
    [
      'static address outside the subnet',
      {},
      conf({ runtimeConfig: { ips: ['10.1.1.1'] } }),
      105,
      /^runtimeConfig\.ips/,
    ],
  ];
  it.each(rows)('%s', async (_t, vars, config, code, msg) => {
    const before = await state();
    const r = await runPlugin(raw, env('c2', 'cn2', vars), config);
    expect(r.exitCode).toBe(1);
    expect(r.json).toMatchObject({ code });
    expect(String(r.json?.msg)).toMatch(msg);
    expect(typeof r.json?.details).toBe('string');
    expect(await state()).toBe(before);
    expect(await links('cn2')).toEqual(['lo']);
  });
});

describe('CNI conformance: prevResult, CHECK, DEL, GC', () => {
  it('a chained ADD passes prevResult through and appends its own entries', async () => {
    const prevResult = {
      cniVersion: '1.1.0',
      interfaces: [{ name: 'dummy0', sandbox: '/run/netns/cn2' }],
      ips: [{ address: '10.99.0.2/24', interface: 0 }],
    };
    const r = await runPlugin(raw, env('c2', 'cn2', { CNI_IFNAME: 'net1' }), conf({ prevResult }));
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.json).toMatchObject({
      interfaces: [{ name: 'dummy0' }, { name: 'net1', sandbox: '/run/netns/cn2' }],
      ips: [
        { address: '10.99.0.2/24', interface: 0 },
        { address: '172.16.30.3/24', interface: 1 },
      ],
    });
    expect(await addrs('cn2', 'net1')).toEqual(['172.16.30.3/24']);
  });

  it("CHECK fails when prevResult does not list the attachment's address", async () => {
    const prevResult = { cniVersion: '1.1.0', ips: [{ address: '172.16.30.77/24', interface: 0 }] };
    const r = await runPlugin(
      raw,
      env('c2', 'cn2', { CNI_COMMAND: 'CHECK', CNI_IFNAME: 'net1' }),
      conf({ prevResult }),
    );
    expect(r).toMatchObject({ exitCode: 1, json: { code: 131 } });
    expect(String(r.json?.msg)).toMatch(/^prevResult\.ips: 172\.16\.30\.3\/24/);
  });

  it('CHECK fails after the address was changed by hand', async () => {
    await host.exec(['ip', '-n', 'cn2', 'addr', 'del', '172.16.30.3/24', 'dev', 'net1']);
    await host.exec(['ip', '-n', 'cn2', 'addr', 'add', '172.16.30.99/24', 'dev', 'net1']);
    const r = await runPlugin(
      raw,
      env('c2', 'cn2', { CNI_COMMAND: 'CHECK', CNI_IFNAME: 'net1' }),
      conf(),
    );
    expect(r).toMatchObject({ exitCode: 1, json: { code: 131 } });
    expect(String(r.json?.msg)).toMatch(/172\.16\.30\.3\/24/);
  });

  it('CHECK fails after the link was deleted by hand; DEL then cleans up', async () => {
    await host.exec(['ip', '-n', 'cn1', 'link', 'del', 'eth0']);
    const check = await runPlugin(raw, env('c1', 'cn1', { CNI_COMMAND: 'CHECK' }), conf());
    expect(check).toMatchObject({ exitCode: 1, json: { code: 131 } });
    expect(String(check.json?.msg)).toMatch(/^eth0: .*(missing|gone)/);
    expect(await runPlugin(raw, env('c1', 'cn1', { CNI_COMMAND: 'DEL' }), conf())).toMatchObject({
      exitCode: 0,
    });
    expect((await records()).containers).not.toContain('cni-c1');
  });

  it('DEL twice succeeds both times and frees the address', async () => {
    const del = env('c2', 'cn2', { CNI_COMMAND: 'DEL', CNI_IFNAME: 'net1' });
    expect(await runPlugin(raw, del, conf())).toMatchObject({ exitCode: 0, json: null });
    expect(await links('cn2')).toEqual(['lo']);
    expect(await runPlugin(raw, del, conf())).toMatchObject({ exitCode: 0, json: null });
    expect((await records()).containers).not.toContain('cni-c2');
    const again = await runPlugin(
      raw,
      env('c2b', 'cn2', { CNI_IFNAME: 'net1' }),
      conf({ runtimeConfig: { ips: ['172.16.30.3'] } }),
    );
    expect(again.exitCode, again.stdout).toBe(0);
    expect(
      await runPlugin(raw, env('c2b', 'cn2', { CNI_COMMAND: 'DEL', CNI_IFNAME: 'net1' }), conf()),
    ).toMatchObject({ exitCode: 0 });
  });

  it('DEL with the namespace gone succeeds and leaves no record', async () => {
    expect((await runPlugin(raw, env('c3', 'cn3'), conf())).exitCode).toBe(0);
    await host.exec(['ip', 'netns', 'del', 'cn3']);
    const r = await runPlugin(
      raw,
      env('c3', 'cn3', { CNI_COMMAND: 'DEL', CNI_NETNS: undefined }),
      conf(),
    );
    expect(r).toMatchObject({ exitCode: 0, json: null });
    expect(await records()).toEqual({ containers: [], endpoints: [] });
    await netnsAdd('cn3');
  });

  it('GC frees the attachments missing from cni.dev/valid-attachments, and only those', async () => {
    for (const [id, ns] of [
      ['c4', 'cn4'],
      ['c5', 'cn5'],
    ]) {
      const add = await runPlugin(raw, env(id as string, ns as string), conf());
      expect(add.exitCode, add.stdout).toBe(0);
    }
    const gc = await runPlugin(
      raw,
      { CNI_COMMAND: 'GC', CNI_PATH: '/usr/lib/cni' },
      conf({ 'cni.dev/valid-attachments': [{ containerID: 'c4', ifname: 'eth0' }] }),
    );
    expect(gc).toMatchObject({ exitCode: 0, json: null });
    expect(await records()).toEqual({ containers: ['cni-c4'], endpoints: ['cni-c4/eth0'] });
    expect(await links('cn5')).toEqual(['lo']);
    expect(await links('cn4')).toContain('eth0');
  });
});

describe('CNI conformance: the agent away', () => {
  it('ADD while the agent is stopped fails with 11 and leaves nothing; STATUS says 50', async () => {
    await host.stopAgent();
    try {
      const before = await links();
      const r = await runPlugin(
        raw,
        env('c6', 'cn6'),
        conf({ parent: 'eth0.31', name: 'cni31', subnets: [{ subnet: '172.16.31.0/24' }] }),
      );
      expect(r).toMatchObject({ exitCode: 1, json: { code: 11 } });
      expect(String(r.json?.msg)).toMatch(/^agentSocket: /);
      expect(await links()).toEqual(before);
      expect(await links('cn6')).toEqual(['lo']);
      const status = await runPlugin(raw, { CNI_COMMAND: 'STATUS' }, conf());
      expect(status).toMatchObject({ exitCode: 1, json: { code: 50 } });
    } finally {
      await host.startAgent();
    }
    await agent.close();
    agent = host.client();
    expect((await agent.networks.list.query()).map((n) => n.name)).not.toContain('cni31');
    expect(await records()).toEqual({ containers: ['cni-c4'], endpoints: ['cni-c4/eth0'] });
  });
});
