// Polling helpers shared by the hub's tests (unit and lab tiers).

/** Resolves once `check()` holds; fails after `timeoutMs`, polling every `everyMs`. */
export async function until(check: () => boolean, timeoutMs = 8000, everyMs = 25): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
