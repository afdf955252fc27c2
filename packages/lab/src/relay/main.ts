// The relay, run inside the lab's network namespace: it listens on unix
// sockets in the lab's run directory and pipes each connection to a guest's
// TCP port, so processes in the machine's root namespace reach the guests
// without any change to that namespace (unix sockets are named in the
// filesystem, not in a network namespace). The other way, `--expose` listens
// on a lab address (192.0.2.1, the mgmt bridge) and pipes each connection to
// a unix socket on the machine: the hub's fleet store for the guests' agents.
//
// Usage: relay.js --route SOCKET=ADDRESS:PORT [--route …]
//                 [--expose ADDRESS:PORT=SOCKET …] [--pid-file FILE]
import { unlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

interface Route {
  socket: string;
  host: string;
  port: number;
}

function parseRoutes(argv: string[]): Route[] {
  const routes: Route[] = [];
  argv.forEach((arg, i) => {
    if (arg !== '--route') return;
    const match = /^(.+)=(.+):(\d+)$/.exec(argv[i + 1] ?? '');
    if (!match) throw new Error(`--route must be SOCKET=ADDRESS:PORT, got "${argv[i + 1] ?? ''}"`);
    routes.push({ socket: match[1] as string, host: match[2] as string, port: Number(match[3]) });
  });
  return routes;
}

function parseExposes(argv: string[]): Route[] {
  const exposes: Route[] = [];
  argv.forEach((arg, i) => {
    if (arg !== '--expose') return;
    const match = /^(.+):(\d+)=(.+)$/.exec(argv[i + 1] ?? '');
    if (!match) throw new Error(`--expose must be ADDRESS:PORT=SOCKET, got "${argv[i + 1] ?? ''}"`);
    exposes.push({ host: match[1] as string, port: Number(match[2]), socket: match[3] as string });
  });
  return exposes;
}

function pipe(client: Socket, route: Route, toSocket = false): void {
  // No Nagle on the guest's side: a client's second small write (tRPC's
  // connectionParams, then its call) otherwise waits for the first one's
  // delayed ACK, 40 ms per call (docs/perf.md, operations end to end).
  const upstream = toSocket
    ? connect(route.socket)
    : connect({ port: route.port, host: route.host, noDelay: true });
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.pipe(upstream);
  upstream.pipe(client);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // absent already
  }
}

function listen(route: Route): Server {
  removeQuietly(route.socket);
  return createServer((client) => pipe(client, route)).listen(route.socket);
}

// A connection waits for nothing: when the socket's server is not running, it is closed at once.
function expose(route: Route): Server {
  return createServer((client) => pipe(client, route, true)).listen(route.port, route.host);
}

const argv = process.argv.slice(2);
const routes = parseRoutes(argv);
const servers = [...routes.map(listen), ...parseExposes(argv).map(expose)];
const pidFile = argv[argv.indexOf('--pid-file') + 1];
if (argv.includes('--pid-file') && pidFile) writeFileSync(pidFile, `${process.pid}\n`);

function stop(): void {
  for (const server of servers) server.close();
  for (const route of routes) removeQuietly(route.socket);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
