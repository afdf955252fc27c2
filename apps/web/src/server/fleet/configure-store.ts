import type { FleetStoreConfig } from '@underlay/core';
import type { AgentLink } from './agent-link';

// When a host's link comes online, the hub points its agent at the hub's
// fleet store: a fresh token for that host, then the agent's
// `fleetStore.configure({ kind: 'hub', url, token })`. An agent built before
// that procedure existed answers NOT_FOUND: it is logged once per host and
// left alone (it keeps its local IPAM); the link never fails over this.

export interface HubStoreAdvert {
  /** The store endpoint's base URL as the agents reach it, e.g. `http://192.0.2.1:7480`. */
  url: string;
  /** A new token for the host, replacing its previous one. */
  mint(hostId: string): string;
  log?: (line: string) => void;
}

const CONFIGURE = 'fleetStore.configure' as const;

/** Configures one agent; never throws. Returns what happened, for logs and tests. */
export async function configureAgentStore(
  link: AgentLink,
  host: { id: string; name: string },
  advert: HubStoreAdvert,
  warned: Set<string>,
): Promise<'configured' | 'unsupported' | 'failed'> {
  const log = advert.log ?? console.log;
  try {
    const input: FleetStoreConfig = { kind: 'hub', url: advert.url, token: advert.mint(host.id) };
    await link.mutate(CONFIGURE, input);
    warned.delete(host.id);
    return 'configured';
  } catch (error) {
    const unsupported = isMissingProcedure(error);
    if (!warned.has(host.id))
      log(
        unsupported
          ? `underlay hub: ${host.name}'s agent has no ${CONFIGURE} (an older agent): it keeps allocating with its local IPAM`
          : `underlay hub: could not point ${host.name}'s agent at the fleet store ${advert.url}: ${error instanceof Error ? error.message : String(error)} (tried again at its next link)`,
      );
    warned.add(host.id);
    return unsupported ? 'unsupported' : 'failed';
  }
}

function isMissingProcedure(error: unknown): boolean {
  const data = (error as { data?: { code?: string } } | null)?.data;
  return (
    data?.code === 'NOT_FOUND' ||
    (error instanceof Error && /No procedure found/i.test(error.message))
  );
}

// A host removed from the registry must stop claiming in the hub's store: its
// agent is pointed at no store (it keeps allocating from its own view, as an
// agent outside any fleet does) before its token is revoked. Its blocks stay
// in the store on its lease: the failure rules free a host's blocks only after
// the lease's long TTL, never because the host went away.
/** Resets a removed host's agent to no fleet store when it uses the hub's; never throws. */
export async function resetAgentStore(
  link: AgentLink,
  host: { name: string },
  log: (line: string) => void = console.log,
): Promise<'reset' | 'other-store' | 'failed'> {
  try {
    const status = await link.query('fleetStore.status', undefined, RESET_TIMEOUT_MS);
    if (status.kind !== 'hub') return 'other-store';
    const none: FleetStoreConfig = { kind: 'none' };
    await link.mutate(CONFIGURE, none, RESET_TIMEOUT_MS);
    return 'reset';
  } catch (error) {
    log(
      `underlay hub: could not reset ${host.name}'s agent to no fleet store (${error instanceof Error ? error.message : String(error)}); its store token is revoked, so its claims are refused`,
    );
    return 'failed';
  }
}

/** A removal waits this long for the agent; an agent that does not answer keeps a revoked token. */
const RESET_TIMEOUT_MS = 5_000;
