// 200 ipvlan links in a lab guest: one netlink call per link, one netlink
// batch, and a plain `ip -batch FILE` of the same lines (the floor). Timing
// runs inside the guest (through the lab's `call`), so relay latency is not
// in the figures. Attaches to a running lab named $UNDERLAY_LAB_NAME
// (default "netlink") or boots one host and stops it afterwards.
import { attachLab, startLab, stopLab, type LabHost } from '@underlay/lab';
import { bundleGuestEntry } from '../test/lab/bundle.js';

const COUNT = 200;
const REPEATS = Number(process.argv[2] ?? 3);
const variants = ['single', 'batch', 'file'] as const;
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const name = process.env.UNDERLAY_LAB_NAME ?? 'netlink';
  let started = false;
  let hosts: LabHost[];
  try {
    hosts = (await attachLab({ name })).hosts;
  } catch {
    hosts = (await startLab({ name, hosts: 1 })).hosts;
    started = true;
  }
  try {
    const [host] = hosts;
    if (!host) throw new Error('no lab host');
    const bundle = await bundleGuestEntry();
    const ms: Record<(typeof variants)[number], number[]> = { single: [], batch: [], file: [] };
    for (let r = 0; r < REPEATS; r++)
      for (const variant of variants)
        // interleaved, so machine noise hits every variant alike
        ms[variant].push(
          await host.call<number>(bundle, 'timeIpvlanAdds', {
            netns: `nl-bench-${variant}-${r}`,
            count: COUNT,
            variant,
          }),
        );
    console.log(
      `${COUNT} ipvlan links on a dummy parent, in guest ${host.name}, ${REPEATS} runs each, timed in the guest`,
    );
    for (const v of variants) {
      const runs = ms[v].map((x) => x.toFixed(0)).join(', ');
      console.log(
        `${v.padEnd(7)} median ${median(ms[v]).toFixed(0).padStart(6)} ms  ${(COUNT / (median(ms[v]) / 1000)).toFixed(0).padStart(6)} links/s  runs (ms): ${runs}`,
      );
    }
    console.log(
      `one call per link / batch = ${(median(ms.single) / median(ms.batch)).toFixed(0)}x (each call starts a process: ~200 ms in a guest)`,
    );
    const ratio = median(ms.batch) / median(ms.file);
    console.log(
      `batch / plain ip -batch file = ${ratio.toFixed(2)}x (target <= 1.3x)${ratio <= 1.3 ? '' : '  ABOVE TARGET'}`,
    );
  } finally {
    if (started) await stopLab({ name });
  }
}

await main();
