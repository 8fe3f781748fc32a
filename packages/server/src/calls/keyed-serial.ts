/**
 * Runs tasks one at a time per key, in order, and different keys side by side: two events on one call never
 * interleave on this node (across nodes the store's compare-and-set orders them), other calls never wait.
 */
export class KeyedSerial {
  private tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(task, task);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
  /** Resolves once everything queued so far has run. */
  async drain(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
