import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanStep } from '@underlay/core';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPlan } from '../src/exec/run-plan';
import { startAgent } from '../src/server/start-agent';
import {
  armCrashHook,
  armedCrashHook,
  closeJournal,
  journalPlan,
  undoUnlessRecorded,
} from '../src/service/journal';
import {
  eventsAfter,
  markProgress,
  openDb,
  openEntries,
  openEntry,
  saveContainer,
} from '../src/store';
import { fakeKernel } from './fake-kernel';

// The intent journal's logic with a kernel stand-in: what gets written around
// a plan, and what start-up recovery runs for an entry a crash left open. Its
// behaviour on a real kernel (a SIGKILL at every step) is the lab's
// crash-steps.lab.test.ts.

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-journal-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const connectSteps: PlanStep[] = [
  {
    op: {
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name: 'ulv0000001', link: 'eth0', mode: 'l2', flag: 'bridge' },
    },
    inverse: { op: 'linkDel', name: 'ulv0000001' },
    why: 'make',
  },
  {
    op: { op: 'linkSetNetns', name: 'ulv0000001', target: 'c1' },
    inverse: { op: 'linkDel', netns: 'c1', name: 'ulv0000001' },
    why: 'move',
  },
  {
    op: { op: 'linkRename', netns: 'c1', name: 'ulv0000001', newName: 'eth0' },
    inverse: { op: 'linkRename', netns: 'c1', name: 'eth0', newName: 'ulv0000001' },
    why: 'rename',
  },
  {
    op: { op: 'linkSetUp', netns: 'c1', name: 'eth0' },
    inverse: { op: 'linkSetDown', netns: 'c1', name: 'eth0' },
    why: 'up',
  },
];

/** Starts an agent on `stateDir` with a fake kernel whose ops fail with ENODEV when `missing` says so. */
async function restart(stateDir: string, missing: (name: string) => boolean = () => false) {
  const kernel = fakeKernel();
  kernel.failWhen = (op) =>
    'name' in op && typeof op.name === 'string' && missing(op.name) ? 'ENODEV' : undefined;
  const dir = tempDir();
  const agent = await startAgent(
    { stateDir, socket: join(dir, 'a.sock'), logLevel: 'silent' },
    { kernel, logger: pino({ level: 'silent' }), reconcile: false },
  );
  return { agent, kernel };
}

describe('the intent journal around a plan', () => {
  it('reports each batch before it runs and the end, and cuts a batch where asked', async () => {
    const kernel = fakeKernel();
    const seen: string[] = [];
    await runPlan(kernel, connectSteps, {
      begin: (from, to) => seen.push(`begin ${from}-${to}`),
      finished: (n) => seen.push(`finished ${n}`),
      cutAt: 3,
    });
    expect(seen).toEqual(['begin 0-2', 'begin 2-3', 'begin 3-4', 'finished 4']);
    expect(kernel.batches.map((b) => b.ops.length)).toEqual([2, 1, 1]);
  });

  it('leaves no entry behind after an operation, whether it succeeds or fails', async () => {
    const state = join(tempDir(), 's');
    const { agent, kernel } = await restart(state);
    try {
      await agent.services.containers.create({ name: 'j1' });
      kernel.failWhen = (op) => (op.op === 'linkSetUp' ? 'EPERM' : undefined);
      await expect(agent.services.containers.create({ name: 'j2' })).rejects.toThrow();
      expect(openEntries(agent.services.deps.db)).toEqual([]);
    } finally {
      await agent.close();
    }
  });
});

