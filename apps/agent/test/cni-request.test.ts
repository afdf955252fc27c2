import { DomainError, issue } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { CniError, toCniError } from '../src/cni/errors';
import { parseCniArgs, parseCniCall, replyVersion } from '../src/cni/request';
import { staticAddressField } from '../src/cni/static-ips';

// The CNI call as the agent reads it: every refusal carries the spec's code
// and a message that starts with the field at fault.

const conf = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ cniVersion: '1.0.0', name: 'vlan10', type: 'underlay-cni', ...extra });

const env = (extra: Record<string, string | undefined> = {}) => {
  const base: Record<string, string | undefined> = {
    CNI_COMMAND: 'ADD',
    CNI_CONTAINERID: 'abc123',
    CNI_NETNS: '/run/netns/x',
    CNI_IFNAME: 'eth0',
    CNI_PATH: '/opt/cni/bin',
    ...extra,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
};

function refusal(body: unknown): { code: number; message: string } {
  try {
    parseCniCall(body);
  } catch (err) {
    if (err instanceof CniError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

const call = (e: Record<string, string>, config = conf()) => ({
  command: e.CNI_COMMAND ?? '',
  env: e,
  config,
});

describe('CNI call validation', () => {
  const rows: [string, unknown, number, RegExp][] = [
    ['CNI_COMMAND unset', call(env({ CNI_COMMAND: undefined })), 4, /^CNI_COMMAND: is not set/],
    ['CNI_COMMAND unknown', call(env({ CNI_COMMAND: 'ATTACH' })), 4, /^CNI_COMMAND: "ATTACH"/],
    [
      'ADD without CNI_CONTAINERID',
      call(env({ CNI_CONTAINERID: undefined })),
      4,
      /^CNI_CONTAINERID: is required for ADD/,
    ],
    [
      'ADD without CNI_NETNS',
      call(env({ CNI_NETNS: undefined })),
      4,
      /^CNI_NETNS: is required for ADD/,
    ],
    ['ADD without CNI_IFNAME', call(env({ CNI_IFNAME: undefined })), 4, /^CNI_IFNAME: is required/],
    ['ADD without CNI_PATH', call(env({ CNI_PATH: undefined })), 4, /^CNI_PATH: is required/],
    [
      'CNI_CONTAINERID with a slash',
      call(env({ CNI_CONTAINERID: 'a/b' })),
      4,
      /^CNI_CONTAINERID: "a\/b" is not a valid/,
    ],
    [
      'CNI_NETNS relative',
      call(env({ CNI_NETNS: 'netns/x' })),
      4,
      /^CNI_NETNS: "netns\/x" is not an absolute path/,
    ],
    ['CNI_IFNAME too long', call(env({ CNI_IFNAME: 'a'.repeat(16) })), 4, /^CNI_IFNAME: /],
    ['CNI_IFNAME with a colon', call(env({ CNI_IFNAME: 'eth:0' })), 4, /^CNI_IFNAME: /],
    ['CNI_ARGS without =', call(env({ CNI_ARGS: 'IgnoreUnknown=1;junk' })), 4, /^CNI_ARGS: "junk"/],
    [
      'stdin not JSON',
      call(env(), '{"cniVersion":'),
      6,
      /^stdin: the network configuration is not JSON/,
    ],
    ['stdin an array', call(env(), '[]'), 6, /^stdin: .* not an object/],
    [
      'no cniVersion',
      call(env(), JSON.stringify({ name: 'n', type: 'underlay-cni' })),
      7,
      /^cniVersion: missing/,
    ],
    [
      'unknown cniVersion',
      call(env(), conf({ cniVersion: '0.3.1' })),
      1,
      /^cniVersion: "0.3.1" is not supported/,
    ],
    [
      'no name',
      call(env(), JSON.stringify({ cniVersion: '1.0.0', type: 'underlay-cni' })),
      7,
      /^name: missing/,
    ],
    [
      'no type',
      call(env(), JSON.stringify({ cniVersion: '1.0.0', name: 'n' })),
      7,
      /^type: missing/,
    ],
    ['bad ipvlan_mode', call(env(), conf({ ipvlan_mode: 'L2' })), 7, /^ipvlan_mode: /],
    ['subnets not a list', call(env(), conf({ subnets: '10.0.0.0/24' })), 7, /^subnets: /],
    [
      'GC asked in 1.0.0',
      call(env({ CNI_COMMAND: 'GC' })),
      1,
      /^cniVersion: GC needs cniVersion 1.1.0/,
    ],
    ['not a forwarded call', { command: 'ADD' }, 6, /^request: /],
  ];
  it.each(rows)('%s: code %i', (_title, body, code, message) => {
    const got = refusal(body);
    expect(got.code).toBe(code);
    expect(got.message).toMatch(message);
  });

  it('DEL needs no CNI_NETNS (the namespace may be gone)', () => {
    const parsed = parseCniCall(call(env({ CNI_COMMAND: 'DEL', CNI_NETNS: undefined })));
    expect(parsed.command).toBe('DEL');
    expect(parsed.netns).toBe('');
  });

  it('STATUS and GC need no container variables', () => {
    const v11 = conf({ cniVersion: '1.1.0' });
    expect(parseCniCall(call({ CNI_COMMAND: 'STATUS' }, v11)).command).toBe('STATUS');
    expect(parseCniCall(call({ CNI_COMMAND: 'GC', CNI_PATH: '/x' }, v11)).command).toBe('GC');
    expect(refusal(call({ CNI_COMMAND: 'GC' }, v11))).toMatchObject({ code: 4 });
  });

  it('keeps the spec keys and underlay keys of a valid ADD', () => {
    const parsed = parseCniCall(
      call(
        env({ CNI_ARGS: 'IgnoreUnknown=1;IP=172.16.80.9' }),
        conf({ parent: 'eth0.10', runtimeConfig: { ips: ['172.16.80.9/24'], portMappings: [] } }),
      ),
    );
    expect(parsed).toMatchObject({
      command: 'ADD',
      version: '1.0.0',
      containerId: 'abc123',
      ifname: 'eth0',
      args: { IgnoreUnknown: '1', IP: '172.16.80.9' },
      conf: { parent: 'eth0.10', runtimeConfig: { ips: ['172.16.80.9/24'] } },
    });
  });

  it('answers errors in the config version when it is known, else 1.1.0', () => {
    expect(replyVersion(conf({ cniVersion: '0.4.0' }))).toBe('0.4.0');
    expect(replyVersion(conf({ cniVersion: '9.9.9' }))).toBe('1.1.0');
    expect(replyVersion('not json')).toBe('1.1.0');
  });

  it('reads CNI_ARGS pairs, values may hold "="', () => {
    expect(parseCniArgs('A=1;B=x=y;;')).toEqual({ A: '1', B: 'x=y' });
    expect(parseCniArgs(undefined)).toEqual({});
  });
});

// Issue 16: an address given by CNI_ARGS IP= or args.cni.ips was named as runtimeConfig.ips in the agent's refusal.
describe('a refused static address', () => {
  it.each([
    ['CNI_ARGS IP', { CNI_ARGS: 'IP=10.9.9.9' }, {}],
    ['args.cni.ips', {}, { args: { cni: { ips: ['10.9.9.9'] } } }],
    ['runtimeConfig.ips', {}, { runtimeConfig: { ips: ['10.9.9.9'] } }],
  ])('is named by the field it came from: %s', (field, extraEnv, extraConf) => {
    const parsed = parseCniCall(call(env(extraEnv), conf(extraConf)));
    const refused = new DomainError(
      issue('ADDRESS_OUTSIDE_SUBNET', ['ipv4Address'], '10.9.9.9 is outside the subnets', 'Fix.'),
    );
    const err = toCniError(refused, staticAddressField(parsed));
    expect(err.code).toBe(105);
    expect(err.message).toBe(`${field}: 10.9.9.9 is outside the subnets`);
  });
});
