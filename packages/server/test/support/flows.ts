import type { CallLog } from '@calling/protocol';
import { expect } from 'vitest';
import type { TestServer } from '../../src/testing';
import { sleep } from './calls';
import { knownPhones, socketLeaks, socketRecords } from './privacy';
import type { TestSocket } from './sockets';

/** The whole stored row a flow must leave, field by field. */
export interface ExpectedRow {
  id: string;
  bookingId: string;
  callerType: 'user' | 'provider';
  callerId: string;
  receiverId: string;
  callStatus: CallLog['call_status'];
  endReason: CallLog['end_reason'];
  endedBy: string | null;
  /** A number, or 'measured' (≥ 1, checked against the stored timestamps). */
  duration: number | 'measured';
  answered: boolean;
  connected: boolean;
  ended?: boolean;
  /** A receiver's device was sent the ring (default: all but callee_offline calls). */
  rang?: boolean;
}

const at = (set: boolean) => (set ? expect.any(String) : null);

/** Asserts the stored row exactly: every column, which timestamps are set, and that they are in order. */
export function expectRow(row: CallLog | undefined, e: ExpectedRow) {
  const ended = e.ended ?? true;
  expect(row).toEqual({
    id: e.id,
    booking_id: e.bookingId,
    caller_type: e.callerType,
    caller_id: e.callerId,
    receiver_id: e.receiverId,
    call_status: e.callStatus,
    end_reason: e.endReason,
    ended_by: e.endedBy,
    duration: e.duration === 'measured' ? expect.any(Number) : e.duration,
    created_at: expect.any(String),
    updated_at: expect.any(String),
    ringing_at: at(e.rang ?? e.endReason !== 'callee_offline'),
    answered_at: at(e.answered),
    connected_at: at(e.connected),
    ended_at: at(ended),
    quality: null,
    caller_quality: null,
    receiver_quality: null,
    video_seconds: null,
  });
  const t = (s: string | null | undefined) => (s ? Date.parse(s) : null);
  const times = [row?.created_at, row?.ringing_at, row?.answered_at, row?.connected_at, row?.ended_at]
    .map(t)
    .filter((x) => x !== null);
  expect(times, 'created ≤ rang ≤ answered ≤ connected ≤ ended').toEqual([...times].sort((a, b) => a - b));
  const connectedAt = t(row?.connected_at);
  const endedAt = t(row?.ended_at);
  if (connectedAt !== null && endedAt !== null) {
    const span = Math.floor((endedAt - connectedAt) / 1000);
    // A dropped call bills talk until the party was lost, which is before ended_at (the grace ran out then).
    if (row?.end_reason === 'connection_lost')
      expect(row?.duration, 'duration ≤ ended_at − connected_at').toBeLessThanOrEqual(span);
    else expect(row?.duration, 'duration = ended_at − connected_at').toBe(span);
  }
  if (e.duration === 'measured') expect(row?.duration).toBeGreaterThanOrEqual(1);
}

/** The booking's only row, asserted exactly. */
export async function expectOnlyRow(server: TestServer, e: ExpectedRow) {
  const rows = await server.callLogs(e.bookingId);
  expect(rows).toHaveLength(1);
  expectRow(rows[0], e);
  return rows[0] as CallLog;
}

/**
 * Every event each socket received, in order, after a short settle so a stray late event would show.
 * `expected` maps a label to [socket, events].
 */
export async function expectEvents(expected: Record<string, [TestSocket, string[]]>) {
  await sleep(200);
  const got = Object.fromEntries(Object.entries(expected).map(([k, [s]]) => [k, s.received.map((r) => r.event)]));
  const want = Object.fromEntries(Object.entries(expected).map(([k, [, events]]) => [k, events]));
  expect(got).toEqual(want);
}

/** The per-file closing check, with proof it looked at something (privacy-setup.ts repeats it for every file). */
export function expectNoPhoneInAnyPayload(minPhones: number, minPayloads: number) {
  const phones = knownPhones();
  expect(phones.size).toBeGreaterThanOrEqual(minPhones);
  expect(socketRecords.length).toBeGreaterThanOrEqual(minPayloads);
  expect(socketLeaks(socketRecords, phones)).toEqual([]);
}
