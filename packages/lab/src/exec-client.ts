// The host side of the exec channel: one connection per request, through the
// relay's unix socket, so a guest reboot never leaves a stale connection.
import { connect } from 'node:net';
import { LineDecoder, encodeMessage } from './protocol.js';

let nextId = 1;

/** Sends one request and resolves with the raw answer carrying its id. */
export function request(
  socketPath: string,
  body: Record<string, unknown>,
  timeoutMs: number,
): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const decoder = new LineDecoder();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (error: Error | undefined, value?: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(encodeMessage({ ...body, id })));
    socket.on('data', (chunk: string) => {
      for (const line of decoder.push(chunk)) {
        const message = JSON.parse(line) as { id?: unknown };
        if (message.id === id || message.id === -1) finish(undefined, message);
      }
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () =>
      finish(new Error(`${socketPath} closed before answering (is the guest up?)`)),
    );
  });
}

/** True when the guest's exec server answers a ping within `timeoutMs`. */
export async function ping(socketPath: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const answer = (await request(socketPath, { type: 'ping' }, timeoutMs)) as { ok?: unknown };
    return answer.ok === true;
  } catch {
    return false;
  }
}
