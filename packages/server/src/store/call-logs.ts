import type { CallLog, CallQuality, CallStatus, QualitySummary } from '@calling/protocol';
import type { Call } from '../calls/engine/call';
import { NO_VIDEO } from '../calls/engine/video';
import { callLogWrites } from './call-log-writes';
import type { Queryable } from './db';

export type { FinishedCall } from './call-log-writes';

interface CallLogRow {
  id: string;
  booking_id: string;
  caller_type: 'user' | 'provider';
  caller_id: string;
  receiver_id: string;
  call_status: CallStatus | null;
  duration: number;
  state: Call['state'];
  end_reason: string | null;
  ended_by: string | null;
  relay_only: boolean;
  caller_legacy: boolean;
  receiver_legacy: boolean;
  ring_deadline: Date | null;
  setup_deadline: Date | null;
  grace_deadline: Date | null;
  lost_at: Date | null;
  away_user_ids: string[];
  ringing_at: Date | null;
  answered_at: Date | null;
  answer_relayed_at: Date | null;
  connected_at: Date | null;
  ended_at: Date | null;
  quality: CallQuality | null;
  caller_quality: QualitySummary | null;
  receiver_quality: QualitySummary | null;
  video_seconds: number | null;
  created_at: Date;
  updated_at: Date;
}
type LiveRow = CallLogRow & {
  service_name: string;
  caller_name: string;
  receiver_name: string;
};

const ms = (d: Date | null) => (d ? new Date(d).getTime() : null);
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The row as participants see it over REST. */
export function toCallLog(r: CallLogRow): CallLog {
  return {
    id: r.id,
    booking_id: r.booking_id,
    caller_type: r.caller_type,
    caller_id: r.caller_id,
    receiver_id: r.receiver_id,
    call_status: r.call_status,
    duration: r.duration,
    end_reason: r.end_reason as CallLog['end_reason'],
    ended_by: r.ended_by,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
    ringing_at: iso(r.ringing_at),
    answered_at: iso(r.answered_at),
    connected_at: iso(r.connected_at),
    ended_at: iso(r.ended_at),
    quality: r.quality,
    caller_quality: r.caller_quality ?? null,
    receiver_quality: r.receiver_quality ?? null,
    video_seconds: r.video_seconds ?? null,
  };
}

function toCall(r: LiveRow): Call {
  return {
    id: r.id,
    bookingId: r.booking_id,
    serviceName: r.service_name,
    callerId: r.caller_id,
    callerName: r.caller_name,
    callerType: r.caller_type,
    receiverId: r.receiver_id,
    receiverName: r.receiver_name,
    state: r.state,
    relayOnly: r.relay_only,
    // The log keeps only whether a party was a seed client: enough for connectsOnAnswer after a restart.
    callerProtocol: r.caller_legacy ? 1 : 2,
    receiverProtocol: r.receiver_legacy ? 1 : 2,
    earlyOffer: null,
    ringsByPush: false,
    // Sockets belong to the process that bound them; after a restart every party counts as away.
    callerSocketId: null,
    receiverSocketId: null,
    callerDeviceId: null,
    receiverDeviceId: null,
    awayUserIds: r.away_user_ids ?? [],
    ringDeadline: ms(r.ring_deadline),
    setupDeadline: ms(r.setup_deadline),
    graceDeadline: ms(r.grace_deadline),
    lostAt: ms(r.lost_at),
    // A party's silence report lives with the live call only: after a restart both parties are away anyway.
    silentSince: null,
    createdAt: ms(r.created_at) ?? 0,
    ringingAt: ms(r.ringing_at),
    answeredAt: ms(r.answered_at),
    answerRelayedAt: ms(r.answer_relayed_at),
    connectedAt: ms(r.connected_at),
    endedAt: ms(r.ended_at),
    endReason: r.end_reason as Call['endReason'],
    endedBy: r.ended_by,
    // Video time is logged at the end only: a call taken over from its row counts what runs from then on.
    video: NO_VIDEO,
  };
}

export function callLogsRepo(db: Queryable) {
  return {
    ...callLogWrites(db),
    async live(): Promise<Call[]> {
      const { rows } = await db.query<LiveRow>(
        `select c.*, b.service_name, cu.name as caller_name, ru.name as receiver_name
         from call_logs c join bookings b on b.id = c.booking_id
           join users cu on cu.id = c.caller_id join users ru on ru.id = c.receiver_id
         where c.state <> 'ended'`,
      );
      return rows.map(toCall);
    },
    async byId(id: string): Promise<CallLog | null> {
      const r = (await db.query<CallLogRow>('select * from call_logs where id = $1', [id])).rows[0];
      return r ? toCallLog(r) : null;
    },
    /** The newest call on a booking in which `userId` took part, as caller or as receiver. */
    async latestWithParticipant(bookingId: string, userId: string): Promise<CallLog | null> {
      const r = (
        await db.query<CallLogRow>(
          `select * from call_logs where booking_id = $1 and (caller_id = $2 or receiver_id = $2)
           order by created_at desc, id desc limit 1`,
          [bookingId, userId],
        )
      ).rows[0];
      return r ? toCallLog(r) : null;
    },
    async history(bookingId: string, limit: number, before: string | undefined): Promise<CallLog[]> {
      const { rows } = await db.query<CallLogRow>(
        `select * from call_logs where booking_id = $1 and ($2::timestamptz is null or created_at < $2)
         order by created_at desc, id desc limit $3`,
        [bookingId, before ?? null, limit],
      );
      return rows.map(toCallLog);
    },
    /** Client-reported details: stored beside the server's facts, never over them. */
    async attachClientReport(id: string, report: object, quality: CallQuality | null): Promise<CallLog | null> {
      // Only a different report touches the row, so repeating the same POST leaves it exactly as it was.
      await db.query(
        `update call_logs set client_report = $2::jsonb, quality = coalesce($3::jsonb, quality), updated_at = now()
         where id = $1 and (client_report is distinct from $2::jsonb or ($3::jsonb is not null and quality is distinct from $3::jsonb))`,
        [id, JSON.stringify(report), quality ? JSON.stringify(quality) : null],
      );
      const r = (await db.query<CallLogRow>('select * from call_logs where id = $1', [id])).rows[0];
      return r ? toCallLog(r) : null;
    },
    /** A party's own quality summary, kept in its side's column; the same one again changes nothing. */
    async attachQualitySummary(id: string, side: 'caller' | 'receiver', summary: QualitySummary): Promise<void> {
      const column = side === 'caller' ? 'caller_quality' : 'receiver_quality';
      await db.query(
        `update call_logs set ${column} = $2::jsonb, updated_at = now() where id = $1 and ${column} is distinct from $2::jsonb`,
        [id, JSON.stringify(summary)],
      );
    },
  };
}
export type CallLogsRepo = ReturnType<typeof callLogsRepo>;
