import type { KernelOp, PlanStep } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { PlanFailedError } from '../src/exec/plan-failed';
import { runPlan } from '../src/exec/run-plan';
import { fakeKernel } from './fake-kernel';

// Rollback ORDER only (pure logic, fake executor); what the kernel does is
// tested in the lab.

const s = (op: KernelOp, inverse: KernelOp | null): PlanStep => ({ op, inverse, why: 'test' });

// The shape of a connect: two host ops, then three in the container's namespace.
const connect: PlanStep[] = [
  s(
    {
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name: 'ulv1', link: 'eth0.10', mode: 'l2', flag: 'bridge' },
    },
    { op: 'linkDel', name: 'ulv1' },
  ),
  s(
    { op: 'linkSetNetns', name: 'ulv1', target: 'c1' },
    { op: 'linkDel', netns: 'c1', name: 'ulv1' },
  ),
  s(
    { op: 'linkRename', netns: 'c1', name: 'ulv1', newName: 'eth0' },
    { op: 'linkRename', netns: 'c1', name: 'eth0', newName: 'ulv1' },
  ),
  s(
    { op: 'addrAdd', netns: 'c1', dev: 'eth0', address: '10.1.0.2/24' },
    { op: 'addrDel', netns: 'c1', dev: 'eth0', address: '10.1.0.2/24' },
  ),
  s(
    { op: 'linkSetUp', netns: 'c1', name: 'eth0' },
    { op: 'linkSetDown', netns: 'c1', name: 'eth0' },
  ),
];

const names = (ops: KernelOp[]) =>
  ops.map((o) => `${o.op}${'netns' in o && o.netns ? `@${o.netns}` : ''}`);

describe('runPlan', () => {
  it('runs one process per namespace run', async () => {
    const kernel = fakeKernel();
    const stats = await runPlan(kernel, connect);
    expect(kernel.batches.map((b) => [b.netns, b.ops.length])).toEqual([
      [undefined, 2],
      ['c1', 3],
    ]);
    expect(stats).toEqual({ processes: 2, ops: 5, links: new Map() });
  });

  it('keeps the links each named namespace reported after its last batch there', async () => {
    let n = 0;
    const executor = {
      runBatch: async ({ netns }: { netns: string | undefined }) => {
        n += 1;
        return netns ? { links: [{ name: `eth${n}`, mac: `02:00:00:00:00:0${n}` }] } : {};
      },
    };
    const stats = await runPlan(executor, [
      ...connect,
      s({ op: 'linkSetNetns', name: 'ulv2', target: 'c1' }, null),
      connect[4] as PlanStep,
    ]);
    expect([...stats.links]).toEqual([['c1', [{ name: 'eth4', mac: '02:00:00:00:00:04' }]]]);
  });

  it('undoes the done steps last first when a batch fails midway', async () => {
    const kernel = fakeKernel();
    kernel.failWhen = (op) => (op.op === 'addrAdd' ? 'EADDRINUSE' : undefined);
    const error = await runPlan(kernel, connect).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanFailedError);
    const failed = error as PlanFailedError;
    expect(failed.code).toBe('ROLLED_BACK');
    expect(failed.message).toContain('addrAdd 10.1.0.2/24 dev eth0 (in c1)');
    expect(failed.message).toContain('EADDRINUSE');
    expect(failed.message).toContain('rolled back');
    // forward: host batch, c1 batch up to the failing addrAdd; then the inverses in reverse.
    const undo = kernel.batches.slice(2).flatMap((b) => names(b.ops));
    expect(undo).toEqual(['linkRename@c1', 'linkDel@c1', 'linkDel']);
    expect(failed.rollback).toEqual({ undone: 3, failures: [] });
  });

  it('counts a delete that finds nothing as done, and reports a failed inverse loudly', async () => {
    const kernel = fakeKernel();
    kernel.failWhen = (op) => {
      if (op.op === 'linkSetUp') return 'EINVAL';
      if (op.op === 'linkDel' && !('netns' in op && op.netns)) return 'ENODEV'; // taken by the delete inside c1
      if (op.op === 'addrDel') return 'EPERM';
      return undefined;
    };
    const error = (await runPlan(kernel, connect).catch((e: unknown) => e)) as PlanFailedError;
    expect(error.code).toBe('KERNEL_ERROR');
    expect(error.message).toContain('ROLLBACK INCOMPLETE');
    expect(error.rollback.failures.map((f) => f.op.op)).toEqual(['addrDel']);
    // every other inverse still ran, in reverse order: addrDel failed, then rename back, delete in c1, host delete (not found = done)
    expect(error.rollback.undone).toBe(3);
  });

  it('runs no inverse when the first op fails', async () => {
    const kernel = fakeKernel();
    kernel.failWhen = (op) => (op.op === 'linkAdd' ? 'ENODEV' : undefined);
    const error = (await runPlan(kernel, connect).catch((e: unknown) => e)) as PlanFailedError;
    expect(error.rollback).toEqual({ undone: 0, failures: [] });
    expect(kernel.batches).toHaveLength(1);
  });

  it('skips steps without an inverse when undoing', async () => {
    const kernel = fakeKernel();
    const steps = [
      s({ op: 'netnsAdd', name: 'c2' }, { op: 'netnsDel', name: 'c2' }),
      s({ op: 'linkSetUp', netns: 'c2', name: 'lo' }, null),
      s(
        { op: 'linkAdd', netns: 'c2', spec: { kind: 'dummy', name: 'd0' } },
        { op: 'linkDel', netns: 'c2', name: 'd0' },
      ),
    ];
    kernel.failWhen = (op) => (op.op === 'linkAdd' ? 'EEXIST' : undefined);
    await expect(runPlan(kernel, steps)).rejects.toThrow(/rolled back: 1 step/);
    expect(names(kernel.batches.at(-1)?.ops ?? [])).toEqual(['netnsDel']);
  });
});
