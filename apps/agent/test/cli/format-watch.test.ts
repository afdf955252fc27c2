import { describe, expect, it } from 'vitest';
import { driftLines, repairLines } from '../../src/cli/format-drift';
import type { AgentEvent, AgentEventInput } from '@underlay/core';
import { formatEvent, unwrapEvent } from '../../src/cli/format-events';
import { aContainer, aDriftItem, aNetwork, anEndpoint, aStep } from './fixtures';

const at = '2026-11-28T00:00:00.000Z';
const endpoint = anEndpoint({
  container: 'c1',
  ifname: 'eth0',
  ipv4Address: '10.0.0.2/24',
  ipv6Address: '2001:db8::2/64',
});
const drift = { network: 'n', link: 'l', problem: 'p' };

describe('events', () => {
  it('unwraps tracked events', () => {
    expect(unwrapEvent({ id: '7', data: { type: 'link.up', link: 'eth0.10', at } })).toEqual({
      id: '7',
      event: { type: 'link.up', link: 'eth0.10', at },
    });
  });

  it.each<[AgentEventInput, string]>([
    [
      {
        type: 'network.created',
        network: aNetwork({ name: 'vlan10', id: '0123456789abcdef', parent: 'eth0.10' }),
      },
      'network.created vlan10 (id=0123456789ab, parent=eth0.10, mode=l2)',
    ],
    [{ type: 'network.removed', networkId: 'x', name: 'vlan10' }, 'network.removed vlan10'],
    [
      { type: 'network.degraded', networkId: 'x', name: 'db', reason: 'parent eth1 missing' },
      'network.degraded db (parent eth1 missing)',
    ],
    [
      { type: 'endpoint.connected', endpoint },
      'endpoint.connected c1 eth0 (10.0.0.2/24, 2001:db8::2/64)',
    ],
    [
      { type: 'endpoint.released', endpoint, reason: 'namespace gone' },
      'endpoint.released c1 (namespace gone)',
    ],
    [{ type: 'container.created', container: aContainer({ name: 'c1' }) }, 'container.created c1'],
    [{ type: 'container.removed', name: 'c1' }, 'container.removed c1'],
    [
      { type: 'drift.found', items: [drift, drift] },
      'drift.found 2 item(s): run "underlay network drift" for details',
    ],
    [{ type: 'link.down', link: 'eth0.10' }, 'link.down eth0.10'],
    [{ type: 'drift.cleared' }, 'drift.cleared {}'],
  ])('%j', (event, line) => {
    expect(formatEvent({ at, ...event })).toBe(`${at} ${line}`);
  });

  it('prints a type a newer agent may send, with its JSON', () => {
    const newer = { at, type: 'something.new', value: 1 } as unknown as AgentEvent;
    expect(formatEvent(newer)).toBe(`${at} something.new {"value":1}`);
  });
});

describe('drift and repair', () => {
  it('says when there is no drift', () => {
    expect(driftLines([])).toEqual(['No drift: the kernel matches the records.']);
  });

  it('tables the drift with short ids', () => {
    const lines = driftLines([
      {
        kind: 'link-missing',
        network: 'a'.repeat(64),
        endpoint: 'b'.repeat(64),
        detail: 'eth0 of c1 is gone',
      },
      { kind: 'parent-missing', network: 'vlan10', detail: 'eth0.10 is gone' },
    ]);
    expect(lines[0]).toMatch(/^KIND\s+NETWORK\s+ENDPOINT\s+DETAIL$/);
    expect(lines[1]).toMatch(/^link-missing\s+aaaaaaaaaaaa\s+bbbbbbbbbbbb\s+eth0 of c1 is gone$/);
    expect(lines[2]).toMatch(/^parent-missing\s+vlan10\s+eth0\.10 is gone$/);
  });

  it('summarises a repair', () => {
    expect(
      repairLines({
        drift: [aDriftItem(), aDriftItem()],
        steps: [1, 2, 3].map(() => aStep({ op: 'netnsAdd', name: 'c1' })),
        reconnected: ['c1'],
        released: ['c2'],
        degraded: [],
      }),
    ).toEqual([
      'Found 2 drift item(s); ran 3 kernel operation(s).',
      'Reconnected: c1',
      'Released (namespace gone): c2',
    ]);
    expect(
      repairLines({ drift: [], steps: [], released: [], reconnected: [], degraded: ['db'] }),
    ).toEqual([
      'Found 0 drift item(s); ran 0 kernel operation(s).',
      'Still degraded (parent missing): db',
    ]);
  });
});
