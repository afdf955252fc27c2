import { defineConfig } from '@playwright/test';

// Debian's Chromium (Playwright cannot download browsers here) with the flags
// that work on this kind of machine (shared/STACK.md). One worker: the tests
// share one lab and run in order. Timeouts are generous: two cores are shared
// with the lab's guests and other engineers' builds.

export default defineConfig({
  testDir: './tests',
  // One folder per lab: `npm test` runs two groups of specs at once, each on its
  // own lab, and Playwright empties its output folder when it starts.
  outputDir: `test-results/${process.env.UNDERLAY_E2E_LAB || 'e2e'}`,
  globalSetup: './src/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 180_000,
  globalTimeout: 30 * 60_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.UNDERLAY_E2E_URL,
    headless: true,
    viewport: { width: 1440, height: 900 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
