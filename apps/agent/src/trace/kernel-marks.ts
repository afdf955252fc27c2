import type { Kernel } from '../kernel/port';
import { span } from './op-trace';

// The kernel calls an operation waits on, each marked as a step of the call's
// trace (op-trace.ts) under `kernel:NAME` (`kernel:runBatch:host`,
// `kernel:runBatch:NETNS` collapsed to `kernel:runBatch:netns`). Wrapped only
// when the agent logs at debug: otherwise the port is used as it is.

const MARKED = [
  'runBatch',
  'hostLinks',
  'hostAddresses',
  'hostState',
  'hostRoutes',
  'containerLinks',
  'namespaceState',
  'netnsList',
  'netnsAdd',
  'netnsDel',
  'netnsAttachPath',
  'netnsDetach',
  'execIn',
] as const;

const labelOf = (name: string, args: unknown[]): string => {
  if (name !== 'runBatch') return `kernel:${name}`;
  const { netns, ops } = args[0] as { netns?: string; ops: { op: string }[] };
  const verb = ops[0]?.op === 'netnsAdd' || ops[0]?.op === 'netnsDel' ? `:${ops[0].op}` : '';
  return `kernel:runBatch:${netns ? 'netns' : 'host'}${verb}`;
};

/** A kernel whose calls mark the running trace; the same object's other members unchanged. */
export function withKernelMarks(kernel: Kernel): Kernel {
  const marked = Object.create(kernel) as Record<string, unknown>;
  for (const name of MARKED) {
    const real = kernel[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (typeof real !== 'function') continue;
    marked[name] = (...args: unknown[]) =>
      span(labelOf(name, args), () => real.apply(kernel, args));
  }
  return marked as unknown as Kernel;
}
