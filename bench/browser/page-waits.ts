/** Waiting in the benches' pages (bundled into them): every wait has a timeout, every poll loop a count. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** p, or an error once ms passed. */
export function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out (${ms} ms) waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Polls ok every pollMs until it holds, or throws once ms passed (or after 10 000 polls). */
export async function until(
  what: string,
  ms: number,
  ok: () => Promise<boolean> | boolean,
  pollMs = 10,
): Promise<void> {
  const end = performance.now() + ms;
  for (let i = 0; i < 10_000 && performance.now() < end; i++) {
    if (await ok()) return;
    await sleep(pollMs);
  }
  throw new Error(`timed out (${ms} ms) waiting for ${what}`);
}

/** A promise with its resolve, resolved once (later calls do nothing). */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  done: boolean;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  const d: Deferred<T> = {
    promise,
    done: false,
    resolve: (v) => {
      if (d.done) return;
      d.done = true;
      resolve(v);
    },
  };
  return d;
}
