import type { HostOutcome } from './apply';

// The per-host report that ends an apply, and its summary line.

/** One host's line of the report. */
export function outcomeLine(o: HostOutcome): string {
  switch (o.status) {
    case 'applied':
      return `${o.host}: applied (${o.done}/${o.total} steps)`;
    case 'unchanged':
      return `${o.host}: no changes`;
    case 'skipped':
      return `${o.host}: not started (an earlier host failed; continue on error goes on)`;
    case 'failed': {
      const back = o.rolledBack
        ? ` Rolled back ${o.rolledBack.undone} done step(s)${o.rolledBack.failed.length ? `; ${o.rolledBack.failed.join('; ')}` : ''}.`
        : '';
      return `${o.host}: FAILED after ${o.done}/${o.total} steps: ${o.error ?? 'unknown error'}.${back}`;
    }
  }
}

/** One line per host, then the summary. */
export function outcomeLines(outcomes: readonly HostOutcome[]): string[] {
  const count = (s: HostOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  const summary = `Apply: ${count('applied')} host(s) applied, ${count('unchanged')} unchanged, ${count('failed')} failed, ${count('skipped')} not started.`;
  return ['', ...outcomes.map(outcomeLine), summary];
}
