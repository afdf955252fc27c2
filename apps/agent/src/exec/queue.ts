// One operation at a time per host: the kernel state a plan was made against
// must still hold when it runs, so callers wait their turn in arrival order.

/** A FIFO of async jobs that never overlap. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private settledAt = 0;
  private closedReason: string | undefined;
  private readonly queuedListeners = new Set<() => void>();

  /** Runs `job` after every job queued before it has settled; resolves or rejects with it. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.closedReason) return Promise.reject(new Error(this.closedReason));
    this.pending++;
    for (const listener of this.queuedListeners) listener();
    const result = this.tail.then(job, job);
    const settle = () => {
      this.pending--;
      this.settledAt = Date.now();
    };
    this.tail = result.then(settle, settle);
    return result;
  }

  /** Calls `listener` (synchronously) whenever a job is queued, until the returned function is called. */
  onQueued(listener: () => void): () => void {
    this.queuedListeners.add(listener);
    return () => void this.queuedListeners.delete(listener);
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.pending;
  }

  /** When the last job settled (ms since the epoch; 0 before any): background work waits for a quiet spell. */
  get lastSettledAt(): number {
    return this.settledAt;
  }

  /** Refuses new jobs from now on (jobs already queued still run). */
  close(reason: string): void {
    this.closedReason = reason;
  }

  /** Resolves when everything queued so far has settled (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}
