import type { KernelOp } from '@underlay/core';
import type { Kernel } from '../src/kernel/port';

// A kernel stand-in for tests of pure logic and of the API surface (auth,
// events): it records the batches it is asked to run and fails where told.
// Behaviour of the real kernel is tested in the lab, never here.

export interface FakeKernel extends Kernel {
  batches: { netns: string | undefined; ops: KernelOp[] }[];
  /** Fails the op for which this returns an errno (the op is not recorded as run). */
  failWhen: (op: KernelOp) => string | undefined;
}

export function fakeKernel(): FakeKernel {
  const kernel: FakeKernel = {
    batches: [],
    failWhen: () => undefined,
    async runBatch({ netns, ops }) {
      const ran: KernelOp[] = [];
      kernel.batches.push({ netns, ops: ran });
      for (const [index, op] of ops.entries()) {
        const errno = kernel.failWhen(op);
        if (errno)
          throw Object.assign(new Error(`fake ${op.op} failed`), {
            index,
            errno,
            stderr: `RTNETLINK answers: ${errno}`,
          });
        ran.push(op);
      }
    },
    hostLinks: async () => [
      { name: 'lo', kind: 'loopback', parent: null, mtu: 65536, up: true },
      { name: 'eth0', kind: 'device', parent: null, mtu: 1500, up: true },
    ],
    hostAddresses: async () => [{ dev: 'eth0', address: '192.0.2.11/24' }],
    containerLinks: async () => ['lo'],
    namespaceState: async () => ({ links: [], addresses: [] }),
    netnsList: async () => [],
    netnsAdd: async () => undefined,
    netnsDel: async () => undefined,
    netnsFileId: async (path) =>
      path === '/proc/self/ns/net' ? { dev: 4, ino: 1 } : { dev: 4, ino: 2 },
    netnsAttachPid: async () => undefined,
    netnsAttachPath: async () => undefined,
    netnsDetach: async () => undefined,
    execIn: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    capabilities: async () => ({ ipvlan: true, vlan8021q: true }),
    linkEvents: (signal) => ({
      async *[Symbol.asyncIterator]() {
        // no link ever changes; the stream ends when the agent stops
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        yield* [];
      },
    }),
  };
  return kernel;
}
