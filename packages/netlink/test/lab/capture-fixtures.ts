// Records the guest fixtures of the unit tests from a running lab:
//   UNDERLAY_LAB_NAME=netlink tsx test/lab/capture-fixtures.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleGuestEntry } from './bundle.js';
import { labHosts } from './guests.js';

const dir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const [host] = await labHosts();
if (!host) throw new Error('no lab host');
const bundle = await bundleGuestEntry();
const files = (await host.call(bundle, 'captureJson')) as Record<string, string>;
for (const [name, text] of Object.entries(files)) writeFileSync(`${dir}${name}`, text);
const stderr = await host.exec(['bash', `${dir}capture-stderr.sh`]);
if (stderr.exitCode !== 0) throw new Error(stderr.stderr);
writeFileSync(`${dir}stderr-guest.jsonl`, stderr.stdout);
console.log(`wrote ${Object.keys(files).length + 1} fixtures to ${dir}`);
