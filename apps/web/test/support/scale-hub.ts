import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, wsLink } from '@trpc/client';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { AppRouter } from '@underlay/agent';
import { createAgentWsClient } from '@underlay/agent/connection';
import { buildTopology, HostSnapshotSchema } from '@underlay/core';
import { ensureSessionSecret } from '../../src/server/auth/secret';
import { SESSION_COOKIE } from '../../src/server/auth/cookie';
import { createSession, sealSessionId } from '../../src/server/auth/sessions';
import { openDb } from '../../src/server/db';
import { addHost } from '../../src/server/fleet/registry';
import { REPLAY_SNAPSHOT, type ReplayHost } from './replay-fleet';

// The hub at fleet scale, as a user meets it (issue 19): the production
// build (scripts/serve.mjs, as `npm start` runs it; loopback only) with N hosts registered, and Chromium
// with a session open on /fleet and /topology from the moment the server
// answers. Measured from the hub's spawn: server answering, every host
// online on the Fleet page, the topology drawn with every host; then a
// network created through one agent (as the CLI would) until the open
// topology shows it; and the hub's memory. Shared by the scale test (which
// asserts what is shown, never how fast) and bench/hub.bench.ts (which
// prints the figures against the targets).

const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface HubRun {
  hosts: number;
  /** ms from spawning the server (scripts/serve.mjs): HTTP answers, every host online on /fleet, /topology drawn with every host. */
  readyMs: number;
  onlineMs: number;
  drawnMs: number;
  onlineHosts: number;
  /** Topology nodes on the page when drawn, and as core builds them for N replayed hosts. */
  drawnNodes: number;
  expectedNodes: number;
  /** ms from asking one agent for a network until the open topology shows it (-1: no change made); its matches then. */
  changeMs: number;
  changeMatches: number;
  /** The hub's processes (the server and any children), KiB: resident now and peak. */
  rssKiB: number;
  peakRssKiB: number;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Registers the hosts in a fresh data dir and opens a session; returns the cookie value. */
export function prepareHubData(dataDir: string, hosts: ReplayHost[]): string {
  const db = openDb(dataDir);
  try {
    for (const h of hosts) addHost(db, { name: h.name, address: h.socket, token: h.token });
    const session = createSession(db, { ttlMs: 3_600_000 });
    return sealSessionId(ensureSessionSecret(dataDir), session.id);
  } finally {
    db.close();
  }
}

/** Topology nodes core builds for `names` hosts replaying the snapshot (what the page must draw). */
export function expectedNodes(names: string[]): number {
  const recorded = JSON.parse(readFileSync(REPLAY_SNAPSHOT, 'utf8')) as { links: unknown[] };
  const snapshot = HostSnapshotSchema.parse({ hostname: 'host-a', links: recorded.links });
  const views = names.map((name) => ({ id: name, name, online: true, snapshot, drift: [] }));
  return buildTopology(views, { view: 'vlan' }).nodes.length;
}

/** RSS and peak RSS (KiB) of `pid` and its descendants. */
export function treeMemory(pid: number): { rssKiB: number; peakRssKiB: number } {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let rssKiB = 0;
  let peakRssKiB = 0;
  for (let todo = [pid]; todo.length > 0;) {
    const p = todo.pop()!;
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      rssKiB += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peakRssKiB += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      continue;
    }
    todo.push(...(children.get(p) ?? []));
  }
  return { rssKiB, peakRssKiB };
}

// The dashboard as `npm start` serves it (scripts/serve.mjs: the production server without the CLI).
function startNext(dataDir: string, port: number): ChildProcess {
  const distDir = process.env.UNDERLAY_WEB_DIST_DIR || '.next';
  if (!existsSync(join(APP_DIR, distDir, 'BUILD_ID')))
    throw new Error(
      `No production build in ${distDir}: run \`pnpm --filter @underlay/web run build\` first (same UNDERLAY_WEB_DIST_DIR).`,
    );
  return spawn(
    process.execPath,
    [join(APP_DIR, 'scripts/serve.mjs'), '--port', String(port), '--hostname', '127.0.0.1'],
    {
      cwd: APP_DIR,
      env: {
        ...process.env,
        UNDERLAY_WEB_DATA: dataDir,
        UNDERLAY_ADMIN_PASSWORD: 'scale-test-only-password',
        NEXT_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

async function answering(url: string, timeoutMs: number): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Waits until every host's status badge on /fleet says online; the count seen last. */
async function allOnline(page: Page, count: number, timeoutMs: number): Promise<number> {
  const online = page.locator('[data-testid^="host-status-"][data-status="online"]');
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid^="host-status-"][data-status="online"]').length >= n,
    count,
    { timeout: timeoutMs, polling: 20 },
  );
  return online.count();
}

/** Creates the change network through one agent, as the CLI would (its socket and token). */
async function createThroughAgent(host: ReplayHost, name: string): Promise<void> {
  const ws = createAgentWsClient({ address: host.socket, token: host.token }, {});
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  try {
    await client.networks.create.mutate({
      name,
      options: { parent: 'eth0.77' },
      ipam: [{ subnet: '172.16.77.0/24' }],
    });
  } finally {
    ws.close();
  }
}

interface HubPages {
  base: string;
  fleet: Page;
  topology: Page;
  close(): Promise<void>;
}

// A browser context with the session cookie and the two pages, opened before the hub starts.
async function openPages(browser: Browser, cookie: string, port: number): Promise<HubPages> {
  const base = `http://127.0.0.1:${port}`;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: base }]);
  const [fleet, topology] = [await context.newPage(), await context.newPage()];
  return { base, fleet, topology, close: () => context.close() };
}

