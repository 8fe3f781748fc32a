import { describe, expect, it } from 'vitest';
import {
  clientEventSchemas,
  EndedEvent,
  IceCandidatePayload,
  InitiatePayload,
  limits,
  OfferPayload,
  RegisterBody,
  serverEventSchemas,
} from '../src';

const id = '5b0c4a5e-3f0e-4c1e-9a59-2f1f4f0b8d11';

describe('protocol schemas', () => {
  it('accept the seed’s payloads as they are', () => {
    expect(
      InitiatePayload.safeParse({
        bookingId: id,
        callerId: id,
        callerName: 'John Doe',
        receiverId: id,
        receiverName: 'Jane Smith',
      }).success,
    ).toBe(true);
    expect(clientEventSchemas['call:accept'].safeParse({ bookingId: id, receiverId: id }).success).toBe(true);
    expect(clientEventSchemas['call:reject'].parse({ bookingId: id })).toEqual({ bookingId: id, reason: 'declined' });
    expect(clientEventSchemas['call:end'].safeParse({ bookingId: id, userId: id }).success).toBe(true);
    expect(clientEventSchemas.join.safeParse(id).success).toBe(true);
  });

  it('cap SDP at 16 KiB, counted in bytes', () => {
    const sdp = (n: number, ch = 'a') => ch.repeat(n);
    expect(OfferPayload.safeParse({ bookingId: id, offer: { type: 'offer', sdp: sdp(limits.sdpBytes) } }).success).toBe(
      true,
    );
    expect(
      OfferPayload.safeParse({ bookingId: id, offer: { type: 'offer', sdp: sdp(limits.sdpBytes + 1) } }).success,
    ).toBe(false);
    // 6000 three-byte characters are 18 000 bytes: over the cap although under 16 384 characters.
    expect(OfferPayload.safeParse({ bookingId: id, offer: { type: 'offer', sdp: sdp(6000, '€') } }).success).toBe(
      false,
    );
  });

  it('cap ICE candidates at 1 KiB and allow the end-of-candidates null', () => {
    const candidate = (n: number) => ({ candidate: 'c'.repeat(n), sdpMid: '0', sdpMLineIndex: 0 });
    expect(IceCandidatePayload.safeParse({ bookingId: id, candidate: candidate(1024) }).success).toBe(true);
    expect(IceCandidatePayload.safeParse({ bookingId: id, candidate: candidate(1025) }).success).toBe(false);
    expect(IceCandidatePayload.safeParse({ bookingId: id, candidate: null }).success).toBe(true);
  });

  it('cap names at 100 characters and reject non-uuid ids', () => {
    expect(InitiatePayload.safeParse({ bookingId: id, callerName: 'x'.repeat(101) }).success).toBe(false);
    expect(InitiatePayload.safeParse({ bookingId: 'booking-1' }).success).toBe(false);
    expect(
      RegisterBody.safeParse({ name: 'n'.repeat(101), phone: '+15550000001', password: 'long-enough', role: 'user' })
        .success,
    ).toBe(false);
  });

  it('keep serviceName for providers only', () => {
    const base = { name: 'Ann', phone: '+15550000001', password: 'long-enough' };
    expect(RegisterBody.safeParse({ ...base, role: 'provider', serviceName: 'Plumbing' }).success).toBe(true);
    expect(RegisterBody.safeParse({ ...base, role: 'user', serviceName: 'Plumbing' }).success).toBe(false);
  });

  it('define every seed server event with callId and bookingId', () => {
    for (const event of [
      'call:incoming',
      'call:accepted',
      'call:rejected',
      'call:offer',
      'call:answer',
      'call:ice-candidate',
      'call:ended',
    ] as const) {
      const shape = serverEventSchemas[event].shape as Record<string, unknown>;
      expect(Object.keys(shape), event).toEqual(expect.arrayContaining(['callId', 'bookingId']));
    }
    expect(
      EndedEvent.safeParse({ callId: id, bookingId: id, duration: 3, endedBy: null, reason: 'no_answer' }).success,
    ).toBe(true);
  });
});
