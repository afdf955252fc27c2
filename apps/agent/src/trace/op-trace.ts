import { AsyncLocalStorage } from 'node:async_hooks';

// Where a call's time goes, end to end inside the agent (docs/perf.md,
// operations end to end). With the log at debug, each tRPC call runs in a
// trace; the layers it crosses mark their steps (queue wait, snapshot, each
// kernel batch, records, event) and the router logs the marks as one
// `call timing` line. Without a trace (the log above debug), mark() finds
// no store and returns: one lookup per step. The first trace turns on node's
// promise hooks (AsyncLocalStorage in node 20) for the rest of the process,
// so every promise then costs a hook call: timings read at debug are of a
// slower agent than one at info (docs/perf.md, operations end to end).

/** One step: its label and the milliseconds since the previous mark (or the trace's start). */
export type Mark = [label: string, ms: number];

interface Trace {
  last: number;
  marks: Mark[];
}

const current = new AsyncLocalStorage<Trace>();

/** Runs `run` in a new trace; resolves to its result and the marks, the time after the last mark as `rest`. */
export async function traced<T>(run: () => Promise<T>): Promise<{ result: T; marks: Mark[] }> {
  const trace: Trace = { last: performance.now(), marks: [] };
  const result = await current.run(trace, run);
  trace.marks.push(['rest', performance.now() - trace.last]);
  return { result, marks: trace.marks };
}

/** Marks the end of a step in the running trace, if any. */
export function mark(label: string): void {
  const trace = current.getStore();
  if (!trace) return;
  const now = performance.now();
  trace.marks.push([label, now - trace.last]);
  trace.last = now;
}

/** Runs `step` as a step of its own: the time before it is marked `agent`, its own time `label`. */
export async function span<T>(label: string, step: () => Promise<T>): Promise<T> {
  mark('agent');
  try {
    return await step();
  } finally {
    mark(label);
  }
}

/** Same labels summed, in first-seen order, rounded to 0.1 ms: `{ snapshot: 3.2, 'batch-host': 41.5 }`. */
export function summed(marks: Mark[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [label, ms] of marks) sums[label] = (sums[label] ?? 0) + ms;
  for (const label of Object.keys(sums)) sums[label] = Math.round((sums[label] ?? 0) * 10) / 10;
  return sums;
}
