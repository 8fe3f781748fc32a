import { describe, expect, it } from 'vitest';
import type { QualityState } from '../../src/quality/quality-level';
import { QualityMonitor } from '../../src/quality/quality-monitor';
import { qualitySample, type StatEntry, statsMap } from '../../src/quality/stats-sample';

/** A peer connection's getStats() over a path whose loss and RTT the test sets second by second. */
function fakePath() {
  let t = 0;
  let received = 0;
  let lost = 0;
  const path = { lossPercent: 0, rttS: 0.02 };
  return {
    path,
    async getStats() {
      t += 1000;
      const lostNow = Math.round(path.lossPercent);
      lost += lostNow;
      received += 100 - lostNow;
      const entries: StatEntry[] = [
        { id: 'T', type: 'transport', timestamp: t, selectedCandidatePairId: 'P' },
        { id: 'P', type: 'candidate-pair', timestamp: t, currentRoundTripTime: path.rttS, localCandidateId: 'L' },
        { id: 'L', type: 'local-candidate', timestamp: t, candidateType: 'host' },
        {
          id: 'I',
          type: 'inbound-rtp',
          timestamp: t,
          kind: 'audio',
          packetsReceived: received,
          packetsLost: lost,
          jitter: 0.002,
        },
      ];
      return { forEach: (cb: (s: StatEntry) => void) => entries.forEach(cb) };
    },
  };
}

describe('the quality monitor', () => {
  it('samples every interval, turns poor on a lossy, slow path within two samples, and sums the call up', async () => {
    const fake = fakePath();
    const levels: QualityState['level'][] = [];
    const timer = { everyMs: 0, stopped: false };
    const confirms: number[] = [];
    const monitor = new QualityMonitor({
      getStats: fake.getStats,
      onSample: (state) => levels.push(state.level),
      timers: {
        every: (ms) => {
          timer.everyMs = ms;
          return () => {
            timer.stopped = true;
          };
        },
        after: (ms) => confirms.push(ms),
      },
    });
    monitor.start();
    for (let i = 0; i < 3; i++) await monitor.tick();
    fake.path.lossPercent = 15;
    fake.path.rttS = 0.3;
    for (let i = 0; i < 3; i++) await monitor.tick();
    expect(levels).toEqual(['good', 'good', 'good', 'good', 'poor', 'poor']);
    // The first bad sample asked for a confirming one 250 ms later (the fake timer only records it).
    expect(confirms).toEqual([250]);
    expect(monitor.current.reasons).toEqual(['high_loss', 'high_delay']);
    monitor.audioStarted(70);
    const summary = monitor.stop();
    expect(timer).toEqual({ everyMs: 1000, stopped: true });
    expect(summary.samples).toBe(6);
    expect(summary.lossPercent.max).toBeCloseTo(15, 6);
    expect(summary).toMatchObject({ path: 'direct', acceptToAudioMs: 70 });
  });

  it('a confirming sample 250 ms after the last spans back past it, so a dozen packets without loss do not clear a lossy path', async () => {
    // Reports at the times given, with the audio counters given (50 packets a second).
    const reports = [
      { t: 1000, received: 50, lost: 0 },
      { t: 2000, received: 90, lost: 10 }, // 20 % of this second lost
      { t: 2250, received: 102, lost: 10 }, // none of the next 12: 16 % over the 1.25 s since the first
    ];
    let i = 0;
    const levels: QualityState['level'][] = [];
    const monitor = new QualityMonitor({
      getStats: async () => {
        const r = reports[i++];
        if (!r) throw new Error('no more reports');
        const entries: StatEntry[] = [
          { id: 'T', type: 'transport', timestamp: r.t, selectedCandidatePairId: 'P' },
          { id: 'P', type: 'candidate-pair', timestamp: r.t, currentRoundTripTime: 0.02, localCandidateId: 'L' },
          { id: 'L', type: 'local-candidate', timestamp: r.t, candidateType: 'relay' },
          {
            id: 'I',
            type: 'inbound-rtp',
            timestamp: r.t,
            kind: 'audio',
            packetsReceived: r.received,
            packetsLost: r.lost,
            jitter: 0.002,
          },
        ];
        return { forEach: (cb: (s: StatEntry) => void) => entries.forEach(cb) };
      },
      onSample: (state) => levels.push(state.level),
      timers: { every: () => () => {}, after: () => {} },
    });
    monitor.start();
    for (const _ of reports) await monitor.tick();
    expect(levels).toEqual(['good', 'good', 'poor']);
    expect(monitor.current.reasons).toEqual(['high_loss']);
    const summary = monitor.stop();
    expect(summary.samples).toBe(3);
    // The last sample: 10 of the 62 packets since the report 1.25 s back, not 0 of the last 12.
    expect(summary.lossPercent.avg).toBeCloseTo((0 + 20 + (100 * 10) / 62) / 3, 6);
  });

  it("the round trip is the worse of the pair's and RTCP's latest (either may lag on a lossy path)", () => {
    const at = (pairRtt: number, rtcpRtt: number) =>
      statsMap({
        forEach: (cb: (s: StatEntry) => void) =>
          [
            { id: 'T', type: 'transport', timestamp: 1, selectedCandidatePairId: 'P' },
            { id: 'P', type: 'candidate-pair', timestamp: 1, currentRoundTripTime: pairRtt },
            { id: 'RI', type: 'remote-inbound-rtp', timestamp: 1, kind: 'audio', roundTripTime: rtcpRtt },
          ].forEach(cb),
      });
    expect(qualitySample(null, at(0.02, 0.3)).rttMs).toBeCloseTo(300, 6);
    expect(qualitySample(null, at(0.3, 0.02)).rttMs).toBeCloseTo(300, 6);
  });

  it('a getStats() that fails (the connection closed) skips the sample and keeps the rest', async () => {
    const monitor = new QualityMonitor({
      getStats: () => Promise.reject(new Error('closed')),
      onSample: () => {
        throw new Error('no sample expected');
      },
    });
    await monitor.tick();
    expect(monitor.stop().samples).toBe(0);
  });
});
