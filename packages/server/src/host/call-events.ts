import type { CallEventData } from '@calling/protocol';
import type { Logger } from '../ops/logger';
import type { CallLogsRepo } from '../store/call-logs';
import type { HostDeliveriesRepo } from '../store/host-deliveries';
import type { HostWebhook } from './webhook';

/** Rows are stamped by the database's clock and looked for by this node's: this much skew is tolerated. */
const CLOCK_SLACK_MS = 60_000;
/** A restarted node looks this far back for events nobody recorded (a node that died right after a write). */
const BOOT_LOOKBACK_MS = 24 * 3600_000;
const BATCH = 20;

export interface CallEventsDeps {
  deliveries: HostDeliveriesRepo;
  callLogs: CallLogsRepo;
  webhook: HostWebhook;
  logger: Logger;
  intervalMs: number;
  retry: { firstS: number; maxS: number };
}

/**
 * Tells the host's webhook of every call's start, answer and end. The events are found in the call log (so
 * a crash never loses one), recorded once per event id, and delivered at least once: a failed delivery is
 * retried with backoff by whichever node comes to it, for as long as the host is away.
 */
export function callEvents(deps: CallEventsDeps) {
  let since: Date | null = null;
  let lookedUntil = Date.now() - BOOT_LOOKBACK_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;

  async function deliver(eventId: string, callId: string, type: string) {
    const call = await deps.callLogs.byId(callId);
    if (!call) return deps.deliveries.delivered(eventId); // the row is gone: there is nothing to tell
    try {
      await deps.webhook.deliver(type, { call } satisfies CallEventData, eventId);
      await deps.deliveries.delivered(eventId);
    } catch (err) {
      await deps.deliveries.failed(eventId, err instanceof Error ? err.message : String(err));
    }
  }

  async function tick() {
    since ??= await deps.deliveries.since();
    const now = Date.now();
    await deps.deliveries.discover(new Date(Math.max(lookedUntil - CLOCK_SLACK_MS, 0)), since);
    lookedUntil = now;
    for (let more = true; more; ) {
      const due = await deps.deliveries.claimDue(BATCH, deps.retry);
      for (const d of due) await deliver(d.eventId, d.callId, d.type);
      more = due.length === BATCH;
    }
  }

  const schedule = () => {
    timer = setTimeout(() => {
      running = tick()
        .catch((err) => deps.logger.warn({ err }, 'host call events: this round failed; the next one retries'))
        .finally(() => {
          running = null;
          if (timer) schedule();
        });
    }, deps.intervalMs);
  };
  return {
    /** Before the node takes its first call, so no call of this run is older than `since`. */
    async start() {
      since = await deps.deliveries.since();
      schedule();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    /** One round now (tests). */
    tick,
  };
}
