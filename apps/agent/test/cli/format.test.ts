import type { Issue, KernelOp, PingResult } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { containerTable, formatPing } from '../../src/cli/format-container';
import { formatInfo } from '../../src/cli/format-host';
import {
  filterNetworks,
  networkTable,
  parseNetworkFilters,
  summariseNetwork,
} from '../../src/cli/format-network';
import { describeOp, formatPlan, readPlan } from '../../src/cli/format-plan';
import { formatJson, formatTable } from '../../src/cli/format-table';
import { aContainer, aNetwork as network, anEndpoint, aStep } from './fixtures';

describe('formatTable (Docker tabwriter: minwidth 20, padding 3)', () => {
  it('pads every column but the last', () => {
    expect(formatTable(['A', 'B', 'C'], [['x', 'a-rather-long-cell-value', 'z']])).toEqual([
      `${'A'.padEnd(20)}${'B'.padEnd(27)}C`,
      `${'x'.padEnd(20)}${'a-rather-long-cell-value'.padEnd(27)}z`,
    ]);
  });
  it('prints JSON with four spaces, like docker inspect', () => {
    expect(formatJson([{ Name: 'n' }])).toBe('[\n    {\n        "Name": "n"\n    }\n]');
  });
});

describe('network ls', () => {
  it('has Docker’s columns plus MODE and PARENT, with 12-character ids', () => {
    const lines = networkTable([
      summariseNetwork(network({})),
      summariseNetwork(network({ id: 'ab', name: 'l3net', mode: 'l3', parent: 'di-ab' })),
    ]);
    expect(lines[0]).toMatch(/^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE\s+MODE\s+PARENT$/);
    expect(lines[1]).toMatch(/^3f1c0a9b7d2e\s+vlan10\s+ipvlan\s+local\s+l2\s+eth0\.10$/);
    expect(lines[2]).toMatch(/^ab\s+l3net\s+ipvlan\s+local\s+l3\s+di-ab$/);
    expect(lines[1]?.indexOf('vlan10')).toBe(lines[0]?.indexOf('NAME'));
  });

  it('filters like Docker: same key ORs, different keys AND', () => {
    const all = [
      network({ id: 'aaa', name: 'vlan10', labels: { team: 'ops' } }),
      network({ id: 'bbb', name: 'vlan20', mode: 'l3', labels: {} }),
      network({ id: 'ccc', name: 'db', parent: 'eth1' }),
    ].map(summariseNetwork);
    const names = (texts: string[]) =>
      filterNetworks(all, parseNetworkFilters(texts)).map((n) => n.name);
    expect(names([])).toEqual(['vlan10', 'vlan20', 'db']);
    expect(names(['name=vlan'])).toEqual(['vlan10', 'vlan20']);
    expect(names(['name=vlan', 'mode=l3'])).toEqual(['vlan20']);
    expect(names(['id=aa', 'id=cc'])).toEqual(['vlan10', 'db']);
    expect(names(['label=team'])).toEqual(['vlan10']);
    expect(names(['label=team=dev'])).toEqual([]);
    expect(names(['parent=eth1'])).toEqual(['db']);
  });

  it.each(['colour=red', 'name'])('refuses filter %s, naming the known keys', (text) => {
    expect(() => parseNetworkFilters([text])).toThrow(
      `Error: --filter: "${text}" is not a valid filter: use key=value with key one of name, id, driver, label, mode, parent, scope.`,
    );
  });
});

