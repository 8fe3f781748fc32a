import type { IceCandidate, SessionDescription } from '@calling/protocol';

/**
 * Relay-only calls hide each party's IP address from the other. Clients use iceTransportPolicy 'relay', but
 * the server does not trust that: it forwards only relay candidates and scrubs addresses out of relayed SDP,
 * so even a modified client learns nothing but the TURN server's address. Pure functions: no I/O.
 */
const CANDIDATE_TYPE = /\btyp\s+(host|srflx|prflx|relay)\b/i;
const RELATED = /\braddr\s+\S+\s+rport\s+\d+/i;
const HIDDEN_RELATED = 'raddr 0.0.0.0 rport 0';

export function candidateType(candidate: string): string | null {
  return CANDIDATE_TYPE.exec(candidate)?.[1]?.toLowerCase() ?? null;
}

/** A relay candidate with its related address (the client's own IP) hidden, or null to drop it. */
export function privateCandidate(c: IceCandidate | null): IceCandidate | null | 'drop' {
  if (c === null || c.candidate === '') return c; // end-of-candidates markers carry no address
  if (candidateType(c.candidate) !== 'relay') return 'drop';
  return { ...c, candidate: c.candidate.replace(RELATED, HIDDEN_RELATED) };
}

/** A batch as privateCandidate leaves it: relay candidates only, related addresses hidden, no end markers. */
export function privateCandidates(cs: IceCandidate[]): IceCandidate[] {
  return cs.flatMap((c) => {
    const kept = privateCandidate(c);
    return kept === 'drop' || kept === null ? [] : [kept];
  });
}

/** The SDP without non-relay candidates and with no client address in o=, c= or a=rtcp lines. */
export function privateSdp(desc: SessionDescription): SessionDescription {
  const eol = desc.sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = desc.sdp.split(/\r?\n/).flatMap((line) => {
    if (line.startsWith('a=candidate:')) {
      const kept = privateCandidate({ candidate: line.slice(2) });
      return kept === 'drop' || kept === null ? [] : [`a=${kept.candidate}`];
    }
    if (line.startsWith('c=IN ')) return ['c=IN IP4 0.0.0.0'];
    if (line.startsWith('a=rtcp:')) return [line.replace(/^a=rtcp:(\d+)\s.*$/, 'a=rtcp:$1 IN IP4 0.0.0.0')];
    if (line.startsWith('o=')) return [line.replace(/\sIN\s+IP[46]\s+\S+$/, ' IN IP4 127.0.0.1')];
    return [line];
  });
  return { ...desc, sdp: lines.join(eol) };
}

/** The SDP with no candidate at all: what a ringing device may tell the caller (nothing of its network). */
export function sdpWithoutCandidates(desc: SessionDescription): SessionDescription {
  const eol = desc.sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = desc.sdp
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('a=candidate:') && !l.startsWith('a=end-of-candidates'));
  return { ...desc, sdp: lines.join(eol) };
}
