import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './settings.js';

// The dashboard as `npm start` runs it: apps/web's own start script (which
// registers the lab's hosts, then serves the build with scripts/serve.mjs,
// Next's server without its CLI), bound to loopback. Not
// Playwright's webServer: that starts before global setup, so the lab would
// not exist yet when the dashboard registers its hosts.

export interface DashboardOptions {
  port: number;
  dataDir: string;
  labName: string;
  adminPassword: string;
  logDir: string;
  /** The hub's fleet store as `npm start` serves it: this socket, relayed to the guests at `url`. */
  fleetStore?: { socket: string; url: string };
}

export interface Dashboard {
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts the built dashboard and resolves once /login answers. */
export async function startDashboard(opts: DashboardOptions): Promise<Dashboard> {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = join(opts.logDir, 'dashboard.log');
  const out = openSync(logFile, 'w');
  const child = spawn(
    'npm',
    ['run', 'start', '--', '--port', String(opts.port), '--hostname', '127.0.0.1'],
    {
      cwd: join(REPO_ROOT, 'apps/web'),
      // Its own process group, so stop() reaches npm, the shell and next alike.
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        UNDERLAY_LAB: opts.labName,
        UNDERLAY_WEB_DATA: opts.dataDir,
        UNDERLAY_ADMIN_PASSWORD: opts.adminPassword,
        ...(opts.fleetStore
          ? {
              UNDERLAY_FLEET_STORE_SOCKET: opts.fleetStore.socket,
              UNDERLAY_FLEET_STORE_URL: opts.fleetStore.url,
            }
          : {}),
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  );
  const url = `http://127.0.0.1:${opts.port}`;
  const dashboard: Dashboard = { url, logFile, stop: () => stopGroup(child) };
  try {
    await waitForHttp(`${url}/login`, child, 120_000);
  } catch (error) {
    await dashboard.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)} (log: ${logFile})`);
  }
  return dashboard;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the dashboard exited with status ${child.exitCode} before answering`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dashboard did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the whole group, SIGKILL after 10 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // npm may exit before next does; the group is ours alone, so make sure it is gone.
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
