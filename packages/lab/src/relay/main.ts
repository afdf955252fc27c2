// The relay, run inside the lab's network namespace: it listens on unix
// sockets in the lab's run directory and pipes each connection to a guest's
// TCP port, so processes in the machine's root namespace reach the guests
// without any change to that namespace (unix sockets are named in the
// filesystem, not in a network namespace).
//
// Usage: relay.js --route SOCKET=ADDRESS:PORT [--route …] [--pid-file FILE]
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

function pipe(client: Socket, route: Route): void {
  const upstream = connect(route.port, route.host);
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

const argv = process.argv.slice(2);
const routes = parseRoutes(argv);
const servers = routes.map(listen);
const pidFile = argv[argv.indexOf('--pid-file') + 1];
if (argv.includes('--pid-file') && pidFile) writeFileSync(pidFile, `${process.pid}\n`);

function stop(): void {
  for (const server of servers) server.close();
  for (const route of routes) removeQuietly(route.socket);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
