import { z } from 'zod';

const Day = z.iso.date();

/** GET /api/ops/analytics: a range of whole UTC days, at most a year. */
export const AnalyticsQuery = z
  .object({ from: Day, to: Day })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'at most 366 days',
    path: ['to'],
  });
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

const Percentiles = z.object({ p50: z.number(), p90: z.number() }).nullable();

/** One UTC day of ended calls (a call counts on the day it rang). */
export const AnalyticsDay = z.object({
  day: Day,
  calls: z.number().int(),
  byStatus: z.object({
    completed: z.number().int(),
    missed: z.number().int(),
    rejected: z.number().int(),
    failed: z.number().int(),
  }),
  byEndReason: z.record(z.string(), z.number().int()),
  /** Answered calls over all calls (0 on a day without calls). */
  answerRate: z.number(),
  /**
   * Server clock: the initiate's arrival to a receiver's device being sent the ring (a device woken by push
   * counts when it connected), ringing to the accept, and the accept to media flowing.
   */
  dialToRingingMs: Percentiles,
  ringToAnswerMs: Percentiles,
  acceptToAudioMs: Percentiles,
  /** The parties' own MOS averages (their quality summaries), in half-point buckets from 1 to 4.5. */
  mosBuckets: z.record(z.string(), z.number().int()),
  /** Parties whose media went through TURN, over parties that reported a summary (null: none did). */
  relayShare: z.number().nullable(),
});
export type AnalyticsDay = z.infer<typeof AnalyticsDay>;
export const Analytics = z.object({ from: Day, to: Day, days: z.array(AnalyticsDay) });
export type Analytics = z.infer<typeof Analytics>;
