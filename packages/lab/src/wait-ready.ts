// Waiting for guests to answer on their exec channel, watching for a guest
// that died on the way (then its console says why).
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
