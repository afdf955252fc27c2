import { setTimeout as sleep } from 'node:timers/promises';
import { operate, type ServiceDeps } from '../service/deps';
import { checkDrift, driftReport, suspectsOf, type GiveWay } from '../service/repair';

// Changes by hand inside a container's namespace raise no event the agent
// sees, so the check runs again every few seconds. It is background work:
// the first read happens outside the queue, one namespace at a time and only
// after QUIET_MS without an operation (the reads share one forker with every
// connect: a check of 200 namespaces in the middle of a burst of connects
// slowed them by seconds), so a busy host defers it; and an operation queued
// while a namespace is being read stops that read (its ip is ended), so a
// connect after a quiet spell does not wait for it. Only when that read,
// or the last check, found drift is it confirmed in the queue (a plan half
// applied reads as drift) and recorded, reading again just the namespaces
// either found drifting. One check at a time.

/** A background drift check waits for this long without an operation before each namespace it reads. */
const QUIET_MS = 2000;

/** How a background read gives way to operations (and to the agent stopping). */
function giveWayOf(deps: ServiceDeps, signal: AbortSignal): GiveWay {
  return {
    async quiet() {
      while (
        !signal.aborted &&
        (deps.queue.size > 0 || Date.now() - deps.queue.lastSettledAt < QUIET_MS)
      )
        await sleep(QUIET_MS / 4);
      if (signal.aborted) throw new Error('the agent is stopping');
    },
    untilBusy() {
      const busy = new AbortController();
      const stop = () => busy.abort();
      const unlisten = deps.queue.onQueued(stop);
      // The agent stopping stops the read too (quiet() then says why).
      signal.addEventListener('abort', stop, { once: true });
      if (deps.queue.size > 0 || signal.aborted) stop();
      const release = () => {
        unlisten();
        signal.removeEventListener('abort', stop);
      };
      return { signal: busy.signal, release };
    },
  };
}

/** One background check: a read outside the queue, confirmed in it only when it (or the last check) found drift. */
async function checkOnce(deps: ServiceDeps, giveWay: GiveWay): Promise<void> {
  const seen = await driftReport(deps, { giveWay });
  if (seen.length === 0 && deps.drift.items.length === 0) return;
  await operate(deps, 'drift.check', () => checkDrift(deps, suspectsOf(seen, deps.drift.items)));
}

// Checks drift every `seconds` (0: never) until `signal` aborts, one check at a time.
export function checkDriftEvery(deps: ServiceDeps, seconds: number, signal: AbortSignal): void {
  if (seconds <= 0) return;
  const giveWay = giveWayOf(deps, signal);
  let running = false;
  const timer = setInterval(() => {
    if (running || signal.aborted) return;
    running = true;
    checkOnce(deps, giveWay)
      .catch(
        (err: Error) => signal.aborted || deps.log.warn({ err: err.message }, 'drift check failed'),
      )
      .finally(() => (running = false));
  }, seconds * 1000);
  timer.unref();
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
