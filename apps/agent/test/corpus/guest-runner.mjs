// Runs a batch of corpus rows inside a lab guest, in one process (the guest
// starts processes slowly): CNI rows exec the built underlay-cni with their
// environment and stdin; Docker rows POST their body to the plugin socket.
// Reads {plugin, socket, cni: [{env, stdin}], docker: [{endpoint, body}]} on
// stdin and prints {cni: [{exitCode, stdout}], docker: [{status, text}]}.
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import process from 'node:process';

const post = (socket, endpoint, body) =>
  new Promise((resolve) => {
    const req = request(
      { socketPath: socket, path: endpoint, method: 'POST', agent: false, timeout: 20000 },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, text: String(e) }));
    req.on('timeout', () => req.destroy(new Error('no answer in 20 s')));
    req.end(body);
  });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
// The row's environment and the guest's GLIBC_TUNABLES alone: without it the static plugin's glibc picks AVX2
// string code, which a guest (x87/SSE registers only) corrupts (test/lab/cni-plugin.ts).
const tunables = process.env.GLIBC_TUNABLES ? { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES } : {};
const cni = (job.cni ?? []).map(({ env, stdin }) => {
  const r = spawnSync(job.plugin, [], {
    env: { ...env, ...tunables },
    input: stdin,
    timeout: 20000,
    encoding: 'utf8',
  });
  return { exitCode: r.status ?? -1, stdout: r.stdout ?? '' };
});
const docker = [];
for (const { endpoint, body } of job.docker ?? [])
  docker.push(await post(job.socket, endpoint, body));
process.stdout.write(JSON.stringify({ cni, docker }));