// From the server's first answer: /fleet with every host online, /topology drawn with every node.
async function firstDraw(
  pages: HubPages,
  hosts: number,
  expected: number,
  since: () => number,
  timeoutMs: number,
) {
  const online = (async () => {
    await pages.fleet.goto(`${pages.base}/fleet`);
    const count = await allOnline(pages.fleet, hosts, timeoutMs);
    return { onlineMs: since(), onlineHosts: count };
  })();
  const drawn = (async () => {
    await pages.topology.goto(`${pages.base}/topology`);
    await pages.topology.waitForFunction(
      (n) =>
        Number(
          document.querySelector('[data-testid="topology-counts"]')?.getAttribute('data-nodes'),
        ) >= n,
      expected,
      { timeout: timeoutMs, polling: 20 },
    );
    const nodes = await pages.topology.getByTestId('topology-counts').getAttribute('data-nodes');
    return { drawnMs: since(), drawnNodes: Number(nodes) };
  })();
  return { ...(await online), ...(await drawn) };
}

// A search for the change on the open topology, then the network made through one agent, until it shows.
async function changeReachesPage(
  topology: Page,
  host: ReplayHost,
  name: string,
  timeoutMs: number,
) {
  await topology.getByTestId('topology-search').fill(name);
  const matches = topology.getByTestId('topology-matches');
  await matches.filter({ hasText: /^0 matches$/ }).waitFor({ timeout: timeoutMs });
  const asked = performance.now();
  await createThroughAgent(host, name);
  await topology.waitForFunction(
    () =>
      !/^0 matches$/.test(
        document.querySelector('[data-testid="topology-matches"]')?.textContent ?? '',
      ),
    undefined,
    { timeout: timeoutMs, polling: 10 },
  );
  const changeMs = Math.round(performance.now() - asked);
  const changeMatches = Number(/^(\d+)/.exec((await matches.textContent()) ?? '')?.[1] ?? 0);
  return { changeMs, changeMatches };
}

function stopHub(hub: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (hub.exitCode !== null) return resolve();
    hub.once('exit', () => resolve());
    hub.kill('SIGTERM');
  });
}

/** Debian's Chromium, headless, with the flags that work here. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/** Runs the scenario above against hosts already running; the hub is stopped before it returns. */
export async function runHub(opts: {
  dataDir: string;
  hosts: ReplayHost[];
  /** The host the change is made on; without one (a hub with no hosts) no change is made (changeMs -1). */
  changeOn?: ReplayHost;
  /** The network the change creates (a name not on any host yet; default scalechange). */
  changeName?: string;
  browser?: Browser;
  timeoutMs?: number;
}): Promise<HubRun> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const cookie = prepareHubData(opts.dataDir, opts.hosts);
  const expected = expectedNodes(opts.hosts.map((h) => h.name));
  const port = await freePort();
  const browser = opts.browser ?? (await launchChromium());
  const pages = await openPages(browser, cookie, port);
  const spawned = performance.now();
  const hub = startNext(opts.dataDir, port);
  const since = () => Math.round(performance.now() - spawned);
  try {
    await answering(`${pages.base}/login`, timeoutMs);
    const readyMs = since();
    const seen = await firstDraw(pages, opts.hosts.length, expected, since, timeoutMs);
    const { changeOn, changeName = 'scalechange' } = opts;
    const change = changeOn
      ? await changeReachesPage(pages.topology, changeOn, changeName, timeoutMs)
      : { changeMs: -1, changeMatches: 0 };
    const [hosts, memory] = [opts.hosts.length, treeMemory(hub.pid ?? 0)];
    return { hosts, readyMs, ...seen, expectedNodes: expected, ...change, ...memory };
  } finally {
    await pages.close();
    if (!opts.browser) await browser.close();
    await stopHub(hub);
  }
}
