import type { TestProject } from 'vitest/node';
import { bundleGuestEntry } from './bundle.js';

// Bundles netlink for the guests and hands the path to the tests. The lab
// itself is booted by the lab package's global setup (added to the config
// when the lab exists).
export default async function setup(project: TestProject): Promise<void> {
  project.provide('guestBundle', await bundleGuestEntry());
}

declare module 'vitest' {
  export interface ProvidedContext { guestBundle: string }
}
