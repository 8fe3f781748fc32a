import { describe, expect, it } from 'vitest';
import { dateWords, durationWords } from '../src/logic/date-words';

describe('date words', () => {
  // Local times, so the words are the same in every time zone the tests run in.
  const now = new Date(2026, 11, 4, 15, 30);

  it('says today and yesterday, the weekday this year, the year before it', () => {
    expect(dateWords(new Date(2026, 11, 4, 9, 5), now)).toBe('Today, 09:05');
    expect(dateWords(new Date(2026, 11, 3, 18, 30), now)).toBe('Yesterday, 18:30');
    expect(dateWords(new Date(2026, 10, 30, 7, 0), now)).toBe('Mon 30 Nov, 07:00');
    expect(dateWords(new Date(2025, 11, 4, 9, 5), now)).toBe('4 Dec 2025');
  });

  it('knows yesterday across a month and a year', () => {
    expect(dateWords(new Date(2026, 0, 31, 23, 59), new Date(2026, 1, 1, 0, 1))).toBe('Yesterday, 23:59');
    expect(dateWords(new Date(2025, 11, 31, 20, 0), new Date(2026, 0, 1, 8, 0))).toBe('Yesterday, 20:00');
  });
});

describe('duration words', () => {
  it('says seconds, minutes and hours the way people do', () => {
    expect(durationWords(0)).toBe('0 s');
    expect(durationWords(42)).toBe('42 s');
    expect(durationWords(60)).toBe('1 min');
    expect(durationWords(192)).toBe('3 min 12 s');
    expect(durationWords(3600)).toBe('1 h');
    expect(durationWords(3723)).toBe('1 h 2 min');
    expect(durationWords(-3)).toBe('0 s');
  });
});
