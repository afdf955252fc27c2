import { expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD } from './settings.js';

/** Logs in through the form and waits for the Fleet page it lands on (`origin`: another dashboard than the suite's). */
export async function logIn(
  page: Page,
  password: string = ADMIN_PASSWORD,
  origin = '',
): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/fleet$/);
  // The URL changes when the navigation commits: wait for the page's scripts too, as `goto` does.
  await page.waitForLoadState('load');
}
