// The baseline of `underlay network ls` in bench/cli.bench.ts: a bare node
// start, the tRPC ws client, one connect and one call (networks.list), exit.
// Plain JS on purpose: nothing but what any client of the agent must load.
//   node bench/round-trip.mjs SOCKET TOKEN
import { createTRPCUntypedClient, createWSClient, wsLink } from '@trpc/client';
import process from 'node:process';
import WebSocket from 'ws';

const [socket, token] = process.argv.slice(2);
const ws = createWSClient({
  url: `ws+unix://${socket}:/`,
  WebSocket,
  connectionParams: { token },
  lazy: { enabled: true, closeMs: 0 },
});
const client = createTRPCUntypedClient({ links: [wsLink({ client: ws })] });
const networks = await client.query('networks.list');
process.stdout.write(`${networks.length}\n`);
await ws.close();
