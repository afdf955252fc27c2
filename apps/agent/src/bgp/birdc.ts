import { createConnection } from 'node:net';

// BIRD's control socket protocol (what birdc speaks), for one command: BIRD
// greets with "0001 … ready.", answers with lines "CODE-text" (more follow)
// and ends with "CODE text" (a space: the last). Codes 8xxx/9xxx are errors.
// Speaking it directly saves a birdc process per reload.

/** BIRD's answer to one command: whether it succeeded, and its text. */
export interface BirdReply {
  ok: boolean;
  message: string;
}

/** Sends one command (e.g. `configure`) to BIRD's control socket. */
export function birdCommand(
  socket: string,
  command: string,
  timeoutMs = 10_000,
): Promise<BirdReply> {
  return new Promise((resolve) => {
    const conn = createConnection(socket);
    let buffer = '';
    let greeted = false;
    const lines: string[] = [];
    const done = (reply: BirdReply) => {
      clearTimeout(timer);
      conn.destroy();
      resolve(reply);
    };
    const timer = setTimeout(
      () => done({ ok: false, message: `BIRD did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    conn.on('error', (err) =>
      done({ ok: false, message: `cannot reach BIRD at ${socket}: ${err.message}` }),
    );
    conn.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^(\d{4})([ -])(.*)$/.exec(line);
        if (!greeted) {
          greeted = true;
          conn.write(`${command}\n`);
          continue;
        }
        lines.push(m ? m[3]! : line.trim());
        if (m && m[2] === ' ') return done({ ok: !/^[89]/.test(m[1]!), message: lines.join('\n') });
      }
    });
  });
}
