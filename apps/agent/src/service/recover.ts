import {
  deleteContainer,
  deleteEndpoint,
  deleteNetwork,
  deleteShim,
  listContainers,
  listEndpoints,
  listNetworks,
  openEntries,
  closeEntries,
  releaseOwnedLink,
  type JournalEntry,
  type RecordRef,
} from '../store';
import { describeOp } from '../exec/executor';
import { inversesOf, metNothing, runLeniently } from '../exec/run-plan';
import type { ServiceDeps } from './deps';

// Start-up recovery from the intent journal (before the addresses are restored
// and before serving). Each open entry is an operation a crash cut:
// - `undo` (create, connect): the steps handed to the kernel are undone, last
//   first, unless the operation's records were written (then it had finished);
//   a half connect holds addresses nobody recorded, so taking it back is the
//   only state both sides agree on without guessing what the caller wanted.
// - `finish` (disconnect, rm): what it deletes cannot be put back (a deleted
//   link's addresses and routes are gone), so its remaining steps run and its
//   records are forgotten, as the operation would have done.
// Steps met with nothing to act on (ENODEV, ENOENT…) count as done: the crash
// may have fallen before or after any of them.

/** What recovery did with one entry. */
export interface Recovered {
  operation: string;
  action: 'undone' | 'finished' | 'completed';
  steps: number;
  failures: string[];
}

const recorded = (deps: ServiceDeps, ref: RecordRef): boolean => {
  if ('network' in ref) return listNetworks(deps.db).some((n) => n.id === ref.network);
  if ('container' in ref) return listContainers(deps.db).some((c) => c.name === ref.container);
  const { network, container } = ref.endpoint;
  return listEndpoints(deps.db).some((e) => e.networkId === network && e.container === container);
};

/** Removes the records `ref` names (and a pid- or path-attached container's namespace name). */
async function forget(deps: ServiceDeps, ref: RecordRef): Promise<void> {
  const { db } = deps;
  if ('endpoint' in ref) {
    const { network, container } = ref.endpoint;
    for (const e of listEndpoints(db))
      if (e.networkId === network && e.container === container) deleteEndpoint(db, e.id);
  } else if ('container' in ref) {
    const container = listContainers(db).find((c) => c.name === ref.container);
    if (!container) return;
    for (const e of listEndpoints(db)) if (e.container === container.name) deleteEndpoint(db, e.id);
    const named = container.source.pid !== undefined || container.source.path !== undefined;
    if (container.origin === 'attached' && named)
      if ((await deps.kernel.netnsList()).includes(container.netns))
        await deps.kernel.netnsDetach(container.netns);
    deleteContainer(db, container.name);
  } else {
    const network = listNetworks(db).find((n) => n.id === ref.network);
    if (!network) return;
    db.transaction(() => {
      deleteShim(db, network.id);
      deleteNetwork(db, network.id);
      releaseOwnedLink(db, { name: network.parent, networkId: network.id });
    })();
  }
}

/** Undoes or finishes one entry, then closes it. */
async function recoverEntry(deps: ServiceDeps, entry: JournalEntry): Promise<Recovered> {
  const { operation, steps } = entry;
  let result: Recovered;
  if (entry.recovery === 'undo') {
    if (entry.refs.length > 0 && entry.refs.every((r) => recorded(deps, r)))
      result = { operation, action: 'completed', steps: 0, failures: [] };
    else {
      const inverses = inversesOf(steps.slice(0, entry.begun));
      const { ran, failures } = await runLeniently(deps.kernel, inverses, metNothing);
      result = { operation, action: 'undone', steps: ran, failures: failures.map(text) };
    }
  } else {
    const rest = steps.slice(entry.done);
    const { ran, failures } = await runLeniently(deps.kernel, rest, metNothing);
    for (const ref of entry.refs) await forget(deps, ref);
    result = { operation, action: 'finished', steps: ran, failures: failures.map(text) };
  }
  closeEntries(deps.db, [entry.id]);
  return result;
}

const text = (f: { op: Parameters<typeof describeOp>[0]; message: string }): string =>
  `${describeOp(f.op)}: ${f.message}`;

/** Finishes or undoes every operation a crash cut (newest first), announcing each; call once at start, before serving. */
export async function recoverJournal(deps: ServiceDeps): Promise<Recovered[]> {
  const out: Recovered[] = [];
  for (const entry of openEntries(deps.db)) {
    const recovered = await recoverEntry(deps, entry);
    out.push(recovered);
    deps.bus.publish({ type: 'operation.recovered', ...recovered });
    const log = recovered.failures.length ? deps.log.error : deps.log.warn;
    log.call(
      deps.log,
      { ...recovered, started: entry.started },
      'recovered an operation a crash cut',
    );
  }
  if (out.length) deps.links.invalidate();
  return out;
}
