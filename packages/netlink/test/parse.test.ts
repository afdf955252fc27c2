import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAddrs } from '../src/addrs.js';
import { parseAddressEvent, parseLinkEvent } from '../src/monitor.js';
import { parseLinks } from '../src/parse-link.js';
import { parseRoutes } from '../src/routes.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('links from the machine kernel (veth, macvlan)', () => {
  const links = parseLinks(fixture('host-link-veth-macvlan.json'));
  const byName = new Map(links.map((l) => [l.name, l]));
  it('parses loopback, veth and macvlan with parents resolved to indexes', () => {
    expect(byName.get('lo')).toMatchObject({
      kind: 'loopback',
      parent: null,
      parentIndex: null,
      up: false,
    });
    const p0 = byName.get('p0');
    expect(p0).toMatchObject({
      kind: 'veth',
      parent: 'p1',
      parentIndex: byName.get('p1')?.index,
      up: true,
      mtu: 1500,
    });
    expect(p0?.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(byName.get('mv0')).toMatchObject({
      kind: 'macvlan',
      parent: 'p0',
      parentIndex: p0?.index,
      mtu: 1400,
      up: false,
    });
  });
  it('a peer in another namespace has no parent name but an index and nsid', () => {
    const x0 = byName.get('x0');
    expect(x0).toMatchObject({ parent: null, linkNetnsid: expect.any(Number) });
    expect(x0?.parentIndex).toBeGreaterThan(0);
  });
  it('the moved side sees its peer the same way', () => {
    const [x1] = parseLinks(fixture('host-link-moved.json')).filter((l) => l.name === 'x1');
    expect(x1).toMatchObject({ kind: 'veth', parent: null, linkNetnsid: expect.any(Number) });
  });
});

describe('addresses and routes', () => {
  it('flattens addr_info with boolean flags', () => {
    const addrs = parseAddrs(fixture('host-addr.json'));
    expect(addrs).toContainEqual({
      dev: 'p0',
      family: 4,
      address: '10.1.0.1',
      prefixLength: 24,
      scope: 'global',
      flags: [],
    });
    expect(addrs).toContainEqual({
      dev: 'p0',
      family: 6,
      address: 'fd00::1',
      prefixLength: 64,
      scope: 'global',
      flags: ['nodad'],
    });
  });
  it('gives host routes their prefix length back', () => {
    const r4 = parseRoutes(fixture('host-route4.json'), 4);
    expect(r4).toContainEqual(
      expect.objectContaining({ dst: 'default', via: '10.1.0.2', dev: 'p0', family: 4 }),
    );
    expect(r4).toContainEqual(
      expect.objectContaining({ dst: '10.2.0.5/32', dev: 'p0', scope: 'link' }),
    );
    const r6 = parseRoutes(fixture('host-route6.json'), 6);
    expect(r6).toContainEqual(
      expect.objectContaining({ dst: 'default', dev: 'p0', family: 6, metric: 1024 }),
    );
  });
});

describe('monitor lines', () => {
  const events = fixture('host-monitor.txt').trim().split('\n').map(parseLinkEvent);
  it('parses new, change and delete events', () => {
    expect(events.every((e) => e !== null)).toBe(true);
    expect(
      events
        .filter((e) => e?.type === 'del')
        .map((e) => e?.link.name)
        .sort(),
    ).toEqual(['e0', 'e1']);
    const up = events.find((e) => e?.type === 'new' && e.link.name === 'e0' && e.link.up);
    expect(up?.link).toMatchObject({ kind: 'veth', mtu: 1500, parent: 'e1' });
  });
  it('ignores other lines', () => expect(parseLinkEvent('Timestamp: 123')).toBeNull());
});

describe('links from a lab guest (6.1, iproute2 6.1)', () => {
  const links = parseLinks(fixture('guest-link-kinds.json'));
  const byName = new Map(links.map((l) => [l.name, l]));
  it.each(
    ['l2', 'l3', 'l3s'].flatMap((mode) =>
      ['bridge', 'private', 'vepa'].map((flag) => [mode, flag]),
    ),
  )('ipvlan %s %s', (mode, flag) => {
    const child = byName.get(`iv-${mode}-${flag}`);
    expect(child).toMatchObject({ kind: 'ipvlan', ipvlanMode: mode, ipvlanFlag: flag });
    expect(child?.parentIndex).toBe(byName.get(child?.parent ?? '')?.index);
    expect(child?.parent).toMatch(/^dp\d$/);
  });
  it('vlan with id, parent, mtu and admin state', () => {
    expect(byName.get('dp0.10')).toMatchObject({
      kind: 'vlan',
      vlanId: 10,
      parent: 'dp0',
      parentIndex: byName.get('dp0')?.index,
      mtu: 1400,
      up: true,
    });
  });
  it('dummy and macvlan', () => {
    expect(byName.get('dpm')).toMatchObject({
      kind: 'dummy',
      parent: null,
      parentIndex: null,
      up: false,
    });
    expect(byName.get('mv0')).toMatchObject({ kind: 'macvlan', parent: 'dpm' });
    expect(byName.get('dp0.10')).not.toHaveProperty('ipvlanMode');
  });
  it('an ipvlan child moved into another namespace keeps mode and flag, loses its parent name', () => {
    const [moved] = parseLinks(fixture('guest-link-moved.json')).filter((l) => l.name === 'moved');
    expect(moved).toMatchObject({
      kind: 'ipvlan',
      parent: null,
      parentIndex: byName.get('dp0')?.index,
      linkNetnsid: 0,
      ipvlanMode: 'l2',
      ipvlanFlag: 'bridge',
    });
  });
  it('addresses and routes of the moved child', () => {
    expect(
      parseAddrs(fixture('guest-addr.json'))
        .filter((x) => x.dev === 'moved')
        .map((x) => `${x.address}/${x.prefixLength}`),
    ).toEqual(['10.20.0.2/24', 'fd20::2/64', expect.stringMatching(/^fe80::/)]);
    expect(parseRoutes(fixture('guest-route4.json'), 4)).toContainEqual(
      expect.objectContaining({ dst: '10.30.0.7/32', dev: 'moved' }),
    );
    expect(parseRoutes(fixture('guest-route6.json'), 6)).toContainEqual(
      expect.objectContaining({ dst: 'default', dev: 'moved' }),
    );
  });
});

describe('address monitor lines', () => {
  it('reads added and deleted addresses, and leaves link lines alone', () => {
    expect(
      parseAddressEvent(
        '3: eth1    inet 10.9.0.5/24 scope global eth1\\       valid_lft forever preferred_lft forever',
      ),
    ).toEqual({ type: 'new', dev: 'eth1', address: '10.9.0.5/24' });
    expect(
      parseAddressEvent(
        'Deleted 3: eth1    inet6 fd00::5/64 scope global \\       valid_lft forever',
      ),
    ).toEqual({ type: 'del', dev: 'eth1', address: 'fd00::5/64' });
    expect(
      parseAddressEvent('3: eth1: <BROADCAST,MULTICAST,UP> mtu 1500 qdisc noop state DOWN'),
    ).toBeNull();
  });
});
