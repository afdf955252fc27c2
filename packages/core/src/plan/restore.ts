import { warning } from '../errors';
import type { Issue } from '../errors';
import type { Network } from '../schemas/network';
import type { PlanStep } from '../schemas/ops';
import type { HostSnapshot } from '../schemas/snapshot';
import { hasLink, makeParentSteps, parentSpecOf } from './parent-steps';
import type { Plan } from './types';

/** A restore: the steps, and the networks that stay degraded until their parent appears. */
export interface RestorePlan extends Plan {
  degraded: string[];
}

/** Networks grouped by parent name, in first-seen order (several networks may share one parent). */
function byParent(networks: readonly Network[]): Map<string, Network[]> {
  const groups = new Map<string, Network[]>();
  for (const network of networks)
    groups.set(network.parent, [...(groups.get(network.parent) ?? []), network]);
  return groups;
}

// Docker replays every stored network at start: a missing NAME.VID or dummy
// is made again; a missing plain parent (eth1, a bond not up yet) only warns
// and is never retried. underlay keeps such a network, marks it degraded and
// restores it when a later check finds the parent (DESIGN.md Behaviour 7).
function restoreParent(
  parent: string,
  users: Network[],
  snapshot: HostSnapshot,
  warnings: Issue[],
): PlanStep[] | null {
  const names = users.map((n) => n.name).join(', ');
  const spec = users.map(parentSpecOf).find((s) => s !== null) ?? null;
  if (!spec) {
    warnings.push(
      warning(
        'PARENT_NOT_FOUND',
        ['networks'],
        `parent ${parent} of ${names} is missing; they stay degraded until it appears.`,
        `Bring ${parent} back (underlay never creates a plain parent).`,
      ),
    );
    return null;
  }
  if (spec.kind === 'vlan' && !hasLink(snapshot, spec.link)) {
    warnings.push(
      warning(
        'PARENT_BASE_NOT_FOUND',
        ['networks'],
        `cannot re-create ${parent}: its lower link ${spec.link} is missing; ${names} stay degraded.`,
      ),
    );
    return null;
  }
  return makeParentSteps(spec, `restore the missing parent of ${names}`);
}

/** Agent start-up: re-create the missing VLAN and dummy parents of its networks; report the rest as degraded. */
export function planRestore({
  networks,
  snapshot,
}: {
  networks: readonly Network[];
  snapshot: HostSnapshot;
}): RestorePlan {
  const plan: RestorePlan = { steps: [], warnings: [], degraded: [] };
  for (const [parent, users] of byParent(networks)) {
    if (hasLink(snapshot, parent)) continue;
    const steps = restoreParent(parent, users, snapshot, plan.warnings);
    if (steps) plan.steps.push(...steps);
    else plan.degraded.push(...users.map((n) => n.id));
  }
  return plan;
}
