// Events come in bursts (a connect publishes several; a browser tab refetches
// on each, and so does every other open tab), and each refresh reads a whole
// host. Per key, at most one read runs and at most one more waits: a caller
// that arrives while a read runs shares the next one, which starts when the
// running one ends, so it still sees everything that happened before it asked.

/** Runs `load` for `key` unless a read is running; then joins (or queues) the one after it. */
export type RefreshGate<K, V> = (key: K, load: () => Promise<V>) => Promise<V>;

interface Slot<V> {
  running: Promise<V>;
  next?: Promise<V>;
}

/** A gate with its own slots (one per hub module, or per test). */
export function createRefreshGate<K, V>(): RefreshGate<K, V> {
  const slots = new Map<K, Slot<V>>();
  const run = (key: K, load: () => Promise<V>): Promise<V> => {
    const running = load();
    slots.set(key, { running });
    const clear = () => {
      if (slots.get(key)?.running === running) slots.delete(key);
    };
    void running.then(clear, clear);
    return running;
  };
  return (key, load) => {
    const slot = slots.get(key);
    if (!slot) return run(key, load);
    // A failed read must not fail the callers queued behind it: they get a read of their own.
    slot.next ??= slot.running.then(
      () => run(key, load),
      () => run(key, load),
    );
    return slot.next;
  };
}
