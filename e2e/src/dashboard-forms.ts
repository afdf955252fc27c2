import { expect, type Page } from '@playwright/test';

// The dashboard's forms as a user fills them, by their test ids.

export interface NetworkInput {
  name: string;
  hosts: readonly string[];
  parent: string;
  subnet: string;
  gateway?: string;
}

/** Opens /networks/new and fills it in (without submitting). */
export async function fillNetworkForm(page: Page, input: NetworkInput): Promise<void> {
  await page.goto('/networks/new');
  await page.getByTestId('nf-name').fill(input.name);
  for (const host of input.hosts) await page.getByTestId(`nf-host-${host}`).check();
  await page.getByTestId('nf-parent').fill(input.parent);
  await page.getByTestId('nf-subnet').fill(input.subnet);
  if (input.gateway) await page.getByTestId('nf-gateway').fill(input.gateway);
  // Leave the last field, as a user tabbing on: the form checks a field when it is left.
  await page.keyboard.press('Tab');
}

/** Submits the network form and waits for the network's page and the toast naming every host. */
export async function submitNetworkForm(
  page: Page,
  hosts: readonly string[],
  name?: string,
): Promise<void> {
  const network = name ?? (await page.getByTestId('nf-name').inputValue());
  await page.getByTestId('nf-submit').click();
  await expect(page).toHaveURL(new RegExp(`/networks/${network}$`), { timeout: 60_000 });
  await expect(page.getByTestId('toast')).toContainText(
    `${network} created on ${[...hosts].sort().join(', ')}`,
  );
}

/** Creates container `name` on `host` from /containers and waits for its row. */
export async function createContainer(page: Page, host: string, name: string): Promise<void> {
  await page.getByTestId('cf-host').selectOption({ label: host });
  await page.getByTestId('cf-name').fill(name);
  await page.getByTestId('cf-submit').click();
  await expect(page.getByTestId(`container-row-${host}-${name}`)).toBeVisible({ timeout: 60_000 });
}

/** Connects `container` to `network` on `host`, with a static IPv4 address when `ip` is given. */
export async function connectContainer(
  page: Page,
  opts: { host: string; network: string; container: string; ip?: string },
): Promise<void> {
  await page.getByTestId('cn-host').selectOption({ label: opts.host });
  await page.getByTestId('cn-network').selectOption(opts.network);
  await page.getByTestId('cn-container').selectOption(opts.container);
  await page.getByTestId('cn-ip').fill(opts.ip ?? '');
  const done = page.waitForResponse(
    (r) => r.url().includes('networks.connect') && r.request().method() === 'POST',
    { timeout: 60_000 },
  );
  await page.getByTestId('cn-submit').click();
  expect((await done).ok()).toBe(true);
  await expect(page.getByTestId('cn-ok')).toBeVisible();
}

/** The network namespace of `container` on `host`, as the Containers page lists it (that page open). */
export async function containerNetns(page: Page, host: string, container: string): Promise<string> {
  return (
    (await page
      .getByTestId(`container-row-${host}-${container}`)
      .locator('td')
      .nth(2)
      .getAttribute('data-netns')) ?? ''
  ).trim();
}
