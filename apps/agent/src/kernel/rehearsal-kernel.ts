import type { KernelOp, SnapshotLink } from '@underlay/core';
import type { Kernel } from './port';

// The kernel of the start-up rehearsal (server/warm-up-rehearsal.ts): the
// agent runs its common operations once against this, so V8 has compiled
// their code before the first real call, and the host is never touched. It
// answers reads from a copy of the real host's links taken at start (a
// `parent=NIC.4094` plans as it would on this host), with no addresses. Each
// write succeeds and changes only this copy: the namespace a create made and
// the VLAN it added are there for the removals to plan their steps, as with
// the real kernel, so the rehearsal runs their kernel steps and journal
// progress too. Nothing here leaves a process, a timer or a handle.

/** A named namespace's links as the netlink kernel reports them after a batch there: a fresh one has lo. */
const FRESH_NAMESPACE = [{ name: 'lo', mac: '00:00:00:00:00:00' }];

/** The link a host `linkAdd` makes, as a host read would show it. */
function linkOf(spec: Extract<KernelOp, { op: 'linkAdd' }>['spec']): SnapshotLink {
  if (spec.kind === 'dummy')
    return { name: spec.name, kind: 'dummy', parent: null, mtu: 1500, up: false };
  if (spec.kind === 'vlan')
    return {
      name: spec.name,
      kind: 'vlan',
      parent: spec.link,
      vlanId: spec.id,
      mtu: 1500,
      up: false,
    };
  return { name: spec.name, kind: 'ipvlan', parent: spec.link, mtu: 1500, up: false };
}

/** A kernel that changes nothing real: reads from `hostLinks` (a copy is kept), writes to that copy alone. */
export function rehearsalKernel(hostLinks: SnapshotLink[]): Kernel {
  let links = hostLinks.map((l) => ({ ...l }));
  const namespaces = new Set<string>();

  // Only what a plan's ops mean for later reads of this stand-in: namespaces, and links on the host.
  const apply = (netns: string | undefined, op: KernelOp): void => {
    if (op.op === 'netnsAdd') namespaces.add(op.name);
    else if (op.op === 'netnsDel') namespaces.delete(op.name);
    else if (netns !== undefined || ('netns' in op && op.netns)) return;
    else if (op.op === 'linkAdd') links.push(linkOf(op.spec));
    else if (op.op === 'linkDel') links = links.filter((l) => l.name !== op.name);
    else if (op.op === 'linkSetUp' || op.op === 'linkSetDown')
      links = links.map((l) => (l.name === op.name ? { ...l, up: op.op === 'linkSetUp' } : l));
  };
  const readLinks = async (): Promise<SnapshotLink[]> => links.map((l) => ({ ...l }));

  return {
    async runBatch({ netns, ops }) {
      for (const op of ops) apply(netns, op);
      return netns === undefined ? {} : { links: FRESH_NAMESPACE.map((l) => ({ ...l })) };
    },
    hostLinks: readLinks,
    hostAddresses: async () => [],
    // The netlink kernel has it, so the snapshot takes the same branch as for real.
    hostState: async () => ({ links: await readLinks(), addresses: [] }),
    containerLinks: async () => ['lo'],
    namespaceState: async () => ({ links: [], addresses: [] }),
    netnsList: async () => [...namespaces],
    netnsAdd: async (name) => void namespaces.add(name),
    netnsDel: async (name) => void namespaces.delete(name),
    netnsFileId: async () => null,
    netnsAttachPid: async () => undefined,
    netnsAttachPath: async () => undefined,
    netnsDetach: async () => undefined,
    execIn: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    capabilities: async () => ({}),
    // No link ever changes on its own: a stream that ends at once.
    linkEvents: () => ({
      async *[Symbol.asyncIterator]() {
        yield* [];
      },
    }),
  };
}
