import { expect, type Locator, type Page } from '@playwright/test';
import type { FormName } from '../../apps/agent/test/corpus/rows-form.js';

// The dashboard's three forms filled from a corpus row (issue 16): the row's
// fields over a valid base, then a submit (the form's own requestSubmit, as
// Enter does, so a button disabled by errors already shown is no obstacle).

/** Valid values each row starts from (the spec prepares fnet, fc1 and fc2 on host-a). */
export const BASES: Record<FormName, Record<string, string>> = {
  network: { name: 'fbad', hosts: 'host-a,host-b', parent: 'eth0.70', subnet: '10.71.0.0/24' },
  connect: { host: 'host-a', network: 'fnet', container: 'fc2' },
  host: { name: 'fhost', address: '/run/underlay/fhost.sock', token: 'fhost-token' },
};

const CONNECT_ERRORS: Record<string, string> = {
  host: 'cn-host-error',
  network: 'cn-network-error',
  container: 'cn-container-error',
  ipv4Address: 'cn-ip-error',
  ipv6Address: 'cn-ip6-error',
};

/** The test id of the error list next to `field` in `form`. */
export function errorTestId(form: FormName, field: string): string {
  if (form === 'network') return `nf-error-${field}`;
  if (form === 'connect') return CONNECT_ERRORS[field] ?? `cn-${field}-error`;
  return `host-form-${field}-error`;
}

/** The form element of `form` on its page. */
export function formOf(page: Page, form: FormName): Locator {
  return page.getByTestId(
    { network: 'network-form', connect: 'connect-form', host: 'host-form' }[form],
  );
}

/** Opens the form's page and types the row's fields over the base. */
export async function fillRow(
  page: Page,
  form: FormName,
  fields: Record<string, string>,
): Promise<void> {
  const f = { ...BASES[form], ...fields };
  if (form === 'network') return fillNetwork(page, f);
  if (form === 'connect') return fillConnect(page, f);
  await page.goto('/fleet');
  await openHostForm(page);
  for (const key of ['name', 'address', 'token', 'tlsCa'])
    await page.getByTestId(`host-form-${key}`).fill(f[key] ?? '');
}

/**
 * Opens the Fleet page's add-host form. The page may come from a full
 * navigation (the login's `location.assign`, a `goto`): a click that lands
 * before React has hydrated the button is lost, so it clicks until the form
 * shows (opening it again is a no-op).
 */
export async function openHostForm(page: Page): Promise<void> {
  await expect(async () => {
    await page.getByTestId('host-add').click();
    await expect(page.getByTestId('host-form-name')).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 30_000 });
}

async function fillNetwork(page: Page, f: Record<string, string>): Promise<void> {
  await page.goto('/networks/new');
  // Hydrated, with the hosts and their networks known (the button waits for both).
  await expect(page.getByTestId('nf-submit')).toBeEnabled();
  // Hosts first: a bad name's error appearing on blur would move the checkboxes under the click.
  for (const host of (f.hosts ?? '').split(',').filter(Boolean))
    await page.getByTestId(`nf-host-${host}`).check();
  await page.getByTestId('nf-name').fill(f.name ?? '');
  await page.getByTestId('nf-parent').fill(f.parent ?? '');
  if (f.mode) await page.getByTestId('nf-mode').selectOption(f.mode);
  await page.getByTestId('nf-subnet').fill(f.subnet ?? '');
  await page.getByTestId('nf-gateway').fill(f.gateway ?? '');
  await page.getByTestId('nf-iprange').fill(f.ipRange ?? '');
  if (f.subnet6 !== undefined || f.gateway6 !== undefined) {
    await page.getByTestId('nf-ipv6').check();
    await page.getByTestId('nf-subnet6').fill(f.subnet6 ?? '');
    await page.getByTestId('nf-gateway6').fill(f.gateway6 ?? '');
  }
}

async function fillConnect(page: Page, f: Record<string, string>): Promise<void> {
  await page.goto('/containers');
  await page.getByTestId('cn-host').selectOption({ label: f.host ?? '' });
  if (f.network) await page.getByTestId('cn-network').selectOption(f.network);
  if (f.container) await page.getByTestId('cn-container').selectOption(f.container);
  await page.getByTestId('cn-ip').fill(f.ipv4Address ?? '');
  await page.getByTestId('cn-ip6').fill(f.ipv6Address ?? '');
}

/** Submits the form the way Enter would. */
export async function submitForm(page: Page, form: FormName): Promise<void> {
  await formOf(page, form).evaluate((el) => (el as HTMLFormElement).requestSubmit());
}

/** The hub's view of what could have changed: each host's networks (with endpoint counts) and the fleet's hosts. */
export async function hubState(page: Page): Promise<string> {
  const read = async (proc: string) =>
    (
      (await (await page.request.get(`/api/trpc/${proc}`)).json()) as {
        result: { data: { json: unknown } };
      }
    ).result.data.json;
  const networks = (await read('networks.list')) as {
    host: string;
    ok: boolean;
    value?: { name: string }[];
  }[];
  const fleet = (await read('fleet.list')) as { name: string }[];
  const nets = networks.map((o) => `${o.host}:${(o.value ?? []).map((n) => n.name).sort()}`);
  return JSON.stringify({ nets: nets.sort(), hosts: fleet.map((h) => h.name).sort() });
}
