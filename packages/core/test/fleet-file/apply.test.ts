import { describe, expect, it } from 'vitest';
import {
  type FleetCalls,
  type StepEvent,
  applyFleet,
  applyHost,
  entrySpec,
  outcomeLines,
  planHost,
} from '../../src';
import { agentRecord, vlanNet } from './fixtures';

// The apply engine the CLI and the dashboard share, against recording fake
// calls: the order of calls, the rollback in reverse, the pool's stop. (What
// the calls do on a real kernel is the lab's: apps/agent/test/fleet.lab.test.ts.)

/** Calls that record themselves and fail on the call numbered `failAt` (0-based). */
function recorder(failAt = -1) {
  const log: string[] = [];
  const record = async (entry: string): Promise<void> => {
    const n = log.length;
    log.push(entry);
    if (n === failAt) throw new Error(`refused ${entry}`);
  };
  const calls: FleetCalls = {
    create: (request) => record(`create ${request.name}`),
    remove: (network) => record(`remove ${network}`),
    update: (network, { labels }) =>
      record(
        `update ${network} ${Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`,
      ),
  };
  return { calls, log };
}

const describe_ = (error: unknown): string => (error as Error).message;
const threeCreates = planHost(
  'h',
  ['a', 'b', 'c'].map((n, i) => entrySpec(vlanNet(n, 10 + i, i + 1))),
  [],
);

describe('applyHost', () => {
  it('runs every step in plan order and reports done/total as it goes', async () => {
    const { calls, log } = recorder();
    const events: StepEvent[] = [];
    const outcome = await applyHost({
      calls,
      plan: threeCreates,
      onStep: (e) => events.push(e),
      describe: describe_,
    });
    expect(log).toEqual(['create a', 'create b', 'create c']);
    expect(outcome).toEqual({ host: 'h', status: 'applied', done: 3, total: 3 });
    expect(events.map((e) => `${e.done}/${e.total} ${e.step}`)).toEqual([
      '0/3 create a',
      '1/3 create b',
      '2/3 create c',
      '3/3 done',
    ]);
  });

  it('a failed step undoes the done ones in reverse and names the step', async () => {
    const { calls, log } = recorder(2);
    const outcome = await applyHost({
      calls,
      plan: threeCreates,
      onStep: () => {},
      describe: describe_,
    });
    expect(log).toEqual(['create a', 'create b', 'create c', 'remove b', 'remove a']);
    expect(outcome).toMatchObject({
      status: 'failed',
      done: 2,
      total: 3,
      error: 'create c: refused create c',
      rolledBack: { undone: 2, failed: [] },
    });
  });

  it('a change is remove then create, and its undo puts the old network back', async () => {
    const plan = planHost(
      'h',
      [entrySpec(vlanNet('a', 10, 1, 254))],
      [agentRecord(vlanNet('a', 10, 1))],
    );
    const failing = recorder(2);
    failing.calls.create = async (request) => {
      failing.log.push(`create ${request.name} gw ${request.ipam?.[0]?.gateway}`);
      if (failing.log.length === 2) throw new Error('refused');
    };
    const outcome = await applyHost({
      calls: failing.calls,
      plan,
      onStep: () => {},
      describe: describe_,
    });
    expect(failing.log).toEqual(['remove a', 'create a gw 10.0.1.254', 'create a gw 10.0.1.1']);
    expect(outcome.status).toBe('failed');
  });

  it('a labels-only change is one update in place (even with endpoints), undone by the old labels', async () => {
    const from = { ...vlanNet('a', 10, 1), labels: { team: 'red' } };
    const to = { ...vlanNet('a', 10, 1), labels: { team: 'blue' } };
    const plan = planHost(
      'h',
      [entrySpec(to), entrySpec(vlanNet('b', 20, 2))],
      [agentRecord(from, 3)],
    );
    expect(plan.actions.map((a) => a.kind)).toEqual(['change', 'create']);
    expect(plan.actions[0]).toMatchObject({ how: 'in-place', fields: ['labels'] });
    expect(plan.actions[0]).not.toHaveProperty('blocked');
    const { calls, log } = recorder(1);
    const outcome = await applyHost({ calls, plan, onStep: () => {}, describe: describe_ });
    expect(log).toEqual(['update a team=blue', 'create b', 'update a team=red']);
    expect(outcome).toMatchObject({ status: 'failed', error: 'create b: refused create b' });
  });

  it('an empty plan calls nothing', async () => {
    const { calls, log } = recorder();
    const outcome = await applyHost({
      calls,
      plan: planHost('h', [], []),
      onStep: () => {},
      describe: describe_,
    });
    expect(log).toEqual([]);
    expect(outcome.status).toBe('unchanged');
  });
});

describe('applyFleet', () => {
  const plans = ['x', 'y', 'z'].map((host) => ({ ...threeCreates, host }));

  it('stops starting hosts after a failure unless told to go on; unreachable hosts fail alone', async () => {
    for (const continueOnError of [false, true]) {
      const byHost = new Map(plans.map((p) => [p.host, recorder(p.host === 'x' ? 0 : -1)]));
      const outcomes = await applyFleet({
        plans,
        callsOf: (host) => byHost.get(host)?.calls ?? null,
        unreachable: [{ host: 'z', error: 'connection refused' }],
        limit: 1,
        continueOnError,
        onStep: () => {},
        describe: describe_,
      });
      expect(outcomes.map((o) => [o.host, o.status])).toEqual([
        ['x', 'failed'],
        ['y', continueOnError ? 'applied' : 'skipped'],
        ['z', 'failed'],
      ]);
      expect(byHost.get('z')?.log).toEqual([]);
      const summary = outcomeLines(outcomes).at(-1);
      expect(summary).toBe(
        `Apply: ${continueOnError ? 1 : 0} host(s) applied, 0 unchanged, 2 failed, ${continueOnError ? 0 : 1} not started.`,
      );
    }
  });
});
