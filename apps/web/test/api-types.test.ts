import type { RouterOutputs } from '@underlay/agent';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Hub } from '../src/server/fleet/hub';

// The hub calls agents by path, typed by the agent's router (type-only
// import): a field renamed in the agent's answer or input breaks this
// package's typecheck. The @ts-expect-error lines are checked by `tsc
// --noEmit`; were they no longer errors, the directives would fail it.

const _list = (hub: Hub) => hub.query('h1', 'networks.list');
type ListAnswer = Awaited<ReturnType<typeof _list>>;

describe('hub calls are typed by the agent router', () => {
  it('answers with RouterOutputs', () => {
    expectTypeOf<ListAnswer>().toEqualTypeOf<RouterOutputs['networks']['list']>();
    expectTypeOf<ListAnswer[number]['parent']>().toBeString();
    // @ts-expect-error a field the agent does not answer (it is `parent`)
    type Renamed = ListAnswer[number]['parentLink'];
    expect(true satisfies Renamed extends never ? true : true).toBe(true);
  });

  it('refuses an input the agent does not declare', () => {
    // @ts-expect-error networks.remove takes { network }, not { networkName }
    const remove = (hub: Hub) => hub.mutate('h1', 'networks.remove', { networkName: 'vlan10' });
    // @ts-expect-error not a procedure of the agent
    const typo = (hub: Hub) => hub.query('h1', 'networks.lsit');
    expect([remove, typo]).toHaveLength(2);
  });
});
