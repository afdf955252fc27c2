// The hub at fleet scale (issue 19), printed against its targets: hub start
// → 100 hosts online and drawn ≤ 2 s, a change on one host → an open page
// ≤ 1 s, and the hub's memory. 100 replay agents (real agent servers over a
// replayed lab host, apps/agent's --kernel replay:FILE) are started once;
// then the production dashboard is started four times on a fresh data dir,
// 100 hosts, 1 host (the baseline: the same start with one host, so the
// ratio is what the hundred cost), no host at all (the floor: the server
// serving our pages with nothing to connect, what any start costs on this
// machine), 100 hosts again, each time with Chromium on /fleet and /topology
// from the moment it answers (test/support/scale-hub.ts).
// "The hub's start" is the spawn of the server process (scripts/serve.mjs,
// what `npm start` runs after registering the lab's hosts; what an
// operator or a supervisor does); the target is judged from there. The same
// figures from the server's first answer are printed beside it.
// Needs `next build` and the agent's build. UNDERLAY_SCALE_PER_PROCESS=1
// runs one agent per node process (slow to start here: see the README).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReplayFleet } from '../test/support/replay-fleet';
import { launchChromium, runHub, type HubRun } from '../test/support/scale-hub';

const HOSTS = Number(process.env.UNDERLAY_SCALE_HOSTS ?? 100);
const PER_PROCESS = Number(process.env.UNDERLAY_SCALE_PER_PROCESS ?? 10);
const TARGET = { drawnMs: 2000, changeMs: 1000 };

type Row = HubRun & { name: string; load: number };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-bench-hub-'));
  const startedAt = Date.now();
  const fleet = await startReplayFleet({
    dir: join(dir, 'agents'),
    count: HOSTS,
    perProcess: PER_PROCESS,
  });
  console.log(
    `${HOSTS} replay agents in ${fleet.pids.length} processes up in ${Date.now() - startedAt} ms`,
  );
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    const runs = [
      { name: `target: ${HOSTS} hosts`, hosts: fleet.hosts, change: Math.floor(HOSTS / 2) },
      { name: 'baseline: 1 host', hosts: fleet.hosts.slice(0, 1), change: 0 },
      { name: 'floor: no host', hosts: [], change: null },
      { name: `target: ${HOSTS} hosts`, hosts: fleet.hosts, change: Math.floor((HOSTS * 3) / 4) },
    ];
    for (const [i, run] of runs.entries()) {
      const result = await runHub({
        dataDir: join(dir, `hub-${i}`),
        hosts: run.hosts,
        ...(run.change !== null && { changeOn: fleet.hosts[run.change]! }),
        changeName: `scalechange${i}`,
        browser,
      });
      rows.push({ name: run.name, load: loadavg()[0] ?? 0, ...result });
    }
  } finally {
    await browser.close();
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  print(rows);
}

function print(rows: Row[]): void {
  console.log(
    `\nhub at scale (production build, headless Chromium; ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}); ms from spawning the server (scripts/serve.mjs, as npm start)\n`,
  );
  const head = ['run', 'hosts', 'answering', 'all online', 'drawn', 'change→page', 'RSS MiB'];
  console.log(
    head[0]!.padEnd(20),
    ...[...head.slice(1), 'peak MiB', 'load'].map((h) => h.padStart(11)),
  );
  for (const r of rows)
    console.log(
      r.name.padEnd(20),
      ...[
        r.hosts,
        r.readyMs,
        r.onlineMs,
        r.drawnMs,
        r.changeMs < 0 ? '–' : r.changeMs,
        Math.round(r.rssKiB / 1024),
        Math.round(r.peakRssKiB / 1024),
        r.load.toFixed(1),
      ].map((v) => String(v).padStart(11)),
    );
  printVerdicts(rows);
}

const done = (r: HubRun) => Math.max(r.onlineMs, r.drawnMs);

// Each target judged from the spawn (the target) and from the first answer; the 1-host and no-host runs beside them.
function printVerdicts(rows: Row[]): void {
  const targets = rows.filter((r) => r.hosts === HOSTS && r.name.startsWith('target'));
  const base = rows.find((r) => r.name.startsWith('baseline'));
  const floor = rows.find((r) => r.name.startsWith('floor'));
  const list = (f: (r: HubRun) => string) => targets.map(f).join(', ');
  if (base)
    console.log(
      `\n${HOSTS} hosts / 1 host, start → online and drawn: ${list((r) => (done(r) / done(base)).toFixed(2))}`,
    );
  if (floor)
    console.log(
      `no host (the floor: the server serving the pages, nothing to connect): answering ${floor.readyMs} ms, drawn ${done(floor)} ms; ` +
        `${HOSTS} hosts above it: ${list((r) => `+${done(r) - done(floor)} ms`)}`,
    );
  const fromSpawn = targets.filter((r) => done(r) <= TARGET.drawnMs).length;
  const fromAnswer = targets.filter((r) => done(r) - r.readyMs <= TARGET.drawnMs).length;
  const changeMet = targets.filter((r) => r.changeMs <= TARGET.changeMs).length;
  console.log(
    `target: spawn of the server → ${HOSTS} online and drawn ≤ ${TARGET.drawnMs} ms: ${fromSpawn}/${targets.length} runs (${list((r) => `${done(r)} ms`)})`,
  );
  console.log(
    `  from the server's first answer instead: ${fromAnswer}/${targets.length} runs (${list((r) => `${done(r) - r.readyMs} ms`)}${base ? `; 1 host: ${done(base) - base.readyMs} ms` : ''})`,
  );
  console.log(
    `target: change → open page ≤ ${TARGET.changeMs} ms: ${changeMet}/${targets.length} runs (${list((r) => `${r.changeMs} ms`)}); ` +
      `hub RSS ${list((r) => `${Math.round(r.rssKiB / 1024)} MiB`)}`,
  );
  if (fromSpawn < targets.length || changeMet < targets.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
