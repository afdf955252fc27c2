import { formatTable } from './format-table';

// `network drift` and `network repair`: where the kernel differs from the
// records, and what a repair did about it.

type Loose = Record<string, unknown>;
const text = (value: unknown): string =>
  value === undefined || value === null ? '' : String(value);

// Records name networks and endpoints by their 64-hex ids; show Docker's short form.
const short = (value: unknown): string =>
  /^[0-9a-f]{64}$/.test(text(value)) ? text(value).slice(0, 12) : text(value);

/** The drift table, or one line saying there is none. */
export function driftLines(items: readonly unknown[]): string[] {
  if (!items.length) return ['No drift: the kernel matches the records.'];
  return formatTable(
    ['KIND', 'NETWORK', 'ENDPOINT', 'DETAIL'],
    items.map((item) => {
      const r = (item ?? {}) as Loose;
      return [text(r.kind), short(r.network), short(r.endpoint), text(r.detail)];
    }),
  );
}

/** What `network repair` did, one line per kind of action. */
export function repairLines(answer: unknown): string[] {
  const r = (answer ?? {}) as Loose;
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  const drift = Array.isArray(r.drift) ? r.drift.length : 0;
  const steps = Array.isArray(r.steps) ? r.steps.length : 0;
  const lines = [`Found ${drift} drift item(s); ran ${steps} kernel operation(s).`];
  if (list(r.reconnected).length) lines.push(`Reconnected: ${list(r.reconnected).join(', ')}`);
  if (list(r.released).length)
    lines.push(`Released (namespace gone): ${list(r.released).join(', ')}`);
  if (list(r.degraded).length)
    lines.push(`Still degraded (parent missing): ${list(r.degraded).join(', ')}`);
  return lines;
}
