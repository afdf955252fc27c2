import type { TestProject } from 'vitest/node';
import { bundleGuestEntry } from './bundle.js';

// Bundles netlink for the guests and hands the path to the tests. The lab
// itself is booted (and torn down, checking nothing is left) by the lab
// package's global setup, listed before this one.
export default async function setup(project: TestProject): Promise<void> {
  project.provide('guestBundle', await bundleGuestEntry());
}

declare module 'vitest' {
  export interface ProvidedContext {
    guestBundle: string;
  }
}
