import type { IceCandidate } from '@calling/protocol';

/** ICE candidates as SDP carries them (a=candidate lines): pure text work, no I/O. */

/**
 * A candidate by what makes it one (foundation, component, protocol, priority, address, port, type): the SDP's
 * a=candidate line and the icecandidate event's string differ in their trailing extensions (ufrag...).
 */
export const candidateKey = (candidate: string) => candidate.split(' ').slice(0, 8).join(' ');

/** The keys of the candidates an SDP carries. */
export function candidateKeysIn(sdp: string): Set<string> {
  return new Set(sdp.split(/\r?\n/).flatMap((l) => (l.startsWith('a=candidate:') ? [candidateKey(l.slice(2))] : [])));
}

/**
 * The SDP without its candidates (and end-of-candidates markers), and those candidates as addIceCandidate
 * takes them: each with its media section's mid and index.
 */
export function takeCandidates(sdp: string): { sdp: string; candidates: IceCandidate[] } {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const kept: string[] = [];
  const found: { candidate: string; section: number }[] = [];
  const mids: (string | null)[] = [];
  let section = -1;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) section += 1;
    else if (line.startsWith('a=mid:')) mids[section] = line.slice('a=mid:'.length).trim();
    if (line.startsWith('a=candidate:')) found.push({ candidate: line.slice(2), section });
    else if (!line.startsWith('a=end-of-candidates')) kept.push(line);
  }
  // A section's mid line may come after its candidates, so mids are matched once all lines are read.
  const candidates = found.map((f) => ({
    candidate: f.candidate,
    sdpMid: mids[f.section] ?? null,
    sdpMLineIndex: Math.max(0, f.section),
  }));
  return { sdp: kept.join(eol), candidates };
}
