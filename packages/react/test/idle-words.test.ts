import { describe, expect, it } from 'vitest';
import { idleStatusLine } from '../src/logic/idle-words';

describe('the idle status line', () => {
  it('says whether calls can arrive, in words, never the phase name', () => {
    expect(idleStatusLine({ online: true, lastCall: null })).toBe('Ready for calls');
    expect(idleStatusLine({ online: false, lastCall: null })).toBe('Connecting to the call service…');
    expect(idleStatusLine({ online: true, lastCall: null })).not.toMatch(/idle/i);
  });

  it('adds how the last call ended', () => {
    expect(idleStatusLine({ online: true, lastCall: 'Call ended · 0:42' })).toBe(
      'Ready for calls · Last call: Call ended · 0:42',
    );
  });
});
