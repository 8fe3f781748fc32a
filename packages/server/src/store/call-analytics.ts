import type { AnalyticsDay } from '@calling/protocol';
import type { Queryable } from './db';

interface DayRow {
  day: string;
  calls: number | string;
  completed: number | string;
  missed: number | string;
  rejected: number | string;
  failed: number | string;
  answered: number | string;
  dial_p50: number | string | null;
  dial_p90: number | string | null;
  ring_p50: number | string | null;
  ring_p90: number | string | null;
  audio_p50: number | string | null;
  audio_p90: number | string | null;
}
const n = (v: number | string | null) => (v === null ? null : Number(v));
const pct = (p50: number | string | null, p90: number | string | null) =>
  p50 === null || p90 === null ? null : { p50: Math.round(Number(p50)), p90: Math.round(Number(p90)) };

/** The operators' numbers, computed in SQL (the same on PostgreSQL and PGlite) over ended calls. */
export function callAnalyticsRepo(db: Queryable) {
  return {
    async days(from: string, to: string): Promise<AnalyticsDay[]> {
      // [from, to] in whole UTC days: the range is half-open on the day after `to`.
      const range = [from, to];
      const where = `call_status is not null and created_at >= $1::date and created_at < $2::date + 1`;
      const day = `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`;
      // Rows from before ringing_at was kept rang when they were made.
      const rangAt = 'coalesce(ringing_at, created_at)';
      const { rows } = await db.query<DayRow>(
        `select ${day} as day, count(*) as calls,
           count(*) filter (where call_status = 'completed') as completed,
           count(*) filter (where call_status = 'missed') as missed,
           count(*) filter (where call_status = 'rejected') as rejected,
           count(*) filter (where call_status = 'failed') as failed,
           count(*) filter (where answered_at is not null) as answered,
           percentile_cont(0.5) within group (order by extract(epoch from ringing_at - created_at) * 1000)
             filter (where ringing_at is not null) as dial_p50,
           percentile_cont(0.9) within group (order by extract(epoch from ringing_at - created_at) * 1000)
             filter (where ringing_at is not null) as dial_p90,
           percentile_cont(0.5) within group (order by extract(epoch from answered_at - ${rangAt}) * 1000)
             filter (where answered_at is not null) as ring_p50,
           percentile_cont(0.9) within group (order by extract(epoch from answered_at - ${rangAt}) * 1000)
             filter (where answered_at is not null) as ring_p90,
           percentile_cont(0.5) within group (order by extract(epoch from connected_at - answered_at) * 1000)
             filter (where connected_at is not null and answered_at is not null) as audio_p50,
           percentile_cont(0.9) within group (order by extract(epoch from connected_at - answered_at) * 1000)
             filter (where connected_at is not null and answered_at is not null) as audio_p90
         from call_logs where ${where} group by 1 order by 1`,
        range,
      );
      const reasons = await db.query<{ day: string; end_reason: string; calls: number | string }>(
        `select ${day} as day, end_reason, count(*) as calls from call_logs where ${where} group by 1, 2`,
        range,
      );
      // Each party's summary counts once: the caller's and the receiver's side of every call.
      const parties = await db.query<{
        day: string;
        bucket: string | null;
        relayed: number | string;
        total: number | string;
      }>(
        `select day, bucket, count(*) filter (where path = 'relay') as relayed, count(*) as total from (
           select ${day} as day, q->>'path' as path,
             to_char(least(4.0, greatest(1.0, floor((q->'mos'->>'avg')::numeric * 2) / 2)), 'FM0.0') as bucket
           from call_logs, lateral (values (caller_quality), (receiver_quality)) as side(q)
           where ${where} and q is not null
         ) s group by 1, 2`,
        range,
      );
      return rows.map((r) => {
        const calls = Number(r.calls);
        const byEndReason: Record<string, number> = {};
        for (const x of reasons.rows.filter((x) => x.day === r.day)) byEndReason[x.end_reason] = Number(x.calls);
        const mosBuckets: Record<string, number> = {};
        let relayed = 0;
        let reported = 0;
        for (const p of parties.rows.filter((p) => p.day === r.day)) {
          if (p.bucket) mosBuckets[p.bucket] = (mosBuckets[p.bucket] ?? 0) + Number(p.total);
          relayed += Number(p.relayed);
          reported += Number(p.total);
        }
        return {
          day: r.day,
          calls,
          byStatus: {
            completed: Number(r.completed),
            missed: Number(r.missed),
            rejected: Number(r.rejected),
            failed: Number(r.failed),
          },
          byEndReason,
          answerRate: calls ? Number(r.answered) / calls : 0,
          dialToRingingMs: pct(n(r.dial_p50), n(r.dial_p90)),
          ringToAnswerMs: pct(n(r.ring_p50), n(r.ring_p90)),
          acceptToAudioMs: pct(n(r.audio_p50), n(r.audio_p90)),
          mosBuckets,
          relayShare: reported ? relayed / reported : null,
        };
      });
    },
  };
}
