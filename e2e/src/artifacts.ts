import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { ARTIFACTS_DIR } from './settings.js';

/** Screenshot of the page, attached to the test's report and copied to e2e/artifacts/NAME.png. */
export async function saveScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const copy = join(ARTIFACTS_DIR, `${name}.png`);
  copyFileSync(path, copy);
  return copy;
}
