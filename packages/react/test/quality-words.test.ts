import { describe, expect, it } from 'vitest';
import { qualityLines } from '../src/logic/quality-words';

const own = (level: 'good' | 'fair' | 'poor', reasons: ('high_loss' | 'high_delay' | 'high_jitter')[] = []) => ({
  level,
  reasons,
  mos: 3,
  pending: null,
});

describe('the call screen quality lines', () => {
  it('says how this side connects, and why when it is not good', () => {
    expect(qualityLines({ callId: 'c', own: own('good'), peer: null })).toEqual({ own: 'Good connection', peer: null });
    expect(qualityLines({ callId: 'c', own: own('poor', ['high_loss', 'high_delay']), peer: null }).own).toBe(
      'Poor connection: audio is getting lost, long delay',
    );
  });
  it("tells this side when the other side's connection is poor", () => {
    expect(qualityLines({ callId: 'c', own: own('good'), peer: { level: 'poor', reasons: ['high_loss'] } }).peer).toBe(
      "They can't hear you well (audio is getting lost on their side)",
    );
    expect(qualityLines({ callId: 'c', own: own('good'), peer: { level: 'fair', reasons: [] } }).peer).toBeNull();
  });
  it('shows nothing before the first sample', () => {
    expect(qualityLines(null)).toEqual({ own: null, peer: null });
    expect(qualityLines({ callId: 'c', own: null, peer: null })).toEqual({ own: null, peer: null });
  });
});
