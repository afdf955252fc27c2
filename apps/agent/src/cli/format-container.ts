import { formatTable } from './format-table';

// `container ls` and `ping` output. Records are read loosely: the CLI prints
// what the agent sent and never fails on a field it does not know.

type Loose = Record<string, unknown>;
const text = (value: unknown): string =>
  value === undefined || value === null ? '' : String(value);

/** The `container ls` table: NAME, NETNS, ORIGIN, ENDPOINTS, STATUS (is the namespace still there), CREATED. */
export function containerTable(containers: readonly unknown[]): string[] {
  return formatTable(
    ['NAME', 'NETNS', 'ORIGIN', 'ENDPOINTS', 'STATUS', 'CREATED'],
    containers.map((c) => {
      const r = (c ?? {}) as Loose;
      const endpoints = Array.isArray(r.endpoints) ? String(r.endpoints.length) : text(r.endpoints);
      const status = r.present === undefined ? '' : r.present ? 'present' : 'missing';
      return [text(r.name), text(r.netns), text(r.origin), endpoints, status, text(r.created)];
    }),
  );
}

/** Container names, one per line (`-q`). */
export const containerNames = (containers: readonly unknown[]): string[] =>
  containers.map((c) => text(((c ?? {}) as Loose).name));

/** What `ping` prints and whether any reply came back (ping's own exit rule). */
export function formatPing(answer: unknown): { lines: string[]; ok: boolean } {
  const r = (answer ?? {}) as Loose;
  const sent = Number(r.transmitted ?? r.sent ?? 0);
  const received = Number(r.received ?? 0);
  const ok = typeof r.ok === 'boolean' ? r.ok : received > 0;
  if (typeof r.output === 'string' && r.output.trim())
    return { lines: r.output.trimEnd().split('\n'), ok };
  const loss = sent ? Math.round(((sent - received) / sent) * 100) : 100;
  const lines = [`${sent} packets transmitted, ${received} received, ${loss}% packet loss`];
  const rtt = r.rttMs as Loose | undefined;
  if (rtt && typeof rtt === 'object')
    lines.push(`rtt min/avg/max = ${text(rtt.min)}/${text(rtt.avg)}/${text(rtt.max)} ms`);
  return { lines, ok };
}
