import type { Network } from '@underlay/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { containerTable } from '../src/cli/format-container';
import { summariseNetwork } from '../src/cli/format-network';
import { appRouter } from '../src/router/root';
import type { ProcedureOutput, RouterInputs, RouterOutputs } from '../src/router/types';

// The agent's API as types: every answer is declared (.output()), and a field
// renamed on one side breaks the other side's typecheck. The @ts-expect-error
// lines are checked by `tsc --noEmit` (the typecheck task): if a renamed field
// stopped being an error, the directive itself would fail the typecheck.

describe('the router declares every answer', () => {
  it('has an output schema on every query and mutation', () => {
    // tRPC keeps the flat path → procedure map here; its type is the nested router.
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { type: string; output?: unknown } }
    >;
    const missing = Object.entries(procedures)
      .filter(([, p]) => p._def.type !== 'subscription' && !p._def.output)
      .map(([path]) => path);
    expect(Object.keys(procedures).length).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });
});

describe('RouterInputs / RouterOutputs', () => {
  it('types answers with core records', () => {
    expectTypeOf<RouterOutputs['networks']['list'][number]>().toExtend<Network>();
    expectTypeOf<RouterOutputs['networks']['list'][number]['endpoints']>().toBeNumber();
    expectTypeOf<ProcedureOutput<'diag.ping'>['rttMs']>().toEqualTypeOf<{
      min: number;
      avg: number;
      max: number;
      mdev: number;
    } | null>();
    expectTypeOf<RouterInputs['networks']['remove']>().toEqualTypeOf<{ network: string }>();
  });

  it('breaks the CLI when a field is renamed in an answer', () => {
    type Renamed = Omit<RouterOutputs['networks']['list'][number], 'parent'> & {
      parentLink: string;
    };
    const renamed = { parentLink: 'eth0' } as unknown as Renamed;
    // @ts-expect-error parent → parentLink: the `network ls` formatter no longer accepts the answer
    expect(() => summariseNetwork(renamed)).not.toThrow();
    type NoPresent = Omit<RouterOutputs['containers']['list'][number], 'present'>;
    const containers: NoPresent[] = [];
    // @ts-expect-error `present` removed: `container ls` no longer compiles against the answer
    expect(containerTable(containers)).toHaveLength(1);
  });

  it('breaks a caller whose input names a field the agent does not have', () => {
    // @ts-expect-error `networkName` is not a field of networks.remove's input (it is `network`)
    const input: RouterInputs['networks']['remove'] = { networkName: 'vlan10' };
    expect(input).toBeDefined();
  });
});
