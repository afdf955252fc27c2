// The hub's fleet store as its own process, for the agent's lab tests: the
// real handler (`createHubStoreHandler`) over a SQLite file, served on the
// lab's hub socket, which the lab's relay exposes to the guests on
// 192.0.2.1:7480. argv: SQLITE_PATH SOCKET TOKENS_JSON ({token: host}).
// Prints "ready" when it listens. SIGUSR2 arms a kill -9 of this process
// right after the next claim of a free block (its key compared absent) is committed
// and before it is answered (prints "armed"): the hub killed mid-claim.
import { rmSync } from 'node:fs';
import {
  createHubStoreHandler,
  type FleetStore,
  serveFetchHandler,
  SqliteFleetStore,
} from '@underlay/fleet-store/hub';

const [path, socket, tokensJson] = process.argv.slice(2);
const tokens = JSON.parse(tokensJson!) as Record<string, string>;
const sqlite = new SqliteFleetStore(path!);
let armed = false;
process.on('SIGUSR2', () => {
  armed = true;
  process.stdout.write('armed\n');
});

const store: FleetStore = {
  kind: sqlite.kind,
  where: sqlite.where,
  get: (key) => sqlite.get(key),
  list: (prefix) => sqlite.list(prefix),
  grantLease: (ttl) => sqlite.grantLease(ttl),
  keepAlive: (lease) => sqlite.keepAlive(lease),
  revokeLease: (lease) => sqlite.revokeLease(lease),
  close: () => sqlite.close(),
  txn: async (txn) => {
    const result = await sqlite.txn(txn);
    const claim = txn.compare.some((c) => c.modRevision === 0 && c.key.includes('/blocks/'));
    if (armed && claim && result.succeeded) process.kill(process.pid, 'SIGKILL');
    return result;
  },
};

const server = serveFetchHandler(
  createHubStoreHandler({ store, authenticate: (token) => tokens[token] ?? null }),
);
rmSync(socket!, { force: true }); // left by a killed predecessor
server.listen(socket!, () => process.stdout.write('ready\n'));
