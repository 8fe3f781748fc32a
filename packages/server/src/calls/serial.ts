/** Runs tasks one at a time, in order: call transitions must not interleave (busy checks, one terminal write). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => {});
    return result;
  }
  /** Resolves once everything queued so far has run. */
  drain(): Promise<void> {
    return this.tail.then(() => {});
  }
}
