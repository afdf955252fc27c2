import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from '../../src/server/start-agent';
import { hostSnapshot } from '../../src/service/host-snapshot';
import { fakeKernel, type FakeKernel } from '../fake-kernel';
import { post } from './plugin-client';

// The Docker plugin protocol on its socket, with the JSON dockerd 20.10 sent
// in the lab (fixtures) and bad variants of it. A kernel stand-in records the
// kernel operations: that Join makes the link dockerd moves is checked on a
// real kernel with a real dockerd in docker.lab.test.ts.

const fixture = JSON.parse(
  readFileSync(join(__dirname, 'fixtures/dockerd-20.10-network-lifecycle.json'), 'utf8'),
) as { requests: { path: string; body: string }[] };
const sent = (path: string, nth = 0) => {
  const found = fixture.requests.filter((r) => r.path === path)[nth];
  if (!found) throw new Error(`no ${path} #${nth} in the fixture`);
  return JSON.parse(found.body || '{}') as Record<string, unknown>;
};
const NET = sent('/NetworkDriver.CreateNetwork').NetworkID as string;
const EP = sent('/NetworkDriver.CreateEndpoint').EndpointID as string;

let dir: string;
let kernel: FakeKernel;
let agent: RunningAgent;
let socket: string;
const start = async () => {
  agent = await startAgent(
    {
      stateDir: join(dir, 's'),
      socket: join(dir, 'a.sock'),
      dockerPlugin: socket,
      dockerdSocket: join(dir, 'docker.sock'), // no dockerd here unless a test serves one
      logLevel: 'silent',
    },
    { kernel, logger: pino({ level: 'silent' }), reconcile: false },
  );
};
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'underlay-docker-'));
  socket = join(dir, 'plugins', 'underlay.sock');
  kernel = fakeKernel();
  const fixed = kernel.hostLinks;
  kernel.hostLinks = async () => [...(await fixed()), ...madeLinks()];
  await start();
});
afterEach(async () => {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Host links the stand-in kernel was asked to make and not yet to delete (so a plan sees them). */
function madeLinks() {
  const made = new Map<string, Awaited<ReturnType<FakeKernel['hostLinks']>>[number]>();
  for (const { netns, ops } of kernel.batches)
    for (const op of netns ? [] : ops) {
      if (op.op === 'linkAdd')
        made.set(op.spec.name, {
          name: op.spec.name,
          kind: op.spec.kind,
          parent: 'link' in op.spec ? op.spec.link : null,
          mtu: 1500,
          up: true,
        });
      if (op.op === 'linkDel') made.delete(op.name);
    }
  return [...made.values()];
}

const call = (path: string, body?: unknown) => post(socket, path, body);

/** A stand-in for dockerd's API socket: answers every GET with answer(url), or never when answer is null. */
function fakeDockerd(path: string, answer: (url: string) => unknown): Promise<Server> {
  const server = createServer((req, res) => {
    const body = answer(req.url ?? '');
    if (body === null) return; // hangs: inspect must not wait for it
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}
const opsRun = () => kernel.batches.flatMap((b) => b.ops);
const networks = () => agent.services.networks.list();

/** The network-create half of the fixture: pool, gateway, aux address, CreateNetwork. */
async function createVlan10() {
  const pool = await call('/IpamDriver.RequestPool', sent('/IpamDriver.RequestPool'));
  const poolId = pool.json.PoolID as string;
  const gw = await call('/IpamDriver.RequestAddress', {
    ...sent('/IpamDriver.RequestAddress', 0),
    PoolID: poolId,
  });
  const aux = await call('/IpamDriver.RequestAddress', {
    ...sent('/IpamDriver.RequestAddress', 1),
    PoolID: poolId,
  });
  const created = await call('/NetworkDriver.CreateNetwork', sent('/NetworkDriver.CreateNetwork'));
  return { poolId, pool, gw, aux, created };
}

describe('handshake and capabilities', () => {
  it('activates as both a network and an IPAM driver, local scope, with request replay', async () => {
    expect((await call('/Plugin.Activate')).json).toEqual({
      Implements: ['NetworkDriver', 'IpamDriver'],
    });
    expect((await call('/NetworkDriver.GetCapabilities')).json).toEqual({
      Scope: 'local',
      ConnectivityScope: 'global',
    });
    expect((await call('/IpamDriver.GetCapabilities')).json).toEqual({
      RequiresMACAddress: false,
      RequiresRequestReplay: true,
    });
    expect((await call('/IpamDriver.GetDefaultAddressSpaces')).json).toEqual({
      LocalDefaultAddressSpace: 'underlay-local',
      GlobalDefaultAddressSpace: 'underlay-global',
    });
  });

  it('answers an unknown method with 404 and an Err, as libnetwork expects', async () => {
    const res = await call('/NetworkDriver.Frobnicate', {});
    expect(res.status).toBe(404);
    expect(res.json.Err).toMatch(/Frobnicate.*not a method/);
  });
});

describe('the lifecycle dockerd 20.10 drove (fixture)', () => {
  it('creates the network, hands out addresses, joins, and removes everything', async () => {
    const { poolId, pool, gw, aux, created } = await createVlan10();
    expect(pool.json).toEqual({
      PoolID: 'underlay/172.16.80.0/24/172.16.80.0/26',
      Pool: '172.16.80.0/24',
      Data: {},
    });
    expect(gw.json).toEqual({ Address: '172.16.80.1/24', Data: {} });
    expect(aux.json).toEqual({ Address: '172.16.80.5/24', Data: {} });
    expect(created.json).toEqual({});
    const [network] = networks();
    expect(network).toMatchObject({
      id: NET,
      name: `docker-${NET.slice(0, 12)}`,
      parent: 'eth0.10',
      parentKind: 'vlan',
      mode: 'l2',
      subnets: [
        {
          subnet: '172.16.80.0/24',
          gateway: '172.16.80.1',
          ipRange: '172.16.80.0/26',
          auxAddresses: { a1: '172.16.80.5' },
        },
      ],
      labels: { 'underlay.runtime': 'docker' },
    });
    expect(opsRun()).toContainEqual({
      op: 'linkAdd',
      spec: { kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 },
    });

    const addr = await call('/IpamDriver.RequestAddress', {
      ...sent('/IpamDriver.RequestAddress', 2),
      PoolID: poolId,
    });
    expect(addr.json).toEqual({ Address: '172.16.80.2/24', Data: {} }); // .1 is the gateway; the range starts at .0
    const endpoint = sent('/NetworkDriver.CreateEndpoint');
    const iface = { ...(endpoint.Interface as object), Address: addr.json.Address };
    expect(
      (await call('/NetworkDriver.CreateEndpoint', { ...endpoint, Interface: iface })).json,
    ).toEqual({});

    const joined = await call('/NetworkDriver.Join', sent('/NetworkDriver.Join'));
    expect(joined.json).toMatchObject({
      InterfaceName: { DstPrefix: 'eth' },
      Gateway: '172.16.80.1',
    });
    const src = (joined.json.InterfaceName as { SrcName: string }).SrcName;
    expect(src).toMatch(/^ulv[0-9a-f]{7}$/);
    expect(opsRun()).toContainEqual({
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name: src, link: 'eth0.10', mode: 'l2', flag: 'bridge' },
    });
    for (const path of [
      '/NetworkDriver.ProgramExternalConnectivity',
      '/NetworkDriver.RevokeExternalConnectivity',
      '/NetworkDriver.Leave',
    ])
      expect((await call(path, sent(path))).json).toEqual({});
    expect(
      (await call('/NetworkDriver.EndpointOperInfo', sent('/NetworkDriver.EndpointOperInfo'))).json,
    ).toEqual({
      Value: {
        'underlay.network': network?.name,
        'underlay.parent': 'eth0.10',
        'underlay.mode': 'l2',
        'underlay.flag': 'bridge',
      },
    });
    // no dockerd on its socket: keyed by endpoint id
    const inspected = await agent.services.networks.inspect({ network: NET });
    expect(inspected.Containers[`docker:${EP.slice(0, 12)}`]).toMatchObject({
      EndpointID: EP,
      IPv4Address: '172.16.80.2/24',
    });
    // dockerd answers GET /networks/{id}: keyed by Docker's container id, with its name
    const CID = 'c'.repeat(64);
    const asked: string[] = [];
    const dockerd = await fakeDockerd(join(dir, 'docker.sock'), (url) => {
      asked.push(url);
      return { Id: NET, Containers: { [CID]: { Name: 'web', EndpointID: EP, MacAddress: '' } } };
    });
    try {
      const named = await agent.services.networks.inspect({ network: NET });
      expect(asked).toEqual([`/networks/${NET}`]);
      expect(Object.keys(named.Containers)).toEqual([CID]);
      expect(named.Containers[CID]).toMatchObject({ Name: 'web', EndpointID: EP });
      // the dashboard's snapshot draws it as a container named as Docker names it;
      // dockerd is not asked again about an endpoint it has named
      const snapshot = await hostSnapshot(agent.services.deps);
      expect(snapshot.endpoints).toContainEqual(
        expect.objectContaining({
          id: EP,
          networkId: NET,
          container: 'web',
          ipv4Address: '172.16.80.2/24',
        }),
      );
      expect(snapshot.containers).toContainEqual(
        expect.objectContaining({ name: 'web', origin: 'attached' }),
      );
      expect(asked).toHaveLength(1);
    } finally {
      await new Promise((r) => dockerd.close(r));
    }

    expect(
      (await call('/NetworkDriver.DeleteEndpoint', sent('/NetworkDriver.DeleteEndpoint'))).json,
    ).toEqual({});
    for (const [nth, address] of ['172.16.80.2', '172.16.80.1', '172.16.80.5'].entries())
      expect(
        (
          await call('/IpamDriver.ReleaseAddress', {
            ...sent('/IpamDriver.ReleaseAddress', nth),
            PoolID: poolId,
            Address: address,
          })
        ).json,
      ).toEqual({});
    expect((await call('/IpamDriver.ReleasePool', { PoolID: poolId })).json).toEqual({});
    expect(
      (await call('/NetworkDriver.DeleteNetwork', sent('/NetworkDriver.DeleteNetwork'))).json,
    ).toEqual({});
    expect(networks()).toEqual([]);
    expect(opsRun().at(-1)).toEqual({ op: 'linkDel', name: 'eth0.10' });
    // idempotent deletes, as dockerd may retry them
    expect(
      (await call('/NetworkDriver.DeleteNetwork', sent('/NetworkDriver.DeleteNetwork'))).json,
    ).toEqual({});
    expect(
      (await call('/NetworkDriver.DeleteEndpoint', sent('/NetworkDriver.DeleteEndpoint'))).json,
    ).toEqual({});
  });

  it('answers a replayed RequestPool and RequestAddress with what it gave before (dockerd restart)', async () => {
    const { poolId } = await createVlan10();
    const first = await call('/IpamDriver.RequestAddress', {
      PoolID: poolId,
      Address: '',
      Options: null,
    });
    const again = await call('/IpamDriver.RequestPool', sent('/IpamDriver.RequestPool'));
    expect(again.json.PoolID).toBe(poolId);
    const plain = (first.json.Address as string).split('/')[0];
    const replay = await call('/IpamDriver.RequestAddress', {
      PoolID: poolId,
      Address: plain,
      Options: null,
    });
    expect(replay.json).toEqual(first.json);
    const gwReplay = await call(
      '/IpamDriver.RequestAddress',
      sent('/IpamDriver.RequestAddress', 0) && {
        ...sent('/IpamDriver.RequestAddress', 0),
        PoolID: poolId,
      },
    );
    expect(gwReplay.json).toEqual({ Address: '172.16.80.1/24', Data: {} });
    const next = await call('/IpamDriver.RequestAddress', {
      PoolID: poolId,
      Address: '',
      Options: null,
    });
    expect(next.json.Address).toBe('172.16.80.3/24');
  });

  it('keeps the addresses it handed out across an agent restart', async () => {
    const { poolId } = await createVlan10();
    await call('/IpamDriver.RequestAddress', { PoolID: poolId, Address: '', Options: null });
    await agent.close();
    await start();
    const next = await call('/IpamDriver.RequestAddress', {
      PoolID: poolId,
      Address: '',
      Options: null,
    });
    expect(next.json.Address).toBe('172.16.80.3/24');
    expect(
      (
        await call('/IpamDriver.RequestAddress', {
          PoolID: poolId,
          Address: '172.16.80.3',
          Options: null,
        })
      ).json,
    ).toEqual({
      Address: '172.16.80.3/24',
      Data: {},
    });
  });
});

describe('an IPv6-only network', () => {
  it("gets its IPv4 pool from Docker's default pools, one not used on the host", async () => {
    const ask = { AddressSpace: 'underlay-local', Pool: '', SubPool: '', Options: {}, V6: false };
    const first = await call('/IpamDriver.RequestPool', ask);
    expect(first.json).toEqual({
      PoolID: 'underlay/172.17.0.0/16',
      Pool: '172.17.0.0/16',
      Data: {},
    });
    const second = await call('/IpamDriver.RequestPool', ask);
    expect(second.json.Pool).toBe('172.18.0.0/16');
    const v6 = await call('/IpamDriver.RequestPool', { ...ask, V6: true });
    expect(v6.json.Error).toMatch(/Pool: no IPv6 pool/);
  });
});

describe("L3 and Docker's default IPAM", () => {
  const l3 = {
    NetworkID: 'b'.repeat(64),
    Options: {
      'com.docker.network.enable_ipv6': false,
      'com.docker.network.generic': { ipvlan_mode: 'l3' },
    },
    IPv4Data: [
      { AddressSpace: 'LocalDefault', Pool: '10.50.1.0/24', Gateway: '10.50.1.1/24' },
      { AddressSpace: 'LocalDefault', Pool: '10.50.2.0/24', Gateway: '10.50.2.1/24' },
    ],
    IPv6Data: [],
  };
  const endpoint = (id: string, address: string) => ({
    NetworkID: l3.NetworkID,
    EndpointID: id.repeat(64),
    Interface: { Address: address, AddressIPv6: '', MacAddress: '' },
    Options: {},
  });

  it('answers Join with a connected default route and no gateway service in L3', async () => {
    expect((await call('/NetworkDriver.CreateNetwork', l3)).json).toEqual({});
    expect(networks()[0]).toMatchObject({ mode: 'l3', parentKind: 'dummy' });
    expect(
      (await call('/NetworkDriver.CreateEndpoint', endpoint('1', '10.50.2.7/24'))).json,
    ).toEqual({});
    const joined = await call('/NetworkDriver.Join', {
      NetworkID: l3.NetworkID,
      EndpointID: '1'.repeat(64),
      SandboxKey: '/run/docker/netns/x',
      Options: {},
    });
    expect(joined.json).toMatchObject({
      StaticRoutes: [{ Destination: '0.0.0.0/0', RouteType: 1 }],
      DisableGatewayService: true,
    });
    expect(joined.json.Gateway).toBeUndefined();
  });

  it('takes -o underlay.routes=share as the label that shares the subnets, and refuses another value', async () => {
    const withShare = (value: string) => ({
      ...l3,
      Options: {
        ...l3.Options,
        'com.docker.network.generic': { ipvlan_mode: 'l3', 'underlay.routes': value },
      },
    });
    const bad = await call('/NetworkDriver.CreateNetwork', withShare('yes'));
    expect(bad.json.Err).toMatch(/options\.underlay\.routes.*underlay\.routes=share/s);
    expect(networks()).toEqual([]);
    expect((await call('/NetworkDriver.CreateNetwork', withShare('share'))).json).toEqual({});
    expect(networks()[0]?.labels).toEqual({
      'underlay.runtime': 'docker',
      'underlay.routes': 'share',
    });
    const inspected = await agent.services.networks.inspect({ network: l3.NetworkID });
    expect(inspected.L3).toMatchObject({ Distributed: true });
  });

  it("reserves the addresses Docker's IPAM chose, refuses one in use, frees it on DeleteEndpoint", async () => {
    await call('/NetworkDriver.CreateNetwork', l3);
    expect(
      (await call('/NetworkDriver.CreateEndpoint', endpoint('1', '10.50.1.9/24'))).json,
    ).toEqual({});
    const dup = await call('/NetworkDriver.CreateEndpoint', endpoint('2', '10.50.1.9/24'));
    expect(dup.json.Err).toMatch(/10\.50\.1\.9.*already in use/);
    await call('/NetworkDriver.DeleteEndpoint', {
      NetworkID: l3.NetworkID,
      EndpointID: '1'.repeat(64),
    });
    expect(
      (await call('/NetworkDriver.CreateEndpoint', endpoint('2', '10.50.1.9/24'))).json,
    ).toEqual({});
  });
});

describe('bad input: answered with Err/Error naming the field, nothing changed', () => {
  const unchanged = async (
    run: () => Promise<{ json: Record<string, unknown> }>,
    field: 'Err' | 'Error',
    pattern: RegExp,
  ) => {
    const before = { networks: networks().length, ops: opsRun().length };
    const res = await run();
    expect(res.json[field]).toMatch(pattern);
    expect({ networks: networks().length, ops: opsRun().length }).toEqual(before);
  };
  const create = sent('/NetworkDriver.CreateNetwork');

  it('bad JSON', async () => {
    await unchanged(
      () => call('/NetworkDriver.CreateNetwork', '{"NetworkID": '),
      'Err',
      /not JSON/,
    );
    await unchanged(() => call('/IpamDriver.RequestPool', '{nope'), 'Error', /not JSON/);
  });
  it('an unknown field', async () => {
    const { NetworkID, ...rest } = create;
    // A misspelt field is one message, at the field dockerd sends (issue 16; it was two).
    await unchanged(
      () => call('/NetworkDriver.CreateNetwork', { ...rest, NetworkId: NetworkID }),
      'Err',
      /^NetworkID: is missing, and "NetworkId" is not a field of Docker plugin API 1\.2\.[^;]*Rename "NetworkId" to "NetworkID"/,
    );
    await unchanged(
      () => call('/IpamDriver.RequestAddress', { PoolID: 'x', Adress: '10.0.0.1' }),
      'Error',
      /Adress: unknown field/,
    );
  });
  it('a missing field', async () => {
    const { SandboxKey: _drop, ...join } = sent('/NetworkDriver.Join');
    await unchanged(() => call('/NetworkDriver.Join', join), 'Err', /SandboxKey: is missing/);
    await unchanged(() => call('/IpamDriver.ReleasePool', {}), 'Error', /PoolID: is missing/);
  });
  it('an unknown network id', async () => {
    for (const path of [
      '/NetworkDriver.CreateEndpoint',
      '/NetworkDriver.Join',
      '/NetworkDriver.Leave',
    ])
      await unchanged(
        () => call(path, sent(path)),
        'Err',
        /NetworkID: no underlay network cf68374b9631/,
      );
    await unchanged(
      () => call('/NetworkDriver.EndpointOperInfo', sent('/NetworkDriver.EndpointOperInfo')),
      'Err',
      /EndpointID: no Docker endpoint/,
    );
  });
  it('an option typo: -o ipvlan-mode=l3', async () => {
    const generic = { parent: 'eth0.10', 'ipvlan-mode': 'l3' };
    const typo = {
      ...create,
      Options: { ...(create.Options as object), 'com.docker.network.generic': generic },
    };
    await unchanged(
      () => call('/NetworkDriver.CreateNetwork', typo),
      'Err',
      /options\.ipvlan-mode.*ipvlan_mode/s,
    );
  });
  it('a bad mode value, a custom MAC, a pool without subnet, an unknown pool, swarm allocation', async () => {
    const bad = { ...create, Options: { 'com.docker.network.generic': { ipvlan_mode: 'L3' } } };
    await unchanged(() => call('/NetworkDriver.CreateNetwork', bad), 'Err', /ipvlan_mode.*l3/);
    await createVlan10();
    const mac = {
      ...sent('/NetworkDriver.CreateEndpoint'),
      Interface: { Address: '172.16.80.9/24', AddressIPv6: '', MacAddress: '02:00:00:00:00:01' },
    };
    await unchanged(
      () => call('/NetworkDriver.CreateEndpoint', mac),
      'Err',
      /Interface\.MacAddress/,
    );
    await unchanged(
      () =>
        call('/IpamDriver.RequestPool', {
          AddressSpace: 'underlay-local',
          Pool: '',
          SubPool: '10.0.0.0/26',
          Options: {},
          V6: false,
        }),
      'Error',
      /Pool: a SubPool/,
    );
    await unchanged(
      () =>
        call('/IpamDriver.RequestAddress', {
          PoolID: 'underlay/10.9.9.0/24',
          Address: '',
          Options: null,
        }),
      'Error',
      /PoolID: no pool/,
    );
    await unchanged(
      () =>
        call('/IpamDriver.RequestPool', {
          AddressSpace: 'underlay-local',
          Pool: '10.0.0.0/24',
          SubPool: '',
          Options: {},
          V6: true,
        }),
      'Error',
      /Pool: 10\.0\.0\.0\/24 is IPv4 but V6 is true/,
    );
    await unchanged(() => call('/NetworkDriver.AllocateNetwork', create), 'Err', /local-scope/);
  });
  it('accepts the optional calls with good input', async () => {
    expect(
      (
        await call('/NetworkDriver.DiscoverNew', {
          DiscoveryType: 1,
          DiscoveryData: { Address: '192.0.2.11', Self: true },
        })
      ).json,
    ).toEqual({});
    expect(
      (await call('/NetworkDriver.DiscoverDelete', { DiscoveryType: 1, DiscoveryData: {} })).json,
    ).toEqual({});
    await unchanged(
      () => call('/NetworkDriver.DiscoverNew', { DiscoveryType: 'node' }),
      'Err',
      /DiscoveryType/,
    );
  });
});

describe('the --docker-plugin setting', () => {
  it('takes a socket path, HOST:PORT or off, and names the field otherwise', async () => {
    const { parseAgentConfig } = await import('../../src/env');
    expect(
      parseAgentConfig({ dockerPlugin: '/run/docker/plugins/underlay.sock' }).dockerPlugin,
    ).toBe('/run/docker/plugins/underlay.sock');
    expect(parseAgentConfig({ dockerPlugin: '127.0.0.1:7422' }).dockerPlugin).toBe(
      '127.0.0.1:7422',
    );
    expect(parseAgentConfig({}).dockerPlugin).toBe('off');
    expect(() => parseAgentConfig({ dockerPlugin: 'plugins/underlay.sock' })).toThrow(
      /dockerPlugin/,
    );
  });
});

describe('an internal L2 network', () => {
  it("keeps Docker's gateway address reserved (not routed) and answers Join with no route", async () => {
    const internal = {
      NetworkID: 'c'.repeat(64),
      Options: {
        'com.docker.network.enable_ipv6': false,
        'com.docker.network.internal': true,
        'com.docker.network.generic': { parent: 'eth0.90' },
      },
      IPv4Data: [
        { AddressSpace: 'LocalDefault', Pool: '172.16.90.0/24', Gateway: '172.16.90.1/24' },
      ],
      IPv6Data: [],
    };
    expect((await call('/NetworkDriver.CreateNetwork', internal)).json).toEqual({});
    expect(networks()[0]?.subnets[0]).toMatchObject({ reservedGateway: '172.16.90.1' });
    expect(networks()[0]?.subnets[0]?.gateway).toBeUndefined();
    const ep = {
      NetworkID: internal.NetworkID,
      EndpointID: 'd'.repeat(64),
      Interface: { Address: '172.16.90.1/24', AddressIPv6: '', MacAddress: '' },
      Options: {},
    };
    expect((await call('/NetworkDriver.CreateEndpoint', ep)).json.Err).toMatch(
      /172\.16\.90\.1.*reserved/,
    );
    const ok = { ...ep, Interface: { ...ep.Interface, Address: '172.16.90.2/24' } };
    expect((await call('/NetworkDriver.CreateEndpoint', ok)).json).toEqual({});
    const joined = await call('/NetworkDriver.Join', {
      NetworkID: internal.NetworkID,
      EndpointID: 'd'.repeat(64),
      SandboxKey: '/run/docker/netns/y',
      Options: {},
    });
    expect(joined.json).toMatchObject({ DisableGatewayService: true });
    expect(joined.json.Gateway).toBeUndefined();
    expect(joined.json.StaticRoutes).toBeUndefined();
  });
});

describe('network inspect when dockerd does not answer', () => {
  it('shows the endpoint id after the short timeout instead of waiting', async () => {
    await createVlan10();
    const endpoint = sent('/NetworkDriver.CreateEndpoint');
    expect((await call('/NetworkDriver.CreateEndpoint', endpoint)).json).toEqual({});
    const dockerd = await fakeDockerd(join(dir, 'docker.sock'), () => null);
    try {
      const started = Date.now();
      const inspected = await agent.services.networks.inspect({ network: NET });
      expect(Date.now() - started).toBeLessThan(10_000); // the 1 s timeout, with room for a loaded machine
      expect(Object.keys(inspected.Containers)).toEqual([`docker:${EP.slice(0, 12)}`]);
    } finally {
      dockerd.closeAllConnections();
      await new Promise((r) => dockerd.close(r));
    }
  });
});
