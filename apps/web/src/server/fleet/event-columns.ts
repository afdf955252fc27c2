import type { HubEvent } from './hub';

// What the history filters and the churn collapse look at, taken out of a hub
// event once when it is stored: its host, its kind (the type's first word), the
// network it concerns and the link it names, where the event says so.

export interface EventColumns {
  hostId: string;
  host: string;
  /** `network`, `endpoint`, `link`, `host`, … (the type before its dot). */
  kind: string;
  /** `network.created`, `link.up`, `host.online`, … */
  type: string;
  network: string | null;
  networkId: string | null;
  link: string | null;
}

/** The indexed columns of one hub event (network and link where the event itself names them). */
export function eventColumns(entry: HubEvent): EventColumns {
  const base = { hostId: entry.hostId, host: entry.host };
  if (entry.kind === 'state') {
    const type = `host.${entry.status}`;
    return { ...base, kind: 'host', type, network: null, networkId: null, link: null };
  }
  const event = entry.event as unknown as Loose;
  const type = typeof event.type === 'string' ? event.type : 'unknown';
  const kind = type.split('.')[0] ?? type;
  const cols = { ...base, kind, type, network: null, networkId: null, link: null };
  // Read loosely: an agent of another version may send a shape this hub does not know.
  const network = event.network as Loose | undefined;
  const endpoint = event.endpoint as Loose | undefined;
  const items = event.items as Loose[] | undefined;
  switch (type) {
    case 'network.created':
    case 'network.updated':
      return {
        ...cols,
        network: str(network?.name),
        networkId: str(network?.id),
        link: str(network?.parent),
      };
    case 'network.removed':
    case 'network.restored':
    case 'network.degraded':
      return { ...cols, network: str(event.name), networkId: str(event.networkId) };
    case 'endpoint.connected':
    case 'endpoint.disconnected':
    case 'endpoint.released':
      return { ...cols, networkId: str(endpoint?.networkId) };
    case 'fleet.conflict':
      return { ...cols, network: str(event.name) };
    case 'drift.found':
      return { ...cols, network: Array.isArray(items) ? str(items[0]?.network) : null };
    default:
      return type.startsWith('link.') ? { ...cols, link: str(event.link) } : cols;
  }
}

type Loose = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
