/**
 * Group commit: statements that arrive while one batch is in flight go out together in the next one, as a single
 * statement. Under load one round trip carries many calls' writes or reads (far less database CPU per call); when
 * idle a statement goes out at once, alone, with no added delay.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve(r: R): void; reject(e: unknown): void }[] = [];
  private flushing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  run(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    while (this.queue.length > 0) {
      // One turn of the event loop first: what the sockets delivered meanwhile joins this batch. Without it an
      // in-process database (PGlite runs synchronously) would see batches of one.
      await new Promise((r) => setImmediate(r));
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((b) => b.item));
        for (const [i, b] of batch.entries()) b.resolve(results[i] as R);
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.flushing = false;
  }
}