describe('the crash test hook', () => {
  /** Runs a journaled plan of `steps` steps for `operation` through its progress calls; the steps at which it killed. */
  function run(db: ReturnType<typeof openDb>, operation: string, steps: number): number[] {
    const killed: number[] = [];
    let at = 0;
    const kill = vi.spyOn(process, 'kill').mockImplementation((_pid, signal) => {
      if (signal === 'SIGKILL') killed.push(at);
      return true;
    });
    try {
      const plan = connectSteps.slice(0, steps);
      const { progress } = journalPlan(db, undoUnlessRecorded(operation), plan);
      for (; at < steps; at++) progress.begin(at, at + 1);
      progress.finished(steps);
      closeJournal(db);
    } finally {
      kill.mockRestore();
    }
    return killed;
  }

  /** A state dir whose test-crash.json names `hook`, with its database open. */
  function stateWithHook(hook: { operation: string; afterStep: number }) {
    const state = tempDir();
    writeFileSync(join(state, 'test-crash.json'), JSON.stringify(hook));
    return { state, db: openDb(state) };
  }

  it('arms only the first operation it names: a step past that plan lets it finish and never fires later', () => {
    const { state, db } = stateWithHook({ operation: 'op.x', afterStep: 3 });
    expect(armCrashHook(state, db)).toEqual({ operation: 'op.x', afterStep: 3 });
    try {
      expect(run(db, 'op.other', 4)).toEqual([]); // another operation: not armed, not disarmed
      expect(run(db, 'op.x', 2)).toEqual([]); // step 3 is past its 2 steps: it finishes
      expect(run(db, 'op.x', 4)).toEqual([]); // a longer plan later: the hook is spent
    } finally {
      db.close();
    }
  });

  it('fires in the first operation it names once its step is reached', () => {
    const { state, db } = stateWithHook({ operation: 'op.x', afterStep: 4 });
    armCrashHook(state, db);
    try {
      expect(run(db, 'op.x', 4)).toEqual([4]);
      expect(run(db, 'op.x', 4)).toEqual([]);
    } finally {
      db.close();
      armCrashHook(state, db); // the file is gone: disarmed for the tests after
    }
  });

  it("watches only the agent's own database: a plan journaled in another one neither fires nor spends it", () => {
    const { state, db } = stateWithHook({ operation: 'op.x', afterStep: 2 });
    const other = openDb(tempDir());
    armCrashHook(state, db);
    try {
      expect(run(other, 'op.x', 4)).toEqual([]); // the rehearsal's database, say
      expect(armedCrashHook()).toEqual({ operation: 'op.x', afterStep: 2 });
      expect(run(db, 'op.x', 4)).toEqual([2]);
      expect(armedCrashHook()).toBeUndefined();
    } finally {
      db.close();
      other.close();
      armCrashHook(state, db);
    }
  });
});

describe('start-up recovery', () => {
  it('undoes the steps handed to the kernel of a connect whose endpoint was never recorded, last first', async () => {
    const state = join(tempDir(), 's');
    const db = openDb(state);
    const id = openEntry(
      db,
      {
        operation: 'networks.connect',
        recovery: 'undo',
        refs: [{ endpoint: { network: 'n1', container: 'c1' } }],
      },
      connectSteps,
      'then',
    );
    markProgress(db, id, 2, 4); // the container's batch was under way: any of it may have happened
    db.close();
    // the rename never happened: eth0 is not there, which counts as nothing to undo
    const { agent, kernel } = await restart(state, (name) => name === 'eth0');
    try {
      expect(kernel.batches.map((b) => [b.netns, b.ops.map((o) => o.op)])).toEqual([
        ['c1', []], // linkSetDown eth0: ENODEV, harmless
        ['c1', []], // linkRename eth0: ENODEV, harmless
        ['c1', ['linkDel']],
        [undefined, ['linkDel']],
      ]);
      expect(openEntries(agent.services.deps.db)).toEqual([]);
      const events = eventsAfter(agent.services.deps.db, null).map((e) => e.event);
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'operation.recovered',
          operation: 'networks.connect',
          action: 'undone',
          steps: 4,
          failures: [],
        }),
      );
    } finally {
      await agent.close();
    }
  });

  it('takes an undo entry whose records were written as completed, and runs nothing', async () => {
    const state = join(tempDir(), 's');
    const db = openDb(state);
    saveContainer(db, { name: 'c9', netns: 'c9', origin: 'created', source: {}, created: 'then' });
    openEntry(
      db,
      { operation: 'containers.create', recovery: 'undo', refs: [{ container: 'c9' }] },
      connectSteps.slice(0, 1),
      'then',
    );
    db.close();
    const { agent, kernel } = await restart(state);
    try {
      expect(kernel.batches).toEqual([]);
      expect(agent.services.deps.db.prepare('SELECT name FROM containers').all()).toEqual([
        { name: 'c9' },
      ]);
    } finally {
      await agent.close();
    }
  });

  it('finishes a container remove cut after its kernel step: the step again (nothing found is fine) and the records go', async () => {
    const state = join(tempDir(), 's');
    const db = openDb(state);
    saveContainer(db, { name: 'c8', netns: 'c8', origin: 'created', source: {}, created: 'then' });
    const del: PlanStep = { op: { op: 'netnsDel', name: 'c8' }, inverse: null, why: 'rm' };
    const id = openEntry(
      db,
      { operation: 'containers.remove', recovery: 'finish', refs: [{ container: 'c8' }] },
      [del],
      'then',
    );
    markProgress(db, id, 0, 1);
    db.close();
    const { agent, kernel } = await restart(state);
    try {
      expect(kernel.batches.map((b) => b.ops.map((o) => o.op))).toEqual([['netnsDel']]);
      expect(agent.services.deps.db.prepare('SELECT name FROM containers').all()).toEqual([]);
      expect(openEntries(agent.services.deps.db)).toEqual([]);
    } finally {
      await agent.close();
    }
  });
});
