import { randomBytes } from 'node:crypto';
import { attachLab, type LabHost } from '@underlay/lab';
import { afterAll, beforeAll, expect, inject } from 'vitest';

// netlink inside lab guests: the lab (booted once per run by its global
// setup) runs the bundle of test/guest/entry.ts through `call`.

export const labName = () => process.env.UNDERLAY_LAB_NAME ?? 'netlink';

export async function labHosts(): Promise<LabHost[]> {
  return (await attachLab({ name: labName() })).hosts;
}

export type Outcome =
  | { ok: true; value: unknown }
  | {
      ok: false;
      error: {
        errno?: string;
        index?: number;
        op?: string;
        name: string;
        message: string;
      } & Record<string, unknown>;
    };

/** netlink, running inside one guest. */
export class Guest {
  constructor(
    readonly host: LabHost,
    private readonly bundle = inject('guestBundle'),
  ) {}
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

/**
 * Registers a test file's hooks: netlink in the first guest (handed to onReady),
 * and a maker of throwaway namespaces that are deleted, and checked gone, after the file.
 */
export function withGuest(onReady: (guest: Guest) => void): (tag: string) => Promise<string> {
  let guest: Guest | undefined;
  const made: string[] = [];
  beforeAll(async () => {
    const [hostA] = await labHosts();
    if (!hostA) throw new Error('the lab has no hosts');
    guest = new Guest(hostA);
    onReady(guest);
  });
  afterAll(async () => {
    if (!guest) return;
    for (const name of made) await guest.call('netnsDel', { name, missingOk: true });
    const left = await guest.call<string[]>('netnsList');
    expect(left.filter((n) => n.startsWith('nl-'))).toEqual([]);
  });
  return async (tag) => {
    if (!guest) throw new Error('withGuest: the guest is not ready (call freshNs inside a test)');
    const name = nsName(tag);
    await guest.call('netnsAdd', { name });
    made.push(name);
    return name;
  };
}
