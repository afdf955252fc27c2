import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fleetJsonSchema } from '../src/fleet-file/json-schema';

// Writes schemas/fleet.schema.json from the zod schema (pnpm --filter @underlay/core schema).
const target = fileURLToPath(new URL('../../../schemas/fleet.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
