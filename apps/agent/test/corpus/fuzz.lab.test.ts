import fc from 'fast-check';
import type { z } from 'zod';
import { attachLab, type LabHost as Guest } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../src/client';
import { appRouter } from '../../src/router/root';
import { labHosts, type LabHost } from '../lab/lab-host';
import { changed, settle, snapshot } from './lab-state';
import { inputFor } from './zod-arbitrary';

// Issue 16: fast-check inputs for every tRPC procedure that takes one,
// derived from its zod input schema, sent to host-a's real agent for a bounded
// time. The agent must not crash (same pid at the end), answer every call in
// time, change nothing when it refuses (the kernel and the records are
// compared around each batch; accepted calls are undone at once), and still
// answer afterwards. UNDERLAY_FUZZ_SEED replays a run; UNDERLAY_FUZZ_SECONDS bounds it.

const SECONDS = Number(process.env.UNDERLAY_FUZZ_SECONDS ?? 75);
const SEED = Number(process.env.UNDERLAY_FUZZ_SEED ?? Date.now() % 2 ** 31);
const CALL_MS = 30_000;
const BATCH = 15;

let host: LabHost;
let guest: Guest;
let agent: AgentClient;
let baseline: { networks: Set<string>; containers: Set<string> };

interface Proc {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  input: z.ZodType;
}

/** Every procedure of the router that declares an input, with its schema. */
function procedures(): Proc[] {
  const procs = (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def
    .procedures;
  return Object.entries(procs).flatMap(([path, p]) => {
    const def = (p as { _def: { type: Proc['type']; inputs: z.ZodType[] } })._def;
    const input = def.inputs[0];
    return input ? [{ path, type: def.type, input }] : [];
  });
}

const agentPid = async () =>
  (await guest.exec(['cat', '/run/underlay-lab/agent.pid'])).stdout.trim();

/** A procedure of the tRPC client proxy, called with raw (untyped) input. */
interface Callable {
  query?: (input: unknown) => Promise<unknown>;
  mutate?: (input: unknown) => Promise<unknown>;
  subscribe?: (
    input: unknown,
    on: { onStarted: () => void; onError: () => void },
  ) => { unsubscribe(): void };
}

/** Calls one procedure with raw input; 'accepted', 'refused' or 'hung'. */
async function call(proc: Proc, input: unknown): Promise<'accepted' | 'refused' | 'hung'> {
  const [noun, verb] = proc.path.split('.') as [string, string];
  const p = (agent as unknown as Record<string, Record<string, Callable>>)[noun]![verb]!;
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), CALL_MS)));
  const answer =
    proc.type === 'subscription'
      ? new Promise<'accepted' | 'refused'>((resolve) => {
          const sub = p.subscribe!(input, {
            onStarted: () => setTimeout(() => (sub.unsubscribe(), resolve('accepted')), 200),
            onError: () => (sub.unsubscribe(), resolve('refused')),
          });
        })
      : (proc.type === 'query' ? p.query! : p.mutate!)(input).then(
          () => 'accepted' as const,
          (e: { data?: unknown }) => {
            if (!e.data) throw e; // not an answer of the agent: the connection broke
            return 'refused' as const;
          },
        );
  try {
    return await Promise.race([answer, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Removes what accepted calls made: every network and container not there at the start. */
async function undo(): Promise<void> {
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  for (const c of await agent.containers.list.query())
    if (!baseline.containers.has(c.name))
      await quiet(agent.containers.remove.mutate({ container: c.name }));
  for (const n of await agent.networks.list.query())
    if (!baseline.networks.has(n.name))
      await quiet(agent.networks.remove.mutate({ network: n.name }));
  await quiet(agent.routes.set.mutate({ routes: [] }));
}

beforeAll(async () => {
  [host] = (await labHosts(['host-a'])) as [LabHost];
  guest = (await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' })).host('host-a');
  agent = host.client();
  baseline = {
    networks: new Set((await agent.networks.list.query()).map((n) => n.name)),
    containers: new Set((await agent.containers.list.query()).map((c) => c.name)),
  };
  await settle(guest, agent);
}, 120_000);

afterAll(async () => {
  if (agent) {
    await undo();
    await agent.close();
  }
}, 120_000);

describe('fast-check fuzzing of every tRPC input against a lab agent', () => {
  it(`no crash, no hang, nothing changed on refusal, still answering (seed printed)`, async () => {
    console.log(`fuzz: seed ${SEED} (replay with UNDERLAY_FUZZ_SEED=${SEED}), ${SECONDS} s`);
    const procs = procedures();
    expect(procs.length).toBeGreaterThanOrEqual(12);
    const arb = fc.oneof(...procs.map((p) => inputFor(p.input).map((input) => ({ p, input }))));
    const pid = await agentPid();
    const deadline = Date.now() + SECONDS * 1000;
    const failures: string[] = [];
    const counts = { accepted: 0, refused: 0, batches: 0 };
    const calls = fc.sample(arb, { seed: SEED, numRuns: 100_000 });
    let next = 0;
    while (Date.now() < deadline && failures.length === 0) {
      const before = await snapshot(guest, agent);
      let accepted = false;
      for (const { p, input } of calls.slice(next, next + BATCH)) {
        const what = `${p.path}(${JSON.stringify(input)?.slice(0, 300)})`;
        const result = await call(p, input).catch((e: Error) => `broke: ${e.message}`);
        if (result === 'hung' || result.startsWith('broke')) failures.push(`${what}: ${result}`);
        if (result === 'accepted') {
          counts.accepted += 1;
          accepted = true;
          await undo();
        } else counts.refused += 1;
      }
      next += BATCH;
      counts.batches += 1;
      if (accepted) await settle(guest, agent);
      const diff = changed(before, await snapshot(guest, agent));
      if (diff.length)
        failures.push(
          `batch ${counts.batches} (calls ${next - BATCH}–${next - 1}) changed ${diff.join(', ')}`,
        );
    }
    console.log(
      `fuzz: ${counts.accepted + counts.refused} calls over ${procs.length} procedures in ${counts.batches} batches: ${counts.refused} refused, ${counts.accepted} accepted (undone)`,
    );
    expect(failures).toEqual([]);
    expect(await agentPid()).toBe(pid);
    await expect(agent.host.info.query()).resolves.toMatchObject({});
  }, 600_000);
});
