import { type AgentAddress, parseAgentAddress } from '../connection/address';
import { usageError } from './cli-error';

// Like `docker -H` / DOCKER_HOST: which agent to talk to and with what token.
// Pure, so every spelling of a host is unit-tested.

export const DEFAULT_SOCKET = '/run/underlay/agent.sock';
export const DEFAULT_TOKEN_FILE = '/var/lib/underlay/token';

/** Where the token comes from: the value itself (UNDERLAY_TOKEN) or a file to read. */
export type TokenSource = { from: 'env'; value: string } | { from: 'file'; path: string };

/** The agent the CLI will talk to. `display` is what error messages name. */
export interface AgentTarget extends AgentAddress {
  token: TokenSource;
  /** File holding the PEM of the CA that signed a wss:// agent's certificate. */
  tlsCaFile?: string | undefined;
}

/** The environment variables the CLI reads. */
export interface TargetEnv {
  UNDERLAY_HOST?: string | undefined;
  UNDERLAY_TOKEN?: string | undefined;
  UNDERLAY_TOKEN_FILE?: string | undefined;
  UNDERLAY_TLS_CA?: string | undefined;
}

/** Resolves -H (or UNDERLAY_HOST, or the default socket) and the token source. */
export function resolveTarget(opts: {
  host?: string | undefined;
  tlsCa?: string | undefined;
  env: TargetEnv;
  cwd: string;
}): AgentTarget {
  const host = opts.host || opts.env.UNDERLAY_HOST || DEFAULT_SOCKET;
  const token: TokenSource = opts.env.UNDERLAY_TOKEN
    ? { from: 'env', value: opts.env.UNDERLAY_TOKEN }
    : { from: 'file', path: opts.env.UNDERLAY_TOKEN_FILE || DEFAULT_TOKEN_FILE };
  const tlsCaFile = opts.tlsCa || opts.env.UNDERLAY_TLS_CA || undefined;
  return { ...parseHost(host, opts.cwd), token, ...(tlsCaFile ? { tlsCaFile } : {}) };
}

function parseHost(host: string, cwd: string): AgentAddress {
  const address = parseAgentAddress(host, cwd);
  if (address) return address;
  throw usageError(
    '-H/--host',
    `"${host}" is neither a unix socket path nor a ws:// or wss:// URL:`,
    `use for example ${DEFAULT_SOCKET} or ws://127.0.0.1:7420.`,
  );
}

/** Where the token came from, for messages. */
export const describeToken = (token: TokenSource): string =>
  token.from === 'env' ? 'the token in UNDERLAY_TOKEN' : `the token file ${token.path}`;
