import type { ContainerListItem, PingResult } from '@underlay/core';
import { formatTable } from './format-table';

// `container ls` and `ping` output, from the agent's typed answers.

/** The `container ls` table: NAME, NETNS, ORIGIN, ENDPOINTS, STATUS (is the namespace still there), CREATED. */
export function containerTable(containers: readonly ContainerListItem[]): string[] {
  return formatTable(
    ['NAME', 'NETNS', 'ORIGIN', 'ENDPOINTS', 'STATUS', 'CREATED'],
    containers.map((c) => [
      c.name,
      c.netns,
      c.origin,
      String(c.endpoints.length),
      c.present ? 'present' : 'missing',
      c.created,
    ]),
  );
}

/** Container names, one per line (`-q`). */
export const containerNames = (containers: readonly ContainerListItem[]): string[] =>
  containers.map((c) => c.name);

/** What `ping` prints and whether any reply came back (ping's own exit rule). */
export function formatPing(answer: PingResult): { lines: string[]; ok: boolean } {
  const { transmitted: sent, received, ok, rttMs: rtt } = answer;
  if (answer.output.trim()) return { lines: answer.output.trimEnd().split('\n'), ok };
  const loss = sent ? Math.round(((sent - received) / sent) * 100) : 100;
  const lines = [`${sent} packets transmitted, ${received} received, ${loss}% packet loss`];
  if (rtt) lines.push(`rtt min/avg/max = ${rtt.min}/${rtt.avg}/${rtt.max} ms`);
  return { lines, ok };
}
