// The hub at fleet scale (issue 19), printed against its targets: hub start
// → 100 hosts online and drawn ≤ 2 s, a change on one host → an open page
// ≤ 1 s, and the hub's memory. 100 replay agents (real agent servers over a
// replayed lab host, apps/agent's --kernel replay:FILE) are started once;
// then the production dashboard is started three times on a fresh data dir,
// 100 hosts, 1 host (the baseline: the same start with one host, so the
// ratio is what the hundred cost), 100 hosts again, each time with Chromium
// on /fleet and /topology from the moment it answers (test/support/scale-hub.ts).
// Needs `next build` and the agent's build. UNDERLAY_SCALE_PER_PROCESS=1
// runs one agent per node process (slow to start here: see the README).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startReplayFleet } from '../test/support/replay-fleet';
import { runHub, type HubRun } from '../test/support/scale-hub';

const HOSTS = Number(process.env.UNDERLAY_SCALE_HOSTS ?? 100);
const PER_PROCESS = Number(process.env.UNDERLAY_SCALE_PER_PROCESS ?? 10);
const TARGET = { drawnMs: 2000, changeMs: 1000 };
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
];

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
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const rows: Row[] = [];
  try {
    const runs = [
      { name: `target: ${HOSTS} hosts`, hosts: fleet.hosts, change: Math.floor(HOSTS / 2) },
      { name: 'baseline: 1 host', hosts: fleet.hosts.slice(0, 1), change: 0 },
      { name: `target: ${HOSTS} hosts`, hosts: fleet.hosts, change: Math.floor((HOSTS * 3) / 4) },
    ];
    for (const [i, run] of runs.entries()) {
      const result = await runHub({
        dataDir: join(dir, `hub-${i}`),
        hosts: run.hosts,
        changeOn: fleet.hosts[run.change]!,
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
      .join(' ')}); ms from spawning next start\n`,
  );
  const head = [
    'run',
    'hosts',
    'answering',
    'all online',
    'drawn',
    'change→page',
    'RSS MiB',
    'peak MiB',
    'load',
  ];
  console.log(head[0]!.padEnd(20), ...head.slice(1).map((h) => h.padStart(11)));
  for (const r of rows)
    console.log(
      r.name.padEnd(20),
      ...[
        r.hosts,
        r.readyMs,
        r.onlineMs,
        r.drawnMs,
        r.changeMs,
        Math.round(r.rssKiB / 1024),
        Math.round(r.peakRssKiB / 1024),
        r.load.toFixed(1),
      ].map((v) => String(v).padStart(11)),
    );
  const targets = rows.filter((r) => r.hosts === HOSTS && r.name.startsWith('target'));
  const base = rows.find((r) => r.name.startsWith('baseline'));
  const done = (r: HubRun) => Math.max(r.onlineMs, r.drawnMs);
  if (base)
    console.log(
      `\n${HOSTS} hosts / 1 host, start → online and drawn: ${targets.map((r) => (done(r) / done(base)).toFixed(2)).join(', ')}; ` +
        `after the server answers: ${targets.map((r) => `${done(r) - r.readyMs} ms`).join(', ')} (1 host: ${done(base) - base.readyMs} ms)`,
    );
  const drawnMet = targets.filter((r) => done(r) <= TARGET.drawnMs).length;
  const changeMet = targets.filter((r) => r.changeMs <= TARGET.changeMs).length;
  console.log(
    `targets: start → ${HOSTS} online and drawn ≤ ${TARGET.drawnMs} ms in ${drawnMet}/${targets.length} runs; ` +
      `change → open page ≤ ${TARGET.changeMs} ms in ${changeMet}/${targets.length} runs; ` +
      `hub RSS ${targets.map((r) => Math.round(r.rssKiB / 1024)).join(', ')} MiB`,
  );
  if (drawnMet < targets.length || changeMet < targets.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
