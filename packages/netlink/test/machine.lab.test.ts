import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NetlinkError,
  addrAdd,
  addrDel,
  addrList,
  batch,
  execIn,
  isExists,
  isNotFound,
  linkEvents,
  linkList,
  netnsAdd,
  netnsAttach,
  netnsAttachPath,
  netnsDel,
  netnsDetach,
  netnsExists,
  netnsList,
  probeCapabilities,
  routeDel,
  routeList,
  routeReplace,
} from '../src/index.js';

// Runs on this machine's own kernel (root), only inside namespaces it makes
// and removes. This kernel has veth but no dummy/vlan/ipvlan, so links come
// from veth pairs made with plain ip; the link kinds are tested in the guests.

const ns = () => `underlay-nlt-${randomBytes(3).toString('hex')}`;
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as NetlinkError,
  );

describe('on the machine kernel, in throwaway namespaces', () => {
  let a = '';
  beforeEach(async () => {
    a = ns();
    await netnsAdd({ name: a });
    const r = await execIn({
      argv: ['ip', '-n', a, 'link', 'add', 'p0', 'up', 'type', 'veth', 'peer', 'name', 'p1'],
    });
    expect(r.stderr).toBe('');
    await batch({ netns: a, ops: [{ op: 'linkSetUp', name: 'p1' }] });
  });
  afterEach(async () => {
    await netnsDel({ name: a, missingOk: true });
    expect(await netnsExists({ name: a })).toBe(false);
  });

  it('netns verbs are loud, ensure-style options are not', async () => {
    expect(await netnsList()).toContain(a);
    expect(await netnsExists({ name: a })).toBe(true);
    expect(isExists(await errorOf(netnsAdd({ name: a })))).toBe(true);
    const gone = ns();
    expect(isNotFound(await errorOf(netnsDel({ name: gone })))).toBe(true);
    expect(await netnsDel({ name: gone, missingOk: true })).toEqual({ deleted: false });
  });

  it('addresses and routes round trip', async () => {
    await addrAdd({ netns: a, dev: 'p0', address: '10.9.0.1/24' });
    await addrAdd({ netns: a, dev: 'p0', address: 'fd00:9::1/64' });
    const addrs = await addrList({ netns: a, dev: 'p0' });
    expect(addrs).toContainEqual(
      expect.objectContaining({ family: 4, address: '10.9.0.1', prefixLength: 24 }),
    );
    expect(addrs).toContainEqual(
      expect.objectContaining({ family: 6, address: 'fd00:9::1', flags: ['nodad'] }),
    );
    expect((await errorOf(addrAdd({ netns: a, dev: 'p0', address: '10.9.0.1/24' }))).errno).toBe(
      'EEXIST',
    );

    await routeReplace({ netns: a, family: 4, dst: 'default', via: '10.9.0.254', dev: 'p0' });
    await routeReplace({ netns: a, family: 6, dst: 'default', dev: 'p0' });
    const routes = await routeList({ netns: a });
    expect(routes).toContainEqual(
      expect.objectContaining({ family: 4, dst: 'default', via: '10.9.0.254', dev: 'p0' }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({ family: 6, dst: 'default', dev: 'p0' }),
    );
    await routeDel({ netns: a, family: 6, dst: 'default', dev: 'p0' });
    expect(await routeDel({ netns: a, family: 6, dst: 'default', missingOk: true })).toEqual({
      deleted: false,
    });
    expect(await routeList({ netns: a, family: 6 })).not.toContainEqual(
      expect.objectContaining({ dst: 'default' }),
    );

    await addrDel({ netns: a, dev: 'p0', address: '10.9.0.1/24' });
    expect(await addrDel({ netns: a, dev: 'p0', address: '10.9.0.1/24', missingOk: true })).toEqual(
      { deleted: false },
    );
    expect((await errorOf(addrDel({ netns: a, dev: 'p0', address: '10.9.0.1/24' }))).errno).toBe(
      'EADDRNOTAVAIL',
    );
  });

  it('a batch failing midway names the op, and the ops after it did not run', async () => {
    const e = await errorOf(
      batch({
        netns: a,
        ops: [
          { op: 'addrAdd', dev: 'p0', address: '10.8.0.1/24' },
          { op: 'linkSetMtu', name: 'p0', mtu: 1400 },
          { op: 'addrAdd', dev: 'nope', address: '10.8.1.1/24' },
          { op: 'addrAdd', dev: 'p0', address: '10.8.2.1/24' },
        ],
      }),
    );
    expect(e).toBeInstanceOf(NetlinkError);
    expect(e).toMatchObject({
      index: 2,
      errno: 'ENODEV',
      op: 'addrAdd',
      netns: a,
      batchOp: { dev: 'nope' },
    });
    expect(e.argv).toEqual(['ip', '-n', a, 'addr', 'add', '10.8.1.1/24', 'dev', 'nope']);
    const addrs = (await addrList({ netns: a, dev: 'p0' })).map((x) => x.address);
    expect(addrs).toContain('10.8.0.1');
    expect(addrs).not.toContain('10.8.2.1');
    expect((await linkList({ netns: a })).find((l) => l.name === 'p0')?.mtu).toBe(1400);
  });

  it('a batch moving a link to a missing namespace names that op', async () => {
    const e = await errorOf(
      batch({
        netns: a,
        ops: [
          { op: 'linkSetUp', name: 'p0' },
          { op: 'linkSetNetns', name: 'p1', target: 'underlay-nlt-missing' },
        ],
      }),
    );
    expect(e).toMatchObject({ index: 1, errno: 'ENOENT', op: 'linkSetNetns' });
  });

  it('streams link events', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const ev of linkEvents({ netns: a, signal: controller.signal }))
        seen.push(`${ev.type} ${ev.link.name} ${ev.link.up}`);
    })();
    await new Promise((r) => setTimeout(r, 300));
    await batch({
      netns: a,
      ops: [
        { op: 'linkSetDown', name: 'p0' },
        { op: 'linkDel', name: 'p0' },
      ],
    });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await reading;
    expect(seen).toContain('new p0 false');
    expect(seen).toContain('del p0 false');
  });

  it('names a foreign namespace by pid and by path', async () => {
    const { execa } = await import('execa');
    const holder = execa('unshare', ['--net', 'sleep', '60'], { reject: false });
    await new Promise((r) => setTimeout(r, 300));
    const pid = holder.pid ?? 0;
    const [byPid, byPath] = [ns(), ns()];
    try {
      await netnsAttach({ name: byPid, pid });
      await netnsAttachPath({ name: byPath, path: `/proc/${pid}/ns/net` });
      await addrAdd({ netns: byPid, dev: 'lo', address: '10.77.0.1/32' });
      expect((await addrList({ netns: byPath, dev: 'lo' })).map((x) => x.address)).toContain(
        '10.77.0.1',
      );
      expect(
        isExists(await errorOf(netnsAttachPath({ name: byPath, path: `/proc/${pid}/ns/net` }))),
      ).toBe(true);
    } finally {
      await netnsDetach({ name: byPid }).catch(() => undefined);
      await netnsDetach({ name: byPath }).catch(() => undefined);
      holder.kill('SIGKILL');
      await holder;
    }
    expect(await netnsExists({ name: byPath })).toBe(false);
  });

  it('execIn reports exit status as data and a missing namespace as an error', async () => {
    await batch({ netns: a, ops: [{ op: 'linkSetUp', name: 'lo' }] });
    expect(
      (await execIn({ netns: a, argv: ['ping', '-c', '1', '-W', '1', '127.0.0.1'] })).exitCode,
    ).toBe(0);
    expect(
      (await execIn({ netns: a, argv: ['ping', '-c', '1', '-W', '1', '10.123.0.1'] })).exitCode,
    ).not.toBe(0);
    expect((await errorOf(execIn({ netns: ns(), argv: ['true'] }))).errno).toBe('ENOENT');
  });
});

describe('capability probe on the machine kernel', () => {
  it('says clearly what is missing and leaves no namespace behind', async () => {
    const caps = await probeCapabilities();
    expect(caps.kernel).toMatch(/^\d+\.\d+/);
    // Each answer must come with its reason, whichever way this kernel goes.
    for (const key of [
      'ipvlan',
      'ipvlanL3s',
      'ipvlanFlags',
      'vlan8021q',
      'dummy',
      'macvlan',
      'ipv6',
    ] as const) {
      if (caps[key]) expect(caps.errors[key]).toBeUndefined();
      else expect(caps.errors[key]).toMatch(/.{20}/);
    }
    if (!caps.ipvlan) expect(caps.errors.ipvlan).toMatch(/ipvlan/);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith('underlay-probe-'))).toEqual([]);
  });
});
