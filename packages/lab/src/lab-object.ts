// The Lab value handed to callers, built from a plan.
import { HUB_STORE_URL, type LabPlan } from './config.js';
import { makeLabHost } from './lab-host.js';
import { stopLab } from './stop-lab.js';
import type { Lab } from './types.js';

export function makeLab(plan: LabPlan): Lab {
  const hosts = plan.hosts.map(makeLabHost);
  return {
    name: plan.name,
    netns: plan.netns,
    runDir: plan.runDir,
    hosts,
    hubSocket: plan.hubSocket,
    hubStoreUrl: HUB_STORE_URL,
    host(name: string) {
      const found = hosts.find((host) => host.name === name);
      if (!found)
        throw new Error(
          `lab ${plan.name} has no host "${name}"; it has ${hosts.map((h) => h.name).join(', ')}`,
        );
      return found;
    },
    down: () => stopLab({ name: plan.name }),
  };
}
