import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ServiceDeps } from '../service/deps';
import { tokenMatches } from '../transport/token';
import { cniAdd, cniCheck, cniDel, cniGc, cniStatus } from './commands';
import { CNI_CODES, CniError, cniErrorBody, toCniError } from './errors';
import { parseCniCall, replyVersion, type CniCall } from './request';
import { staticAddressField } from './static-ips';
import { versionResult } from './result';
import { serverTiming, timedDeps, type Mark } from './timing';

// The agent's side of underlay-cni: `POST /cni/v1` on its unix socket, with
// the host token as a bearer token. The body is {command, env, config}; the
// reply's body is what the plugin prints on stdout and its `X-CNI-Exit`
// header the status it exits with, so the plugin parses no JSON.

/** The path the plugin posts to. */
export const CNI_PATH = '/cni/v1';
/** The reply header carrying the plugin's exit status. */
export const EXIT_HEADER = 'x-cni-exit';
const MAX_BODY = 1 << 20;

/** What the plugin prints and exits with. */
export interface CniReply {
  exit: number;
  stdout: string;
  /** Server-Timing: where the call's time went (see timing.ts). */
  timing?: string;
}

const json = (value: unknown) => `${JSON.stringify(value)}\n`;

/** Runs one forwarded CNI call, timing its steps; never throws. */
export async function runCniCall(deps: ServiceDeps, body: unknown): Promise<CniReply> {
  const marks: Mark[] = [];
  const start = performance.now();
  const reply = await answer(timedDeps(deps, marks), body, marks);
  marks.push(['handler', performance.now() - start]);
  return { ...reply, timing: serverTiming(marks) };
}

// Failures become the spec's error object.
async function answer(deps: ServiceDeps, body: unknown, marks: Mark[]): Promise<CniReply> {
  const config = (body as { config?: unknown } | null)?.config;
  const version = replyVersion(typeof config === 'string' ? config : '');
  let call: CniCall | undefined;
  try {
    call = parseCniCall(body);
    switch (call.command) {
      case 'ADD':
        return { exit: 0, stdout: json(await cniAdd(deps, call, marks)) };
      case 'DEL':
        await cniDel(deps, call, marks);
        return { exit: 0, stdout: '' };
      case 'CHECK':
        await cniCheck(deps, call);
        return { exit: 0, stdout: '' };
      case 'GC':
        await cniGc(deps, call);
        return { exit: 0, stdout: '' };
      case 'STATUS':
        cniStatus(deps, call);
        return { exit: 0, stdout: '' };
      case 'VERSION':
        return { exit: 0, stdout: json(versionResult('1.1.0')) };
    }
  } catch (err) {
    const cniError = toCniError(err, call && staticAddressField(call));
    if (cniError.code >= 100)
      deps.log.warn({ code: cniError.code, msg: cniError.message }, 'CNI call failed');
    return { exit: 1, stdout: json(cniErrorBody(cniError, version)) };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('CNI request over 1 MiB'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, reply: CniReply): void {
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(reply.stdout),
      ...(reply.timing ? { 'server-timing': reply.timing } : {}),
      [EXIT_HEADER]: String(reply.exit),
    })
    .end(reply.stdout);
}

/** A plain-HTTP handler for the unix socket: answers the CNI path and returns true, or returns false. */
export function cniListener(opts: { deps: ServiceDeps; token: string; log: Logger }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.url !== CNI_PATH || req.method !== 'POST') return false;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!tokenMatches(opts.token, bearer)) {
      opts.log.warn('refused a CNI call without a valid token');
      const error = new CniError(
        CNI_CODES.invalidConfig,
        'tokenFile: the underlay agent refused the token',
        "Point tokenFile at the agent's token (default /var/lib/underlay/token).",
      );
      send(res, 401, { exit: 1, stdout: json(cniErrorBody(error, '1.1.0')) });
      return true;
    }
    readBody(req)
      .then((text) => runCniCall(opts.deps, JSON.parse(text)))
      .catch((err: Error) => ({
        exit: 1,
        stdout: json(
          cniErrorBody(new CniError(CNI_CODES.decodeFailure, `request: ${err.message}`), '1.1.0'),
        ),
      }))
      .then((reply) => send(res, 200, reply));
    return true;
  };
}
