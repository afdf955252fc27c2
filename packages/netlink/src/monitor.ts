import { streamIp } from './exec.js';
import { parseNetns } from './specs.js';

// Link events come from `ip -o -d monitor link` rather than the npm `netlink`
// package: no native addon to build for every Node and guest, the namespace
// is entered the same way as every other verb (ip -n), and -o puts each event
// on one line. iproute2 6.1's monitor ignores -json, so the text line is
// parsed here; it carries what the JSON would, minus ipvlan/vlan details
// (call linkGet for those).

/** The parts of a link an event line carries. */
export interface LinkEventLink {
  index: number;
  name: string;
  /** Lower device name; null when none, unknown ("NONE") or in another namespace ("ifN"). */
  parent: string | null;
  kind: string | null;
  up: boolean;
  mtu: number;
  operState: string;
  mac: string;
}

export interface LinkEvent {
  type: 'new' | 'del';
  link: LinkEventLink;
}

const HEAD = /^(Deleted )?(\d+): ([^\s@]+)(?:@(\S+))?: <([^>]*)> mtu (\d+)\b.*? state (\S+)/;
// Words that open the details segment of a link with no linkinfo kind.
const NOT_A_KIND = new Set([
  'numtxqueues',
  'addrgenmode',
  'altname',
  'vf',
  'link-netnsid',
  'link-netns',
  'gso_max_size',
]);

/** Parses one `ip -o -d monitor link` line; null for lines that are not link events. */
export function parseLinkEvent(line: string): LinkEvent | null {
  const head = HEAD.exec(line);
  if (!head) return null;
  const [, deleted, index = '', name = '', lower, flags = '', mtu = '', state = ''] = head;
  const segments = line.split('\\').map((s) => s.trim());
  const mac = /^link\/\S+ (\S+)/.exec(segments[1] ?? '')?.[1] ?? '';
  const word = (segments[2] ?? '').split(/\s+/)[0] ?? '';
  const parent = lower === undefined || lower === 'NONE' || /^if\d+$/.test(lower) ? null : lower;
  return {
    type: deleted ? 'del' : 'new',
    link: {
      index: Number(index),
      name,
      parent,
      kind: word && !NOT_A_KIND.has(word) && /^[a-z0-9_]+$/.test(word) ? word : null,
      up: flags.split(',').includes('UP'),
      mtu: Number(mtu),
      operState: state,
      mac,
    },
  };
}

/** An address added to or removed from a link (`ip monitor address`). */
export interface AddressEvent {
  type: 'new' | 'del';
  dev: string;
  /** addr/prefix as ip prints it. */
  address: string;
}

const ADDRESS = /^(Deleted )?\d+: (\S+)\s+inet6? (\S+)/;

/** Parses one `ip -o monitor address` line; null for lines that are not address events. */
export function parseAddressEvent(line: string): AddressEvent | null {
  const m = ADDRESS.exec(line);
  if (!m) return null;
  return { type: m[1] ? 'del' : 'new', dev: m[2] ?? '', address: m[3] ?? '' };
}

/**
 * Streams link events of a namespace until the signal aborts. With `onAddress`, the same monitor process also
 * follows address events and hands each to it (one process, one subscription for both). 'new' covers
 * creation and every change (flags, MTU, rename); 'del' covers deletion and a
 * move to another namespace. Equivalent to: ip [-n NS] -o -d monitor link [address]
 */
export async function* linkEvents(spec: {
  netns?: string;
  signal: AbortSignal;
  onAddress?: (event: AddressEvent) => void;
}): AsyncGenerator<LinkEvent> {
  const netns = parseNetns('linkEvents', spec.netns);
  const objects = spec.onAddress ? ['link', 'address'] : ['link'];
  const args = ['-o', '-d', 'monitor', ...objects];
  const { child } = streamIp({ netns, args, signal: spec.signal });
  try {
    for await (const line of child.iterable({ from: 'stdout' })) {
      const event = parseLinkEvent(String(line));
      if (event) yield event;
      const address = event || !spec.onAddress ? null : parseAddressEvent(String(line));
      if (address) spec.onAddress?.(address);
    }
  } finally {
    if (!spec.signal.aborted) child.kill();
    await child.catch(() => undefined);
  }
}
