// `lab`: up, down, status and exec for the real-kernel lab.
import { constants } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { attachLab } from './attach-lab.js';
import { startLab } from './start-lab.js';
import { labStatus } from './status.js';
import { stopLab } from './stop-lab.js';

function parseHosts(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new InvalidArgumentError(`N must be a whole number from 1 to 8, got "${value}"`);
  return n;
}

function stamp(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(6);
}

async function up(
  hosts: number,
  opts: { name: string; agent: boolean; timeout: string },
): Promise<void> {
  const started = Date.now();
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`lab: ${signal}: stopping the boot and removing what was started`);
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const lab = await startLab({
    hosts,
    name: opts.name,
    agent: opts.agent,
    timeoutMs: Number(opts.timeout) * 1000,
    signal: abort.signal,
    onProgress: (msg) => console.log(`[${stamp(started)}] ${msg}`),
  });
  console.log(
    `[${stamp(started)}] lab ${lab.name} is up (namespace ${lab.netns}, run dir ${lab.runDir})`,
  );
  for (const host of lab.hosts)
    console.log(
      `  ${host.name}  ${host.mgmtAddress}  exec ${host.execSocket}  agent ${host.agentSocket}`,
    );
}

async function down(opts: { name: string }): Promise<void> {
  const started = Date.now();
  await stopLab({ name: opts.name });
  console.log(
    `lab ${opts.name} is down (${((Date.now() - started) / 1000).toFixed(1)} s); no guest, tap, relay or namespace remains`,
  );
}

async function status(opts: { name: string; json: boolean }): Promise<void> {
  const s = await labStatus({ name: opts.name });
  if (opts.json) return void console.log(JSON.stringify(s, null, 2));
  if (!s.up)
    return void console.log(
      `lab ${s.name} is not up${s.netnsPresent ? ` (but namespace ${s.netns} exists: run lab down)` : ''}`,
    );
  console.log(
    `lab ${s.name}: namespace ${s.netns} ${s.netnsPresent ? 'present' : 'MISSING'}, relay ${s.relayPids.join(', ') || 'NOT RUNNING'}`,
  );
  for (const g of s.guests) {
    console.log(
      `  ${g.name}  pid ${g.pid ?? '-'} ${g.running ? 'running' : 'stopped'}  ${g.mgmtAddress}  ${g.answering ? 'answering' : 'NOT answering'}`,
    );
  }
}

async function exec(
  host: string,
  argv: string[],
  opts: { name: string; timeout: string },
): Promise<void> {
  // With passThroughOptions commander keeps the `--` that ends lab's own options.
  if (argv[0] === '--') argv = argv.slice(1);
  if (argv.length === 0)
    throw new Error(
      'exec: give the command to run after the host, e.g. lab exec host-a -- ip -d link',
    );
  const lab = await attachLab({ name: opts.name });
  const result = await lab.host(host).exec(argv, { timeoutMs: Number(opts.timeout) * 1000 });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  // Like a shell: 128 + the signal's number when the command was killed.
  const signalNumber = result.signal
    ? (constants.signals[result.signal as NodeJS.Signals] ?? 0)
    : 0;
  process.exitCode = result.signal ? 128 + signalNumber : result.exitCode;
}

// Like `docker-machine env`: the exports that point the underlay CLI at a guest's agent.
async function env(host: string, opts: { name: string }): Promise<void> {
  const guest = (await attachLab({ name: opts.name })).host(host);
  const quote = (word: string) =>
    /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
  process.stdout.write(
    `export UNDERLAY_HOST=${quote(guest.agentSocket)}\n` +
      `export UNDERLAY_TOKEN_FILE=${quote(join(guest.stateDir, 'token'))}\n` +
      `# eval "$(lab env ${host}${opts.name === 'lab' ? '' : ` --name ${opts.name}`})"\n`,
  );
}

const program = new Command('lab')
  .enablePositionalOptions()
  .description(
    'real Linux kernels (user-mode-linux guests) on an 802.1Q trunk, in a private network namespace',
  );
const nameOption = ['-n, --name <name>', 'lab name (namespace underlay-NAME)', 'lab'] as const;

program
  .command('up')
  .argument('[N]', 'number of guests, 1–8', parseHosts, 2)
  .option(...nameOption)
  .option('--no-agent', 'do not start apps/agent in the guests (it starts when built)')
  .option('--timeout <seconds>', 'how long the guests may take to answer', '120')
  .description('boot a lab of N guests (replacing an earlier lab of that name)')
  .action(up);
program
  .command('down')
  .option(...nameOption)
  .description('stop the lab and assert that nothing of it remains')
  .action(down);
program
  .command('status')
  .option(...nameOption)
  .option('--json', 'machine-readable', false)
  .description('guests, pids, addresses, answering or not')
  .action(status);
program
  .command('env')
  .argument('<host>', 'host-a, host-b…')
  .option(...nameOption)
  .description('print the exports that point the underlay CLI at a guest: eval "$(lab env host-a)"')
  .action(env);
program
  .command('exec')
  .argument('<host>', 'host-a, host-b…')
  .argument('<command...>', 'program and arguments (after --)')
  .option(...nameOption)
  .option('--timeout <seconds>', 'kill the command after this long', '60')
  .passThroughOptions()
  .description("run a command in a guest's root namespace; exits with its status")
  .action(exec);

program.parseAsync().catch((error: unknown) => {
  console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
