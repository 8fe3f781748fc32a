import { RateLimiterMemory } from 'rate-limiter-flexible';
import { nextDeadline, type Timing } from '../calls/engine/transitions';
import { MAILBOX_SLACK_MS, MemoryMailbox } from '../calls/live/mailbox';
import { MemoryLiveCalls } from '../calls/live/memory-store';
import type { Logger } from '../ops/logger';
import { MemoryPresence } from '../presence/presence';
import type { CallLogsRepo } from '../store/call-logs';
import type { NodeMode } from './node-mode';

/**
 * One node without Redis: live calls in memory. What keeps them across a restart is the call log: at a
 * graceful stop every live call's state is written there, and the next start takes them back with both
 * parties away (their sockets are gone), so clients resume or the grace period ends the call.
 */
export function singleNode(deps: {
  nodeId: string;
  callLogs: CallLogsRepo;
  timing: Timing;
  logger: Logger;
  now?: () => number;
}): NodeMode {
  const live = new MemoryLiveCalls();
  const now = deps.now ?? Date.now;
  return {
    kind: 'single',
    nodeId: deps.nodeId,
    live,
    mailbox: new MemoryMailbox(deps.timing.reconnectGraceMs + MAILBOX_SLACK_MS, now),
    presence: new MemoryPresence(deps.timing.reconnectGraceMs, now),
    limiter: (_name, points, duration) => new RateLimiterMemory({ points, duration }),
    ping: async () => {},
    async start() {
      const at = now();
      for (const stored of await deps.callLogs.live()) {
        const call =
          stored.state === 'ringing'
            ? stored
            : {
                ...stored,
                awayUserIds: [stored.callerId, stored.receiverId],
                graceDeadline: stored.graceDeadline ?? at + deps.timing.reconnectGraceMs,
                lostAt: stored.lostAt ?? at,
              };
        await live.create(call, nextDeadline(call));
        deps.logger.info({ callId: call.id, state: call.state }, 'call restored after restart');
      }
    },
    async stop() {
      // Both parties are lost to this process from now: if nobody resumes, talk is billed until the stop.
      const at = now();
      for (const call of await live.all()) {
        const snapshot = call.state === 'ringing' ? call : { ...call, lostAt: call.lostAt ?? at };
        await deps.callLogs.recordProgress(snapshot).catch(() => {});
      }
    },
  };
}