describe('network plan', () => {
  const ops: [KernelOp, string][] = [
    [
      { op: 'linkAdd', spec: { kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 } },
      'ip link add link eth0 name eth0.10 type vlan id 10',
    ],
    [
      { op: 'linkAdd', spec: { kind: 'dummy', name: 'di-3f1c0a9b7d2e' } },
      'ip link add di-3f1c0a9b7d2e type dummy',
    ],
    [
      {
        op: 'linkAdd',
        spec: { kind: 'ipvlan', name: 'ipv1', link: 'eth0.10', mode: 'l3s', flag: 'private' },
      },
      'ip link add link eth0.10 name ipv1 type ipvlan mode l3s private',
    ],
    [{ op: 'linkSetUp', name: 'eth0.10' }, 'ip link set eth0.10 up'],
    [{ op: 'linkSetDown', name: 'eth0.10' }, 'ip link set eth0.10 down'],
    [{ op: 'linkDel', name: 'eth0.10' }, 'ip link del eth0.10'],
    [{ op: 'linkSetNetns', name: 'ipv1', target: 'c1' }, 'ip link set ipv1 netns c1'],
    [
      { op: 'linkRename', netns: 'c1', name: 'ipv1', newName: 'eth0' },
      'ip -n c1 link set ipv1 name eth0',
    ],
    [
      { op: 'addrAdd', netns: 'c1', dev: 'eth0', address: '2001:db8::2/64', nodad: true },
      'ip -n c1 addr add 2001:db8::2/64 dev eth0 nodad',
    ],
    [
      { op: 'addrDel', netns: 'c1', dev: 'eth0', address: '10.0.0.2/24' },
      'ip -n c1 addr del 10.0.0.2/24 dev eth0',
    ],
    [
      { op: 'routeReplace', netns: 'c1', family: 4, dst: 'default', via: '10.0.0.1', dev: 'eth0' },
      'ip -4 -n c1 route replace default via 10.0.0.1 dev eth0',
    ],
    [
      { op: 'routeReplace', netns: 'c1', family: 6, dst: 'default', dev: 'eth0' },
      'ip -6 -n c1 route replace default dev eth0',
    ],
    [{ op: 'routeDel', netns: 'c1', family: 4, dst: 'default' }, 'ip -4 -n c1 route del default'],
    [{ op: 'netnsAdd', name: 'c1' }, 'ip netns add c1'],
    [{ op: 'netnsDel', name: 'c1' }, 'ip netns del c1'],
  ];
  it.each(ops)('describes %j', (op, text) => expect(describeOp(op)).toBe(text));

  const warning: Issue = {
    code: 'GATEWAY_IGNORED_L3',
    path: ['ipam', 0, 'gateway'],
    message: 'gateway 10.0.0.1 is ignored in l3 mode.',
    severity: 'warning',
  };

  it('numbers the operations with their why, warnings first', () => {
    const plan = readPlan({
      issues: [warning],
      ok: true,
      network: null,
      steps: [
        aStep(ops[0]![0], 'parent eth0.10 does not exist: 802.1Q link on eth0'),
        aStep(ops[3]![0], 'the parent must be up'),
      ],
    });
    expect(formatPlan('vlan10', plan)).toEqual({
      refused: false,
      lines: [
        'Warning: ipam[0].gateway: gateway 10.0.0.1 is ignored in l3 mode.',
        'Plan for network "vlan10" (2 operations; nothing was sent to the kernel):',
        '1. ip link add link eth0 name eth0.10 type vlan id 10',
        '   why: parent eth0.10 does not exist: 802.1Q link on eth0',
        '2. ip link set eth0.10 up',
        '   why: the parent must be up',
      ],
    });
  });

  it('refuses when an issue is an error', () => {
    const error: Issue = {
      code: 'INVALID_MODE',
      path: ['options', 'ipvlan_mode'],
      message: 'ipvlan_mode "L2" is not valid:',
      hint: 'use one of l2, l3, l3s.',
      severity: 'error',
    };
    expect(
      formatPlan('x', readPlan({ ok: false, issues: [error], network: null, steps: [] })),
    ).toEqual({
      refused: true,
      lines: [
        'Error: options.ipvlan_mode: ipvlan_mode "L2" is not valid: use one of l2, l3, l3s.',
        'Network "x" would be refused; nothing was sent to the kernel.',
      ],
    });
  });

  it('says when there is nothing to do', () => {
    const empty = { ok: true, issues: [], network: network(), steps: [] };
    expect(formatPlan('x', readPlan(empty)).lines).toEqual([
      'Network "x": no kernel operations needed.',
    ]);
  });
});

describe('containers, ping, host info', () => {
  it('container ls table', () => {
    const lines = containerTable([
      {
        ...aContainer({ name: 'c1', netns: 'c1', created: '2026-11-28T00:00:00Z' }),
        present: true,
        endpoints: [anEndpoint({ id: 'e1' }), anEndpoint({ id: 'e2' })],
      },
      {
        ...aContainer({
          name: 'web',
          netns: 'web',
          origin: 'attached',
          created: '2026-11-28T00:00:01Z',
        }),
        present: false,
        endpoints: [],
      },
    ]);
    expect(lines[0]).toMatch(/^NAME\s+NETNS\s+ORIGIN\s+ENDPOINTS\s+STATUS\s+CREATED$/);
    expect(lines[1]).toMatch(/^c1\s+c1\s+created\s+2\s+present\s+2026-11-28T00:00:00Z$/);
    expect(lines[2]).toMatch(/^web\s+web\s+attached\s+0\s+missing\s+2026-11-28T00:00:01Z$/);
  });

  it('ping prints the raw output when there is one and succeeds on any reply', () => {
    const ping = (over: Partial<PingResult>): PingResult => ({
      transmitted: 0,
      received: 0,
      lossPercent: 100,
      rttMs: null,
      target: '10.0.0.2',
      ok: false,
      exitCode: 1,
      output: '',
      ...over,
    });
    expect(
      formatPing(
        ping({
          transmitted: 3,
          received: 1,
          ok: true,
          output: 'PING 10.0.0.2\n3 packets transmitted, 1 received\n',
        }),
      ),
    ).toEqual({ ok: true, lines: ['PING 10.0.0.2', '3 packets transmitted, 1 received'] });
    expect(formatPing(ping({ transmitted: 2, received: 0 }))).toEqual({
      ok: false,
      lines: ['2 packets transmitted, 0 received, 100% packet loss'],
    });
    const rttMs = { min: 0.1, avg: 0.2, max: 0.3, mdev: 0.1 };
    expect(formatPing(ping({ transmitted: 4, received: 4, ok: true, rttMs })).lines).toEqual([
      '4 packets transmitted, 4 received, 0% packet loss',
      'rtt min/avg/max = 0.1/0.2/0.3 ms',
    ]);
  });

  it('host info as indented Key: value lines', () => {
    expect(
      formatInfo({
        hostname: 'host-1',
        kernelVersion: '6.1.0',
        capabilities: { ipvlan: true },
        interfaces: [{ name: 'eth0', addresses: ['192.0.2.11/24'] }],
        networks: [],
      }),
    ).toEqual([
      'Hostname: host-1',
      'Kernel Version: 6.1.0',
      'Capabilities:',
      '  Ipvlan: true',
      'Interfaces:',
      '  - Name: eth0',
      '    Addresses:',
      '      - 192.0.2.11/24',
      'Networks: (none)',
    ]);
  });
});
