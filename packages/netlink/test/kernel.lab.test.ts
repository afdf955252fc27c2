import { describe, expect, it } from 'vitest';
import type { Capabilities, Link } from '../src/index.js';
import { type Guest, nsName, withGuest } from './lab/guests.js';

// Round trips of every verb on a real 6.1 kernel with ipvlan, 802.1Q and
// dummy, run by netlink inside a lab guest. Every test makes its own
// namespaces and removes them.

let g: Guest;
const freshNs = withGuest((guest) => (g = guest));

describe('links', () => {
  it('round trip: add, get, down, mtu, rename, vlan, move, delete', async () => {
    const a = await freshNs('links');
    const b = await freshNs('links-b');
    await g.call('linkAdd', { netns: a, kind: 'dummy', name: 'd0', mtu: 1400, up: true });
    expect(await g.call<Link>('linkGet', { netns: a, name: 'd0' })).toMatchObject({
      kind: 'dummy',
      mtu: 1400,
      up: true,
      parent: null,
    });
    await g.call('linkSetDown', { netns: a, name: 'd0' });
    await g.call('linkSetMtu', { netns: a, name: 'd0', mtu: 1500 });
    await g.call('linkRename', { netns: a, name: 'd0', newName: 'd1' });
    expect(await g.call<Link>('linkGet', { netns: a, name: 'd1' })).toMatchObject({
      kind: 'dummy',
      mtu: 1500,
      up: false,
    });
    expect(await g.attempt('linkGet', { netns: a, name: 'd0' })).toMatchObject({
      ok: false,
      error: { errno: 'ENODEV' },
    });
    await g.call('linkSetUp', { netns: a, name: 'd1' });

    await g.call('linkAdd', { netns: a, kind: 'vlan', name: 'd1.10', link: 'd1', id: 10 });
    const d1 = await g.call<Link>('linkGet', { netns: a, name: 'd1' });
    expect(await g.call<Link>('linkGet', { netns: a, name: 'd1.10' })).toMatchObject({
      kind: 'vlan',
      vlanId: 10,
      parent: 'd1',
      parentIndex: d1.index,
    });
    expect(
      await g.attempt('linkAdd', { netns: a, kind: 'vlan', name: 'd1.10', link: 'd1', id: 10 }),
    ).toMatchObject({ ok: false, error: { errno: 'EEXIST' } });

    await g.call('linkAdd', {
      netns: a,
      kind: 'ipvlan',
      name: 'iv0',
      link: 'd1',
      mode: 'l2',
      flag: 'bridge',
    });
    await g.call('linkSetNetns', { netns: a, name: 'iv0', target: b });
    const moved = await g.call<Link>('linkGet', { netns: b, name: 'iv0' });
    expect(moved).toMatchObject({
      kind: 'ipvlan',
      parent: null,
      parentIndex: d1.index,
      ipvlanMode: 'l2',
      ipvlanFlag: 'bridge',
    });
    expect(moved.linkNetnsid).toEqual(expect.any(Number));

    expect(await g.attempt('linkDel', { netns: a, name: 'd1' })).toMatchObject({ ok: true });
    expect(await g.call('linkDel', { netns: a, name: 'd1', missingOk: true })).toEqual({
      deleted: false,
    });
    expect(await g.attempt('linkDel', { netns: a, name: 'd1' })).toMatchObject({
      ok: false,
      error: { errno: 'ENODEV', op: 'linkDel' },
    });
    // Deleting the parent took its children along, in every namespace.
    expect((await g.call<Link[]>('linkList', { netns: b })).map((l) => l.name)).toEqual(['lo']);
  });

  it.each(
    ['l2', 'l3', 'l3s'].flatMap((mode) =>
      ['bridge', 'private', 'vepa'].map((flag) => [mode, flag] as const),
    ),
  )('ipvlan %s %s reads back', async (mode, flag) => {
    const a = await freshNs(`${mode}${flag}`);
    await g.call('batch', {
      netns: a,
      ops: [
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'p0', up: true } },
        { op: 'linkAdd', spec: { kind: 'ipvlan', name: 'c0', link: 'p0', mode, flag } },
      ],
    });
    expect(await g.call<Link>('linkGet', { netns: a, name: 'c0' })).toMatchObject({
      kind: 'ipvlan',
      parent: 'p0',
      ipvlanMode: mode,
      ipvlanFlag: flag,
    });
  });

  it('ipvlan mode belongs to the parent: an l3 child flips its l2 sibling', async () => {
    const a = await freshNs('mode');
    await g.call('batch', {
      netns: a,
      ops: [
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'p0' } },
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'c0', link: 'p0', mode: 'l2', flag: 'bridge' },
        },
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'c1', link: 'p0', mode: 'l3', flag: 'bridge' },
        },
      ],
    });
    expect(await g.call<Link>('linkGet', { netns: a, name: 'c0' })).toMatchObject({
      ipvlanMode: 'l3',
    });
  });
});

