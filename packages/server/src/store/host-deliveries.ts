import type { Queryable } from './db';

/** The call events a host is told of, in the order a call lives them. */
export const CALL_EVENT_TYPES = ['call.started', 'call.answered', 'call.ended'] as const;
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

/** One event owed to the host: its id is the webhook's idempotency id, the same on every attempt. */
export interface DueDelivery {
  eventId: string;
  callId: string;
  type: CallEventType;
  attempts: number;
}

/** Where each type of event is in the call log, by its row. */
const FOUND_BY: Record<CallEventType, string> = {
  'call.started': 'true',
  'call.answered': 'c.answered_at is not null',
  'call.ended': "c.state = 'ended'",
};

/** Which call events are owed to the host and which were delivered (the events themselves are the call log). */
export function hostDeliveriesRepo(db: Queryable) {
  return {
    /** When the webhook was first switched on here; set now if it never was. */
    async since(): Promise<Date> {
      await db.query('insert into host_webhook_state (id, since) values (1, now()) on conflict do nothing');
      const { rows } = await db.query<{ since: Date }>('select since from host_webhook_state where id = 1');
      return new Date(rows[0]?.since ?? Date.now());
    },
    /**
     * Records every event of calls whose row changed after `after` (and started after `since`) that is not
     * recorded yet. Idempotent: run it over the same window again and nothing doubles.
     */
    async discover(after: Date, since: Date): Promise<void> {
      for (const type of CALL_EVENT_TYPES) {
        await db.query(
          `insert into host_deliveries (event_id, call_id, type)
           select $3 || ':' || c.id, c.id, $3 from call_logs c
           where c.updated_at > $1 and c.created_at >= $2 and ${FOUND_BY[type]}
           on conflict do nothing`,
          [after.toISOString(), since.toISOString(), type],
        );
      }
    },
    /**
     * Takes up to `limit` due events and moves each one's next attempt out (doubling from `retry.firstS` up to
     * `retry.maxS`), so no other node takes it meanwhile; if this node dies mid-delivery, it comes due again.
     */
    async claimDue(limit: number, retry: { firstS: number; maxS: number }): Promise<DueDelivery[]> {
      const { rows } = await db.query<{ event_id: string; call_id: string; type: CallEventType; attempts: number }>(
        `update host_deliveries d set attempts = d.attempts + 1,
           next_attempt_at = now() + make_interval(secs => least(power(2, d.attempts) * $2, $3))
         where d.event_id in (
           select event_id from host_deliveries where delivered_at is null and next_attempt_at <= now()
           order by created_at, event_id limit $1 for update skip locked)
         returning d.event_id, d.call_id, d.type, d.attempts`,
        [limit, retry.firstS, retry.maxS],
      );
      const order = (t: CallEventType) => CALL_EVENT_TYPES.indexOf(t);
      return rows
        .map((r) => ({ eventId: r.event_id, callId: r.call_id, type: r.type, attempts: r.attempts }))
        .sort((a, b) => a.callId.localeCompare(b.callId) || order(a.type) - order(b.type));
    },
    async delivered(eventId: string): Promise<void> {
      await db.query('update host_deliveries set delivered_at = now(), last_error = null where event_id = $1', [
        eventId,
      ]);
    },
    async failed(eventId: string, error: string): Promise<void> {
      await db.query('update host_deliveries set last_error = $2 where event_id = $1', [eventId, error.slice(0, 500)]);
    },
  };
}
export type HostDeliveriesRepo = ReturnType<typeof hostDeliveriesRepo>;
