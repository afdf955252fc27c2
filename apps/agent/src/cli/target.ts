import { isAbsolute, resolve } from 'node:path';
import { usageError } from './cli-error';

// Like `docker -H` / DOCKER_HOST: which agent to talk to and with what token.
// Pure, so every spelling of a host is unit-tested.

export const DEFAULT_SOCKET = '/run/underlay/agent.sock';
export const DEFAULT_TOKEN_FILE = '/var/lib/underlay/token';

/** Where the token comes from: the value itself (UNDERLAY_TOKEN) or a file to read. */
export type TokenSource = { from: 'env'; value: string } | { from: 'file'; path: string };

/** The agent the CLI will talk to. `display` is what error messages name. */
export interface AgentTarget {
  kind: 'socket' | 'tcp';
  /** Socket path (kind socket) or the ws(s):// URL (kind tcp). */
  address: string;
  /** URL for the WebSocket client (`ws+unix:///path:/` for sockets). */
  url: string;
  display: string;
  token: TokenSource;
}

/** The environment variables the CLI reads. */
export interface TargetEnv {
  UNDERLAY_HOST?: string | undefined;
  UNDERLAY_TOKEN?: string | undefined;
  UNDERLAY_TOKEN_FILE?: string | undefined;
}

/** Resolves -H (or UNDERLAY_HOST, or the default socket) and the token source. */
export function resolveTarget(opts: {
  host?: string | undefined;
  env: TargetEnv;
  cwd: string;
}): AgentTarget {
  const host = opts.host || opts.env.UNDERLAY_HOST || DEFAULT_SOCKET;
  const token: TokenSource = opts.env.UNDERLAY_TOKEN
    ? { from: 'env', value: opts.env.UNDERLAY_TOKEN }
    : { from: 'file', path: opts.env.UNDERLAY_TOKEN_FILE || DEFAULT_TOKEN_FILE };
  return { ...parseHost(host, opts.cwd), token };
}

function parseHost(host: string, cwd: string): Omit<AgentTarget, 'token'> {
  if (/^wss?:\/\//.test(host)) return { kind: 'tcp', address: host, url: host, display: host };
  // Docker spells TCP hosts tcp://HOST:PORT (or bare HOST:PORT); the agent speaks WebSocket on them.
  if (host.startsWith('tcp://')) return parseHost(`ws://${host.slice('tcp://'.length)}`, cwd);
  if (/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/.test(host)) return parseHost(`ws://${host}`, cwd);
  const path = host.startsWith('unix://') ? host.slice('unix://'.length) : host;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || !path) {
    throw usageError(
      '-H/--host',
      `"${host}" is neither a unix socket path nor a ws:// or wss:// URL:`,
      `use for example ${DEFAULT_SOCKET} or ws://127.0.0.1:7420.`,
    );
  }
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  return {
    kind: 'socket',
    address: absolute,
    url: `ws+unix://${absolute}:/`,
    display: `unix://${absolute}`,
  };
}

/** Where the token came from, for messages. */
export const describeToken = (token: TokenSource): string =>
  token.from === 'env' ? 'the token in UNDERLAY_TOKEN' : `the token file ${token.path}`;
