import { describe, expect, it } from 'vitest';
import { qualitySample, type StatEntry, statsMap } from '../../src/quality/stats-sample';

/** A report as Chromium's getStats() gives it for an audio call over a TURN relay (the fields we read). */
function report(t: number, inbound: Partial<StatEntry>, outBytes: number, rtt = 0.08) {
  const entries: StatEntry[] = [
    { id: 'T01', type: 'transport', timestamp: t, selectedCandidatePairId: 'CP1' },
    {
      id: 'CP1',
      type: 'candidate-pair',
      timestamp: t,
      localCandidateId: 'L1',
      remoteCandidateId: 'R1',
      currentRoundTripTime: rtt,
      nominated: true,
    },
    { id: 'L1', type: 'local-candidate', timestamp: t, candidateType: 'relay', relayProtocol: 'udp' },
    { id: 'R1', type: 'remote-candidate', timestamp: t, candidateType: 'relay' },
    { id: 'C1', type: 'codec', timestamp: t, mimeType: 'audio/opus' },
    { id: 'IN', type: 'inbound-rtp', timestamp: t, kind: 'audio', codecId: 'C1', ...inbound },
    { id: 'OUT', type: 'outbound-rtp', timestamp: t, kind: 'audio', bytesSent: outBytes },
  ];
  return statsMap({ forEach: (cb) => entries.forEach(cb) });
}

describe("the peer's video in a sample", () => {
  const withVideo = (t: number, video: Partial<StatEntry>) => {
    const m = report(t, { packetsReceived: 0 }, 0);
    m.set('VIN', { id: 'VIN', type: 'inbound-rtp', timestamp: t, kind: 'video', ...video });
    return m;
  };
  it('frames per second, height, bitrate and loss over the interval; null while no frame is decoded', () => {
    const a = withVideo(1000, { framesDecoded: 100, frameHeight: 480, bytesReceived: 0, packetsReceived: 900 });
    const b = withVideo(2000, {
      framesDecoded: 124,
      frameHeight: 480,
      bytesReceived: 87_500,
      packetsReceived: 990,
      packetsLost: 10,
    });
    expect(qualitySample(a, b).video).toEqual({
      framesPerSecond: 24,
      frameHeight: 480,
      bitrateKbps: 700,
      lossPercent: 10,
    });
    // The camera went off: the counters stand still.
    expect(qualitySample(b, withVideo(3000, { framesDecoded: 124, frameHeight: 480 })).video).toBeNull();
    expect(qualitySample(null, b).video).toBeNull();
  });
});

describe('a quality sample from two getStats() reports', () => {
  const first = report(
    1000,
    {
      packetsReceived: 500,
      packetsLost: 0,
      jitter: 0.004,
      bytesReceived: 40_000,
      concealedSamples: 0,
      totalSamplesReceived: 480_000,
    },
    40_000,
  );
  const second = report(
    2000,
    {
      packetsReceived: 585,
      packetsLost: 15,
      jitter: 0.012,
      bytesReceived: 44_000,
      concealedSamples: 7_200,
      totalSamplesReceived: 528_000,
    },
    44_250,
    0.31,
  );

  it('reads RTT, jitter, loss and concealment over the second between them', () => {
    const s = qualitySample(first, second);
    expect(s.rttMs).toBeCloseTo(310, 6);
    expect(s.jitterMs).toBeCloseTo(12, 6);
    expect(s.lossPercent).toBeCloseTo(15, 6); // 15 lost of 100 expected
    expect(s.concealmentPercent).toBeCloseTo(15, 6);
    expect(s.bitrateInKbps).toBeCloseTo(32, 6);
    expect(s.bitrateOutKbps).toBeCloseTo(34, 6);
  });

  it('names the codec, the candidate types and how this side reaches its relay', () => {
    expect(qualitySample(first, second)).toMatchObject({
      codec: 'audio/opus',
      localCandidateType: 'relay',
      remoteCandidateType: 'relay',
      relayProtocol: 'udp',
    });
  });

  it('the first report alone: loss since the start, no rates yet', () => {
    const s = qualitySample(null, second);
    expect(s.lossPercent).toBeCloseTo((100 * 15) / 600, 6);
    expect(s.bitrateInKbps).toBe(0);
  });

  it('a report without audio or a selected pair reads as zeros and nulls, not NaN', () => {
    const empty = statsMap({ forEach: () => {} });
    expect(qualitySample(null, empty)).toEqual({
      rttMs: 0,
      jitterMs: 0,
      lossPercent: 0,
      concealmentPercent: 0,
      bitrateInKbps: 0,
      bitrateOutKbps: 0,
      codec: null,
      localCandidateType: null,
      remoteCandidateType: null,
      relayProtocol: null,
      video: null,
    });
  });
});
