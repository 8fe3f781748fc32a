import { describe, expect, it } from 'vitest';
import { privateCandidate, privateSdp } from '../../src/calls/relay-privacy';

const host = 'candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0';
const mdns = 'candidate:2 1 udp 2122260223 3f1c9a2e-1111-2222-3333-444455556666.local 50001 typ host';
const srflx = 'candidate:3 1 udp 1686052607 198.51.100.7 40000 typ srflx raddr 192.0.2.10 rport 50000';
const prflx = 'candidate:4 1 udp 1845501695 198.51.100.8 40001 typ prflx raddr 192.0.2.10 rport 50000';
const relay = 'candidate:5 1 udp 41885439 203.0.113.5 61000 typ relay raddr 198.51.100.7 rport 40000 generation 0';

describe('relay-only privacy', () => {
  it('drops host (also mDNS), srflx and prflx candidates', () => {
    for (const candidate of [host, mdns, srflx, prflx])
      expect(privateCandidate({ candidate, sdpMid: '0' })).toBe('drop');
  });
  it('keeps relay candidates but hides the related address', () => {
    const kept = privateCandidate({ candidate: relay, sdpMid: '0', sdpMLineIndex: 0 });
    expect(kept).toEqual({
      candidate: 'candidate:5 1 udp 41885439 203.0.113.5 61000 typ relay raddr 0.0.0.0 rport 0 generation 0',
      sdpMid: '0',
      sdpMLineIndex: 0,
    });
  });
  it('passes end-of-candidates markers', () => {
    expect(privateCandidate(null)).toBeNull();
    expect(privateCandidate({ candidate: '' })).toEqual({ candidate: '' });
  });
  it('scrubs every client address out of an SDP', () => {
    const sdp = [
      'v=0',
      'o=- 4611731400430051336 2 IN IP4 192.0.2.10',
      's=-',
      't=0 0',
      'm=audio 50000 UDP/TLS/RTP/SAVPF 111',
      'c=IN IP4 192.0.2.10',
      'a=rtcp:9 IN IP4 192.0.2.10',
      `a=${host}`,
      `a=${srflx}`,
      `a=${relay}`,
      'a=rtpmap:111 opus/48000/2',
      '',
    ].join('\r\n');
    const out = privateSdp({ type: 'offer', sdp }).sdp;
    expect(out).not.toMatch(/192\.0\.2\.10|198\.51\.100\.7/);
    expect(out).toContain('typ relay raddr 0.0.0.0 rport 0');
    expect(out).toContain('a=rtpmap:111 opus/48000/2');
    expect(out.split('\r\n').filter((l) => l.startsWith('a=candidate:'))).toHaveLength(1);
  });
});
