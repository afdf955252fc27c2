import { fileURLToPath } from 'node:url';

// The suite's fixed settings, in one place. The dashboard's URL is only known
// once global setup has found a free port; it reaches the workers through the
// environment, which Playwright hands from the runner to every worker.

/** The lab the suite boots: its own name, so it never meets `npm start`'s lab or other labs (UNDERLAY_E2E_LAB renames it). */
export const LAB_NAME = process.env.UNDERLAY_E2E_LAB || 'e2e';

/** The two lab guests, as the lab names them. */
export const HOSTS = ['host-a', 'host-b'] as const;

/** Known admin password for the suite's fresh dashboard (UNDERLAY_ADMIN_PASSWORD). */
export const ADMIN_PASSWORD = 'e2e-admin-password';

/** Repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Copies of the screenshots, kept between runs (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url));

const URL_VAR = 'UNDERLAY_E2E_URL';

/** Set by global setup once the dashboard answers. */
export function publishDashboardUrl(url: string): void {
  process.env[URL_VAR] = url;
}

/** The dashboard's base URL, e.g. http://127.0.0.1:41234. */
export function dashboardUrl(): string {
  const url = process.env[URL_VAR];
  if (!url)
    throw new Error(
      `${URL_VAR} is not set: run the suite through playwright test so global setup starts the dashboard`,
    );
  return url;
}
