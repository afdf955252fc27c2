import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  announcedSubnets,
  BgpConfigSchema,
  DomainError,
  renderBirdFragment,
  validateBgpConfig,
  type BgpConfig,
  type BgpStatus,
} from '@underlay/core';
import type { ServiceDeps } from '../service/deps';
import { getSetting, listNetworks, putSetting } from '../store';
import { birdCommand, type BirdReply } from './birdc';

// BGP announcements through BIRD 2: the agent writes its fragment (static
// protocol of its L3 subnets + a session per neighbour) and asks BIRD to
// reload (`configure` on the control socket) whenever the config or a network
// changes. BIRD itself is the host's (or the lab's) to run; its config
// includes the fragment. A BIRD that is not running is reported, not an error:
// it reads the fragment when it starts.

const KEY = 'bgp';
const NONE: BirdReply = { ok: false, message: '' };

/** What bgpService keeps between calls: BIRD's last answer and the chain of applies. */
interface BgpState {
  deps: ServiceDeps;
  last: BirdReply;
  chain: Promise<unknown>;
}

/** What is announced, with the settings and BIRD's last answer. */
function statusOf(s: BgpState): BgpStatus {
  const config = getSetting<BgpConfig>(s.deps.db, KEY) ?? null;
  const announced = config?.enabled
    ? announcedSubnets(listNetworks(s.deps.db)).map(({ dst, network }) => ({ dst, network }))
    : [];
  return { config, announced, reload: s.last };
}

/** Writes the fragment and reloads BIRD, one at a time, in order. */
function apply(s: BgpState): Promise<BgpStatus> {
  const { deps } = s;
  const run = s.chain.then(async () => {
    const config = getSetting<BgpConfig>(deps.db, KEY);
    if (!config) return statusOf(s);
    await mkdir(dirname(config.fragment), { recursive: true });
    await writeFile(config.fragment, renderBirdFragment(config, listNetworks(deps.db)));
    s.last = await birdCommand(config.socket, 'configure');
    if (!s.last.ok)
      deps.log.warn({ socket: config.socket, reply: s.last.message }, 'BIRD reload failed');
    return statusOf(s);
  });
  s.chain = run.catch(() => undefined);
  return run;
}

/** Validates and stores the BGP settings, writes the fragment and reloads BIRD; bad settings change nothing. */
async function setBgp(s: BgpState, input: unknown): Promise<BgpStatus> {
  const config = BgpConfigSchema.parse(input);
  const issues = validateBgpConfig(config);
  if (issues.length) throw new DomainError(issues);
  putSetting(s.deps.db, KEY, config);
  return apply(s);
}

/** Follows network changes until the returned function is called. */
function followNetworks(s: BgpState): () => void {
  const { deps } = s;
  return deps.bus.onEvent((event) => {
    if (event.type !== 'network.created' && event.type !== 'network.removed') return;
    if (!getSetting<BgpConfig>(deps.db, KEY)) return;
    apply(s).catch((err: Error) => deps.log.warn({ err: err.message }, 'BGP update failed'));
  });
}

/** BGP operations and the follower that keeps announcements in step with networks. */
export function bgpService(deps: ServiceDeps) {
  const s: BgpState = { deps, last: NONE, chain: Promise.resolve() };
  return {
    /** Validates and stores the BGP settings, writes the fragment and reloads BIRD; bad settings change nothing. */
    set: (input: unknown): Promise<BgpStatus> => setBgp(s, input),
    /** What is announced, with the settings and BIRD's last answer. */
    get: (): BgpStatus => statusOf(s),
    /** Follows network changes until the returned function is called. */
    follow: (): (() => void) => followNetworks(s),
  };
}
