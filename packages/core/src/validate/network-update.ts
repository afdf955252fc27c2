import { type Issue, issue } from '../errors';
import type { Network, NetworkUpdateInput } from '../schemas';

// The checks and the result of `network update`: pure, so the agent only
// reads the record, calls this, and writes what it returns.

const same = (a: Record<string, string>, b: Record<string, string>): boolean =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Problems with an update's labels: a key must be non-empty and without spaces or "=". */
export function validateNetworkUpdate(input: NetworkUpdateInput): Issue[] {
  return Object.keys(input.labels)
    .filter((key) => !key.trim() || /[\s=]/.test(key))
    .map((key) =>
      issue(
        'INVALID_INPUT',
        ['labels', key],
        `label key "${key}" is empty or holds a space or "=".`,
        'Use a key such as com.example.team (letters, digits, dots, dashes).',
      ),
    );
}

/** The record with the update applied, and which fields changed. */
export function resolveNetworkUpdate(
  network: Network,
  input: NetworkUpdateInput,
): { network: Network; changed: 'labels'[] } {
  if (same(network.labels, input.labels)) return { network, changed: [] };
  return { network: { ...network, labels: { ...input.labels } }, changed: ['labels'] };
}
