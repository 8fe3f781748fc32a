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

  it('a call with no sample says so, with zeros rather than NaN', () => {
    const s = new QualitySummaryBuilder().summary();
    expect(s).toMatchObject({ samples: 0, mos: { min: 0, avg: 0 }, path: null, acceptToAudioMs: null });
    expect(s.rttMs).toEqual({ avg: 0, p95: 0, max: 0 });
  });
});
