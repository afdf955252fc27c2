// Where an agent listens, as people type it (like docker -H): a unix socket
// path, ws:// or wss://, tcp://HOST:PORT or bare HOST:PORT. Pure, so every
// spelling is unit-tested; `ws` dials a unix socket as `ws+unix:///path:/`.

/** An agent address resolved to the URL the WebSocket client dials. */
export interface AgentAddress {
  kind: 'socket' | 'tcp';
  /** The socket's absolute path (kind socket) or the ws(s):// URL (kind tcp). */
  address: string;
  /** What the WebSocket client dials (`ws+unix:///path:/` for sockets). */
  url: string;
  /** What messages name: `unix:///path` or the URL. */
  display: string;
}

const WS_URL = /^wss?:\/\//;
const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Resolves `host` (relative socket paths against `cwd`); undefined when it is no address. */
export function parseAgentAddress(host: string, cwd = '/'): AgentAddress | undefined {
  if (WS_URL.test(host)) return { kind: 'tcp', address: host, url: host, display: host };
  // Docker spells TCP hosts tcp://HOST:PORT (or bare HOST:PORT); the agent speaks WebSocket on them.
  if (host.startsWith('tcp://')) return parseAgentAddress(`ws://${host.slice(6)}`, cwd);
  if (HOST_PORT.test(host)) return parseAgentAddress(`ws://${host}`, cwd);
  const path = host.startsWith('unix://') ? host.slice('unix://'.length) : host;
  if (!path || SCHEME.test(path)) return undefined;
  const absolute = path.startsWith('/') ? path : joinPath(cwd, path);
  return {
    kind: 'socket',
    address: absolute,
    url: `ws+unix://${absolute}:/`,
    display: `unix://${absolute}`,
  };
}

/** The URL the WebSocket client dials for `host` (a `ws+unix:` URL passes through). */
export function agentUrl(host: string, cwd?: string): string {
  if (host.startsWith('ws+unix:')) return host;
  return parseAgentAddress(host, cwd)?.url ?? host;
}

// node:path's resolve without node:path, so the module also loads where no
// Node built-ins are bundled; `..` and `.` segments are folded.
function joinPath(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const part of `${cwd}/${path}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return `/${parts.join('/')}`;
}
