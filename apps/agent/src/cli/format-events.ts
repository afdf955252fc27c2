// `underlay events`: one line per change, like `docker events`:
// `TIME TYPE SUBJECT (details)`. Unknown types still print, with their JSON.

type Loose = Record<string, unknown>;

/** A tracked event as the subscription delivers it: `{ id, data }`, or the bare event. */
export function unwrapEvent(value: unknown): { id: string | undefined; event: Loose } {
  const v = (value ?? {}) as Loose;
  if (typeof v.id === 'string' && v.data && typeof v.data === 'object')
    return { id: v.id, event: v.data as Loose };
  return { id: undefined, event: v };
}

/** One line for an event. */
export function formatEvent(event: Loose): string {
  const at = typeof event.at === 'string' ? event.at : '';
  const type = String(event.type ?? 'event');
  return `${at} ${type} ${subjectOf(event)}`.trim();
}

function subjectOf(e: Loose): string {
  const network = (e.network ?? {}) as Loose;
  const endpoint = (e.endpoint ?? {}) as Loose;
  const container = (e.container ?? {}) as Loose;
  switch (e.type) {
    case 'network.created':
      return `${String(network.name)} (id=${String(network.id).slice(0, 12)}, parent=${String(network.parent)}, mode=${String(network.mode)})`;
    case 'network.removed':
    case 'network.restored':
      return String(e.name);
    case 'network.degraded':
      return `${String(e.name)} (${String(e.reason)})`;
    case 'endpoint.connected':
    case 'endpoint.disconnected':
      return `${String(endpoint.container)} ${endpoint.ifname ? `${String(endpoint.ifname)} ` : ''}(${[endpoint.ipv4Address, endpoint.ipv6Address].filter(Boolean).join(', ')})`;
    case 'endpoint.released':
      return `${String(endpoint.container)} (${String(e.reason)})`;
    case 'container.created':
      return String(container.name);
    case 'container.removed':
      return String(e.name);
    case 'drift.found':
      return `${Array.isArray(e.items) ? e.items.length : 0} item(s): run "underlay network drift" for details`;
    case 'link.up':
    case 'link.down':
    case 'link.added':
    case 'link.removed':
      return String(e.link);
    default: {
      const { at: _at, type: _type, ...rest } = e;
      return JSON.stringify(rest);
    }
  }
}
