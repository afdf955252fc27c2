// Waiting for guests to answer on their exec channel, watching for a guest
// that died on the way (then its console says why).
import { statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { HostPlan } from './config.js';
import { ping } from './exec-client.js';
import { isAlive } from './proc-scan.js';

export async function waitUntilAnswering(
  host: HostPlan,
  pid: number,
  opts: { deadline: number; signal?: AbortSignal },
): Promise<void> {
  for (;;) {
    if (opts.signal?.aborted) throw new Error(`${host.name}: boot interrupted`);
    if (await ping(host.execSocket, 1500)) return;
    if (!isAlive(pid)) throw new Error(`${host.name}: the guest exited while booting`);
    if (Date.now() > opts.deadline)
      throw new Error(`${host.name}: no answer on its exec channel before the timeout`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// `lab up` used to return as soon as the exec channels answered, while node
// was still starting the agent (2–3 s in a guest): the first CLI call then
// found no token ("Is the agent running?"). With agents, the lab is up when
// each agent has written its token and answers on its relayed socket.
/** Waits until the guest's agent has written its token and answers through the relay. */
export async function waitUntilAgentAnswers(
  host: HostPlan,
  pid: number,
  opts: { deadline: number; signal?: AbortSignal },
): Promise<void> {
  for (;;) {
    if (opts.signal?.aborted) throw new Error(`${host.name}: boot interrupted`);
    if (hasToken(host) && (await agentAnswers(host.agentSocket, 1500))) return;
    if (!isAlive(pid)) throw new Error(`${host.name}: the guest exited while its agent started`);
    if (Date.now() > opts.deadline)
      throw new Error(`${host.name}: its agent did not answer before the timeout`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function hasToken(host: HostPlan): boolean {
  try {
    return statSync(join(host.stateDir, 'token')).size > 0;
  } catch {
    return false;
  }
}

// Any bytes back mean a listener in the guest: the agent answers a plain
// request with 426 (it speaks WebSocket), and with nothing listening the
// relay closes the connection without a byte.
/** True when something answers on the agent's relayed socket within `timeoutMs`. */
export function agentAnswers(socketPath: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
    socket.on('data', () => done(true));
    socket.on('close', () => done(false));
    socket.on('error', () => done(false));
  });
}
