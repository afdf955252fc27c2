// Fleet IPAM benchmark (issue 15): prints figures; asserts only that no
// address was handed out twice. Run: pnpm --filter @underlay/fleet-store bench
import { benchHeldBlock } from './held-block';
import { benchStores } from './stores';

await benchHeldBlock();
await benchStores();
