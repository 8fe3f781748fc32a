import { describe, expect, it } from 'vitest';
import { effectiveLatencyMs, mosOf, mosOfR, rFactor } from '../../src/quality/e-model';
import {
  HYSTERESIS_MOS,
  initialQuality,
  MOS_FAIR,
  MOS_GOOD,
  nextQuality,
  type QualityState,
  reasonsOf,
} from '../../src/quality/quality-level';

describe('the E-model (ITU-T G.107, simplified as Twilio publishes it)', () => {
  it("maps R to MOS as G.107's table does", () => {
    // G.107 Annex B: the user satisfaction bands' edges.
    expect(mosOfR(93.2)).toBeCloseTo(4.41, 2);
    expect(mosOfR(90)).toBeCloseTo(4.34, 2);
    expect(mosOfR(80)).toBeCloseTo(4.02, 2);
    expect(mosOfR(70)).toBeCloseTo(3.6, 2);
    expect(mosOfR(60)).toBeCloseTo(3.1, 2);
    expect(mosOfR(50)).toBeCloseTo(2.58, 2);
    expect(mosOfR(-5)).toBe(1);
    expect(mosOfR(120)).toBe(4.5);
  });

  it('effective latency is RTT + 2 x jitter + 10 ms', () => {
    expect(effectiveLatencyMs({ rttMs: 100, jitterMs: 15, lossPercent: 0 })).toBe(140);
  });

  it('takes 1 point of R per 40 ms below 160 ms, 1 per 10 ms above, and 2.5 per percent lost', () => {
    expect(rFactor({ rttMs: 30, jitterMs: 0, lossPercent: 0 })).toBeCloseTo(92.2, 6); // 40 ms
    expect(rFactor({ rttMs: 150, jitterMs: 0, lossPercent: 0 })).toBeCloseTo(89.2, 6); // 160 ms: 93.2 - 40/10
    expect(rFactor({ rttMs: 300, jitterMs: 0, lossPercent: 15 })).toBeCloseTo(93.2 - 19 - 37.5, 6);
    expect(rFactor({ rttMs: 2000, jitterMs: 500, lossPercent: 100 })).toBe(0);
  });

  it('a clean loopback call is excellent; 15 % loss at 300 ms is bad', () => {
    expect(mosOf({ rttMs: 1, jitterMs: 1, lossPercent: 0 })).toBeGreaterThan(4.4);
    expect(mosOf({ rttMs: 300, jitterMs: 0, lossPercent: 15 })).toBeCloseTo(1.9, 1);
  });
});

describe('quality levels with hysteresis', () => {
  const clean = { rttMs: 20, jitterMs: 2, lossPercent: 0 };
  const bad = { rttMs: 300, jitterMs: 20, lossPercent: 15 };
  /** A path whose MOS is close to `mos` (loss only). */
  const withMos = (mos: number) => {
    let loss = 0;
    while (mosOf({ rttMs: 20, jitterMs: 2, lossPercent: loss }) > mos) loss += 0.01;
    return { rttMs: 20, jitterMs: 2, lossPercent: loss };
  };
  const run = (samples: Parameters<typeof nextQuality>[1][], from: QualityState = initialQuality) =>
    samples.reduce<{ state: QualityState; levels: string[] }>(
      (acc, s) => {
        const state = nextQuality(acc.state, s);
        return { state, levels: [...acc.levels, state.level] };
      },
      { state: from, levels: [] },
    );

  it('moves to poor on the second bad sample, with the reasons, and back to good on the second clean one', () => {
    const { levels, state } = run([bad, bad]);
    expect(levels).toEqual(['good', 'poor']);
    expect(state.reasons).toEqual(['high_loss', 'high_delay']);
    expect(run([clean, clean], state).levels).toEqual(['poor', 'good']);
  });

  it('one bad second among good ones never changes the level', () => {
    expect(run([clean, bad, clean, bad, clean]).levels).toEqual(['good', 'good', 'good', 'good', 'good']);
  });

  it('a MOS wavering around the good/fair edge does not flicker, within the margin', () => {
    const below = withMos(MOS_GOOD - HYSTERESIS_MOS / 2);
    const above = withMos(MOS_GOOD + HYSTERESIS_MOS / 2);
    expect(run([below, below, above, below, above, below]).levels.every((l) => l === 'good')).toBe(true);
    const fair = run([withMos(3.7), withMos(3.7)]).state;
    expect(fair.level).toBe('fair');
    expect(run([above, above, above], fair).levels.every((l) => l === 'fair')).toBe(true);
    expect(run([withMos(4.3), withMos(4.3)], fair).state.level).toBe('good');
  });

  it('leaves poor only once the MOS is past the fair edge by the margin', () => {
    const poor = run([bad, bad]).state;
    expect(
      run([withMos(MOS_FAIR + HYSTERESIS_MOS / 2), withMos(MOS_FAIR + HYSTERESIS_MOS / 2)], poor).state.level,
    ).toBe('poor');
    expect(run([withMos(3.5), withMos(3.5)], poor).state.level).toBe('fair');
  });

  it('names what is wrong in words the screen shows', () => {
    expect(reasonsOf(clean)).toEqual([]);
    expect(reasonsOf({ rttMs: 400, jitterMs: 50, lossPercent: 8 })).toEqual(['high_loss', 'high_delay', 'high_jitter']);
  });
});
