import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

// The lab package's contract as these tests use it (typed here so netlink's
// tests compile on their own; the lab boots once per run in global setup).
export interface LabHost {
  name: string;
  mgmtAddress: string;
  exec(argv: string[], opts?: { timeoutMs?: number; input?: string }): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  call(modulePath: string, fn: string, ...args: unknown[]): Promise<unknown>;
}
interface LabModule { attachLab(o: { name: string }): Promise<{ hosts: LabHost[] }> }

export const labName = () => process.env.UNDERLAY_LAB_NAME ?? 'netlink';

export async function labHosts(): Promise<LabHost[]> {
  const lab = (await import('@underlay/lab')) as unknown as LabModule;
  return (await lab.attachLab({ name: labName() })).hosts;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: { errno?: string; index?: number; op?: string; name: string; message: string } & Record<string, unknown> };

/** netlink, running inside one guest. */
export class Guest {
  constructor(readonly host: LabHost, private readonly bundle = inject('guestBundle')) {}
  /** Calls an export of the guest bundle; a thrown error rethrows here. */
  call<T = unknown>(fn: string, ...args: unknown[]): Promise<T> {
    return this.host.call(this.bundle, fn, ...args) as Promise<T>;
  }
  /** Calls a netlink verb and returns its outcome (errors as data, with errno and index). */
  attempt(fn: string, ...args: unknown[]): Promise<Outcome> {
    return this.call<Outcome>('attempt', fn, ...args);
  }
  ping(netns: string, address: string, family: 4 | 6 = 4): Promise<boolean> {
    return this.call<boolean>('ping', { netns, address, family });
  }
}

/** A namespace name unique to this run. */
export const nsName = (tag: string) => `nl-${tag}-${randomBytes(3).toString('hex')}`;