describe('idempotent helpers over loud verbs', () => {
  it('ensureLink creates, accepts a match, refuses a different link; routeAdd is loud', async () => {
    const a = await freshNs('ensure');
    expect(await g.call('netnsExists', { name: a })).toBe(true);
    expect(await g.call('ensureNetns', { name: a })).toEqual({ created: false });
    await g.call('linkAdd', { netns: a, kind: 'dummy', name: 'p0', up: true });
    const spec = { netns: a, kind: 'ipvlan', name: 'c0', link: 'p0', mode: 'l3', flag: 'bridge' };
    expect(await g.call('ensureLink', spec)).toMatchObject({
      created: true,
      link: { ipvlanMode: 'l3' },
    });
    expect(await g.call('ensureLink', spec)).toMatchObject({ created: false });
    expect(await g.attempt('ensureLink', { ...spec, flag: 'private' })).toMatchObject({
      ok: false,
      error: {
        errno: 'EEXIST',
        message: expect.stringContaining('is ipvlan l3 bridge, not l3 private'),
      },
    });
    await g.call('linkSetUp', { netns: a, name: 'c0' });
    await g.call('routeAdd', { netns: a, family: 4, dst: '10.46.0.0/16', dev: 'c0' });
    expect(
      await g.attempt('routeAdd', { netns: a, family: 4, dst: '10.46.0.0/16', dev: 'c0' }),
    ).toMatchObject({ ok: false, error: { errno: 'EEXIST' } });
    await g.call('routeReplace', { netns: a, family: 4, dst: '10.46.0.0/16', dev: 'c0' });
    expect(await g.call('ensureLinkAbsent', { netns: a, name: 'c0' })).toEqual({ deleted: true });
    expect(await g.call('ensureLinkAbsent', { netns: a, name: 'c0' })).toEqual({ deleted: false });
  });
});

describe('batch', () => {
  it('a batch failing midway reports the failing op; earlier ops ran, later ones did not', async () => {
    const a = await freshNs('batch');
    const out = await g.attempt('batch', {
      netns: a,
      ops: [
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'x0' } },
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'x1' } },
        { op: 'linkAdd', spec: { kind: 'vlan', name: 'x1.5000', link: 'x1', id: 4094 } },
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'x0' } },
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'x2' } },
      ],
    });
    expect(out).toMatchObject({
      ok: false,
      error: { name: 'NetlinkError', index: 3, errno: 'EEXIST', op: 'linkAdd', netns: a },
    });
    const names = (await g.call<Link[]>('linkList', { netns: a })).map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['x0', 'x1', 'x1.5000']));
    expect(names).not.toContain('x2');
  });

  it('an address held by a sibling ipvlan link is EADDRINUSE at its index', async () => {
    const a = await freshNs('addr');
    const out = await g.attempt('batch', {
      netns: a,
      ops: [
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'p0', up: true } },
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'c0', link: 'p0', mode: 'l2', flag: 'bridge' },
        },
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'c1', link: 'p0', mode: 'l2', flag: 'bridge' },
        },
        { op: 'addrAdd', dev: 'c0', address: '10.44.0.2/24' },
        { op: 'addrAdd', dev: 'c1', address: '10.44.0.2/24' },
      ],
    });
    expect(out).toMatchObject({ ok: false, error: { index: 4, errno: 'EADDRINUSE' } });
  });
});

