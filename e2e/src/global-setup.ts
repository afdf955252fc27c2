import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labLeftovers, startLab, stopLab, type Lab } from '@underlay/lab';
import { startDashboard, type Dashboard } from './dashboard-server.js';
import { freePort } from './free-port.js';
import { ADMIN_PASSWORD, LAB_NAME, publishDashboardUrl } from './settings.js';

// The world the suite runs in, as `npm start` builds it: a two-host lab with
// agents, then the dashboard in a fresh data directory registering that lab
// and serving its fleet store to the agents (fleet-wide address blocks).
// The returned function is Playwright's teardown: it runs even when tests fail.

/** The dashboard's log sits next to the test results (e2e/test-results, gitignored). */
const LOG_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

const log = (line: string) => console.log(`[e2e] ${line}`);

/** Boots lab `e2e` and the dashboard; returns the teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const lab = await startLab({
    hosts: 2,
    name: LAB_NAME,
    agent: true,
    onProgress: (msg) => log(`lab: ${msg}`),
  });
  log(`lab ${lab.name} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const dataDir = mkdtempSync(join(tmpdir(), 'underlay-e2e-web-'));
  let dashboard: Dashboard | undefined;
  try {
    dashboard = await startDashboard({
      port: await freePort(),
      dataDir,
      labName: LAB_NAME,
      adminPassword: ADMIN_PASSWORD,
      logDir: LOG_DIR,
      fleetStore: { socket: lab.hubSocket, url: lab.hubStoreUrl },
    });
  } catch (error) {
    await tearDown(lab, undefined, dataDir);
    throw error;
  }
  publishDashboardUrl(dashboard.url);
  log(
    `dashboard at ${dashboard.url} (log ${dashboard.logFile}), ${((Date.now() - started) / 1000).toFixed(1)} s after start`,
  );
  return () => tearDown(lab, dashboard, dataDir);
}

/** Stops the dashboard and the lab, and fails when anything of the lab remains. */
async function tearDown(
  lab: Lab,
  dashboard: Dashboard | undefined,
  dataDir: string,
): Promise<void> {
  await dashboard?.stop();
  await stopLab({ name: lab.name });
  const left = await labLeftovers(lab.name, lab.runDir);
  rmSync(dataDir, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`lab ${lab.name} left behind:\n  ${left.join('\n  ')}`);
  log(`lab ${lab.name} and the dashboard are gone`);
}
