import type { DriftItem } from '@underlay/core';
import type { RouterOutputs } from '../router/types';
import { formatTable } from './format-table';

// `network drift` and `network repair`: where the kernel differs from the
// records, and what a repair did about it.

// Records name networks and endpoints by their 64-hex ids; show Docker's short form.
const short = (value: string | undefined): string =>
  value && /^[0-9a-f]{64}$/.test(value) ? value.slice(0, 12) : (value ?? '');

/** The drift table, or one line saying there is none. */
export function driftLines(items: readonly DriftItem[]): string[] {
  if (!items.length) return ['No drift: the kernel matches the records.'];
  return formatTable(
    ['KIND', 'NETWORK', 'ENDPOINT', 'DETAIL'],
    items.map((item) => [item.kind, short(item.network), short(item.endpoint), item.detail]),
  );
}

/** What `network repair` did, one line per kind of action. */
export function repairLines(answer: RouterOutputs['networks']['repair']): string[] {
  const lines = [
    `Found ${answer.drift.length} drift item(s); ran ${answer.steps.length} kernel operation(s).`,
  ];
  if (answer.reconnected.length) lines.push(`Reconnected: ${answer.reconnected.join(', ')}`);
  if (answer.released.length)
    lines.push(`Released (namespace gone): ${answer.released.join(', ')}`);
  if (answer.degraded.length)
    lines.push(`Still degraded (parent missing): ${answer.degraded.join(', ')}`);
  return lines;
}
