import { randomBytes } from 'node:crypto';
import { attachLab, type LabHost } from '@underlay/lab';
import { inject } from 'vitest';

// netlink inside lab guests: the lab (booted once per run by its global
// setup) runs the bundle of test/guest/entry.ts through `call`.

export const labName = () => process.env.UNDERLAY_LAB_NAME ?? 'netlink';

export async function labHosts(): Promise<LabHost[]> {
  return (await attachLab({ name: labName() })).hosts;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: { errno?: string; index?: number; op?: string; name: string; message: string } & Record<string, unknown> };

/** netlink, running inside one guest. */
export class Guest {
  constructor(readonly host: LabHost, private readonly bundle = inject('guestBundle')) {}
  /** Calls an export of the guest bundle; a thrown error rethrows here. */
  call<T = unknown>(fn: string, ...args: unknown[]): Promise<T> {
    return this.host.call<T>(this.bundle, fn, ...args);
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
