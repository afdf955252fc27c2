// Runs before `next start`: with UNDERLAY_LAB=name, the running lab's hosts
// join the fleet registry (idempotent), so the hub connects to them at start.
// A separate step because @underlay/lab ships TypeScript that only tsx loads.
import { env } from '../src/env';
import { openDb } from '../src/server/db';
import { attachLabHosts } from '../src/server/fleet/lab';

const settings = env();
if (settings.labName) {
  const db = openDb(settings.dataDir);
  try {
    const names = await attachLabHosts(db, settings.labName);
    console.log(
      `underlay dashboard: registered lab "${settings.labName}" hosts: ${names.join(', ')}`,
    );
  } catch (error) {
    console.error(
      `underlay dashboard: could not attach lab "${settings.labName}": ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  } finally {
    db.close();
  }
}
