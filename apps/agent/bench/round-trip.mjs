// The baseline of `underlay network ls` in bench/cli.bench.ts: a bare node
// start, node:http, one POST over the agent's socket (networks.list, as the
// CLI's HTTP call makes it: tRPC's batch form, token as a bearer), exit.
// No tRPC client: the least any HTTP client of the agent must do. Plain JS on
// purpose: nothing but node itself is loaded.
//   node bench/round-trip.mjs SOCKET TOKEN
import { request } from 'node:http';
import process from 'node:process';

const [socketPath, token] = process.argv.slice(2);
const body = '{}';
const req = request(
  {
    socketPath,
    path: '/trpc/networks.list?batch=1',
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': body.length, // ASCII
    },
  },
  (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (text += chunk));
    res.on('end', () => {
      const [answer] = JSON.parse(text);
      if (!answer?.result) throw new Error(`agent answered ${res.statusCode}: ${text}`);
      process.stdout.write(`${answer.result.data.length}\n`);
    });
  },
);
req.end(body);
