import type { Logger } from '../ops/logger';
import type { Metrics } from '../ops/metrics';
import { type Call, statusOf } from './engine/call';
import type { CallEvent } from './engine/events';

/** Metrics and the one log line per call transition: never phone numbers, tokens or SDP. */
export function observeTransition(
  deps: { metrics: Metrics; logger: Logger },
  before: Call,
  after: Call,
  event: CallEvent,
) {
  const { metrics, logger } = deps;
  if (before.answeredAt === null && after.answeredAt !== null) {
    metrics.ringToAnswer.observe((after.answeredAt - after.createdAt) / 1000);
  }
  if (before.connectedAt === null && after.connectedAt !== null && after.answeredAt !== null) {
    metrics.answerToConnected.observe((after.connectedAt - after.answeredAt) / 1000);
  }
  const ended = after.state === 'ended';
  if (ended) metrics.callsEnded.inc({ reason: after.endReason ?? 'unknown_error', status: statusOf(after) });
  if (before.state !== after.state || ended || event.type === 'socket_lost' || event.type === 'resume') {
    logger.info(
      {
        callId: after.id,
        bookingId: after.bookingId,
        event: event.type,
        from: before.state,
        to: after.state,
        ...(ended ? { reason: after.endReason, status: statusOf(after), endedBy: after.endedBy } : {}),
        away: after.awayUserIds.length || undefined,
      },
      'call transition',
    );
  }
}
