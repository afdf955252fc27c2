import { describe, expect, it } from 'vitest';
import type { BatchOp } from '../src/index.js';
import { type Guest, withGuest } from './lab/guests.js';

// createBatchRunner on a real 6.1 kernel: one long-lived `ip -batch -` runs
// the guest namespace's batches from stdin, and the forker (a fixed sh loop)
// runs other namespaces' batches as `ip -n NS -batch FILE`; both must behave
// exactly like one-shot batch() (order, failing index, nothing after the
// failure ran), and leave no batch file, child process or open namespace behind.

let g: Guest;
const freshNs = withGuest((guest) => (g = guest));
const dummy = (name: string): BatchOp => ({ op: 'linkAdd', spec: { kind: 'dummy', name } });

type Outcome = { ok: boolean; ran?: number; pid?: number; error?: Record<string, unknown> };
type Leftovers<T> = {
  value: T;
  pid?: number;
  forkerPid?: number;
  dir?: string;
  files: string[];
  children: number[];
  aliveAfterClose: boolean;
  dirAfterClose: boolean;
};
const clean = { files: [], children: [], aliveAfterClose: false, dirAfterClose: false };

describe('batch runner', () => {
  it('runs several batches of a namespace through one forker, which outlives a failing op that reports its index', async () => {
    const ns = await freshNs('sess');
    const r = await g.call<Leftovers<unknown> & { outcomes: Outcome[]; links: string[] }>(
      'runnerSequence',
      {
        netns: ns,
        batches: [
          [dummy('d0'), { op: 'linkSetUp', name: 'd0' }],
          [{ op: 'addrAdd', dev: 'd0', address: '10.9.0.1/24' }, dummy('d1')],
          [dummy('d2'), dummy('d0'), dummy('d3')],
          [dummy('d4'), { op: 'linkSetUp', name: 'd4' }],
        ],
      },
    );
    const { outcomes, links } = r;
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true]);
    expect(outcomes[0]?.ran).toBe(2);
    expect(outcomes[0]?.pid).toEqual(expect.any(Number));
    expect(outcomes[1]?.pid).toBe(outcomes[0]?.pid);
    expect(outcomes[2]?.error).toMatchObject({
      name: 'NetlinkError',
      op: 'linkAdd',
      index: 1,
      errno: 'EEXIST',
      netns: ns,
    });
    expect(outcomes[2]?.error?.argv).toEqual([
      'ip',
      '-n',
      ns,
      'link',
      'add',
      'name',
      'd0',
      'type',
      'dummy',
    ]);
    expect(outcomes[3]?.pid).toBe(outcomes[0]?.pid);
    // d2 ran before the failure, d3 after it did not.
    expect(links.sort()).toEqual(['d0', 'd1', 'd2', 'd4', 'lo']);
    const addrs = await g.call<Array<{ dev: string; address: string }>>('addrList', { netns: ns });
    expect(
      addrs.filter((a) => a.dev === 'd0' && !a.address.includes(':')).map((a) => a.address),
    ).toEqual(['10.9.0.1']);
    expect(r.dir).toMatch(/^\/run\/underlay\/batch-/);
    expect(r).toMatchObject(clean);
  });

  it('runs batches of its own namespace from stdin, with the failing index counted across the session, which respawns after it', async () => {
    // lo exists in every namespace; setting it up again changes nothing in the guest.
    const up: BatchOp = { op: 'linkSetUp', name: 'lo' };
    const r = await g.call<Leftovers<unknown> & { outcomes: Outcome[] }>('runnerSequence', {
      batches: [[up, up], [up, { op: 'linkSetUp', name: 'nl-nosuch0' }, up], [up]],
    });
    expect(r.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(r.outcomes[1]?.error).toMatchObject({ op: 'linkSetUp', index: 1, errno: 'ENODEV' });
    expect(r.outcomes[2]?.pid).not.toBe(r.outcomes[0]?.pid);
    expect(r).toMatchObject(clean);
  });

  it('started ahead, its session answers a read first and keeps counting the failing index from its own lines', async () => {
    const up: BatchOp = { op: 'linkSetUp', name: 'lo' };
    const r = await g.call<Leftovers<unknown> & { outcomes: Outcome[]; startedPid?: number }>(
      'runnerSequence',
      { started: true, batches: [[up], [up, { op: 'linkSetUp', name: 'nl-nosuch1' }]] },
    );
    expect(r.outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(r.outcomes[0]?.pid).toBe(r.startedPid);
    expect(r.outcomes[1]?.error).toMatchObject({ op: 'linkSetUp', index: 1, errno: 'ENODEV' });
    expect(r).toMatchObject(clean);
  });

  it('makes a link again under a name the session knew, after someone else deleted it (ip caches name to index)', async () => {
    const r = await g.call<Outcome[]>('runnerRemade', { name: 'nl-remade0' });
    expect(r.map((o) => o.ok)).toEqual([true, true, true]);
    // A fresh session for the batch that makes the name again; the next batch keeps it.
    expect(r[1]?.pid).not.toBe(r[0]?.pid);
    expect(r[2]?.pid).toBe(r[1]?.pid);
  });

  it('keeps its session when it makes a link again under a name it deleted, renamed or moved out itself', async () => {
    const r = await g.call<Outcome[]>('runnerRemadeOwn', { name: 'nl-own0', netns: 'nl-own-ns' });
    expect(r.map((o) => o.error ?? o.ok)).toEqual(Array(8).fill(true));
    expect(new Set(r.map((o) => o.pid)).size).toBe(1);
  });

  it("makes a link again under a name the session knew only as another link's parent, after someone else deleted it", async () => {
    const r = await g.call<Outcome[]>('runnerRemadeParent', {
      parent: 'nl-parent0',
      child: 'nl-child0',
    });
    expect(r.map((o) => o.error ?? o.ok)).toEqual([true, true]);
    expect(r[1]?.pid).not.toBe(r[0]?.pid);
  });

  it('starts a fresh session after a looked-up parent was deleted and made again by someone else, once told so; not after its own deletes', async () => {
    const told = await g.call<Outcome[]>('runnerParentGone', { parent: 'nl-gone0', tell: true });
    expect(told.map((o) => o.error ?? o.ok)).toEqual([true, true, true, true, true]);
    expect(told[1]?.pid).not.toBe(told[0]?.pid);
    // Its own delete reported gone: the same session serves the next batch.
    expect(told[4]?.pid).toBe(told[3]?.pid);
    // Not told (no link monitor): ip's cached index of the old parent.
    const untold = await g.call<Outcome[]>('runnerParentGone', { parent: 'nl-gone1', tell: false });
    expect(untold[1]).toMatchObject({ ok: false, error: { errno: 'ENODEV' } });
  });

  it("serves its own namespace's listings from one reader while it follows renames, as one-shot ip lists them; a rename it is told of gets a fresh reader", async () => {
    type Named = { name: string; parent: string | null; kind: string | null };
    const r = await g.call<
      Leftovers<{
        state: { links: Named[]; addrs: Array<{ dev: string; address: string }> };
        links: Named[];
        addrs: Array<{ dev: string; address: string }>;
        direct: { links: Named[]; addrs: Array<{ dev: string; address: string }> };
        readerPid?: number;
        sameReader: boolean;
        untold?: string;
        told?: string;
        newReader?: number;
        offParent?: string;
        offReaderAlive: boolean;
      }>
    >('runnerReader', { parent: 'nl-rd0', renamed: 'nl-rd1' });
    const v = r.value;
    const shape = (links: Named[]) =>
      links
        .map(({ name, parent, kind }) => ({ name, parent, kind }))
        .sort((a, b) => a.name.localeCompare(b.name));
    const v4 = (addrs: Array<{ dev: string; address: string }>) =>
      addrs
        .filter((a) => !a.address.includes(':'))
        .map((a) => `${a.dev} ${a.address}`)
        .sort();
    expect(shape(v.state.links)).toEqual(shape(v.direct.links));
    expect(shape(v.links)).toEqual(shape(v.direct.links));
    expect(v4(v.state.addrs)).toEqual(v4(v.direct.addrs));
    expect(v4(v.addrs)).toContain('nl-rd0 10.98.0.1');
    expect(shape(v.links)).toContainEqual({ name: 'nl-rd0.7', parent: 'nl-rd0', kind: 'vlan' });
    // One process for every listing: no process start per listing.
    expect(v.readerPid).toEqual(expect.any(Number));
    expect(v.sameReader).toBe(true);
    // ip keeps the parent's old name for its life (why renames must be told), then a fresh reader has the new one.
    expect(v.untold).toBe('nl-rd0');
    expect(v.told).toBe('nl-rd1');
    expect(v.newReader).not.toBe(v.readerPid);
    // No longer following renames: the reader ends, listings are fresh ip runs again.
    expect(v.offParent).toBe('nl-rd1');
    expect(v.offReaderAlive).toBe(false);
    expect(r).toMatchObject(clean);
  });

  it('runs batches started together one at a time, in the order they were started', async () => {
    const ns = await freshNs('sess-order');
    const outcomes = await g.call<Outcome[]>('runnerTogether', {
      netns: ns,
      batches: [
        [dummy('a0')],
        [{ op: 'linkRename', name: 'a0', newName: 'a1' }],
        [{ op: 'linkSetUp', name: 'a1' }],
      ],
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(
      (await g.call<Array<{ name: string; up: boolean }>>('linkList', { netns: ns })).find(
        (l) => l.name === 'a1',
      ),
    ).toMatchObject({ up: true });
  });

  it('reports a missing namespace like batch() does', async () => {
    const outcomes = await g.call<Outcome[]>('runnerTogether', {
      netns: 'nl-nosuch',
      batches: [[dummy('x0')]],
    });
    const single = await g.attempt('batch', { netns: 'nl-nosuch', ops: [dummy('x0')] });
    expect(outcomes[0]?.ok).toBe(false);
    expect(single.ok).toBe(false);
    expect(outcomes[0]?.error).toMatchObject({
      errno: (single as { error: { errno: string } }).error.errno,
      op: 'batch',
    });
  });

  it('lists a namespace through the session, also at the end of a batch, as the one-shot verbs do', async () => {
    const ns = await freshNs('sess-list');
    const r = await g.call<
      Leftovers<{
        ran: { ran: number; links: Array<{ name: string; mac: string }> };
        links: Array<{ name: string; mac: string }>;
        addrs: Array<{ dev: string; address: string }>;
      }> & {
        direct: {
          links: Array<{ name: string; mac: string }>;
          addrs: Array<{ dev: string; address: string }>;
        };
      }
    >('runnerListings', {
      netns: ns,
      ops: [
        dummy('l0'),
        { op: 'linkSetUp', name: 'l0' },
        { op: 'addrAdd', dev: 'l0', address: '10.9.1.1/24' },
      ],
    });
    expect(r.value.ran.ran).toBe(3);
    expect(r.value.ran.links.map((l) => l.name).sort()).toEqual(['l0', 'lo']);
    expect(r.value.links).toEqual(r.direct.links);
    expect(r.value.ran.links).toEqual(r.direct.links);
    expect(r.value.ran.links.find((l) => l.name === 'l0')?.mac).toMatch(
      /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/,
    );
    expect(r.value.addrs).toEqual(r.direct.addrs);
    expect(r.value.addrs.map((a) => `${a.dev} ${a.address}`)).toContain('l0 10.9.1.1');
    expect(r).toMatchObject(clean);
  });

  it('reads links and addresses from one addr show run exactly as the two listings give them: an ipvlan moved in, a VLAN, a local ipvlan', async () => {
    const ns = await freshNs('sess-state');
    type Listed = {
      links: Array<{ name: string; kind: string | null }>;
      addrs: Array<{ dev: string; address: string }>;
    };
    const r = await g.call<Leftovers<Listed> & { direct: Listed }>('runnerState', {
      netns: ns,
      root: [
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'stx0', link: 'eth0', mode: 'l3', flag: 'private' },
        },
        { op: 'linkSetNetns', name: 'stx0', target: ns },
      ],
      ops: [
        { op: 'linkRename', name: 'stx0', newName: 'eth0' },
        { op: 'addrAdd', dev: 'eth0', address: '10.9.3.2/24' },
        { op: 'addrAdd', dev: 'eth0', address: 'fd09:3::2/64' },
        { op: 'linkSetUp', name: 'eth0' },
        dummy('sd0'),
        { op: 'linkAdd', spec: { kind: 'vlan', name: 'sd0.7', link: 'sd0', id: 7 } },
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'siv0', link: 'sd0', mode: 'l2', flag: 'bridge' },
        },
      ],
    });
    expect(r.value.links.map((l) => `${l.name} ${l.kind}`).sort()).toEqual([
      'eth0 ipvlan',
      'lo loopback',
      'sd0 dummy',
      'sd0.7 vlan',
      'siv0 ipvlan',
    ]);
    expect(r.value.addrs.map((a) => `${a.dev} ${a.address}`)).toEqual(
      expect.arrayContaining(['eth0 10.9.3.2', 'eth0 fd09:3::2']),
    );
    expect(r.value.links).toEqual(r.direct.links);
    // Addresses in full, but for IPv6's `tentative`, which DAD clears between the two reads.
    const settled = (addrs: Listed['addrs']) =>
      addrs.map((x) => ({
        ...x,
        flags: (x as { flags?: string[] }).flags?.filter((f) => f !== 'tentative'),
      }));
    expect(settled(r.value.addrs)).toEqual(settled(r.direct.addrs));
    expect(r).toMatchObject(clean);
  });

  it('stops a listing when its signal aborts: a running one by ending its ip, a waiting one before it runs; the forker carries on', async () => {
    const ns = await freshNs('sess-abort');
    type Stopped = { ok: boolean; error?: Record<string, unknown> };
    const r = await g.call<
      Leftovers<{
        hadChild: boolean;
        whileRunning: Stopped;
        whileWaiting: Stopped;
        links: number;
        sameForker: boolean;
      }>
    >('runnerAbort', { netns: ns, count: 300 });
    expect(r.value.hadChild).toBe(true);
    // 143: ip ended by SIGTERM, so it was stopped midway, not waited for.
    expect(r.value.whileRunning).toMatchObject({
      ok: false,
      error: { name: 'NetlinkError', op: 'linkList', netns: ns, errno: 'EABORTED', exitCode: 143 },
    });
    // -1: it never ran.
    expect(r.value.whileWaiting).toMatchObject({
      ok: false,
      error: { name: 'NetlinkError', op: 'addrList', netns: ns, errno: 'EABORTED', exitCode: -1 },
    });
    expect(r.value.links).toBe(301);
    expect(r.value.sameForker).toBe(true);
    expect(r).toMatchObject(clean);
  });

  it("lists its own namespace through the forker as the one-shot verbs do, and adds and deletes namespaces on its session with the one-shot verbs' errors", async () => {
    const r = await g.call<
      Leftovers<{
        links: unknown[];
        addrs: unknown[];
        state: { links: unknown[]; addrs: unknown[] };
        add: { ok: boolean };
        listedAfterAdd: boolean;
        loInside: string[];
        afterAddHere: boolean;
        afterAddThere: boolean;
        addAgain: { ok: boolean; error?: Record<string, unknown> };
        del: { ok: boolean };
        delAgain: { ok: boolean; error?: Record<string, unknown> };
        listedAfterDel: boolean;
        sessions: Record<string, boolean>;
      }> & { direct: { links: unknown[]; addrs: unknown[] } }
    >('runnerHostAndNetns', { name: 'nl-runner-ns' });
    expect(r.value.links).toEqual(r.direct.links);
    expect(r.value.addrs).toEqual(r.direct.addrs);
    expect(r.value.state).toEqual({ links: r.direct.links, addrs: r.direct.addrs });
    expect(r.value.add).toEqual({ ok: true });
    expect(r.value.listedAfterAdd).toBe(true);
    expect(r.value.loInside).toEqual(['lo']);
    expect(r.value.addAgain).toMatchObject({
      ok: false,
      error: { name: 'NetlinkError', op: 'netnsAdd', errno: 'EEXIST' },
    });
    expect(r.value.addAgain.error?.argv).toEqual(['ip', 'netns', 'add', 'nl-runner-ns']);
    expect(r.value.del).toEqual({ ok: true });
    expect(r.value.delAgain).toMatchObject({
      ok: false,
      error: { name: 'NetlinkError', op: 'netnsDel', errno: 'ENOENT' },
    });
    expect(r.value.listedAfterDel).toBe(false);
    expect(r.value.afterAddHere).toBe(true);
    expect(r.value.afterAddThere).toBe(false);
    // On the session: it lives on after each success and a failing verb ends it.
    expect(r.value.sessions).toEqual({
      afterAdd: true,
      afterAddAgain: false,
      afterDel: true,
      afterDelAgain: false,
    });
    expect(r).toMatchObject(clean);
  });

  it('reports a listing of a missing namespace as an error naming it', async () => {
    const r = await g.call<Leftovers<{ ok: boolean; error?: Record<string, unknown> }>>(
      'runnerListMissing',
      { netns: 'nl-nosuch' },
    );
    expect(r.value).toMatchObject({
      ok: false,
      error: { name: 'NetlinkError', op: 'linkList', netns: 'nl-nosuch', errno: 'ENOENT' },
    });
    expect(r).toMatchObject(clean);
  });

  it('holds no namespace open: deleting one right after its batch removes it, and the session serves the next one', async () => {
    const [ns, other] = [await freshNs('sess-del'), await freshNs('sess-other')];
    const r = await g.call<Leftovers<{ gone: boolean; after: { ran: number } }>>(
      'runnerBatchThenDelete',
      { netns: ns, other, ops: [dummy('z0')] },
    );
    expect(r.value).toEqual({ gone: true, after: { ran: 1 } });
    expect(r).toMatchObject(clean);
    expect(await g.call<string[]>('netnsList')).not.toContain(ns);
  });
});
