import type { Hub } from '../fleet/hub';
import { listHosts, type HostRecord } from '../fleet/registry';
import type { Db } from '../db';
import { AgentCallError, relayAgentError, type DomainData } from './agent-error';

// Calls across several hosts at once; each host's outcome is reported on its
// own, so one offline host never hides the others' answers.

export type HostOutcome<T> =
  | { hostId: string; host: string; ok: true; value: T }
  | { hostId: string; host: string; ok: false; error: string; domain: DomainData | null };

/** The registered hosts among `ids` (all when `ids` is absent). */
export function selectHosts(db: Db, ids?: string[]): HostRecord[] {
  const all = listHosts(db);
  return ids ? all.filter((h) => ids.includes(h.id)) : all;
}

/** Runs `call` on every host in parallel. */
export async function fanOut<T>(
  hosts: HostRecord[],
  call: (host: HostRecord) => Promise<T>,
): Promise<HostOutcome<T>[]> {
  return Promise.all(
    hosts.map(async (host): Promise<HostOutcome<T>> => {
      try {
        return { hostId: host.id, host: host.name, ok: true, value: await call(host) };
      } catch (error) {
        const relayed = relayAgentError(error, host.name);
        const cause = relayed.cause instanceof AgentCallError ? relayed.cause : null;
        return {
          hostId: host.id,
          host: host.name,
          ok: false,
          error: cause?.message ?? relayed.message,
          domain: cause?.domain ?? null,
        };
      }
    }),
  );
}

/** One host's agent call, with its errors relayed to the browser. */
export async function callHost(
  hub: Hub,
  host: HostRecord,
  run: (hub: Hub) => Promise<unknown>,
): Promise<unknown> {
  try {
    return await run(hub);
  } catch (error) {
    throw relayAgentError(error, host.name);
  }
}