describe('addresses, routes, events, foreign namespaces', () => {
  it('addresses and routes round trip on an ipvlan child', async () => {
    const a = await freshNs('l3');
    await g.call('batch', {
      netns: a,
      ops: [
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'p0', up: true } },
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'c0', link: 'p0', mode: 'l3', flag: 'bridge', up: true },
        },
        { op: 'addrAdd', dev: 'c0', address: '10.45.0.2/24' },
        { op: 'addrAdd', dev: 'c0', address: 'fd45::2/64' },
        { op: 'routeReplace', family: 4, dst: 'default', dev: 'c0' },
        { op: 'routeReplace', family: 6, dst: 'default', dev: 'c0' },
      ],
    });
    expect(await g.call('addrList', { netns: a, dev: 'c0' })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ family: 4, address: '10.45.0.2', prefixLength: 24 }),
        expect.objectContaining({
          family: 6,
          address: 'fd45::2',
          flags: expect.arrayContaining(['nodad']),
        }),
      ]),
    );
    expect(await g.call('routeList', { netns: a })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ family: 4, dst: 'default', dev: 'c0' }),
        expect.objectContaining({ family: 6, dst: 'default', dev: 'c0' }),
      ]),
    );
    await g.call('routeDel', { netns: a, family: 4, dst: 'default', dev: 'c0' });
    await g.call('addrDel', { netns: a, dev: 'c0', address: 'fd45::2/64' });
    expect(await g.call('routeList', { netns: a, family: 4 })).not.toContainEqual(
      expect.objectContaining({ dst: 'default' }),
    );
    expect(await g.call('addrList', { netns: a, dev: 'c0' })).not.toContainEqual(
      expect.objectContaining({ address: 'fd45::2' }),
    );
  });

  it('link events: new, up and del of an ipvlan child', async () => {
    const a = await freshNs('mon');
    const seen = await g.call<
      Array<{ type: string; name: string; kind: string | null; up: boolean }>
    >('eventsDuring', {
      netns: a,
      ops: [
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'p0' } },
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'c0', link: 'p0', mode: 'l2', flag: 'bridge' },
        },
        { op: 'linkSetUp', name: 'c0' },
        { op: 'linkDel', name: 'c0' },
      ],
    });
    expect(seen).toContainEqual({ type: 'new', name: 'c0', kind: 'ipvlan', up: false });
    expect(seen).toContainEqual(expect.objectContaining({ type: 'new', name: 'c0', up: true }));
    expect(seen).toContainEqual(expect.objectContaining({ type: 'del', name: 'c0' }));
  });

  it('a namespace named by pid and by path is reached with ip -n', async () => {
    const pid = await g.call<number>('startNamespaceHolder');
    const [byPid, byPath] = [nsName('pid'), nsName('path')];
    try {
      await g.call('netnsAttach', { name: byPid, pid });
      await g.call('netnsAttachPath', { name: byPath, path: `/proc/${pid}/ns/net` });
      await g.call('linkAdd', { netns: byPid, kind: 'dummy', name: 'seen' });
      expect((await g.call<Link[]>('linkList', { netns: byPath })).map((l) => l.name)).toContain(
        'seen',
      );
      // A link moved by pid lands in that process's namespace.
      const a = await freshNs('bypid');
      await g.call('linkAdd', { netns: a, kind: 'dummy', name: 'topid' });
      await g.call('linkSetNetns', { netns: a, name: 'topid', target: pid });
      expect((await g.call<Link[]>('linkList', { netns: byPid })).map((l) => l.name)).toContain(
        'topid',
      );
    } finally {
      await g.call('netnsDetach', { name: byPid });
      await g.call('netnsDetach', { name: byPath });
      await g.call('stopNamespaceHolder', pid);
    }
  });
});

describe('capability probe in the guest', () => {
  it('says yes to everything the guest kernel has', async () => {
    const caps = await g.call<Capabilities>('probeCapabilities');
    expect(caps).toMatchObject({
      ipvlan: true,
      ipvlanL3s: true,
      ipvlanFlags: true,
      vlan8021q: true,
      dummy: true,
      ipv6: true,
    });
    // macvlan is built as a module the lab may not load; if missing, the probe must say why.
    expect(Object.keys(caps.errors)).toEqual(caps.macvlan ? [] : ['macvlan']);
    expect(caps.kernel).toMatch(/^6\.1\./);
  });
});
