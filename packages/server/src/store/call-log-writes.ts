import { CALLABLE_BOOKING_STATUSES, type CallStatus } from '@calling/protocol';
import { type Call, isSeedProtocol } from '../calls/engine/call';
import { videoSecondsOf } from '../calls/engine/video';
import type { Queryable } from './db';
import { GroupCommit } from './group-commit';

/** What the log keeps of an ended call: the call, its seed status and its billed seconds. */
export interface FinishedCall {
  call: Call;
  status: CallStatus;
  duration: number;
}

const ts = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const column = <T>(items: T[], pick: (t: T) => unknown) => items.map(pick);
// The written ids come back as one text value: a row per id costs a driver (PGlite's above all) far more to parse.
const written = async (db: Queryable, sql: string, params: unknown[], ids: string[]) => {
  const { rows } = await db.query<{ ids: string | null }>(
    `with w as (${sql}) select string_agg(id::text, ',') as ids from w`,
    params,
  );
  const done = new Set(rows[0]?.ids?.split(',') ?? []);
  return ids.map((id) => done.has(id));
};

/**
 * The call log's three writes (ring, progress, end), each one statement per batch (unnest of arrays).
 * Each returns per call whether its row was written; an ended row is never touched again.
 */
export function callLogWrites(db: Queryable) {
  // `on conflict do nothing`: a booking that still has a live row refuses only that call, not the batch. The
  // booking must still be callable when the row is written: a cancel that landed after the call's booking read
  // (whose bookingClosed found no live call yet) refuses the call here, in the same statement.
  const insert = new GroupCommit<Call, boolean>((calls) =>
    written(
      db,
      `insert into call_logs (id, booking_id, caller_type, caller_id, receiver_id, state, relay_only, caller_legacy,
         receiver_legacy, ring_deadline, ringing_at, created_at, updated_at)
       select id, booking_id, caller_type, caller_id, receiver_id, 'ringing', relay_only, caller_legacy,
         receiver_legacy, ring_deadline, ringing_at, created_at, created_at
       from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::bool[], $7::bool[], $8::bool[],
         $9::timestamptz[], $10::timestamptz[], $12::timestamptz[])
         as v(id, booking_id, caller_type, caller_id, receiver_id, relay_only, caller_legacy, receiver_legacy,
           ring_deadline, created_at, ringing_at)
       where exists (select 1 from bookings b where b.id = v.booking_id and b.status = any($11::text[]))
       on conflict do nothing returning id`,
      [
        column(calls, (c) => c.id),
        column(calls, (c) => c.bookingId),
        column(calls, (c) => c.callerType),
        column(calls, (c) => c.callerId),
        column(calls, (c) => c.receiverId),
        column(calls, (c) => c.relayOnly),
        column(calls, (c) => isSeedProtocol(c.callerProtocol)),
        column(calls, (c) => isSeedProtocol(c.receiverProtocol)),
        column(calls, (c) => ts(c.ringDeadline)),
        column(calls, (c) => ts(c.createdAt)),
        CALLABLE_BOOKING_STATUSES,
        column(calls, (c) => ts(c.ringingAt)),
      ],
      calls.map((c) => c.id),
    ),
  );
  const progress = new GroupCommit<Call, boolean>((calls) =>
    written(
      db,
      `update call_logs c set state = v.state, receiver_legacy = v.receiver_legacy, caller_legacy = v.caller_legacy,
         ring_deadline = v.ring_deadline, setup_deadline = v.setup_deadline, grace_deadline = v.grace_deadline,
         lost_at = v.lost_at, away_user_ids = string_to_array(v.away, ',')::uuid[], answered_at = v.answered_at,
         answer_relayed_at = v.answer_relayed_at, connected_at = v.connected_at, ringing_at = v.ringing_at,
         updated_at = now()
       from unnest($1::uuid[], $2::text[], $3::bool[], $4::bool[], $5::timestamptz[], $6::timestamptz[], $7::text[],
         $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[],
         $13::timestamptz[])
         as v(id, state, receiver_legacy, caller_legacy, ring_deadline, grace_deadline, away, answered_at,
           answer_relayed_at, connected_at, setup_deadline, lost_at, ringing_at)
       where c.id = v.id and c.state <> 'ended' returning c.id`,
      [
        column(calls, (c) => c.id),
        column(calls, (c) => c.state),
        column(calls, (c) => isSeedProtocol(c.receiverProtocol)),
        column(calls, (c) => isSeedProtocol(c.callerProtocol)),
        column(calls, (c) => ts(c.ringDeadline)),
        column(calls, (c) => ts(c.graceDeadline)),
        column(calls, (c) => c.awayUserIds.join(',')),
        column(calls, (c) => ts(c.answeredAt)),
        column(calls, (c) => ts(c.answerRelayedAt)),
        column(calls, (c) => ts(c.connectedAt)),
        column(calls, (c) => ts(c.setupDeadline)),
        column(calls, (c) => ts(c.lostAt)),
        column(calls, (c) => ts(c.ringingAt)),
      ],
      calls.map((c) => c.id),
    ),
  );
  const finish = new GroupCommit<FinishedCall, boolean>((ended) =>
    written(
      db,
      `update call_logs c set state = 'ended', call_status = v.status, duration = v.duration,
         end_reason = v.end_reason, ended_by = v.ended_by, ended_at = v.ended_at, connected_at = v.connected_at,
         answered_at = v.answered_at, answer_relayed_at = v.answer_relayed_at, lost_at = v.lost_at, ring_deadline = null,
         setup_deadline = null, grace_deadline = null, away_user_ids = '{}', ringing_at = v.ringing_at,
         video_seconds = v.video_seconds, updated_at = now()
       from unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::uuid[], $6::timestamptz[], $7::timestamptz[],
         $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::int[])
         as v(id, status, duration, end_reason, ended_by, ended_at, connected_at, answered_at, answer_relayed_at,
           lost_at, ringing_at, video_seconds)
       where c.id = v.id and c.state <> 'ended' returning c.id`,
      [
        column(ended, (f) => f.call.id),
        column(ended, (f) => f.status),
        column(ended, (f) => f.duration),
        column(ended, (f) => f.call.endReason),
        column(ended, (f) => f.call.endedBy),
        column(ended, (f) => ts(f.call.endedAt)),
        column(ended, (f) => ts(f.call.connectedAt)),
        column(ended, (f) => ts(f.call.answeredAt)),
        column(ended, (f) => ts(f.call.answerRelayedAt)),
        column(ended, (f) => ts(f.call.lostAt)),
        column(ended, (f) => ts(f.call.ringingAt)),
        column(ended, (f) => videoSecondsOf(f.call)),
      ],
      ended.map((f) => f.call.id),
    ),
  );
  return {
    /** Written at ring; false if the booking still has a live row (the unique index) or is no longer callable. */
    insertRinging: (c: Call) => insert.run(c),
    /** A live call's progress (rang, answered, connected; deadlines for a restart). */
    recordProgress: (c: Call) => progress.run(c),
    /** The one terminal write: only the first for a given row wins. */
    finish: (f: FinishedCall) => finish.run(f),
  };
}
