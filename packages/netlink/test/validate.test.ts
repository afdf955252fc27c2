import { describe, expect, it } from 'vitest';
import { NetlinkSpecError } from '../src/errors.js';
import { linkAdd, linkDel } from '../src/links.js';
import { addrAdd } from '../src/addrs.js';
import { routeReplace } from '../src/routes.js';
import { batch } from '../src/batch.js';
import { ifNameProblem, netnsNameProblem, parseCidr } from '../src/validate.js';

describe('interface names (Linux rules)', () => {
  it.each(['eth0', 'eth0.10', 'a', 'abcdefghijklmno', 'br-x_y', 'vlan@1'])('accepts %s', (n) =>
    expect(ifNameProblem(n)).toBeUndefined(),
  );
  it.each([
    ['', /empty/],
    ['abcdefghijklmnop', /16 bytes/],
    ['ééééééééé', /18 bytes/],
    ['.', /"\."/],
    ['..', /"\."/],
    ['a/b', /"\/"/],
    ['a:b', /":"/],
    ['a b', /whitespace/],
    ['a\tb', /whitespace/],
    ['a#b', /#/],
    ['a"b', /quotes/],
  ])('refuses %j', (n, why) => expect(ifNameProblem(n)).toMatch(why));
});

describe('namespace names', () => {
  it('accepts plain file names and refuses paths', () => {
    expect(netnsNameProblem('underlay-c1')).toBeUndefined();
    expect(netnsNameProblem('../etc')).toMatch(/"\/"/);
    expect(netnsNameProblem('x'.repeat(256))).toMatch(/255/);
  });
});

describe('CIDR', () => {
  it('parses both families and refuses malformed ones', () => {
    expect(parseCidr('10.0.0.2/24')).toEqual({ address: '10.0.0.2', prefixLength: 24, family: 4 });
    expect(parseCidr('fd00::2/64')).toEqual({ address: 'fd00::2', prefixLength: 64, family: 6 });
    for (const bad of [
      '10.0.0.2',
      '10.0.0.2/33',
      'fd00::/129',
      '10.0.0.256/8',
      'x/1',
      '10.0.0.2/ 4',
    ])
      expect(parseCidr(bad)).toBeUndefined();
  });
});

// These reject before any process starts: nothing here needs root or ip.
describe('verbs refuse bad input with a typed error naming the field', () => {
  const fieldOf = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(NetlinkSpecError);
    return (e as NetlinkSpecError).field;
  };
  it('linkAdd', async () => {
    expect(await fieldOf(linkAdd({ kind: 'dummy', name: 'x'.repeat(16) }))).toBe('name');
    expect(await fieldOf(linkAdd({ kind: 'vlan', name: 'v', link: 'eth0', id: 4095 }))).toBe('id');
    expect(
      await fieldOf(
        linkAdd({ kind: 'ipvlan', name: 'v', link: 'eth0', mode: 'l4' as 'l2', flag: 'bridge' }),
      ),
    ).toBe('mode');
    expect(await fieldOf(linkAdd({ kind: 'dummy', name: 'd', netns: 'a/b' }))).toBe('netns');
    expect(await fieldOf(linkAdd({ kind: 'dummy', name: 'd', colour: 'red' } as never))).toBe('');
  });
  it('linkDel, addrAdd, routeReplace', async () => {
    expect(await fieldOf(linkDel({ name: 'a b' }))).toBe('name');
    expect(await fieldOf(addrAdd({ dev: 'eth0', address: '10.0.0.1' }))).toBe('address');
    expect(await fieldOf(routeReplace({ family: 6, dst: 'default', via: '10.0.0.1' }))).toBe('via');
    expect(await fieldOf(routeReplace({ family: 4, dst: 'fd00::/64', dev: 'x' }))).toBe('dst');
    expect(await fieldOf(routeReplace({ family: 4, dst: 'default' }))).toBe('via');
  });
  it('batch names the op index and refuses a second namespace', async () => {
    const e = await batch({
      ops: [
        { op: 'linkDel', name: 'ok' },
        { op: 'linkDel', name: 'a:b' },
      ],
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetlinkSpecError);
    expect((e as NetlinkSpecError).message).toMatch(/ops\[1\].*name/);
    const f = await batch({ netns: 'a', ops: [{ op: 'linkDel', name: 'x', netns: 'b' }] }).catch(
      (x: unknown) => x,
    );
    expect((f as NetlinkSpecError).field).toBe('ops[0].netns');
  });
});
