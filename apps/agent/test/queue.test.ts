import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../src/exec/queue';

describe('SerialQueue', () => {
  it('runs jobs one at a time in arrival order, even when one fails', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const job =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run(job('a', 30)),
      queue.run(job('b', 1, true)),
      queue.run(job('c', 5)),
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('refuses new jobs after close but drains the queued ones', async () => {
    const queue = new SerialQueue();
    const done: string[] = [];
    const first = queue.run(async () => {
      await new Promise((r) => setTimeout(r, 10));
      done.push('first');
    });
    queue.close('shutting down');
    await expect(queue.run(async () => done.push('late'))).rejects.toThrow('shutting down');
    await queue.drain();
    await first;
    expect(done).toEqual(['first']);
  });

  it('says when its last job settled, for background work that waits for a quiet spell', async () => {
    const queue = new SerialQueue();
    expect(queue.lastSettledAt).toBe(0);
    const before = Date.now();
    await queue.run(async () => 'done');
    expect(queue.lastSettledAt).toBeGreaterThanOrEqual(before);
    expect(queue.size).toBe(0);
  });

  it('tells listeners at once when a job is queued, until they stop listening', async () => {
    const queue = new SerialQueue();
    let told = 0;
    const release = queue.onQueued(() => told++);
    const first = queue.run(async () => 'a');
    expect(told).toBe(1); // synchronously, before the job runs
    await first;
    release();
    await queue.run(async () => 'b');
    expect(told).toBe(1);
  });
});
