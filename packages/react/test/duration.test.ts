import { describe, expect, it } from 'vitest';
import { elapsedSeconds, formatDuration, msToNextSecond } from '../src/logic/duration';

describe('call duration', () => {
  it('counts whole seconds since media started, never negative', () => {
    expect(elapsedSeconds(null, 5_000)).toBe(0);
    expect(elapsedSeconds(1_000, 1_999)).toBe(0);
    expect(elapsedSeconds(1_000, 2_000)).toBe(1);
    expect(elapsedSeconds(1_000, 66_500)).toBe(65);
    expect(elapsedSeconds(5_000, 1_000)).toBe(0);
  });

  it('formats mm:ss, and h:mm:ss past an hour', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(9)).toBe('00:09');
    expect(formatDuration(65)).toBe('01:05');
    expect(formatDuration(3599)).toBe('59:59');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-4)).toBe('00:00');
    expect(formatDuration(12.9)).toBe('00:12');
  });

  it('ticks on the second boundary of the call, not of the clock', () => {
    expect(msToNextSecond(1_000, 1_000)).toBe(1000);
    expect(msToNextSecond(1_000, 1_250)).toBe(750);
    expect(msToNextSecond(1_300, 3_200)).toBe(100);
  });
});
