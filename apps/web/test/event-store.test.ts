import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, AgentEventInput } from '@underlay/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../src/server/db';
import { openEventStore } from '../src/server/fleet/event-store';
import type { HubEvent } from '../src/server/fleet/hub';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const at = '2026-12-03T12:00:00.000Z';
const agent = (host: string, event: AgentEventInput): HubEvent => ({
  kind: 'agent',
  hostId: `id-${host}`,
  host,
  event: { at, ...event } as AgentEvent,
});
const network = (name: string, parent: string) => ({
  id: `net-${name}`,
  name,
  driver: 'ipvlan',
  parent,
});

describe('event store', () => {
  it('keeps only the newest `capacity` events, oldest dropped first', () => {
    const store = openEventStore(openDb(':memory:'), { capacity: 5 });
    for (let i = 1; i <= 12; i++) store.push(agent('h1', { type: 'link.up', link: `l${i}` }));
    const { items, total } = store.history();
    expect(total).toBe(5);
    expect(items.map((e) => e.link)).toEqual(['l12', 'l11', 'l10', 'l9', 'l8']);
    expect(store.since(0).map((e) => e.id)).toEqual([8, 9, 10, 11, 12]);
  });

  it('survives a reopen of the database, and ids keep increasing after it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'underlay-events-'));
    dirs.push(dir);
    const first = openDb(dir);
    const store = openEventStore(first, { now: () => 1000 });
    store.push(agent('h1', { type: 'link.added', link: 'eth0.30' }));
    store.push({ kind: 'state', hostId: 'id-h2', host: 'h2', status: 'online', summary: null });
    first.close();

    const again = openEventStore(openDb(dir), { now: () => 2000 });
    const before = again.history();
    expect(before.items.map((e) => [e.id, e.at, e.host, e.type])).toEqual([
      [2, 1000, 'h2', 'host.online'],
      [1, 1000, 'h1', 'link.added'],
    ]);
    expect(before.items[1]?.event).toEqual(agent('h1', { type: 'link.added', link: 'eth0.30' }));
    expect(again.push(agent('h1', { type: 'link.up', link: 'eth0.30' })).id).toBe(3);
  });

  it('filters by host, kind and network, ties link and endpoint events to their network', () => {
    const store = openEventStore(openDb(':memory:'));
    // A create's order on the wire: the parent's link events come before network.created.
    store.push(agent('h1', { type: 'link.added', link: 'eth0.30' }));
    store.push(agent('h1', { type: 'link.up', link: 'eth0.30' }));
    store.push(
      agent('h1', { type: 'network.created', network: network('vlan30', 'eth0.30') } as never),
    );
    store.push(agent('h2', { type: 'link.added', link: 'eth0.30' }));
    store.push(
      agent('h1', {
        type: 'endpoint.connected',
        endpoint: {
          id: 'e1',
          networkId: 'net-vlan30',
          container: 'c1',
          netns: 'c1',
          ifname: 'eth0',
          created: at,
        },
      }),
    );
    store.push(agent('h1', { type: 'link.down', link: 'eth0.30' }));

    const byNet = store.history({ network: 'vlan30' }).items.map((e) => `${e.host} ${e.type}`);
    expect(byNet).toEqual([
      'h1 link.down',
      'h1 endpoint.connected',
      'h1 network.created',
      'h1 link.up',
      'h1 link.added',
    ]);
    expect(store.history({ host: 'h2' }).items.map((e) => e.type)).toEqual(['link.added']);
    expect(store.history({ host: 'h1', kind: 'link' }).total).toBe(3);
    expect(store.history({ kind: 'nothing' }).items).toEqual([]);
    expect(store.facets()).toEqual({
      hosts: ['h1', 'h2'],
      kinds: ['endpoint', 'link', 'network'],
      networks: ['vlan30'],
    });
  });

  it('stores an event of a shape it does not know (another agent version) without failing', () => {
    const store = openEventStore(openDb(':memory:'));
    store.push(agent('h1', { type: 'network.created' } as never));
    store.push(agent('h1', { type: 'link.renamed', link: 7 } as never));
    expect(store.history().items.map((e) => [e.kind, e.type, e.network, e.link])).toEqual([
      ['link', 'link.renamed', null, null],
      ['network', 'network.created', null, null],
    ]);
  });

  it('tells listeners about each event with its stored id', () => {
    const store = openEventStore(openDb(':memory:'));
    const seen: number[] = [];
    const stop = store.listen((e) => seen.push(e.id));
    store.push(agent('h1', { type: 'drift.cleared' }));
    stop();
    store.push(agent('h1', { type: 'drift.cleared' }));
    expect(seen).toEqual([1]);
    expect(store.since(null)).toEqual([]);
    expect(store.since(1).map((e) => e.id)).toEqual([2]);
  });
});
