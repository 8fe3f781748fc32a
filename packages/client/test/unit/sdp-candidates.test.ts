import { describe, expect, it } from 'vitest';
import { candidateKey, candidateKeysIn, takeCandidates } from '../../src/sdp-candidates';

const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host generation 0 ufrag abcd',
  'a=mid:0',
  'a=candidate:2 1 udp 8265471 203.0.113.9 3478 typ relay raddr 0.0.0.0 rport 0',
  'a=end-of-candidates',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  'a=candidate:3 1 udp 2122260223 192.168.1.5 50002 typ host',
  '',
].join('\r\n');

describe('candidates in SDP', () => {
  it('takes them out, each with its section’s mid and index (the mid line may come after them)', () => {
    const { sdp, candidates } = takeCandidates(offer);
    expect(sdp).not.toMatch(/a=candidate|a=end-of-candidates/);
    expect(sdp.split('\r\n')).toHaveLength(offer.split('\r\n').length - 4);
    expect(sdp).toContain('a=mid:0\r\n');
    expect(candidates).toEqual([
      {
        candidate: 'candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host generation 0 ufrag abcd',
        sdpMid: '0',
        sdpMLineIndex: 0,
      },
      {
        candidate: 'candidate:2 1 udp 8265471 203.0.113.9 3478 typ relay raddr 0.0.0.0 rport 0',
        sdpMid: '0',
        sdpMLineIndex: 0,
      },
      { candidate: 'candidate:3 1 udp 2122260223 192.168.1.5 50002 typ host', sdpMid: '1', sdpMLineIndex: 1 },
    ]);
  });

  it('an SDP without candidates comes back as it was', () => {
    const bare = 'v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:0\n';
    expect(takeCandidates(bare)).toEqual({ sdp: bare, candidates: [] });
  });

  it('knows a candidate by its address and type, not its trailing extensions', () => {
    const keys = candidateKeysIn(offer);
    expect(keys.size).toBe(3);
    expect(
      keys.has(candidateKey('candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host generation 0 ufrag zzzz')),
    ).toBe(true);
    expect(keys.has(candidateKey('candidate:1 1 udp 2122260223 192.168.1.5 50001 typ host'))).toBe(false);
  });
});
