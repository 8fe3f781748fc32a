import { EndReason, ErrorCode } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import { callErrorWords, endReasonWords } from '../src/logic/end-reason';

const out = { direction: 'outgoing' as const, peerName: 'Pete' };
const inc = { direction: 'incoming' as const, peerName: 'Cara' };

describe('end reasons in words', () => {
  it('says who declined, from each side', () => {
    expect(endReasonWords('declined', out)).toBe('Pete declined the call');
    expect(endReasonWords('declined', inc)).toBe('You declined the call');
  });

  it('tells a missed call from a cancelled one', () => {
    expect(endReasonWords('cancelled', out)).toBe('Call cancelled');
    expect(endReasonWords('cancelled', inc)).toBe('Missed call from Cara');
    expect(endReasonWords('no_answer', out)).toBe('Pete did not answer');
  });

  it('names network and permission failures plainly', () => {
    expect(endReasonWords('connection_lost', out)).toBe('Connection lost');
    expect(endReasonWords('ice_failed', out)).toMatch(/network/);
    expect(endReasonWords('media_permission_denied', inc)).toMatch(/Microphone/);
    expect(endReasonWords(null, { direction: null, peerName: null })).toBe('Call failed');
  });

  it('has distinct words for every end reason', () => {
    const words = EndReason.options.map((r) => endReasonWords(r, out));
    for (const w of words) expect(w.length).toBeGreaterThan(3);
    expect(new Set(words).size).toBeGreaterThanOrEqual(words.length - 2);
  });

  it('has words for every server error code', () => {
    for (const code of ErrorCode.options) expect(callErrorWords(code)).toMatch(/\w{3}/);
    expect(callErrorWords('booking_not_callable')).toMatch(/accepted/);
    expect(callErrorWords('media_permission_denied')).toMatch(/Microphone/);
  });
});
