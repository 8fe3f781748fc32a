import { describe, expect, it } from 'vitest';
import { mosOf } from '../../src/quality/e-model';
import type { QualitySample } from '../../src/quality/stats-sample';
import { QualitySummaryBuilder } from '../../src/quality/summary';

const sample = (over: Partial<QualitySample>): QualitySample => ({
  rttMs: 20,
  jitterMs: 2,
  lossPercent: 0,
  concealmentPercent: 0,
  bitrateInKbps: 32,
  bitrateOutKbps: 32,
  codec: 'audio/opus',
  localCandidateType: 'relay',
  remoteCandidateType: 'relay',
  relayProtocol: 'udp',
  video: null,
  ...over,
});

describe("a call's quality summary", () => {
  it('averages, takes the 95th percentile and the maximum of RTT, jitter and loss, and MOS min and average', () => {
    const b = new QualitySummaryBuilder();
    // 20 samples: RTT 1..20 ms, one lossy second (20 %).
    for (let i = 1; i <= 20; i++) b.add(sample({ rttMs: i, lossPercent: i === 10 ? 20 : 0 }));
    const s = b.summary();
    expect(s.samples).toBe(20);
    expect(s.rttMs).toEqual({ avg: 10.5, p95: 19, max: 20 });
    expect(s.lossPercent).toEqual({ avg: 1, p95: 0, max: 20 });
    expect(s.mos.min).toBeCloseTo(mosOf(sample({ rttMs: 10, lossPercent: 20 })), 6);
    expect(s.mos.avg).toBeLessThan(mosOf(sample({ rttMs: 1 })));
  });

  it('says how the media went (relay over udp, or direct), the codec, ICE restarts and accept to audio', () => {
    const b = new QualitySummaryBuilder();
    b.add(sample({}));
    b.iceRestarted();
    b.audioStarted(64);
    b.audioStarted(900); // only the first audio counts
    expect(b.summary()).toMatchObject({
      codec: 'audio/opus',
      path: 'relay',
      relayProtocol: 'udp',
      iceRestarts: 1,
      acceptToAudioMs: 64,
    });
    const direct = new QualitySummaryBuilder();
    direct.add(sample({ localCandidateType: 'host', relayProtocol: null }));
    expect(direct.summary()).toMatchObject({ path: 'direct', relayProtocol: null });
  });

  it("the peer's video over the seconds it had frames; none at all for a voice-only call", () => {
    const b = new QualitySummaryBuilder();
    b.add(sample({}));
    b.add(sample({ video: { framesPerSecond: 24, frameHeight: 480, bitrateKbps: 700, lossPercent: 0 } }));
    b.add(sample({ video: { framesPerSecond: 18, frameHeight: 360, bitrateKbps: 500, lossPercent: 4 } }));
    expect(b.summary().video).toEqual({
      seconds: 2,
      framesPerSecond: { avg: 21, min: 18 },
      frameHeight: { avg: 420, max: 480 },
      bitrateKbps: { avg: 600 },
      lossPercent: { avg: 2, max: 4 },
    });
    const voice = new QualitySummaryBuilder();
    voice.add(sample({}));
    expect(voice.summary()).not.toHaveProperty('video');
  });

  it('a call with no sample says so, with zeros rather than NaN', () => {
    const s = new QualitySummaryBuilder().summary();
    expect(s).toMatchObject({ samples: 0, mos: { min: 0, avg: 0 }, path: null, acceptToAudioMs: null });
    expect(s.rttMs).toEqual({ avg: 0, p95: 0, max: 0 });
  });
});
