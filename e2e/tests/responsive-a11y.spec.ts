import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { networkNames, underlay } from '../src/agent-cli.js';
import { saveScreenshot } from '../src/artifacts.js';
import { logIn } from '../src/login.js';

// Issue 19, problem 8, the rest of the basics: at 390 px the nav ran off the
// screen and the topology canvas shrank to a 30 px strip; there was no dark
// mode; nothing checked accessibility. Every page is checked at 390×844 (no
// horizontal overflow, canvas ≥ 300 px with its sidebar under it), in the
// dark scheme (dark body), and by axe-core in both schemes (no serious or
// critical violation). Screenshots: `390-PAGE`, `dark-PAGE` (artifacts).
// Not serial: a failing check does not hide the others' results.

const PAGES = [
  { name: 'login', path: '/login' },
  { name: 'fleet', path: '/fleet' },
  { name: 'networks', path: '/networks' },
  { name: 'network-new', path: '/networks/new' },
  { name: 'network-page', path: '/networks/rsp73' },
  { name: 'containers', path: '/containers' },
  { name: 'topology', path: '/topology' },
  { name: 'matrix', path: '/matrix' },
  { name: 'events', path: '/events' },
  { name: 'import', path: '/import' },
] as const;

test.beforeAll(async () => {
  // Something on every page: a network with a container on host-a (once: a failed test restarts the worker).
  if ((await networkNames('host-a')).includes('rsp73')) return;
  await underlay('host-a', [
    'network',
    'create',
    '-d',
    'ipvlan',
    '--subnet',
    '172.16.73.0/24',
    '-o',
    'parent=eth0.73',
    'rsp73',
  ]);
  await underlay('host-a', ['container', 'create', 'rsp-c1']);
  await underlay('host-a', ['network', 'connect', 'rsp73', 'rsp-c1']);
});

/** Opens each page (logged out for /login, then logged in) and runs `check` on it once it shows its heading. */
async function eachPage(page: Page, check: (name: string) => Promise<void>): Promise<void> {
  for (const { name, path } of PAGES) {
    if (name === 'fleet') await logIn(page);
    await page.goto(path);
    await expect(page.locator('h1').first()).toBeVisible();
    if (name === 'topology') await expect(page.getByTestId('topology-canvas')).toBeVisible();
    await page.waitForTimeout(300); // let the first data render
    await check(name);
  }
}

test.describe('at 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('no page scrolls sideways, the nav stays on screen, the topology canvas keeps its height', async ({
    page,
  }, testInfo) => {
    await eachPage(page, async (name) => {
      const width = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      expect(width.scroll, `${name}: document wider than the screen`).toBeLessThanOrEqual(
        width.viewport,
      );
      if (name !== 'login') {
        const right = await page
          .locator('[data-testid="nav"] a')
          .evaluateAll((links) => Math.max(...links.map((a) => a.getBoundingClientRect().right)));
        expect(right, `${name}: nav runs off screen`).toBeLessThanOrEqual(390);
      }
      if (name === 'topology') {
        const canvas = await page.getByTestId('topology-canvas').boundingBox();
        const aside = await page.locator('aside').first().boundingBox();
        expect(canvas?.height ?? 0).toBeGreaterThanOrEqual(300);
        expect(aside?.y ?? 0, 'sidebar under the canvas').toBeGreaterThanOrEqual(
          (canvas?.y ?? 0) + (canvas?.height ?? 0),
        );
      }
      await saveScreenshot(page, testInfo, `390-${name}`);
    });
  });
});

test.describe('in the dark scheme', () => {
  test.use({ colorScheme: 'dark' });

  test('every page has a dark background', async ({ page }, testInfo) => {
    await eachPage(page, async (name) => {
      const lightness = await page.evaluate(() => {
        // Paint the body's colour on a canvas to read it as sRGB whatever notation it is in (oklch).
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
      });
      expect(lightness, `${name}: body background is not dark`).toBeLessThan(0.2);
      await saveScreenshot(page, testInfo, `dark-${name}`);
    });
  });
});

/** Serious and critical axe violations on the page, one line each. */
async function axeProblems(page: Page, name: string, testInfo: TestInfo): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0)
    await testInfo.attach(`axe-${name}`, {
      body: JSON.stringify(bad, null, 2),
      contentType: 'application/json',
    });
  return bad.map(
    (v) =>
      `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`axe-core, ${scheme}`, () => {
    test.use({ colorScheme: scheme });

    test(`no serious or critical violation on any page (${scheme})`, async ({ page }, testInfo) => {
      const problems: string[] = [];
      await eachPage(page, async (name) => {
        problems.push(...(await axeProblems(page, `${scheme}-${name}`, testInfo)));
      });
      expect(problems).toEqual([]);
    });
  });
}
