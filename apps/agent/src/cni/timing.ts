import type { Kernel } from '../kernel/port';
import type { ServiceDeps } from '../service/deps';

// Where a CNI call's time goes, measured: the reply carries a Server-Timing
// header with the wait for the queue, each kernel call the call made (host
// batch, container batch, namespace reads, execs) and the whole handler, so
// `underlay-cni` with UNDERLAY_CNI_TRACE=1 (and bench:cni) can print them
// beside the client's own phases. Kernel calls are timed through a wrapper of
// the kernel port given to this call only.

/** One measured step: a label and its milliseconds. */
export type Mark = [label: string, ms: number];

const TIMED = [
  'runBatch',
  'containerLinks',
  'namespaceState',
  'netnsList',
  'netnsAttachPath',
  'netnsDetach',
  'execIn',
  'containerRoutes',
] as const;

/** A copy of `deps` whose kernel records each timed call's duration in `marks`. */
export function timedDeps(deps: ServiceDeps, marks: Mark[]): ServiceDeps {
  const kernel = Object.create(deps.kernel) as Kernel;
  for (const name of TIMED) {
    const real = deps.kernel[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!real) continue;
    (kernel as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await real.apply(deps.kernel, args);
      } finally {
        const where = name === 'runBatch' ? (args[0] as { netns?: string }).netns : undefined;
        marks.push([
          name === 'runBatch' ? (where ? 'batch-netns' : 'batch-host') : name,
          performance.now() - start,
        ]);
      }
    };
  }
  // Only the kernel is wrapped: the host link cache keeps state (a wrapper's invalidate would miss the real cache).
  return { ...deps, kernel };
}

/** The Server-Timing header value of `marks` (same labels summed, in first-seen order). */
export function serverTiming(marks: Mark[]): string {
  const sums = new Map<string, { ms: number; n: number }>();
  for (const [label, ms] of marks) {
    const s = sums.get(label) ?? { ms: 0, n: 0 };
    sums.set(label, { ms: s.ms + ms, n: s.n + 1 });
  }
  return [...sums]
    .map(([label, { ms, n }]) => `${label};dur=${ms.toFixed(1)}${n > 1 ? `;desc="x${n}"` : ''}`)
    .join(', ');
}

/** Marks the time since the previous step (or since it was made) under each label it is called with. */
export function stepTimer(marks: Mark[]): (label: string) => void {
  let last = performance.now();
  return (label) => {
    const now = performance.now();
    marks.push([`step-${label}`, now - last]);
    last = now;
  };
}
