import type { Page } from '@playwright/test';

// The address blocks each host holds on a network's segments, as the hub's
// fleet store records them (the dashboard's `networks.blocks` query, called
// with the page's session): what the lease tests check addresses against.

interface BlocksAnswer {
  result: {
    data: {
      json: { segments: { subnet: string; hosts: { host: string; blocks: string[] }[] }[] };
    };
  };
}

/** Host → blocks of `subnet` of network `name`, per the hub's store. */
export async function heldBlocks(
  page: Page,
  name: string,
  subnet: string,
): Promise<Record<string, string[]>> {
  const input = encodeURIComponent(JSON.stringify({ json: { network: name } }));
  const response = await page.request.get(`/api/trpc/networks.blocks?input=${input}`);
  if (!response.ok()) throw new Error(`networks.blocks: HTTP ${response.status()}`);
  const { segments } = ((await response.json()) as BlocksAnswer).result.data.json;
  const segment = segments.find((s) => s.subnet === subnet);
  return Object.fromEntries((segment?.hosts ?? []).map((h) => [h.host, h.blocks]));
}
