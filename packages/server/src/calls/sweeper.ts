import { CallingError } from '@calling/protocol';
import type { Logger } from '../ops/logger';
import { nextDeadline } from './engine/transitions';
import type { LiveCallStore } from './live/store';
import type { CallService } from './service';

export interface SweeperDeps {
  live: LiveCallStore;
  calls: CallService;
  logger: Logger;
  /** How often every node looks for due deadlines. A deadline this node set is also looked at on time. */
  intervalMs: number;
  /** An ended call whose log write failed is written again after this long. */
  finishRetryMs: number;
  /** Extra work each round (a cluster node lets go of dead nodes' sockets). */
  also?: () => Promise<void>;
  now?: () => number;
}

/**
 * Every node sweeps the shared deadline schedule and applies what is due through the same compare-and-set as
 * any event, so each deadline fires exactly once across the cluster. A deadline stays scheduled until its
 * transition is written: a failed write, a crashed node or a timer that fired early only delays it.
 */
export class Sweeper {
  private interval: NodeJS.Timeout | null = null;
  private wakeAt: { at: number; timer: NodeJS.Timeout } | null = null;
  private running: Promise<void> | null = null;
  private lastFinishRetry = 0;
  private readonly now: () => number;

  constructor(private readonly deps: SweeperDeps) {
    this.now = deps.now ?? Date.now;
  }

  start() {
    this.interval = setInterval(() => void this.sweep(), this.deps.intervalMs);
    this.interval.unref();
  }

  /** A deadline at `at`: sweep then instead of up to one interval later. */
  wake(at: number) {
    const delay = at - this.now();
    if (delay >= this.deps.intervalMs || (this.wakeAt && this.wakeAt.at <= at)) return;
    if (this.wakeAt) clearTimeout(this.wakeAt.timer);
    const timer = setTimeout(
      () => {
        this.wakeAt = null;
        void this.sweep();
      },
      Math.max(0, delay),
    );
    timer.unref();
    this.wakeAt = { at, timer };
  }

  async stop() {
    if (this.interval) clearInterval(this.interval);
    if (this.wakeAt) clearTimeout(this.wakeAt.timer);
    this.interval = null;
    this.wakeAt = null;
    await this.running;
  }

  /** One round; rounds never overlap on a node. */
  sweep(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round() {
    const { live, calls, logger } = this.deps;
    try {
      const now = this.now();
      const due = await live.due(now, 200);
      await Promise.all(
        due.map(async (id) => {
          try {
            const after = await calls.apply(id, { type: 'deadline' });
            // Nothing was due after all (the schedule ran ahead of the call): follow the call's own deadline.
            const next = nextDeadline(after);
            if (after.state !== 'ended' && (next === null || next > now)) await live.reschedule(id, next);
          } catch (err) {
            if (err instanceof CallingError && err.code === 'no_live_call') await live.reschedule(id, null);
            else throw err;
          }
        }),
      );
      if (now - this.lastFinishRetry >= this.deps.finishRetryMs) {
        this.lastFinishRetry = now;
        for (const call of await live.finishing()) {
          if ((call.endedAt ?? 0) <= now - this.deps.finishRetryMs) await calls.writeFinished(call);
        }
      }
      await this.deps.also?.();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'deadline sweep failed; retrying next round');
    }
  }
}
