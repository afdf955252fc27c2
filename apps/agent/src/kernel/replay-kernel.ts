import type { Kernel, KernelLinkEvent } from './port';
import { ReplayState } from './replay-state';
import type { ReplaySnapshot } from './replay-snapshot';

// A Kernel port that serves a recorded host instead of this machine's kernel:
// `underlay agent --kernel replay:FILE`. FOR THE HUB'S SCALE TEST AND
// BENCHMARKS ONLY: it lets one machine run a hundred real agent processes
// (each its own socket, token and SQLite state) while the lab boots at most
// eight real kernels. Reads answer from the snapshot, writes change it in
// memory (and are announced as link events), nothing runs a process and
// nothing reaches the machine's own kernel. Behaviour is tested in the lab
// against real kernels, never against this.

const refused = (what: string) =>
  Promise.reject(
    new Error(`replay kernel: ${what} is not recorded (a replay agent serves a snapshot only)`),
  );

/** Host link events, as a stream that ends when `signal` aborts. */
async function* replayLinkEvents(
  state: ReplayState,
  signal: AbortSignal,
): AsyncGenerator<KernelLinkEvent> {
  const queue: KernelLinkEvent[] = [];
  let wake: (() => void) | undefined;
  const stop = state.onLinkEvent((event) => {
    queue.push(event);
    wake?.();
  });
  const aborted = () => wake?.();
  signal.addEventListener('abort', aborted, { once: true });
  try {
    while (!signal.aborted) {
      const next = queue.shift();
      if (next) yield next;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stop();
    signal.removeEventListener('abort', aborted);
  }
}

/** The Kernel port over a recorded snapshot (see the top of this file). */
export function createReplayKernel(snapshot: ReplaySnapshot): Kernel & { state: ReplayState } {
  const state = new ReplayState(snapshot);
  const copy = <T>(value: T): Promise<T> => Promise.resolve(structuredClone(value));
  return {
    state,
    identity: () => ({ hostname: snapshot.hostname, release: snapshot.kernel }),
    async runBatch({ netns, ops }) {
      state.run(netns, ops);
      const first = ops[0];
      if (!netns || first?.op === 'netnsAdd' || first?.op === 'netnsDel') return {};
      // As the netlink kernel does: a container's batch reports that namespace's links.
      return {
        links: state.space(netns).links.map((l) => ({ name: l.name, mac: state.nextMac() })),
      };
    },
    hostLinks: () => copy(state.host.links),
    hostAddresses: () => copy(state.host.addresses),
    hostRoutes: () => copy(state.host.routes),
    containerRoutes: async (netns) => structuredClone(state.space(netns).routes),
    containerLinks: async (netns) => state.space(netns).links.map((l) => l.name),
    namespaceState: async (netns) => {
      const space = state.space(netns);
      return structuredClone({ links: space.links, addresses: space.addresses });
    },
    netnsList: async () => [...state.namespaces.keys()],
    netnsAdd: async (name) => state.run(undefined, [{ op: 'netnsAdd', name }]),
    netnsDel: async (name) => state.run(undefined, [{ op: 'netnsDel', name }]),
    netnsFileId: async () => null,
    netnsAttachPid: () => refused("attaching a process's namespace"),
    netnsAttachPath: () => refused('attaching a namespace file'),
    netnsDetach: async (name) => void state.namespaces.delete(name),
    execIn: async (netns, argv) => ({
      exitCode: 127,
      stdout: '',
      stderr: `replay kernel: no process runs in a replayed host (${argv[0] ?? ''} in ${netns})`,
    }),
    capabilities: async () => ({ ...snapshot.capabilities }),
    linkEvents: (signal) => replayLinkEvents(state, signal),
  };
}
