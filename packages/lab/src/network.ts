// The lab's network namespace and switch. Every command here names the lab's
// namespace (ip netns add/del, ip -n): the machine's root namespace is never
// changed.
import type { LabPlan } from './config.js';
import { networkBatch } from './network-plan.js';
import { run, runChecked } from './processes.js';

export async function netnsExists(netns: string): Promise<boolean> {
  const result = await run(['ip', 'netns', 'list']);
  return result.stdout.split('\n').some((line) => line.split(' ')[0] === netns);
}

/** Creates the namespace, both bridges and every guest's taps. */
export async function createLabNetwork(lab: LabPlan): Promise<void> {
  await runChecked(['ip', 'netns', 'add', lab.netns]);
  await runChecked(['ip', '-n', lab.netns, '-batch', '-'], {
    input: `${networkBatch(lab).join('\n')}\n`,
  });
}

/** Names of the tap devices left in the lab's namespace. */
export async function listTaps(netns: string): Promise<string[]> {
  if (!(await netnsExists(netns))) return [];
  const result = await run(['ip', '-n', netns, '-o', 'link', 'show', 'type', 'tun']);
  return result.stdout
    .split('\n')
    .map((line) => /^\d+:\s+([^:@]+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** Deletes the taps, then the namespace (which takes the bridges with it). */
export async function deleteLabNetwork(netns: string): Promise<void> {
  if (!(await netnsExists(netns))) return;
  const taps = await listTaps(netns);
  if (taps.length > 0) {
    await run(['ip', '-n', netns, '-batch', '-'], {
      input: taps.map((tap) => `tuntap del dev ${tap} mode tap\n`).join(''),
    });
  }
  await runChecked(['ip', 'netns', 'del', netns]);
}
