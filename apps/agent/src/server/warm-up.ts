import {
  ContainerCreateSchema,
  ContainerRefSchema,
  ContainerRemoveResultSchema,
  ContainerSchema,
  NetworkCreateResultSchema,
  NetworkRefSchema,
  NetworkRemoveResultSchema,
  planContainerCreate,
  planContainerRemove,
  planNetworkRemove,
  planShimRemove,
  validateContainerCreate,
  type Container,
  type HostSnapshot,
  type PlanStep,
} from '@underlay/core';
import { BatchOp, batchLines } from '@underlay/netlink';
import type { Logger } from 'pino';
import { appRouter } from '../router/root';
import { createCallerFactory } from '../router/trpc';
import type { AgentServices } from '../services';
import { rehearseJournalWrite, type Db } from '../store';
import { recordsOf } from '../service/snapshot';
import { toBatchOp } from '../exec/to-netlink';

// The first `network create` after a start was several times slower than
// later ones (docs/perf.md, operations end to end):
// V8 compiles a function when it first runs, and zod 4 generates and compiles
// each schema's parser at its first parse. So before serving, the agent runs
// the pure part of each common operation once, on a scratch name, changing
// nothing: a `network plan` through the router (tRPC, zod input and output,
// snapshot, validate, resolve, plan), the plans of a container's create and
// removal and of a network's removal, the parse of their inputs and
// answers, and their ops turned into ip lines. It also fills the host link
// cache. Then, before listening, the agent serves queries to itself
// through its API handler (warm-up-api.ts).

const NAME = 'underlay-warm-up';
const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

/** The kernel port's pure part for `steps`: netlink's ops, their schema's parse (compiled at its first) and ip lines. */
function warmUpBatch(steps: PlanStep[]): void {
  const ops = steps
    .filter(({ op }) => op.op !== 'netnsAdd' && op.op !== 'netnsDel')
    .map(({ op }) => BatchOp.parse(toBatchOp(op)));
  batchLines(ops);
}

/** A container's create and removal: validate, plan, and the parse of their inputs and answers. */
function warmUpContainer(snapshot: HostSnapshot): void {
  validateContainerCreate(ContainerCreateSchema.parse({ name: NAME }), snapshot);
  warmUpBatch(planContainerCreate({ name: NAME, snapshot }).steps);
  const container: Container = {
    name: NAME,
    netns: NAME,
    origin: 'created',
    source: {},
    created: new Date().toISOString(),
  };
  ContainerSchema.parse(container);
  ContainerRefSchema.parse({ container: NAME });
  planContainerRemove({ container, snapshot });
  ContainerRemoveResultSchema.parse({ container, released: 0 });
}

/**
 * tRPC's HTTP adapter turns each request into a fetch `Request` and answers with a `Response`: node loads undici for
 * them at their first use, half a second in a guest, which the first CLI call paid. Loaded here instead.
 */
async function warmUpHttp(): Promise<void> {
  const request = new Request('http://localhost/trpc/warm-up', { method: 'POST', body: '{}' });
  await new Response(await request.text(), { headers: new Headers() }).text();
}

/** The host's first NIC's VLAN 4094, a parent to make as most creates have; none without a NIC or room for the suffix. */
export async function warmUpParent(services: AgentServices): Promise<string | undefined> {
  const nic = (await services.deps.links.get()).find((l) => l.kind === 'device' && l.name !== 'lo');
  const parent = nic && `${nic.name}.4094`;
  return parent && parent.length <= 15 ? parent : undefined;
}

/**
 * The same plan with a VLAN parent to make (`-o parent=NIC.4094` on the host's first NIC), as most creates have: its
 * options, the VLAN's resolve and plan steps and their ops are code the plain plan does not run. Pure like it; a host
 * with no NIC, or one whose name leaves no room for the VLAN suffix, skips it.
 */
async function warmUpVlan(caller: Caller, services: AgentServices): Promise<void> {
  const parent = await warmUpParent(services);
  if (!parent) return;
  const { steps } = await caller.networks.plan({
    name: NAME,
    options: { parent },
    ipam: [{ subnet: '10.255.254.0/24' }],
  });
  warmUpBatch(steps);
}

/** Runs the pure parts of network and container create/remove once; returns its milliseconds. Never throws. */
export async function warmUp(services: AgentServices, log: Logger): Promise<number> {
  const start = performance.now();
  try {
    await warmUpHttp();
    const caller = createCaller({ services });
    const planned = await caller.networks.plan({
      name: NAME,
      ipam: [{ subnet: '10.255.255.0/24' }],
    });
    const snapshot = {
      hostname: '',
      links: [],
      addresses: [],
      containerLinks: [],
      ...recordsOf(services.deps),
    };
    warmUpContainer(snapshot);
    await warmUpVlan(caller, services);
    const { network, steps } = planned;
    if (network) {
      NetworkCreateResultSchema.parse({ network, warnings: [], steps });
      warmUpBatch(steps);
      NetworkRefSchema.parse({ network: NAME });
      planNetworkRemove({ network, snapshot });
      planShimRemove({ network, snapshot });
      NetworkRemoveResultSchema.parse({ network, removedLinks: [] });
    }
  } catch (err) {
    // A warm-up is only a head start: whatever it could not run is compiled at its first real call.
    log.warn({ err: (err as Error).message }, 'warm-up stopped early');
  }
  return performance.now() - start;
}

/** Writes and deletes a journal row on the agent's own database (rehearseJournalWrite); never throws. */
export function warmUpJournal(db: Db, log: Logger): void {
  try {
    rehearseJournalWrite(db);
  } catch (err) {
    // Only a head start: the first operation then writes for itself (or fails there).
    log.warn({ err: (err as Error).message }, 'warm-up of the journal stopped early');
  }
}
