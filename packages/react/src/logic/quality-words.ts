import type { CallQualityView } from '@calling/client';
import type { QualityLevel, QualityReason } from '@calling/protocol';

const levelWords: Record<QualityLevel, string> = {
  good: 'Good connection',
  fair: 'Fair connection',
  poor: 'Poor connection',
};
const reasonWords: Record<QualityReason, string> = {
  high_loss: 'audio is getting lost',
  high_delay: 'long delay',
  high_jitter: 'uneven audio',
};

const why = (reasons: QualityReason[]) => reasons.map((r) => reasonWords[r]).join(', ');

/** The call screen's quality lines: this side's connection, and what the other side reported of its own. */
export function qualityLines(view: CallQualityView | null): { own: string | null; peer: string | null } {
  const own = view?.own;
  const peer = view?.peer;
  return {
    own: own
      ? own.level !== 'good' && own.reasons.length
        ? `${levelWords[own.level]}: ${why(own.reasons)}`
        : levelWords[own.level]
      : null,
    peer:
      peer && peer.level === 'poor'
        ? `They can't hear you well${peer.reasons.length ? ` (${why(peer.reasons)} on their side)` : ''}`
        : null,
  };
}
