import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createConnection } from 'node:net';
import type { getFetch } from '@trpc/client';
import { parseAgentAddress } from './address';
import { TRPC_HTTP_PATH } from './http-path';

/** The fetch tRPC's HTTP links take (not exported by name: read off `getFetch`). */
type FetchEsque = ReturnType<typeof getFetch>;

// tRPC's HTTP links call `fetch`; node's global fetch is undici, whose load
// alone is ~30 ms of a CLI call, and it cannot dial a unix socket without its
// own dispatcher. So the links get this small fetch over node:http (or https
// with the agent's CA): one request, no keep-alive, the answer read whole.

/** Where tRPC's HTTP endpoint of an agent is: the URL the links build on, and the unix socket to dial. */
export interface AgentHttpBase {
  url: string;
  socketPath?: string;
}

/** The HTTP endpoint of the agent at `address` (a socket path, ws(s)://, tcp://HOST:PORT or HOST:PORT). */
export function agentHttpBase(address: string, cwd?: string): AgentHttpBase {
  const parsed = parseAgentAddress(address, cwd);
  if (!parsed) throw new Error(`"${address}" is not an agent address`);
  if (parsed.kind === 'socket')
    return { url: `http://localhost${TRPC_HTTP_PATH}`, socketPath: parsed.address };
  // ws:// → http://, wss:// → https://: the same listener serves both.
  const url = new URL(parsed.url);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return { url: `${url.origin}${TRPC_HTTP_PATH}` };
}

/** An error for an answer that is not tRPC's JSON (an agent that has no HTTP endpoint answers 426). */
function notTrpc(res: IncomingMessage, text: string): Error {
  const line = text.split('\n')[0]?.slice(0, 200) ?? '';
  return new Error(
    `the agent answered HTTP ${res.statusCode} without a tRPC answer (${line || 'empty'}): is it older than this CLI?`,
  );
}

/** Reads `res` whole; resolves to a ResponseEsque whose json() parses it. */
function readAnswer(res: IncomingMessage): Promise<Awaited<ReturnType<FetchEsque>>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!/^application\/json\b/.test(res.headers['content-type'] ?? ''))
        return reject(notTrpc(res, text));
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
      resolve({ ok, json: async () => JSON.parse(text) as unknown });
    });
  });
}

/** How agentFetch dials: the CA (PEM) a https:// agent's certificate is signed by, and how long a connect may take. */
export interface AgentFetchOptions {
  tlsCa?: string | null | undefined;
  /** Fails a request whose connection is not open within this many ms (default: no limit). */
  connectTimeoutMs?: number;
}

/** Fails `req` when its socket does not connect within `ms`. */
function limitConnect(req: ReturnType<typeof httpRequest>, ms: number | undefined): void {
  if (ms === undefined) return;
  req.once('socket', (socket) => {
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${ms / 1000} s`)), ms);
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
  });
}

// node:https loads tls and crypto (~10 ms of CPU): only an https:// agent needs it.
const requestFor = async (url: URL): Promise<typeof httpRequest> =>
  url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;

/** Sends one request; resolves to the answer read whole. */
async function send(
  base: AgentHttpBase,
  options: AgentFetchOptions,
  input: string,
  init: Parameters<FetchEsque>[1],
): Promise<Awaited<ReturnType<FetchEsque>>> {
  const url = new URL(input);
  const request = await requestFor(url);
  const body = typeof init?.body === 'string' ? init.body : undefined;
  const headers = { ...(init?.headers as Record<string, string> | undefined) };
  const { socketPath } = base;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: init?.method ?? 'GET',
      headers,
      // A unix socket is dialled by the request itself, with no Agent: an Agent (even agent: false's fresh one)
      // works out a TLS server name for every socket, testing the host against node's IPv6 pattern, and that
      // pattern's first use compiles it, a few ms of a CLI call. Without an Agent, node sends Connection: close,
      // as agent: false did.
      ...(socketPath !== undefined
        ? { createConnection: () => createConnection(socketPath) }
        : { agent: false }),
      ...(options.tlsCa ? { ca: options.tlsCa } : {}),
    });
    limitConnect(req, options.connectTimeoutMs);
    req.on('response', (res) => readAnswer(res).then(resolve, reject));
    req.on('error', reject);
    init?.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')), {
      once: true,
    });
    req.end(body);
  });
}

/** A fetch for tRPC's HTTP links over `base` (its unix socket, or http/https with `options`). */
export function agentFetch(base: AgentHttpBase, options: AgentFetchOptions = {}): FetchEsque {
  return (input, init) => send(base, options, String(input), init);
}
