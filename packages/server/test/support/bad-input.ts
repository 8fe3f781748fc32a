import { type ClientEventName, limits } from '@calling/protocol';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { TestServer } from '../../src/testing';
import { ANSWER, CANDIDATE, connectCall, expectOk, OFFER } from './calls';
import type { TestSocket } from './sockets';

/** Every stored row the server owns, so a barrage can be shown to have changed nothing. */
export async function snapshot(server: TestServer) {
  const rows = async (table: string) => (await server.db.query(`select * from ${table} order by id`)).rows;
  return JSON.stringify({
    users: await rows('users'),
    bookings: await rows('bookings'),
    call_logs: await rows('call_logs'),
  });
}

/** A connected call between two parties; `stillRelays` proves it goes on (and nothing else reached them). */
export async function liveCall(p: { booking: { id: string }; userSocket: TestSocket; providerSocket: TestSocket }) {
  const callId = await connectCall(p.userSocket, p.providerSocket, p.booking.id);
  const seen = { user: p.userSocket.received.length, provider: p.providerSocket.received.length };
  return {
    callId,
    async stillRelays() {
      expect(p.userSocket.received.slice(seen.user), 'the caller got nothing during the barrage').toEqual([]);
      expect(p.providerSocket.received.slice(seen.provider), 'the receiver got nothing').toEqual([]);
      const ref = { callId, bookingId: p.booking.id };
      expectOk(await p.userSocket.emit('call:offer', { ...ref, offer: OFFER }));
      expect(await p.providerSocket.next('call:offer')).toMatchObject({ ...ref, offer: OFFER });
      expectOk(await p.providerSocket.emit('call:answer', { ...ref, answer: ANSWER }));
      expect(await p.userSocket.next('call:answer')).toMatchObject({ ...ref, answer: ANSWER });
      expectOk(await p.providerSocket.emit('call:ice-candidate', { ...ref, candidate: CANDIDATE }));
      expect(await p.userSocket.next('call:ice-candidate')).toMatchObject({ ...ref, candidate: CANDIDATE });
      seen.user = p.userSocket.received.length;
      seen.provider = p.providerSocket.received.length;
    },
  };
}

/** Values of the wrong type for any field (none of them a uuid, a known enum value or a valid SDP object). */
export const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.anything({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: limits.nameChars + 1, maxLength: 300 }),
);

/** Text over a byte cap (by at most `slack` bytes): ASCII, or fewer characters that are over it in UTF-8. */
export const overBytes = (cap: number, slack = 4096) =>
  fc.oneof(
    fc.integer({ min: cap + 1, max: cap + slack }).map((n) => 'a'.repeat(n)),
    fc.integer({ min: cap / 2 + 1, max: (cap + slack) / 2 }).map((n) => 'é'.repeat(n)),
    fc.integer({ min: cap / 4 + 1, max: (cap + slack) / 4 }).map((n) => '😀'.repeat(n)),
  );
export const overName = fc.integer({ min: limits.nameChars + 1, max: 1000 }).map((n) => 'N'.repeat(n));
export const overId = fc.integer({ min: limits.idChars + 1, max: 500 }).map((n) => 'i'.repeat(n));

/** A valid payload for each client event, naming a live call; bad inputs are mutations of these. */
export function validPayloads(ref: { bookingId: string; callId: string; selfId: string; peerId: string }) {
  const { bookingId, callId, selfId, peerId } = ref;
  return {
    join: selfId,
    'call:initiate': { bookingId, callerId: selfId, callerName: 'Me', callerType: 'user', receiverId: peerId },
    'call:accept': { bookingId, callId, receiverId: selfId },
    'call:pranswer': { bookingId, callId, answer: ANSWER },
    'call:reject': { bookingId, callId, reason: 'declined' },
    'call:offer': { bookingId, callId, offer: OFFER, to: peerId },
    'call:answer': { bookingId, callId, answer: ANSWER, to: peerId },
    'call:ice-candidate': { bookingId, callId, candidate: CANDIDATE, to: peerId },
    'call:ice-candidates': { bookingId, callId, candidates: [CANDIDATE], done: false, to: peerId },
    'call:end': { bookingId, callId, userId: selfId, reason: 'completed' },
    'call:connected': { callId, bookingId },
    'call:media': { callId, bookingId, hearing: false, silentMs: 1000 },
    'call:quality': { callId, bookingId, level: 'poor', reasons: ['high_loss'] },
    'call:video': { callId, bookingId, on: true },
    'call:resume': { callId },
  } satisfies Record<ClientEventName, unknown>;
}

/** Oversized variants that every schema must refuse: SDP > 16 KiB, candidate > 1 KiB, names > 100, ids > 64. */
export function oversized(event: ClientEventName, base: unknown): fc.Arbitrary<unknown> | null {
  const b = base as Record<string, unknown>;
  switch (event) {
    case 'call:offer':
      return overBytes(limits.sdpBytes).map((sdp) => ({ ...b, offer: { type: 'offer', sdp } }));
    case 'call:answer':
    case 'call:pranswer':
      return overBytes(limits.sdpBytes).map((sdp) => ({ ...b, answer: { type: 'answer', sdp } }));
    case 'call:ice-candidate':
      return fc.oneof(
        overBytes(limits.candidateBytes).map((candidate) => ({ ...b, candidate: { ...CANDIDATE, candidate } })),
        overId.map((sdpMid) => ({ ...b, candidate: { ...CANDIDATE, sdpMid } })),
      );
    case 'call:ice-candidates':
      return fc.oneof(
        overBytes(limits.candidateBytes).map((candidate) => ({ ...b, candidates: [{ ...CANDIDATE, candidate }] })),
        fc
          .integer({ min: limits.candidatesPerBatch + 1, max: 64 })
          .map((n) => ({ ...b, candidates: Array.from({ length: n }, () => CANDIDATE) })),
      );
    case 'call:initiate':
      return fc.oneof(
        overName.map((callerName) => ({ ...b, callerName })),
        overName.map((receiverName) => ({ ...b, receiverName })),
      );
    case 'join':
      return fc.oneof(
        overId,
        overId.map((userId) => ({ userId })),
      );
    default:
      return overId.map((callId) => ({ ...b, callId }));
  }
}

/** A malformed, missing-field, wrong-typed or junk variant of `base` (callers keep only what the schema refuses). */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  const junk = fc.anything({ maxDepth: 2 });
  if (typeof base !== 'object' || base === null) return fc.oneof(wrongType, junk);
  const b = base as Record<string, unknown>;
  const keys = Object.keys(b);
  const nestedKey = keys.find((k) => typeof b[k] === 'object' && b[k] !== null);
  const arbs: fc.Arbitrary<unknown>[] = [
    junk,
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(b).filter(([key]) => key !== k))),
    fc.record({ k: fc.constantFrom(...keys), v: wrongType }).map(({ k, v }) => ({ ...b, [k]: v })),
  ];
  if (nestedKey) {
    const inner = b[nestedKey] as Record<string, unknown>;
    arbs.push(
      fc
        .record({ k: fc.constantFrom(...Object.keys(inner)), v: wrongType })
        .map(({ k, v }) => ({ ...b, [nestedKey]: { ...inner, [k]: v } })),
    );
  }
  return fc.oneof(...arbs);
}
