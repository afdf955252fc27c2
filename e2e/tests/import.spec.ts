import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { networkNames, underlay } from '../src/agent-cli.js';
import { saveScreenshot } from '../src/artifacts.js';
import { logIn } from '../src/login.js';
import { HOSTS } from '../src/settings.js';

// Issue 18's Import page against the two-host lab: a NetOps table with one bad
// row is refused at that row and nothing reaches the hosts; the fixed table is
// planned per host, applied with progress, and then exists on the hosts (read
// back with the agent CLI); the same file again, and the page's own export,
// plan no changes.
test.describe.configure({ mode: 'serial' });

const HEADER = 'name,vlan,parent,subnet,gateway,hosts';
const ROW_10 = 'imp10,10,eth0,172.16.110.0/24,172.16.110.1,all';
const row20 = (subnet: string) => `imp20,20,eth0,${subnet},172.16.120.1,host-a`;
const BAD = [HEADER, ROW_10, row20('172.16.120.7/24'), ''].join('\n');
const GOOD = [HEADER, ROW_10, row20('172.16.120.0/24'), ''].join('\n');

/** The parent an agent recorded for `network` (Docker-shaped inspect, underlay's Parent field). */
async function parentOf(host: string, network: string): Promise<string | undefined> {
  const [found] = JSON.parse(await underlay(host, ['network', 'inspect', network])) as {
    Parent?: string;
  }[];
  return found?.Parent;
}

async function openImport(page: Page): Promise<void> {
  await logIn(page);
  await page.getByTestId('nav-import').click();
  await expect(page).toHaveURL(/\/import$/);
}

test('a table with one bad row: the error at that row and column, Apply disabled, no host changed', async ({
  page,
}, testInfo) => {
  const before = await Promise.all(HOSTS.map((h) => networkNames(h)));
  await openImport(page);
  await page.getByTestId('import-text').fill(BAD);
  const issue = page.getByTestId('import-issue');
  await expect(issue).toHaveCount(1);
  await expect(issue).toHaveAttribute('data-row', '2');
  await expect(issue).toHaveAttribute('data-column', '4');
  await expect(issue).toHaveAttribute('data-code', 'SUBNET_HOST_BITS');
  await expect(issue).toContainText('row 2, column 4 (line 3)');
  await expect(issue).toContainText('networks[1].subnets[0].subnet');
  // The source line is shown above its error.
  await expect(page.getByTestId('import-issues')).toContainText('172.16.120.7/24');
  await expect(page.getByTestId('import-plan')).toHaveCount(0);
  await expect(page.getByTestId('import-apply')).toBeDisabled();
  await saveScreenshot(page, testInfo, 'import-error');
  const after = await Promise.all(HOSTS.map((h) => networkNames(h)));
  expect(after).toEqual(before);
  expect(after.flat()).not.toContain('imp10');
});

test('the fixed table: planned per host, applied with progress, then on the hosts with their VLAN parents', async ({
  page,
}, testInfo) => {
  await openImport(page);
  await page.getByTestId('import-text').fill(GOOD);
  const planA = page.getByTestId('import-plan-host-a');
  await expect(planA.getByTestId('import-action')).toHaveCount(2);
  await expect(planA).toContainText('imp20');
  await expect(planA).toContainText('eth0.20');
  const planB = page.getByTestId('import-plan-host-b');
  await expect(planB.getByTestId('import-action')).toHaveCount(1);
  await expect(planB).not.toContainText('imp20');
  await expect(page.getByTestId('import-summary')).toHaveText(
    'Plan: 3 to create, 0 to change, 0 to remove on 2 of 2 host(s).',
  );

  await saveScreenshot(page, testInfo, 'import-plan');
  await page.getByTestId('import-apply').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Apply this plan?');
  await expect(dialog).toContainText('Plan: 3 to create');
  await dialog.getByTestId('modal-confirm').click();
  await expect(dialog).toHaveCount(0);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByTestId('import-progress-host-a')).toContainText('[2/2] done');
  await expect(page.getByTestId('import-progress-host-b')).toContainText('[1/1] done');
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('host-a: applied (2/2 steps)');
  await expect(report).toContainText('host-b: applied (1/1 steps)');
  await expect(page.getByTestId('import-report-summary')).toHaveText(
    'Apply: 2 host(s) applied, 0 unchanged, 0 failed, 0 not started.',
  );
  // The plan is read again after the apply: nothing is left to do.
  await expect(page.getByTestId('import-summary')).toContainText('No changes');
  await saveScreenshot(page, testInfo, 'import');

  expect(await networkNames('host-a')).toEqual(expect.arrayContaining(['imp10', 'imp20']));
  expect(await networkNames('host-b')).toContain('imp10');
  expect(await networkNames('host-b')).not.toContain('imp20');
  expect(await parentOf('host-a', 'imp10')).toBe('eth0.10');
  expect(await parentOf('host-a', 'imp20')).toBe('eth0.20');
  expect(await parentOf('host-b', 'imp10')).toBe('eth0.10');
});

test('the same table again, and the downloaded export, plan no changes', async ({ page }) => {
  await openImport(page);
  await page.getByTestId('import-text').fill(GOOD);
  await expect(page.getByTestId('import-summary')).toHaveText(
    'No changes: 2 host(s) match the file (3 network(s)).',
  );
  await expect(page.getByTestId('import-no-changes')).toBeVisible();
  await expect(page.getByTestId('import-apply')).toBeDisabled();

  const download = page.waitForEvent('download');
  await page.getByTestId('import-export').click();
  const exported = readFileSync(await (await download).path(), 'utf8');
  expect(exported).toContain('name: imp10');
  expect(exported).toContain('name: imp20');
  await page.getByTestId('import-text').fill(exported);
  await expect(page.getByTestId('import-file-name')).toHaveText('pasted.yaml');
  await expect(page.getByTestId('import-summary')).toHaveText(
    'No changes: 2 host(s) match the file (3 network(s)).',
  );
});

test('a label added to a row is an update in place on each host that has it', async ({ page }) => {
  await openImport(page);
  const labelled = [
    `${HEADER},labels`,
    `${ROW_10},team=netops`,
    `${row20('172.16.120.0/24')},`,
    '',
  ].join('\n');
  await page.getByTestId('import-text').fill(labelled);
  for (const host of HOSTS) {
    const action = page.getByTestId(`import-plan-${host}`).getByTestId('import-action');
    await expect(action).toHaveCount(1);
    await expect(action).toHaveAttribute('data-network', 'imp10');
    await expect(action).toContainText('update in place');
    await expect(action).toContainText('(none) → team=netops');
  }
  await expect(page.getByTestId('import-summary')).toHaveText(
    'Plan: 0 to create, 2 to change, 0 to remove on 2 of 2 host(s).',
  );
  await page.getByTestId('import-apply').click();
  await page.getByRole('dialog').getByTestId('modal-confirm').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'finished', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('import-progress-host-a')).toContainText('[1/1] done');
  await expect(page.getByTestId('import-summary')).toContainText('No changes');
  for (const host of HOSTS) {
    const [found] = JSON.parse(await underlay(host, ['network', 'inspect', 'imp10'])) as {
      Labels?: Record<string, string>;
    }[];
    expect(found?.Labels).toEqual({ team: 'netops' });
  }
});
