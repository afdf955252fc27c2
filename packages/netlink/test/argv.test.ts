import { describe, expect, it } from 'vitest';
import * as a from '../src/argv.js';
import { batchLines } from '../src/batch.js';
import type { BatchOp } from '../src/batch-op.js';

describe('argv of every verb', () => {
  it.each([
    ['dummy', a.linkAddArgs({ kind: 'dummy', name: 'd0' }), 'link add name d0 type dummy'],
    [
      'dummy mtu up',
      a.linkAddArgs({ kind: 'dummy', name: 'd0', mtu: 9000, up: true }),
      'link add name d0 mtu 9000 up type dummy',
    ],
    [
      'vlan',
      a.linkAddArgs({ kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 }),
      'link add link eth0 name eth0.10 type vlan id 10',
    ],
    [
      'ipvlan',
      a.linkAddArgs({ kind: 'ipvlan', name: 'iv0', link: 'eth0.10', mode: 'l3s', flag: 'private' }),
      'link add link eth0.10 name iv0 type ipvlan mode l3s private',
    ],
    ['linkDel', a.linkDelArgs({ name: 'x' }), 'link del dev x'],
    ['linkSetUp', a.linkSetUpArgs({ name: 'x' }), 'link set dev x up'],
    ['linkSetDown', a.linkSetDownArgs({ name: 'x' }), 'link set dev x down'],
    ['linkSetMtu', a.linkSetMtuArgs({ name: 'x', mtu: 1400 }), 'link set dev x mtu 1400'],
    ['linkRename', a.linkRenameArgs({ name: 'x', newName: 'eth0' }), 'link set dev x name eth0'],
    [
      'linkSetNetns name',
      a.linkSetNetnsArgs({ name: 'x', target: 'c1' }),
      'link set dev x netns c1',
    ],
    [
      'linkSetNetns pid',
      a.linkSetNetnsArgs({ name: 'x', target: 4242 }),
      'link set dev x netns 4242',
    ],
    ['linkList', a.linkListArgs(), '-d -json link show'],
    [
      'addrAdd v4',
      a.addrAddArgs({ dev: 'eth0', address: '10.0.0.2/24' }),
      'addr add 10.0.0.2/24 dev eth0',
    ],
    [
      'addrAdd v6 nodad by default',
      a.addrAddArgs({ dev: 'eth0', address: 'fd00::2/64' }),
      'addr add fd00::2/64 dev eth0 nodad',
    ],
    [
      'addrAdd v6 with DAD',
      a.addrAddArgs({ dev: 'eth0', address: 'fd00::2/64', nodad: false }),
      'addr add fd00::2/64 dev eth0',
    ],
    [
      'addrDel',
      a.addrDelArgs({ dev: 'eth0', address: '10.0.0.2/24' }),
      'addr del 10.0.0.2/24 dev eth0',
    ],
    ['addrList', a.addrListArgs({ dev: 'eth0' }), '-json addr show dev eth0'],
    [
      'routeReplace via',
      a.routeReplaceArgs({ family: 4, dst: 'default', via: '10.0.0.1', dev: 'eth0' }),
      'route replace default via 10.0.0.1 dev eth0',
    ],
    [
      'routeReplace v6 dev',
      a.routeReplaceArgs({ family: 6, dst: 'default', dev: 'eth0' }),
      'route replace ::/0 dev eth0',
    ],
    [
      'routeReplace onlink',
      a.routeReplaceArgs({
        family: 4,
        dst: '10.9.0.0/16',
        via: '10.0.0.1',
        dev: 'eth0',
        onlink: true,
      }),
      'route replace 10.9.0.0/16 via 10.0.0.1 dev eth0 onlink',
    ],
    [
      'routeAdd',
      a.routeAddArgs({ family: 4, dst: 'default', dev: 'eth0' }),
      'route add default dev eth0',
    ],
    ['routeDel', a.routeDelArgs({ family: 6, dst: 'fd00:1::/64' }), 'route del fd00:1::/64'],
    ['routeList', a.routeListArgs(6), '-json -6 route show'],
    ['netnsAdd', a.netnsAddArgs('c1'), 'netns add c1'],
    ['netnsDel', a.netnsDelArgs('c1'), 'netns del c1'],
    ['netnsAttach', a.netnsAttachArgs('c1', 77), 'netns attach c1 77'],
    ['netnsList', a.netnsListArgs(), '-json netns list'],
  ])('%s', (_name, args, expected) => {
    expect(args.join(' ')).toBe(expected);
  });

  it('puts a namespace in front as ip -n', () => {
    expect(a.netnsArgs('c1')).toEqual(['-n', 'c1']);
    expect(a.netnsArgs(undefined)).toEqual([]);
  });
});

describe('batch lines', () => {
  const ops: BatchOp[] = [
    {
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name: 'iv0', link: 'eth0.10', mode: 'l2', flag: 'bridge' },
    },
    { op: 'linkSetNetns', name: 'iv0', target: 'c1' },
    { op: 'linkDel', name: 'iv0' },
    { op: 'linkSetUp', name: 'iv0' },
    { op: 'linkSetDown', name: 'iv0' },
    { op: 'linkSetMtu', name: 'iv0', mtu: 1500 },
    { op: 'linkRename', name: 'iv0', newName: 'eth0' },
    { op: 'addrAdd', dev: 'eth0', address: 'fd00::5/64' },
    { op: 'addrDel', dev: 'eth0', address: '10.0.0.5/24' },
    { op: 'routeReplace', family: 4, dst: 'default', via: '10.0.0.1', dev: 'eth0' },
    { op: 'routeDel', family: 6, dst: 'default', dev: 'eth0' },
  ];
  it('gives one line per op, identical to the verb argv', () => {
    expect(batchLines(ops)).toEqual([
      'link add link eth0.10 name iv0 type ipvlan mode l2 bridge',
      'link set dev iv0 netns c1',
      'link del dev iv0',
      'link set dev iv0 up',
      'link set dev iv0 down',
      'link set dev iv0 mtu 1500',
      'link set dev iv0 name eth0',
      'addr add fd00::5/64 dev eth0 nodad',
      'addr del 10.0.0.5/24 dev eth0',
      'route replace default via 10.0.0.1 dev eth0',
      'route del ::/0 dev eth0',
    ]);
  });
  it('refuses tokens that the batch reader would reinterpret', () => {
    for (const bad of ['a#b', 'a b', '"a', "a'", 'a\\', ''])
      expect(() => a.batchLine(['link', 'del', 'dev', bad])).toThrow(/cannot be carried/);
  });
});
