import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SOCKET,
  DEFAULT_TOKEN_FILE,
  describeToken,
  resolveTarget,
} from '../../src/cli/target';

describe('resolveTarget', () => {
  const cwd = '/home/op';

  it('defaults to the local socket and token file', () => {
    expect(resolveTarget({ env: {}, cwd })).toEqual({
      kind: 'socket',
      address: DEFAULT_SOCKET,
      url: `ws+unix://${DEFAULT_SOCKET}:/`,
      display: `unix://${DEFAULT_SOCKET}`,
      token: { from: 'file', path: DEFAULT_TOKEN_FILE },
    });
  });

  it.each([
    ['/tmp/lab/host-1.sock', 'socket', 'ws+unix:///tmp/lab/host-1.sock:/'],
    ['unix:///tmp/a.sock', 'socket', 'ws+unix:///tmp/a.sock:/'],
    ['run/a.sock', 'socket', 'ws+unix:///home/op/run/a.sock:/'],
    ['ws://127.0.0.1:7420', 'tcp', 'ws://127.0.0.1:7420'],
    ['wss://agent.example:7420', 'tcp', 'wss://agent.example:7420'],
    ['tcp://10.0.0.1:7420', 'tcp', 'ws://10.0.0.1:7420'],
    ['10.0.0.1:7420', 'tcp', 'ws://10.0.0.1:7420'],
    ['[::1]:7420', 'tcp', 'ws://[::1]:7420'],
    ['agent-host:7420', 'tcp', 'ws://agent-host:7420'],
    ['agent.sock', 'socket', 'ws+unix:///home/op/agent.sock:/'],
  ])('-H %s', (host, kind, url) => {
    expect(resolveTarget({ host, env: {}, cwd })).toMatchObject({ kind, url });
  });

  it('-H wins over UNDERLAY_HOST, which wins over the default', () => {
    expect(resolveTarget({ host: '/a.sock', env: { UNDERLAY_HOST: '/b.sock' }, cwd }).address).toBe(
      '/a.sock',
    );
    expect(resolveTarget({ env: { UNDERLAY_HOST: '/b.sock' }, cwd }).address).toBe('/b.sock');
  });

  it('reads the token from UNDERLAY_TOKEN first, else UNDERLAY_TOKEN_FILE', () => {
    expect(
      resolveTarget({ env: { UNDERLAY_TOKEN: 't', UNDERLAY_TOKEN_FILE: '/f' }, cwd }).token,
    ).toEqual({ from: 'env', value: 't' });
    expect(resolveTarget({ env: { UNDERLAY_TOKEN_FILE: '/f' }, cwd }).token).toEqual({
      from: 'file',
      path: '/f',
    });
    expect(describeToken({ from: 'file', path: '/f' })).toBe('the token file /f');
  });

  it.each(['http://x:1', 'ftp://x'])('refuses %s, naming -H', (host) => {
    expect(() => resolveTarget({ host, env: {}, cwd })).toThrow(
      `Error: -H/--host: "${host}" is neither a unix socket path nor a ws:// or wss:// URL`,
    );
  });
});
