import type { KernelLinkEvent } from '../kernel/port';
import type { ServiceDeps } from '../service/deps';
import { refillHostLists } from '../kernel/link-cache';

// Kernel link events become agent events, and a link that appears may be the
// missing parent of a degraded network: `onAppear` gets the chance to restore it.

/** Follows host link events until `signal` aborts; never throws (a watch failure is logged). */
export async function watchLinks(
  deps: ServiceDeps,
  opts: { signal: AbortSignal; onAppear: (link: string) => Promise<void> },
): Promise<void> {
  // The monitor needs a moment to subscribe; until then changes could be missed, so the cache stays off.
  // Addresses are cached only when the kernel's monitor follows them too; any event may change them (a link's go with it).
  const addresses = deps.kernel.addressEvents ? deps.addresses : undefined;
  // Once live, both lists are read (after 100 quiet ms, in one run), so the first operation after a start finds them filled.
  const arm = setTimeout(() => {
    deps.kernel.readsFollowEvents?.(true);
    deps.links.setLive(true);
    addresses?.setLive(true);
    refillHostLists(deps.links, addresses);
  }, 500);
  const onAddress = () => addresses?.invalidate();
  try {
    for await (const event of deps.kernel.linkEvents(opts.signal, onAddress)) {
      if (isTemporary(event.link)) continue;
      deps.links.invalidate();
      addresses?.invalidate();
      publishLinkEvent(deps, event);
      if (event.type === 'added' || event.type === 'up')
        await opts
          .onAppear(event.link)
          .catch((err: Error) =>
            deps.log.warn(
              { link: event.link, err: err.message },
              'restoring a degraded network failed',
            ),
          );
    }
  } catch (err) {
    if (!opts.signal.aborted)
      deps.log.error({ err: (err as Error).message }, 'link event watch stopped');
  } finally {
    clearTimeout(arm);
    deps.kernel.readsFollowEvents?.(false);
    deps.links.setLive(false);
    addresses?.setLive(false);
  }
}

// Links named ulv… exist for an instant during a connect, before they move into a container.
const isTemporary = (name: string): boolean => /^ulv[0-9a-f]{7}$/.test(name);

function publishLinkEvent(deps: ServiceDeps, event: KernelLinkEvent): void {
  const type =
    event.type === 'added'
      ? 'link.added'
      : event.type === 'removed'
        ? 'link.removed'
        : event.type === 'up'
          ? 'link.up'
          : 'link.down';
  deps.bus.publish({ type, link: event.link });
}
