import type { TakenSlot } from '../engine/admission';
import type { Call } from '../engine/call';

/** A live call with the version its next compare-and-set must name. */
export interface Versioned {
  call: Call;
  version: number;
}
export type CreateOutcome = { ok: true; version: number } | { ok: false; taken: TakenSlot };

/**
 * Where live calls are: the one truth every node reads and writes. Each change is a compare-and-set on the
 * call's version, so concurrent events on one call (from any node) apply one after the other or retry.
 * Indexes (a booking's and a person's live call) and the deadline schedule change in the same atomic step.
 * An ended call leaves the store at once but stays in the finishing list until its log row is written.
 */
export interface LiveCallStore {
  readonly kind: 'memory' | 'redis';
  /** Claims the booking, the caller and the receiver for this call, or says which one is taken. */
  create(call: Call, deadline: number | null): Promise<CreateOutcome>;
  get(callId: string): Promise<Versioned | null>;
  ofBooking(bookingId: string): Promise<Versioned | null>;
  ofUser(userId: string): Promise<Versioned | null>;
  /** Writes `next` if the stored version is still `expected`; false if someone else changed it first. */
  commit(next: Call, expected: number, deadline: number | null): Promise<boolean>;
  /** Removes a call whose log row could not be written at ring: it never existed. */
  discard(call: Call): Promise<void>;
  /** Ids of calls whose deadline is at or before `now`. */
  due(now: number, limit: number): Promise<string[]>;
  /** Moves a call's deadline without a transition (a sweep found nothing due after all). */
  reschedule(callId: string, deadline: number | null): Promise<void>;
  /** Ended calls whose log row is not written yet. */
  finishing(): Promise<Call[]>;
  finishWritten(callId: string): Promise<void>;
  countByState(): Promise<Record<string, number>>;
  /** Every live call (one node's snapshot at shutdown). */
  all(): Promise<Call[]>;
  close(): Promise<void>;
}
